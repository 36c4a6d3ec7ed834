import { ActivityTypes, INVOKE_RESPONSE_KEY, type TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import { cardData, taskEnvelopeSchema } from '../../dialogs/taskAction';
import { localeLanguage } from '../knowledge/language';
import { taskStrings } from '../i18n';
import { StateConflictError, type DbStorage } from './dbStorage';

export interface TurnGuardDeps {
  readonly storage: DbStorage;
  /** The conversation state's storage key for a turn (ConversationState.getStorageKey). */
  readonly stateKey: (context: TurnContext) => string | undefined;
  /** How long dialog state lasts unused (DIALOG_STATE_TTL_HOURS), for the expired-task message. */
  readonly ttlHours: number;
  readonly logger: Logger;
}

/**
 * Runs one turn of the bot and tells the user what dialog state alone cannot: that the task a pressed
 * card belonged to had expired (the dialog then shows its usual stale card), or that this turn lost a
 * race with another turn of the same conversation, so its state was not saved.
 */
export async function runGuardedTurn(
  context: TurnContext,
  turn: () => Promise<void>,
  deps: TurnGuardDeps,
): Promise<void> {
  const key = deps.stateKey(context);
  // Only task clicks ask: one small query, and only they have a card to explain.
  const expired =
    key !== undefined &&
    taskEnvelopeSchema.safeParse(cardData(context)).success &&
    (await deps.storage.hasExpired(key));
  const s = taskStrings[localeLanguage(context.activity.locale)];
  try {
    await turn();
  } catch (error) {
    if (!(error instanceof StateConflictError)) throw error;
    deps.logger.warn(
      { conversation: context.activity.conversation?.id, activity: context.activity.type },
      'turn collided with another turn; its state was not saved',
    );
    if (context.activity.type === (ActivityTypes.Invoke as string) && context.activity.name === 'adaptiveCard/action') {
      // A message instead of this turn's card: the card keeps showing the turn that won.
      const body = { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: s.collided };
      context.turnState.set(INVOKE_RESPONSE_KEY, { type: ActivityTypes.InvokeResponse, value: { status: 200, body } });
    } else {
      await context.sendActivity(s.collided);
    }
    return;
  }
  if (expired) await context.sendActivity(s.taskExpired(deps.ttlHours));
}
