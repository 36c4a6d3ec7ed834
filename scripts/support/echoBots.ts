/*
 * The bench's baselines: bots that do no FAQ work, on the app's own server and CloudAdapter.
 * `EchoBot` is the bare turn; `DialogEchoBot` is the framework's default shape of a bot (13.core-bot):
 * conversation state read from and saved to the app's database every turn, and a dialog that replies.
 */
import { ActivityHandler, ConversationState, MessageFactory, type Storage, type TurnContext } from 'botbuilder';
import { DialogSet, DialogTurnStatus, WaterfallDialog, type DialogState } from 'botbuilder-dialogs';

export const echoText = (context: TurnContext): string => `echo: ${context.activity.text ?? ''}`;

/** Same adapter and HTTP path as the FAQ bot, nothing else. */
export class EchoBot extends ActivityHandler {
  constructor() {
    super();
    this.onMessage(async (context, next) => {
      await context.sendActivity(MessageFactory.text(echoText(context)));
      await next();
    });
  }
}

/** The echo as core-bot would write it: a dialog run from the saved state, the state saved after the turn. */
export class DialogEchoBot extends ActivityHandler {
  private readonly state: ConversationState;
  private readonly dialogs: DialogSet;

  constructor(storage: Storage) {
    super();
    // Its own namespace, so its documents never share a key with the FAQ bot's.
    this.state = new ConversationState(storage, 'bench-echo');
    this.dialogs = new DialogSet(this.state.createProperty<DialogState>('dialogState'));
    this.dialogs.add(
      new WaterfallDialog('echo', [
        async (step) => {
          await step.context.sendActivity(MessageFactory.text(echoText(step.context)));
          return step.endDialog();
        },
      ]),
    );
    this.onMessage(async (context, next) => {
      const dc = await this.dialogs.createContext(context);
      const result = await dc.continueDialog();
      if (result.status === DialogTurnStatus.empty) await dc.beginDialog('echo');
      await next();
    });
  }

  override async run(context: TurnContext): Promise<void> {
    await super.run(context);
    await this.state.saveChanges(context, false);
  }
}
