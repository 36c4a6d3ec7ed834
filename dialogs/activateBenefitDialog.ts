import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { CardAttachment } from '../cards/render';
import { button, taskCard, type Fact, type TaskItem } from '../cards/taskCard';
import type { Language, TaskId } from '../src/knowledge/schema';
import type { PartnerService } from '../src/services/partner/partnerService';
import { ok, type Result, type ServiceError } from '../src/services/partner/result';
import type { Actor, Entitlement, TechnicalBenefit } from '../src/services/partner/schemas';
import { formatDateTime, taskStrings } from '../src/i18n';
import { CardTaskDialog } from './cardTaskDialog';
import { end, stay, to, type ActingTurn, type TaskTurn, type Transition } from './taskTurn';
import { errorText } from './serviceErrors';

export const activateBenefitDialogId: TaskId = 'activate-technical-benefit';

type State =
  | { readonly stage: 'list' }
  /** contactUserId and alternateEmail are asked only for partner advisory hours (empty otherwise). */
  | {
      readonly stage: 'confirm';
      readonly benefitId: string;
      readonly contactUserId: string;
      readonly alternateEmail: string;
      readonly requestId: string;
    };

/** What each card of this task submits (besides verb and taskId, checked by the base dialog). */
export const activateSubmitSchema = z.discriminatedUnion('verb', [
  z.object({ verb: z.literal('activate.choose'), benefitId: z.string().min(1) }),
  z.object({
    verb: z.literal('activate.confirm'),
    contactUserId: z.string().trim().default(''),
    alternateEmail: z.string().trim().default(''),
  }),
]);
type ActivateSubmit = z.infer<typeof activateSubmitSchema>;

const simpleEmail = z.email();

/** Only the 2018 request form (001) asks for a contact and an alternate e-mail, and it survives for advisory hours. */
const needsContact = (benefit: TechnicalBenefit): boolean => benefit.kind === 'AdvisoryHours';

export function entitlementText(entitlement: Entitlement, language: Language): string {
  const s = taskStrings[language];
  return entitlement.kind === 'incidents'
    ? s.incidents(entitlement.count)
    : entitlement.kind === 'unlimited'
      ? s.unlimited
      : s.onRequest;
}

/** The benefits with what a row shows: its offer's name and a title that tells same-kind rows apart. */
interface Listing {
  readonly benefits: readonly TechnicalBenefit[];
  readonly offerNames: ReadonlyMap<string, string>;
  readonly accountEmail: string;
}

/** Activate a technical benefit (000, 004): choose it → confirm with Activate → Pending. */
export class ActivateBenefitDialog extends CardTaskDialog<State, ActivateSubmit> {
  constructor(
    private readonly partner: PartnerService,
    clock: () => Date,
    logger: Logger,
  ) {
    super(activateBenefitDialogId, activateSubmitSchema, clock, logger);
  }

  protected async start(turn: TaskTurn): Promise<Transition<State>> {
    if (!turn.actor) return end(this.final(turn.language, taskStrings[turn.language].notInDirectory));
    const allowed = await this.partner.authorize(turn.actor, 'activateBenefits');
    if (allowed.ok) return to({ stage: 'list' });
    // Those who may not activate still see the benefits and their status (issue 14 §1, §2).
    return allowed.error.code === 'Forbidden'
      ? this.readOnly(turn.language, turn.actor, allowed.error)
      : this.failed(turn.language, allowed.error);
  }

  protected async render(turn: TaskTurn, state: State, error = ''): Promise<Transition<State> | CardAttachment> {
    const s = taskStrings[turn.language];
    const { actor, language, taskId } = turn;
    if (!actor) return end(this.final(language, s.notInDirectory));
    const listing = await this.listing(actor);
    if (!listing.ok) return this.failed(language, listing.error);
    const { benefits } = listing.value;
    const cancel = button(taskId, s.cancel, 'task.cancel');
    if (state.stage === 'list') {
      const items = benefits.map((b): TaskItem => ({
        ...this.row(b, listing.value, language),
        buttons:
          b.status === 'NotActivated'
            ? [button(taskId, s.choose, 'activate.choose', { benefitId: b.id }, { style: 'positive' })]
            : [],
      }));
      const anything = benefits.some((b) => b.status === 'NotActivated');
      return this.stepCard(language, 1, 2, {
        error,
        text: anything ? s.chooseBenefit : s.nothingToActivate,
        items,
        actions: [cancel],
      });
    }
    const benefit = benefits.find((b) => b.id === state.benefitId);
    if (!benefit) return end(this.final(language, s.staleCard));
    const contact = needsContact(benefit);
    const users = contact ? await this.partner.findUsers(actor, '') : ok([]);
    if (!users.ok) return this.failed(language, users.error);
    return this.stepCard(language, 2, 2, {
      error,
      text:
        `**${this.title(benefit, listing.value, language)}**\n\n${s.confirmActivate}` +
        (contact ? `\n\n${s.advisoryText}` : ''),
      facts: this.facts(benefit, listing.value, language),
      inputs: contact
        ? [
            {
              kind: 'choice',
              id: 'contactUserId',
              label: s.contact,
              errorMessage: s.contactRequired,
              value: state.contactUserId,
              placeholder: s.contactPlaceholder,
              choices: users.value.map((u) => ({ title: `${u.displayName} (${u.email})`, value: u.id })),
            },
            {
              kind: 'text',
              id: 'alternateEmail',
              label: s.alternateEmail,
              errorMessage: s.emailInvalid,
              value: state.alternateEmail,
              placeholder: s.emailPlaceholder,
              style: 'email',
            },
          ]
        : [],
      actions: [
        button(taskId, s.activate, 'activate.confirm', {}, { style: 'positive', inputs: contact }),
        button(taskId, s.back, 'task.back'),
        cancel,
      ],
    });
  }

  protected async act(turn: ActingTurn, state: State, input: ActivateSubmit): Promise<Transition<State>> {
    const s = taskStrings[turn.language];
    if (input.verb === 'activate.choose') {
      return to({
        stage: 'confirm',
        benefitId: input.benefitId,
        contactUserId: '',
        alternateEmail: '',
        requestId: randomUUID(),
      });
    }
    if (state.stage !== 'confirm') return stay(s.staleCard);
    const listing = await this.listing(turn.actor);
    if (!listing.ok)
      return listing.error.code === 'Unavailable'
        ? stay(errorText(listing.error, turn.language))
        : this.failed(turn.language, listing.error);
    const benefit = listing.value.benefits.find((b) => b.id === state.benefitId);
    if (!benefit) return end(this.final(turn.language, s.staleCard));
    const contact = needsContact(benefit);
    // What was typed stays on the card when it is refused.
    const typed = contact
      ? { ...state, contactUserId: input.contactUserId, alternateEmail: input.alternateEmail }
      : state;
    const problem = contact
      ? await this.checkDetails(turn, typed.contactUserId, typed.alternateEmail, listing.value.accountEmail)
      : undefined;
    if (problem) return stay(problem, typed);
    const result = await this.partner.activateTechnicalBenefit(turn.actor, {
      requestId: state.requestId,
      benefitId: state.benefitId,
      contactUserId: contact ? typed.contactUserId : null,
      alternateEmail: contact ? typed.alternateEmail : null,
    });
    if (!result.ok) {
      if (result.error.code === 'Invalid' || result.error.code === 'Unavailable')
        return stay(errorText(result.error, turn.language), typed);
      return this.failed(turn.language, result.error);
    }
    return end(this.done(turn.language, result.value, listing.value));
  }

  /** The checks the service makes too, done here so the message appears on the card that has the inputs. */
  private async checkDetails(
    turn: ActingTurn,
    contactUserId: string,
    alternateEmail: string,
    accountEmail: string,
  ): Promise<string | undefined> {
    const s = taskStrings[turn.language];
    if (!contactUserId) return s.contactRequired;
    if (!simpleEmail.safeParse(alternateEmail).success) return s.emailInvalid;
    // 001: the alternate address must differ from the company's dashboard account e-mail, not the contact's.
    if (alternateEmail.toLowerCase() === accountEmail.toLowerCase()) return s.emailSameAsAccount;
    const users = await this.partner.getUsers(turn.actor, [contactUserId]);
    if (!users.ok) return errorText(users.error, turn.language);
    return users.value[0] ? undefined : s.userGone;
  }

  /** The list with no buttons, and who can make changes: for directory members who may not activate. */
  private async readOnly(
    language: Language,
    actor: Actor,
    refusal: Extract<ServiceError, { code: 'Forbidden' }>,
  ): Promise<Transition<State>> {
    const s = taskStrings[language];
    const listing = await this.listing(actor);
    if (!listing.ok) return this.failed(language, listing.error);
    const note = s.benefitsReadOnly(
      refusal.requiredRoles.map((r) => s.roles[r]),
      refusal.globalAdmins.map((a) => `${a.displayName} (${a.email})`),
    );
    const items = listing.value.benefits.map((b): TaskItem => ({
      ...this.row(b, listing.value, language, false),
      buttons: [],
    }));
    return end(taskCard({ title: s.benefitsTitle, text: note, items }));
  }

  private async listing(actor: Actor): Promise<Result<Listing>> {
    const [benefits, snapshot] = await Promise.all([
      this.partner.listTechnicalBenefits(actor),
      this.partner.snapshot(actor),
    ]);
    if (!benefits.ok) return benefits;
    if (!snapshot.ok) return snapshot;
    return ok({
      benefits: benefits.value,
      offerNames: new Map(snapshot.value.offers.map((o) => [o.id, o.name])),
      accountEmail: snapshot.value.organization.accountEmail,
    });
  }

  /** "Microsoft product support (on-premises) — Gold Cloud Platform" when another offer has the same kind. */
  private title(benefit: TechnicalBenefit, listing: Listing, language: Language): string {
    const s = taskStrings[language];
    const kind = s.benefitKinds[benefit.kind];
    const twins = listing.benefits.filter((b) => b.kind === benefit.kind).length > 1;
    return twins ? s.benefitRow(kind, listing.offerNames.get(benefit.offerId) ?? benefit.offerId) : kind;
  }

  private row(benefit: TechnicalBenefit, listing: Listing, language: Language, ids = true): Omit<TaskItem, 'buttons'> {
    return {
      title: this.title(benefit, listing, language),
      subtitle: '',
      facts: this.facts(benefit, listing, language, ids),
      links: [],
      highlight: false,
    };
  }

  /** Entitlement, status, offer, expected time; the support IDs when the service gave them (admins only). */
  private facts(benefit: TechnicalBenefit, listing: Listing, language: Language, ids = true): Fact[] {
    const s = taskStrings[language];
    const facts: Fact[] = [
      { title: s.entitlement, value: entitlementText(benefit.entitlement, language) },
      { title: s.status, value: s.benefitStatus[benefit.status] },
      { title: s.offer, value: listing.offerNames.get(benefit.offerId) ?? benefit.offerId },
    ];
    if (benefit.status === 'Pending' && benefit.expectedActiveAt)
      facts.push({ title: s.expected, value: formatDateTime(benefit.expectedActiveAt, language) });
    if (ids && benefit.accessId) facts.push({ title: s.accessId, value: benefit.accessId });
    if (ids && benefit.contractId) facts.push({ title: s.contractId, value: benefit.contractId });
    return facts;
  }

  private done(language: Language, benefit: TechnicalBenefit, listing: Listing): CardAttachment {
    const s = taskStrings[language];
    const expected = benefit.expectedActiveAt ? formatDateTime(benefit.expectedActiveAt, language) : '';
    const title = this.title(benefit, listing, language);
    return taskCard({
      title: s.taskTitles[this.id] ?? '',
      notice: benefit.status === 'Active' ? s.activeText(title) : s.pending(expected),
      facts: [{ title, value: s.benefitStatus[benefit.status] }, ...this.facts(benefit, listing, language).slice(2)],
    });
  }
}
