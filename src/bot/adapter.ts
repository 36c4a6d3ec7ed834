import {
  CallerIdConstants,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type Activity,
  type InvokeResponse,
  type TurnContext,
} from 'botbuilder';
import { AuthenticationConstants } from 'botframework-connector';
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

/**
 * The SDK reads any one of its cloud settings (such as ToBotFromChannelOpenIdMetadataUrl, which tests point at
 * 127.0.0.1) as "all are given" (BotFrameworkAuthenticationFactory) and leaves the rest undefined: no token issuer,
 * so every token is refused, and no login URL for replies. With one given, the others are the public cloud's.
 */
function authSettings(botAuth: AppConfig['botAuth']): Record<string, string | boolean | undefined> {
  if (!botAuth.ToBotFromChannelOpenIdMetadataUrl && !botAuth.ToBotFromEmulatorOpenIdMetadataUrl) return { ...botAuth };
  return {
    ValidateAuthority: true,
    ToChannelFromBotLoginUrl: AuthenticationConstants.ToChannelFromBotLoginUrl,
    ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
    ToBotFromChannelTokenIssuer: AuthenticationConstants.ToBotFromChannelTokenIssuer,
    OAuthUrl: AuthenticationConstants.OAuthUrl,
    ToBotFromChannelOpenIdMetadataUrl: AuthenticationConstants.ToBotFromChannelOpenIdMetadataUrl,
    ToBotFromEmulatorOpenIdMetadataUrl: AuthenticationConstants.ToBotFromEmulatorOpenIdMetadataUrl,
    CallerId: CallerIdConstants.PublicAzureChannel,
    ...botAuth,
  };
}

/**
 * CloudAdapter with its processActivity reachable: POST /api/messages (src/http/messagesRoute.ts) checks the body
 * and the token itself, then hands over the parsed activity and the Authorization header, which the SDK still
 * authenticates; process() would parse and answer errors its own way (its messages as bodies, 500s).
 */
export class EdgeCloudAdapter extends CloudAdapter {
  /** Runs the turn and returns the invoke response to write, if any (undefined: 200 with no body). */
  processInbound(
    authHeader: string,
    activity: Activity,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<InvokeResponse | undefined> {
    return this.processActivity(authHeader, activity, logic);
  }
}

/** CloudAdapter over the standard MicrosoftApp* settings; a failed turn gets an apology, never a stack trace. */
export function createAdapter(config: AppConfig, dialogState: DialogStateStore, logger: Logger): EdgeCloudAdapter {
  keepEntityFields();
  const adapter = new EdgeCloudAdapter(new ConfigurationBotFrameworkAuthentication(authSettings(config.botAuth)));
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
