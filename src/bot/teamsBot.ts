import {
  MessageFactory,
  TeamsActivityHandler,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type MessagingExtensionQuery,
  type MessagingExtensionResponse,
  type TurnContext,
} from 'botbuilder';
import type { Logger } from 'pino';
import { answerCard } from '../../cards/answerCard';
import { welcomeCard } from '../../cards/welcomeCard';
import type { MainDialog } from '../../dialogs/mainDialog';
import type { FaqEngine } from '../knowledge/faqEngine';
import type { FaqSearch } from '../knowledge/faqSearch';
import { popularEntryIds } from '../i18n';
import { localeLanguage } from '../knowledge/language';
import type { DialogStateStore } from '../../dialogs/dialogState';
import { takeInvokeCard } from '../../dialogs/presenter';
import type { ProactiveMessenger } from './proactive';

export interface TeamsBotDeps {
  readonly dialogState: DialogStateStore;
  readonly dialog: MainDialog;
  readonly engine: FaqEngine;
  readonly search: FaqSearch;
  readonly messenger: ProactiveMessenger;
  readonly logger: Logger;
}

/** Teams entry points: welcome on install, every message through the main dialog, compose-box search. */
export class TeamsBot extends TeamsActivityHandler {
  constructor(private readonly deps: TeamsBotDeps) {
    super();

    this.onMembersAdded(async (context, next) => {
      const botAdded = (context.activity.membersAdded ?? []).some((m) => m.id === context.activity.recipient.id);
      if (botAdded) {
        deps.logger.info(
          { conversation: context.activity.conversation.conversationType },
          'bot added, sending welcome',
        );
        await context.sendActivity(
          MessageFactory.attachment(welcomeCard(localeLanguage(context.activity.locale), 'welcome')),
        );
      }
      await next();
    });

    // Every message goes to the main dialog; next() lets later handlers run too.
    this.onMessage(async (context, next) => {
      await deps.dialog.run(context, deps.dialogState);
      await next();
    });
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

  /** Action.Execute on a task card: the dialog moves on and its next card replaces the pressed one. */
  protected override async onAdaptiveCardInvoke(
    context: TurnContext,
    _value: AdaptiveCardInvokeValue,
  ): Promise<AdaptiveCardInvokeResponse> {
    await this.deps.dialog.run(context, this.deps.dialogState);
    const card = takeInvokeCard(context);
    return card
      ? { statusCode: 200, type: card.contentType, value: card.content }
      : { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: {} };
  }

  /** Support staff search the FAQ from the compose box and drop the answer card into the chat. */
  protected override async handleTeamsMessagingExtensionQuery(
    context: TurnContext,
    query: MessagingExtensionQuery,
  ): Promise<MessagingExtensionResponse> {
    const text = String(query.parameters?.find((p) => p.name === 'query')?.value ?? '').trim();
    const language = this.deps.engine.language(text, context.activity.locale);
    // An empty box shows the popular topics; a query that matches nothing shows nothing, not filler.
    const entries = text
      ? (await this.deps.search.rank(text, language, 8)).filter((c) => c.coverage > 0).map((c) => c.entry)
      : this.deps.engine.index.getMany(popularEntryIds);
    return {
      composeExtension: {
        type: 'result',
        attachmentLayout: 'list',
        attachments: entries.map((entry) => ({
          ...answerCard({ entry, language, question: text, followUps: [] }),
          preview: {
            contentType: 'application/vnd.microsoft.card.thumbnail',
            content: { title: entry[language].title, text: entry[language].answer },
          },
        })),
      },
    };
  }
}
