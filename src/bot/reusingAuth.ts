import {
  AuthenticationConstants,
  BotFrameworkAuthentication,
  ConnectorFactory,
  type AuthenticateRequestResult,
  type BotFrameworkClient,
  type ClaimsIdentity,
  type ConnectorClient,
  type UserTokenClient,
} from 'botframework-connector';
import type { Activity } from 'botbuilder';
import { LRUCache } from 'lru-cache';

/** How many connector clients (one per bot app id, service URL and audience) are kept. */
const maxConnectors = 256;

/** The bot's own app id, as botbuilder reads it from a turn's claims (audience, then appid claim). */
const appIdOf = (identity: ClaimsIdentity): string =>
  identity.getClaimValue(AuthenticationConstants.AudienceClaim) ?? identity.getClaimValue(AuthenticationConstants.AppIdClaim) ?? '';

/** Caches a client promise under its key; a failed creation is forgotten so the next turn tries again. */
function reuse<T extends object>(cache: LRUCache<string, Promise<T>>, key: string, create: () => Promise<T>): Promise<T> {
  const cached = cache.get(key);
  if (cached) return cached;
  const created = create();
  cache.set(key, created);
  created.catch(() => cache.delete(key));
  return created;
}

/**
 * Wraps a BotFrameworkAuthentication (ours is ConfigurationBotFrameworkAuthentication) so connector and
 * user-token clients are built once and reused. botbuilder's CloudAdapter builds both on every turn, each
 * with its own HTTP pipeline and credentials object; that was the largest share of a turn's allocations.
 * The clients hold no per-request state, and tokens are cached by botbuilder across credentials objects.
 * Authentication itself is untouched: every request is still validated by the inner instance.
 */
export class ReusingBotFrameworkAuthentication extends BotFrameworkAuthentication {
  private readonly connectors = new LRUCache<string, Promise<ConnectorClient>>({ max: maxConnectors });
  private readonly tokenClients = new LRUCache<string, Promise<UserTokenClient>>({ max: 16 });

  constructor(private readonly inner: BotFrameworkAuthentication) {
    super();
  }

  override async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    return this.reusingResult(await this.inner.authenticateRequest(activity, authHeader));
  }

  override async authenticateStreamingRequest(authHeader: string, channelIdHeader: string): Promise<AuthenticateRequestResult> {
    return this.reusingResult(await this.inner.authenticateStreamingRequest(authHeader, channelIdHeader));
  }

  override createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return new ReusingConnectorFactory(this.connectors, appIdOf(claimsIdentity), () => this.inner.createConnectorFactory(claimsIdentity));
  }

  override createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    return reuse(this.tokenClients, appIdOf(claimsIdentity), () => this.inner.createUserTokenClient(claimsIdentity));
  }

  override createBotFrameworkClient(): BotFrameworkClient {
    return this.inner.createBotFrameworkClient();
  }

  override getOriginatingAudience(): string {
    return this.inner.getOriginatingAudience();
  }

  override authenticateChannelRequest(authHeader: string): Promise<ClaimsIdentity> {
    return this.inner.authenticateChannelRequest(authHeader);
  }

  private reusingResult(result: AuthenticateRequestResult): AuthenticateRequestResult {
    const { connectorFactory, claimsIdentity } = result;
    if (!connectorFactory) return result;
    return { ...result, connectorFactory: new ReusingConnectorFactory(this.connectors, appIdOf(claimsIdentity), () => connectorFactory) };
  }
}

/** A turn's connector factory that hands out the shared client for its app id, service URL and audience. */
class ReusingConnectorFactory extends ConnectorFactory {
  constructor(
    private readonly cache: LRUCache<string, Promise<ConnectorClient>>,
    private readonly appId: string,
    private readonly inner: () => ConnectorFactory,
  ) {
    super();
  }

  override create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
    return reuse(this.cache, `${this.appId}\n${serviceUrl}\n${audience ?? ''}`, () => this.inner().create(serviceUrl, audience));
  }
}
