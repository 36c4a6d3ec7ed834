import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { CardAttachment } from '../cards/render';
import { button, taskCard, type Fact, type TaskItem } from '../cards/taskCard';
import type { Language, TaskId } from '../src/knowledge/schema';
import type { PartnerService } from '../src/services/partner/partnerService';
import { ok, type Result, type ServiceError } from '../src/services/partner/result';
import type { Actor, DirectoryUser, VsSubscription } from '../src/services/partner/schemas';
import { formatDate, taskStrings } from '../src/i18n';
import { CardTaskDialog } from './cardTaskDialog';
import { end, stay, to, type ActingTurn, type TaskTurn, type Transition } from './taskTurn';
import { errorText } from './serviceErrors';

export const assignSubscriptionDialogId: TaskId = 'assign-visual-studio';

type State =
  | { readonly stage: 'seats' }
  | { readonly stage: 'user'; readonly subscriptionId: string; readonly query: string }
  | { readonly stage: 'confirm'; readonly subscriptionId: string; readonly userId: string; readonly requestId: string };

export const assignSubmitSchema = z.discriminatedUnion('verb', [
  z.object({ verb: z.literal('assign.seat'), subscriptionId: z.string().min(1) }),
  z.object({ verb: z.literal('assign.search'), query: z.string().trim().max(100).default('') }),
  // Typed text on the search step is a search too.
  z.object({ verb: z.literal('text'), text: z.string().trim().max(100) }),
  z.object({ verb: z.literal('assign.user'), userId: z.string().min(1) }),
  z.object({ verb: z.literal('assign.confirm') }),
]);
type AssignSubmit = z.infer<typeof assignSubmitSchema>;

interface Directory {
  readonly seats: readonly VsSubscription[];
  readonly names: ReadonlyMap<string, DirectoryUser>;
}

/** Assign Visual Studio: choose a seat → find the user → confirm. Every refusal says why. */
export class AssignSubscriptionDialog extends CardTaskDialog<State, AssignSubmit> {
  constructor(
    private readonly partner: PartnerService,
    clock: () => Date,
    logger: Logger,
  ) {
    super(assignSubscriptionDialogId, assignSubmitSchema, clock, logger);
  }

  override acceptsText(state: unknown): boolean {
    return typeof state === 'object' && state !== null && 'stage' in state && state.stage === 'user';
  }

  protected async start(turn: TaskTurn): Promise<Transition<State>> {
    if (!turn.actor) return end(this.final(turn.language, taskStrings[turn.language].notInDirectory));
    const allowed = await this.partner.authorize(turn.actor, 'assignSubscriptions');
    if (allowed.ok) return to({ stage: 'seats' });
    // Those who may not assign still see who has which seat (issue 14 §2).
    return allowed.error.code === 'Forbidden'
      ? this.readOnly(turn.language, turn.actor, allowed.error)
      : this.failed(turn.language, allowed.error);
  }

  protected async render(turn: TaskTurn, state: State, error = ''): Promise<Transition<State> | CardAttachment> {
    const s = taskStrings[turn.language];
    const { actor, language, taskId } = turn;
    if (!actor) return end(this.final(language, s.notInDirectory));
    const directory = await this.directory(actor);
    if (!directory.ok) return this.failed(language, directory.error);
    const { seats, names } = directory.value;
    const cancel = button(taskId, s.cancel, 'task.cancel');
    const back = button(taskId, s.back, 'task.back');
    if (state.stage === 'seats') {
      const items = seats.map((seat): TaskItem => ({
        title: s.editions[seat.edition],
        subtitle: '',
        facts: this.seatFacts(seat, names, language),
        buttons: [
          button(taskId, seat.assigneeUserId ? s.reassign : s.assign, 'assign.seat', { subscriptionId: seat.id }),
        ],
        links: [],
        highlight: seat.assigneeUserId === null,
      }));
      return this.stepCard(language, 1, 3, { error, text: s.seatsText, items, actions: [cancel] });
    }
    const seat = seats.find((x) => x.id === state.subscriptionId);
    if (!seat) return end(this.final(language, s.staleCard));
    if (state.stage === 'user') {
      const found = state.query ? await this.partner.findUsers(actor, state.query) : undefined;
      if (found && !found.ok) return this.failed(language, found.error);
      const holders = new Set(seats.flatMap((x) => (x.assigneeUserId ? [x.assigneeUserId] : [])));
      // A second seat for the same person is allowed; only this seat's own holder cannot be chosen.
      const items = (found?.value ?? []).map((u): TaskItem => {
        const thisSeat = u.id === seat.assigneeUserId;
        const note = thisSeat ? s.hasThisSeat : holders.has(u.id) ? s.hasOne : '';
        return {
          title: u.displayName,
          subtitle: note ? `${u.email} · ${note}` : u.email,
          facts: [],
          buttons: thisSeat ? [] : [button(taskId, s.choose, 'assign.user', { userId: u.id }, { style: 'positive' })],
          links: [],
          highlight: false,
        };
      });
      const noMatch = found && items.length === 0 ? s.noMatch(state.query) : '';
      return this.stepCard(language, 2, 3, {
        error: error || noMatch,
        facts: this.seatFacts(seat, names, language),
        text: items.length ? s.matches : '',
        items,
        inputs: [
          {
            kind: 'text',
            id: 'query',
            label: s.searchLabel,
            errorMessage: s.searchRequired,
            value: state.query,
            placeholder: s.searchPlaceholder,
            style: 'text',
          },
        ],
        actions: [button(taskId, s.search, 'assign.search', {}, { inputs: true }), back, cancel],
      });
    }
    const user = await this.lookup(actor, state.userId);
    if (!user) return stay(s.userGone);
    const edition = s.editions[seat.edition];
    const holder = seat.assigneeUserId
      ? (names.get(seat.assigneeUserId)?.displayName ?? seat.assigneeUserId)
      : undefined;
    const held = [
      ...new Set(
        seats.filter((x) => x.id !== seat.id && x.assigneeUserId === user.id).map((x) => s.editions[x.edition]),
      ),
    ];
    const question = holder
      ? s.confirmReassign(edition, holder, user.displayName)
      : s.confirmAssign(edition, user.displayName);
    return this.stepCard(language, 3, 3, {
      error,
      text: held.length ? `${question} ${s.anotherSeat(user.displayName, held)}` : question,
      facts: [{ title: user.displayName, value: user.email }],
      actions: [button(taskId, s.confirm, 'assign.confirm', {}, { style: 'positive' }), back, cancel],
    });
  }

  protected async act(turn: ActingTurn, state: State, input: AssignSubmit): Promise<Transition<State>> {
    const s = taskStrings[turn.language];
    switch (input.verb) {
      case 'assign.seat': {
        const seats = await this.partner.listSubscriptions(turn.actor);
        if (!seats.ok) return stay(errorText(seats.error, turn.language));
        const seat = seats.value.find((x) => x.id === input.subscriptionId);
        if (!seat) return stay(s.staleCard);
        // Say it now rather than after the user searched for someone.
        if (seat.assigneeUserId && seat.reassignableFrom && seat.reassignableFrom > turn.today) {
          return stay(s.tooSoon(formatDate(seat.reassignableFrom, turn.language)));
        }
        return to({ stage: 'user', subscriptionId: seat.id, query: '' });
      }
      case 'assign.search':
      case 'text': {
        if (state.stage !== 'user') return stay(s.staleCard);
        const query = input.verb === 'text' ? input.text : input.query;
        if (!query) return stay(s.searchRequired);
        return stay('', { ...state, query });
      }
      case 'assign.user':
        if (state.stage !== 'user') return stay(s.staleCard);
        return to({
          stage: 'confirm',
          subscriptionId: state.subscriptionId,
          userId: input.userId,
          requestId: randomUUID(),
        });
      case 'assign.confirm': {
        if (state.stage !== 'confirm') return stay(s.staleCard);
        const result = await this.partner.assignSubscription(turn.actor, {
          requestId: state.requestId,
          subscriptionId: state.subscriptionId,
          assigneeUserId: state.userId,
        });
        if (!result.ok) {
          const name = (await this.lookup(turn.actor, state.userId))?.displayName ?? s.thisUser;
          const text =
            result.error.code === 'AlreadyAssignedToUser'
              ? s.alreadyAssigned(name)
              : errorText(result.error, turn.language);
          return result.error.code === 'Unavailable' ? stay(text) : end(this.final(turn.language, text));
        }
        const user = await this.lookup(turn.actor, state.userId);
        return end(
          this.final(
            turn.language,
            '',
            s.assigned(s.editions[result.value.edition], user?.displayName ?? state.userId),
          ),
        );
      }
    }
  }

  /** The seats with no buttons, and who can make changes: for directory members who may not assign. */
  private async readOnly(
    language: Language,
    actor: Actor,
    refusal: Extract<ServiceError, { code: 'Forbidden' }>,
  ): Promise<Transition<State>> {
    const s = taskStrings[language];
    const directory = await this.directory(actor);
    if (!directory.ok) return this.failed(language, directory.error);
    const { seats, names } = directory.value;
    const note = s.seatsReadOnly(
      refusal.requiredRoles.map((r) => s.roles[r]),
      refusal.globalAdmins.map((a) => `${a.displayName} (${a.email})`),
    );
    const items = seats.map((seat): TaskItem => ({
      title: s.editions[seat.edition],
      subtitle: '',
      facts: this.seatFacts(seat, names, language),
      buttons: [],
      links: [],
      highlight: false,
    }));
    return end(taskCard({ title: s.seatsTitle, text: note, items }));
  }

  private async directory(actor: Actor): Promise<Result<Directory>> {
    const seats = await this.partner.listSubscriptions(actor);
    if (!seats.ok) return seats;
    const ids = [...new Set(seats.value.flatMap((x) => (x.assigneeUserId ? [x.assigneeUserId] : [])))];
    const users = await this.partner.getUsers(actor, ids);
    if (!users.ok) return users;
    return ok({ seats: seats.value, names: new Map(users.value.map((u) => [u.id, u])) });
  }

  private async lookup(actor: Actor, userId: string): Promise<DirectoryUser | undefined> {
    const users = await this.partner.getUsers(actor, [userId]);
    return users.ok ? users.value[0] : undefined;
  }

  private seatFacts(seat: VsSubscription, names: ReadonlyMap<string, DirectoryUser>, language: Language): Fact[] {
    const s = taskStrings[language];
    if (!seat.assigneeUserId) return [{ title: s.assignee, value: s.free }];
    const facts: Fact[] = [
      { title: s.assignee, value: names.get(seat.assigneeUserId)?.displayName ?? seat.assigneeUserId },
    ];
    if (seat.assignedOn) facts.push({ title: s.assignedOn, value: formatDate(seat.assignedOn, language) });
    if (seat.reassignableFrom)
      facts.push({ title: s.reassignableFrom, value: formatDate(seat.reassignableFrom, language) });
    return facts;
  }
}
