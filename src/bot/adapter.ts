import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type TurnContext } from 'botbuilder';
import * as connectorMappers from 'botframework-connector/lib/connectorApi/models/mappers';
import type { Logger } from 'pino';
import type { AppConfig } from '../config';
import { strings } from '../i18n';
import { localeLanguage } from '../knowledge/language';
import type { DialogStateStore } from '../../dialogs/dialogState';

/**
 * The connector client serializes each outgoing activity through its mappers, and the Entity mapper lists
 * only type, text and mentioned: every other field of an entity (Teams' "AI generated" label, citations) is
 * dropped on the way out. botbuilder-js once fixed this with additionalProperties (PR 2648) and lost it in
 * the move to @azure/core-client; this puts it back. Idempotent.
 */
function keepEntityFields(): void {
  const type = connectorMappers.Entity.type as { additionalProperties?: unknown };
  type.additionalProperties ??= { type: { name: 'Object' } };
}

/** CloudAdapter over the standard MicrosoftApp* settings; a failed turn gets an apology, never a stack trace. */
export function createAdapter(config: AppConfig, dialogState: DialogStateStore, logger: Logger): CloudAdapter {
  keepEntityFields();
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
