import {
  ActivityTypes,
  MessageFactory,
  TeamsActivityHandler,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type InvokeResponse,
  type MessagingExtensionQuery,
  type MessagingExtensionResponse,
  type TurnContext,
} from 'botbuilder';
import type { Logger } from 'pino';
import { z } from 'zod';
import { welcomeCard } from '../../cards/welcomeCard';
import type { MainDialog } from '../../dialogs/mainDialog';
import { localeLanguage } from '../knowledge/language';
import type { DialogStateStore } from '../../dialogs/dialogState';
import { isGroupConversation, mentionOf, mentionsBot, textWithoutBotMention } from '../../dialogs/conversationScope';
import { takeInvokeCard, takeInvokeNotice } from '../../dialogs/presenter';
import { strings } from '../i18n';
import type { ComposeSearch } from './composeSearch';
import type { ProactiveMessenger } from './proactive';

export interface TeamsBotDeps {
  readonly dialogState: DialogStateStore;
  readonly dialog: MainDialog;
  readonly messenger: ProactiveMessenger;
  readonly composeSearch: ComposeSearch;
  readonly logger: Logger;
}

/** A card's Action.Submit button: a message with the button's data and no text, never a mention. */
const isCardSubmit = (context: TurnContext): boolean => {
  const value: unknown = context.activity.value;
  return !context.activity.text?.trim() && value !== undefined && value !== null;
};

/**
 * An Action.Execute press as Teams sends it (our cards always set a verb and an object of data). The SDK reads
 * value.action.type unguarded: a string value or one without an action failed the turn (501, an apology, the
 * open task dropped), and a wrong verb or data was answered as a stale button.
 */
const executeValueSchema = z.object({
  action: z.object({
    type: z.literal('Action.Execute'),
    verb: z.string().min(1),
    data: z.record(z.string(), z.unknown()).optional(),
  }),
});

/** Teams' error body for an invoke (the SDK's own shape for adaptiveCard/action), with a one-line reason. */
const badInvoke = (message: string): InvokeResponse => ({
  status: 400,
  body: { statusCode: 400, type: 'application/vnd.microsoft.error', value: { code: 'BadRequest', message } },
});

/** Teams entry points: welcome on install, every message through the main dialog, compose-box search. */
export class TeamsBot extends TeamsActivityHandler {
  constructor(private readonly deps: TeamsBotDeps) {
    super();

    // Members joining later are not the bot: only the bot's own arrival is welcomed, once per install.
    this.onMembersAdded(async (context, next) => {
      const botAdded = (context.activity.membersAdded ?? []).some((m) => m.id === context.activity.recipient.id);
      if (botAdded && (await deps.dialogState.firstInstall(context))) await this.welcome(context);
      await next();
    });

    this.onMembersRemoved(async (context, next) => {
      const botRemoved = (context.activity.membersRemoved ?? []).some((m) => m.id === context.activity.recipient.id);
      if (botRemoved) await deps.dialogState.uninstalled(context);
      await next();
    });

    // Every message goes to the main dialog; next() lets later handlers run too.
    this.onMessage(async (context, next) => {
      if (isGroupConversation(context) && !isCardSubmit(context)) {
        // A group chat or channel is people talking to each other: the bot speaks only when @mentioned.
        if (!mentionsBot(context)) return next();
        context.activity.text = textWithoutBotMention(context);
      }
      await deps.dialog.run(context, deps.dialogState);
      await next();
    });
  }

  /** In 1:1 the welcome card; in a group chat or team one message that mentions whoever added the bot. */
  private async welcome(context: TurnContext): Promise<void> {
    const { activity } = context;
    const language = localeLanguage(activity.locale);
    this.deps.logger.info({ conversation: activity.conversation.conversationType }, 'bot added, sending welcome');
    if (!isGroupConversation(context)) {
      await context.sendActivity(MessageFactory.attachment(welcomeCard(language, 'welcome')));
      return;
    }
    const mention = mentionOf(activity.from);
    const message = MessageFactory.text(strings[language].groupWelcome(mention.text));
    await context.sendActivity({ ...message, entities: [mention.entity] });
  }

  /**
   * Every turn: handle it, remember where to reach the user and in which language the bot answered,
   * then save the dialog state (as core-bot does).
   */
  override async run(context: TurnContext): Promise<void> {
    await super.run(context);
    await this.deps.messenger.remember(context);
    await this.deps.dialogState.save(context);
  }

  /** Malformed Action.Execute values end here with a 400; every other invoke goes the SDK's way. */
  protected override async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    const { name } = context.activity;
    const value: unknown = context.activity.value;
    if (name === 'adaptiveCard/action' && !executeValueSchema.safeParse(value).success) {
      this.deps.logger.warn({ invoke: name }, 'malformed invoke value');
      return badInvoke('value must be an Action.Execute action with a string verb and object data');
    }
    return super.onInvokeActivity(context);
  }

  /** Action.Execute on a task card: the dialog moves on and its next card replaces the pressed one. */
  protected override async onAdaptiveCardInvoke(
    context: TurnContext,
    _value: AdaptiveCardInvokeValue,
  ): Promise<AdaptiveCardInvokeResponse> {
    await this.deps.dialog.run(context, this.deps.dialogState);
    const card = takeInvokeCard(context);
    if (card) return { statusCode: 200, type: card.contentType, value: card.content };
    const message = 'application/vnd.microsoft.activity.message';
    // A notice for the presser alone (someone else's card): the card stays as it is. Its value is a string, which
    // the typed return cannot carry, so it is sent as the invoke response itself (the handler then sends none).
    const notice = takeInvokeNotice(context);
    if (notice !== undefined) {
      const body = { statusCode: 200, type: message, value: notice };
      await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 200, body } });
    }
    return { statusCode: 200, type: message, value: {} };
  }

  /** Support staff search the FAQ from the compose box and drop the answer card into the chat. */
  protected override async handleTeamsMessagingExtensionQuery(
    context: TurnContext,
    query: MessagingExtensionQuery,
  ): Promise<MessagingExtensionResponse> {
    // The value is Teams' JSON as sent, whatever the SDK's type says: ComposeSearch validates it.
    return this.deps.composeSearch.query(query, context.activity.locale);
  }
}
