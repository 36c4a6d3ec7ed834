import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import type { AppConfig } from '../config';
import { strings } from '../i18n';
import { localeLanguage } from '../knowledge/language';
import type { DialogStateStore } from '../../dialogs/dialogState';

/** CloudAdapter over the standard MicrosoftApp* settings; a failed turn gets an apology, never a stack trace. */
export function createAdapter(config: AppConfig, dialogState: DialogStateStore, logger: Logger): CloudAdapter {
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({ ...config.botAuth }));
  adapter.onTurnError = async (context: TurnContext, error: Error): Promise<void> => {
    logger.error(
      { err: error, activity: context.activity.type, conversation: context.activity.conversation?.id },
      'turn failed',
    );
    try {
      await context.sendActivity(strings[localeLanguage(context.activity.locale)].error);
      // Drop the dialog stack so the next message starts clean instead of failing again.
      await dialogState.clear(context);
    } catch (err) {
      logger.error({ err }, 'could not tell the user about the failed turn');
    }
  };
  return adapter;
}
