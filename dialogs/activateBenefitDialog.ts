import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { CardAttachment } from '../cards/render';
import { button, taskCard, type Fact, type TaskItem } from '../cards/taskCard';
import type { Language, TaskId } from '../src/knowledge/schema';
import type { PartnerService } from '../src/services/partner/partnerService';
import type { DirectoryUser, Entitlement, TechnicalBenefit } from '../src/services/partner/schemas';
import { formatDateTime, taskStrings } from '../src/taskStrings';
import { CardTaskDialog, end, stay, to, type ActingTurn, type TaskTurn, type Transition } from './cardTaskDialog';
import { errorText } from './serviceErrors';

export const activateBenefitDialogId: TaskId = 'activate-technical-benefit';

type State =
  | { readonly stage: 'list' }
  | { readonly stage: 'details'; readonly benefitId: string; readonly contactUserId: string; readonly alternateEmail: string }
  | { readonly stage: 'confirm'; readonly benefitId: string; readonly contactUserId: string; readonly alternateEmail: string; readonly requestId: string };

/** What each card of this task submits (besides verb and taskId, checked by the base dialog). */
export const activateSubmitSchema = z.discriminatedUnion('verb', [
  z.object({ verb: z.literal('activate.choose'), benefitId: z.string().min(1) }),
  z.object({ verb: z.literal('activate.details'), contactUserId: z.string().trim().default(''), alternateEmail: z.string().trim().default('') }),
  z.object({ verb: z.literal('activate.confirm') }),
]);
type ActivateSubmit = z.infer<typeof activateSubmitSchema>;

const simpleEmail = z.email();

export function entitlementText(entitlement: Entitlement, language: Language): string {
  const s = taskStrings[language];
  return entitlement.kind === 'incidents' ? s.incidents(entitlement.count) : entitlement.kind === 'unlimited' ? s.unlimited : s.onRequest;
}

/** Activate a technical benefit: choose it → contact and alternate e-mail → confirm → Pending. */
export class ActivateBenefitDialog extends CardTaskDialog<State, ActivateSubmit> {
  constructor(
    private readonly partner: PartnerService,
    clock: () => Date,
    logger: Logger,
  ) {
    super(activateBenefitDialogId, activateSubmitSchema, clock, logger);
  }

  protected async start(turn: TaskTurn): Promise<Transition<State>> {
    return (await this.refusal(turn, this.partner, 'activateBenefits')) ?? to({ stage: 'list' });
  }

  protected async render(turn: TaskTurn, state: State, error = ''): Promise<Transition<State> | CardAttachment> {
    const s = taskStrings[turn.language];
    const { actor, language, taskId } = turn;
    if (!actor) return end(this.final(language, s.notInDirectory));
    const benefits = await this.partner.listTechnicalBenefits(actor);
    if (!benefits.ok) return this.failed(language, benefits.error);
    const cancel = button(taskId, s.cancel, 'task.cancel');
    const back = button(taskId, s.back, 'task.back');
    if (state.stage === 'list') {
      const items = benefits.value.map((b): TaskItem => ({
        title: s.benefitKinds[b.kind],
        subtitle: '',
        facts: this.benefitFacts(b, language),
        buttons: b.status === 'NotActivated' ? [button(taskId, s.activate, 'activate.choose', { benefitId: b.id }, { style: 'positive' })] : [],
        links: [],
        highlight: false,
      }));
      const anything = benefits.value.some((b) => b.status === 'NotActivated');
      return this.stepCard(language, 1, 3, { error, text: anything ? s.chooseBenefit : s.nothingToActivate, items, actions: [cancel] });
    }
    const benefit = benefits.value.find((b) => b.id === state.benefitId);
    if (!benefit) return end(this.final(language, s.staleCard));
    const users = await this.partner.findUsers(actor, '');
    if (!users.ok) return this.failed(language, users.error);
    const facts = this.benefitFacts(benefit, language);
    if (state.stage === 'details') {
      return this.stepCard(language, 2, 3, {
        error,
        text: `**${s.benefitKinds[benefit.kind]}**\n\n${s.detailsText}`,
        facts,
        inputs: [
          {
            kind: 'choice',
            id: 'contactUserId',
            label: s.contact,
            errorMessage: s.contactRequired,
            value: state.contactUserId,
            placeholder: s.contactPlaceholder,
            choices: users.value.map((u) => ({ title: `${u.displayName} (${u.email})`, value: u.id })),
          },
          { kind: 'text', id: 'alternateEmail', label: s.alternateEmail, errorMessage: s.emailInvalid, value: state.alternateEmail, placeholder: s.emailPlaceholder, style: 'email' },
        ],
        actions: [button(taskId, s.next, 'activate.details', {}, { style: 'positive', inputs: true }), back, cancel],
      });
    }
    const contact = users.value.find((u) => u.id === state.contactUserId);
    return this.stepCard(language, 3, 3, {
      error,
      text: s.confirmActivate,
      facts: [
        { title: s.benefitKinds[benefit.kind], value: entitlementText(benefit.entitlement, language) },
        { title: s.contact, value: contact ? `${contact.displayName} (${contact.email})` : state.contactUserId },
        { title: s.alternateEmail, value: state.alternateEmail },
      ],
      actions: [button(taskId, s.confirm, 'activate.confirm', {}, { style: 'positive' }), back, cancel],
    });
  }

  protected async act(turn: ActingTurn, state: State, input: ActivateSubmit): Promise<Transition<State>> {
    const s = taskStrings[turn.language];
    if (input.verb === 'activate.choose') {
      return to({ stage: 'details', benefitId: input.benefitId, contactUserId: '', alternateEmail: '' });
    }
    if (input.verb === 'activate.details' && state.stage === 'details') {
      const next = { ...state, contactUserId: input.contactUserId, alternateEmail: input.alternateEmail };
      const problem = await this.checkDetails(turn, next.contactUserId, next.alternateEmail);
      // Keep what was typed on the card when it is refused.
      if (problem) return stay(problem, next);
      // Back from the confirmation shows the details as they were confirmed.
      return to<State>({ stage: 'confirm', benefitId: state.benefitId, contactUserId: next.contactUserId, alternateEmail: next.alternateEmail, requestId: randomUUID() }, next);
    }
    if (input.verb === 'activate.confirm' && state.stage === 'confirm') {
      const result = await this.partner.activateTechnicalBenefit(turn.actor, {
        requestId: state.requestId,
        benefitId: state.benefitId,
        contactUserId: state.contactUserId,
        alternateEmail: state.alternateEmail,
      });
      if (!result.ok) {
        if (result.error.code === 'Invalid' || result.error.code === 'Unavailable') return stay(errorText(result.error, turn.language));
        return this.failed(turn.language, result.error);
      }
      this.logger.info({ benefit: result.value.id, status: result.value.status }, 'technical benefit activation requested');
      return end(this.done(turn.language, result.value));
    }
    return stay(s.staleCard);
  }

  /** The checks the service makes too, done here so the message appears on the card that has the inputs. */
  private async checkDetails(turn: TaskTurn, contactUserId: string, alternateEmail: string): Promise<string | undefined> {
    const s = taskStrings[turn.language];
    if (!contactUserId) return s.contactRequired;
    if (!simpleEmail.safeParse(alternateEmail).success) return s.emailInvalid;
    if (!turn.actor) return s.notInDirectory;
    const users = await this.partner.getUsers(turn.actor, [contactUserId]);
    if (!users.ok) return errorText(users.error, turn.language);
    const contact: DirectoryUser | undefined = users.value[0];
    if (!contact) return s.userGone;
    if (contact.email.toLowerCase() === alternateEmail.toLowerCase()) return s.emailSameAsAccount;
    return undefined;
  }

  private benefitFacts(benefit: TechnicalBenefit, language: Language): Fact[] {
    const s = taskStrings[language];
    const facts: Fact[] = [
      { title: s.entitlement, value: entitlementText(benefit.entitlement, language) },
      { title: s.status, value: s.benefitStatus[benefit.status] },
    ];
    if (benefit.status === 'Pending' && benefit.expectedActiveAt) facts.push({ title: s.expected, value: formatDateTime(benefit.expectedActiveAt, language) });
    if (benefit.accessId) facts.push({ title: s.accessId, value: benefit.accessId });
    if (benefit.contractId) facts.push({ title: s.contractId, value: benefit.contractId });
    return facts;
  }



  private done(language: Language, benefit: TechnicalBenefit): CardAttachment {
    const s = taskStrings[language];
    const expected = benefit.expectedActiveAt ? formatDateTime(benefit.expectedActiveAt, language) : '';
    return taskCard({
      title: s.taskTitles[this.id] ?? '',
      notice: benefit.status === 'Active' ? s.activeText(s.benefitKinds[benefit.kind]) : s.pending(expected),
      facts: [{ title: s.benefitKinds[benefit.kind], value: s.benefitStatus[benefit.status] }, ...this.benefitFacts(benefit, language).slice(2)],
    });
  }
}
