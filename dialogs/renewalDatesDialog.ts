import type { Logger } from 'pino';
import { z } from 'zod';
import type { CardAttachment } from '../cards/render';
import { button, taskCard, type Fact, type TaskItem } from '../cards/taskCard';
import type { Language, TaskId } from '../src/knowledge/schema';
import type { PartnerService } from '../src/services/partner/partnerService';
import type { RenewalFacts } from '../src/services/partner/schemas';
import type { ReminderStore } from '../src/services/reminders/reminderStore';
import type { CalendarLinks } from '../src/services/renewal/calendarLinks';
import { formatDate, taskStrings, locales } from '../src/i18n';
import { CardTaskDialog } from './cardTaskDialog';
import { end, stay, to, type ActingTurn, type TaskTurn, type Transition } from './taskTurn';
import { errorText } from './serviceErrors';

export const renewalDatesDialogId: TaskId = 'renewal-dates';

/** `switchedOn`: offers whose reminders this task turned on (and that are still on), for what a cancel says. */
type State = { readonly stage: 'overview'; readonly notice: string; readonly switchedOn: readonly string[] };

export const renewalSubmitSchema = z.discriminatedUnion('verb', [
  z.object({ verb: z.literal('renewal.remind'), offerId: z.string().min(1), on: z.boolean() }),
  z.object({ verb: z.literal('renewal.close') }),
]);
type RenewalSubmit = z.infer<typeof renewalSubmitSchema>;

export interface RenewalDatesDeps {
  readonly partner: PartnerService;
  readonly reminders: ReminderStore;
  readonly calendar: CalendarLinks;
  readonly clock: () => Date;
  readonly logger: Logger;
}

/** Renewal dates per offer, the window as an .ics file, and opt-in reminders before it opens. Any directory member. */
export class RenewalDatesDialog extends CardTaskDialog<State, RenewalSubmit> {
  constructor(private readonly deps: RenewalDatesDeps) {
    super(renewalDatesDialogId, renewalSubmitSchema, deps.clock, deps.logger);
  }

  protected async start(turn: TaskTurn): Promise<Transition<State>> {
    return (await this.refusal(turn, this.deps.partner)) ?? to({ stage: 'overview', notice: '', switchedOn: [] });
  }

  protected async render(turn: TaskTurn, state: State, error = ''): Promise<Transition<State> | CardAttachment> {
    return this.overview(turn, state.notice, error, true);
  }

  protected async act(turn: ActingTurn, state: State, action: RenewalSubmit): Promise<Transition<State>> {
    const s = taskStrings[turn.language];
    if (action.verb === 'renewal.close') {
      const card = await this.overview(turn, '', '', false);
      return 'kind' in card ? card : end(card);
    }
    const { offerId, on } = action;
    const renewals = await this.deps.partner.renewals(turn.actor, turn.today);
    if (!renewals.ok) return stay(errorText(renewals.error, turn.language));
    const offer = renewals.value.find((r) => r.offerId === offerId);
    if (!offer) return stay(s.staleCard);
    const { tenantId, aadObjectId } = turn.actor;
    if (on) await this.deps.reminders.optIn(tenantId, aadObjectId, offerId, locales[turn.language].intl);
    else await this.deps.reminders.optOut(tenantId, aadObjectId, offerId);
    this.deps.logger.info({ offer: offerId, on }, 'renewal reminders changed');
    const switchedOn = on
      ? [...new Set([...state.switchedOn, offer.offerName])]
      : state.switchedOn.filter((name) => name !== offer.offerName);
    return stay('', {
      ...state,
      switchedOn,
      notice: on ? s.remindersOnFor(offer.offerName) : s.remindersOffFor(offer.offerName),
    });
  }

  /** Reminders take effect when switched on, so a cancel does not undo them: the card says they stay on. */
  override cancelledText(language: Language, state: State | undefined): string {
    const switchedOn = state?.switchedOn ?? [];
    return switchedOn.length > 0
      ? taskStrings[language].remindersStay(switchedOn)
      : super.cancelledText(language, state);
  }

  /** The overview card; `live` keeps its buttons, a closed one keeps only the calendar links. */
  private async overview(
    turn: TaskTurn,
    notice: string,
    error: string,
    live: boolean,
  ): Promise<Transition<State> | CardAttachment> {
    const s = taskStrings[turn.language];
    const { actor, language, taskId } = turn;
    if (!actor) return end(this.final(language, s.notInDirectory));
    const renewals = await this.deps.partner.renewals(actor, turn.today);
    if (!renewals.ok) return this.failed(language, renewals.error);
    const optedIn = new Set(
      (await this.deps.reminders.listForUser(actor.tenantId, actor.aadObjectId)).map((o) => o.offerId),
    );
    const items = await Promise.all(
      renewals.value.map(async (r): Promise<TaskItem> => {
        const url = await this.deps.calendar.urlFor({ ...actor, offerId: r.offerId, language });
        const on = optedIn.has(r.offerId);
        const remind = on
          ? button(taskId, s.stopReminders, 'renewal.remind', { offerId: r.offerId, on: false })
          : button(taskId, s.remindMe, 'renewal.remind', { offerId: r.offerId, on: true }, { style: 'positive' });
        return {
          title: r.offerName,
          subtitle: `${s.renewalStatus[r.status]} · ${this.countdown(r, language)}${on ? ` · 🔔` : ''}`,
          facts: this.facts(r, language),
          buttons: live && r.status === 'NotYetOpen' ? [remind] : [],
          links: [{ title: s.addToCalendar, url }],
          highlight: r.status !== 'NotYetOpen',
        };
      }),
    );
    return taskCard({
      title: s.taskTitles[this.id] ?? '',
      text: s.renewalText,
      notice,
      error,
      items,
      actions: live ? [button(taskId, s.close, 'renewal.close')] : [],
    });
  }

  private countdown(r: RenewalFacts, language: Language): string {
    const s = taskStrings[language];
    if (r.daysUntilWindowStart > 0) return s.opensIn(r.daysUntilWindowStart);
    if (r.daysUntilWindowEnd >= 0) return s.closesIn(r.daysUntilWindowEnd);
    return `${s.closedAgo(-r.daysUntilWindowEnd)}. ${s.lapsedText}`;
  }

  private facts(r: RenewalFacts, language: Language): Fact[] {
    const s = taskStrings[language];
    const d = (iso: string): string => formatDate(iso, language);
    return [
      { title: s.anniversary, value: d(r.anniversary) },
      { title: s.window, value: s.windowRange(d(r.windowStart), d(r.windowEnd)) },
      { title: s.benefitExpiry, value: d(r.benefitExpiry) },
      { title: s.vsEnd, value: d(r.visualStudioEnd) },
    ];
  }
}
