import { AuthenticationConstants } from 'botframework-connector';
import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, errors, jwtVerify, type JWTPayload } from 'jose';
import type { Logger } from 'pino';
import { z } from 'zod';

/*
 * The Bot Framework channel token check that runs before any handler. The SDK authenticates the request again
 * inside processActivity and stays the authority; this check is in front of it because the SDK's JwtTokenExtractor
 * console.error's a stack trace for each bad token and rethrows raw errors (a 500), and a metadata fetch failure
 * comes out of it as a FetchError (another 500). Here a bad token is one quiet typed outcome.
 */

/** What the check found. `reason` is a short phrase for the log, never shown to the caller. */
export type InboundAuthResult =
  | { readonly kind: 'ok'; readonly claims: JWTPayload; readonly serviceUrl: string | undefined }
  | { readonly kind: 'rejected'; readonly reason: string }
  | { readonly kind: 'unavailable'; readonly retryAfterSeconds: number };

/** The fields of the activity the token is checked against. */
export interface TokenBoundActivity {
  readonly channelId?: string | undefined;
  readonly serviceUrl?: string | undefined;
}

export interface ChannelTokenVerifierOptions {
  /** The OpenID metadata naming the signing keys; the public cloud's (as the SDK has it) when undefined. */
  readonly metadataUrl: string | undefined;
  /** MicrosoftAppId: the audience every token must carry. */
  readonly appId: string;
  readonly clock: () => Date;
  readonly logger: Logger;
}

/** The SDK's own allowance for clocks that disagree (ChannelValidation's clockTolerance). */
const CLOCK_TOLERANCE_SECONDS = 5 * 60;
/**
 * Key refresh policy. Keys are re-read every 6 hours (the SDK: every 24) so a rotation is picked up early; a token
 * naming an unknown kid may trigger a re-read at most every 30 s (jose's remote key set cool-down), so a flood of
 * made-up kids costs one fetch per 30 s. With no keys at all (first start, outage), a failed fetch is retried at
 * most every 2 s, and the caller is told to retry after that.
 */
const MAX_KEY_AGE_MS = 6 * 3_600_000;
const UNKNOWN_KID_COOLDOWN_MS = 30_000;
const RETRY_AFTER_FAILURE_MS = 2_000;
const FETCH_TIMEOUT_MS = 5_000;

const metadataSchema = z.object({ jwks_uri: z.url({ protocol: /^https?$/ }) });
const keySetSchema = z.object({
  keys: z.array(
    z.looseObject({ kty: z.string(), kid: z.string().optional(), endorsements: z.array(z.string()).optional() }),
  ),
});

interface LoadedKeys {
  readonly verifyKey: ReturnType<typeof createLocalJWKSet>;
  /** Each published kid and the channels its key is endorsed for (undefined: no endorsements listed). */
  readonly endorsements: ReadonlyMap<string, readonly string[] | undefined>;
  readonly loadedAt: number;
}

async function fetchJson(url: string): Promise<unknown> {
  const res = await fetch(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS), redirect: 'error' });
  if (!res.ok) throw new Error(`${url} answered ${res.status}`);
  return res.json();
}

/** The Bot Framework's published signing keys, fetched from the metadata's jwks_uri and cached (policy above). */
class BotFrameworkKeys {
  private loaded: LoadedKeys | undefined;
  private lastAttemptAt = Number.NEGATIVE_INFINITY;
  private inflight: Promise<void> | undefined;

  constructor(
    private readonly metadataUrl: string,
    private readonly now: () => number,
    private readonly logger: Logger,
  ) {}

  /** The keys to verify a token naming `kid` with, refreshed first when the policy allows; undefined: none at all. */
  async forKid(kid: string): Promise<LoadedKeys | undefined> {
    const now = this.now();
    const sinceAttempt = now - this.lastAttemptAt;
    const keys = this.loaded;
    const due = !keys
      ? sinceAttempt >= RETRY_AFTER_FAILURE_MS
      : (now - keys.loadedAt >= MAX_KEY_AGE_MS || !keys.endorsements.has(kid)) &&
        sinceAttempt >= UNKNOWN_KID_COOLDOWN_MS;
    if (due) await this.refresh();
    return this.loaded;
  }

  /** Seconds until a fetch may be tried again after a failure. */
  retryAfterSeconds(): number {
    return Math.max(1, Math.ceil((this.lastAttemptAt + RETRY_AFTER_FAILURE_MS - this.now()) / 1000));
  }

  /** One fetch at a time; concurrent requests wait for the same one. */
  private refresh(): Promise<void> {
    this.inflight ??= this.load().finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  private async load(): Promise<void> {
    this.lastAttemptAt = this.now();
    try {
      const metadata = metadataSchema.parse(await fetchJson(this.metadataUrl));
      const keySet = keySetSchema.parse(await fetchJson(metadata.jwks_uri));
      const endorsements = new Map<string, readonly string[] | undefined>();
      for (const key of keySet.keys) if (key.kid !== undefined) endorsements.set(key.kid, key.endorsements);
      this.loaded = { verifyKey: createLocalJWKSet(keySet), endorsements, loadedAt: this.now() };
    } catch (error) {
      // Stale keys, when there are any, keep working (as the SDK's OpenIdMetadata does).
      const detail = error instanceof Error ? error.message : String(error);
      this.logger.warn(
        { metadataUrl: this.metadataUrl, detail, cachedKeys: this.loaded !== undefined },
        'Bot Framework signing keys could not be fetched',
      );
    }
  }
}

/** A phrase for the log from what jose refused. */
function joseReason(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'token expired';
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'iss') return 'wrong issuer';
    if (error.claim === 'aud') return 'wrong audience';
    if (error.claim === 'nbf') return 'token not yet valid';
    return `claim ${error.claim} invalid`;
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'bad signature';
  if (error instanceof errors.JOSEAlgNotAllowed) return 'algorithm not allowed';
  if (error instanceof errors.JWKSNoMatchingKey) return 'unknown signing key';
  return 'malformed token';
}

/**
 * Checks `Authorization: Bearer <jwt>` as the SDK's ChannelValidation does: signature by a published key, issuer
 * https://api.botframework.com, audience MicrosoftAppId, the SDK's algorithms, exp/nbf with its 5 minutes of
 * tolerance, the key's endorsements (when listed) including the activity's channel, and the `serviceurl` claim
 * equal to the activity's serviceUrl.
 */
export class ChannelTokenVerifier {
  private readonly keys: BotFrameworkKeys;

  constructor(private readonly options: ChannelTokenVerifierOptions) {
    this.keys = new BotFrameworkKeys(
      options.metadataUrl ?? AuthenticationConstants.ToBotFromChannelOpenIdMetadataUrl,
      () => options.clock().getTime(),
      options.logger,
    );
  }

  async verify(authorization: string | undefined, activity: TokenBoundActivity): Promise<InboundAuthResult> {
    const rejected = (reason: string): InboundAuthResult => ({ kind: 'rejected', reason });
    if (!authorization?.trim()) return rejected('no token');
    const [scheme, token, ...rest] = authorization.trim().split(/\s+/);
    if (scheme !== 'Bearer' || !token || rest.length > 0) return rejected('not a bearer token');
    let kid: string | undefined;
    let alg: string | undefined;
    let unverified: JWTPayload;
    try {
      ({ kid, alg } = decodeProtectedHeader(token));
      unverified = decodeJwt(token);
    } catch {
      return rejected('malformed token');
    }
    // What the token says of itself may refuse it before any key is fetched (never accept it): the SDK, too, looks
    // at the issuer first. A flood of junk then costs no fetch, and gets 401 even while the keys are unreachable.
    const audiences = typeof unverified.aud === 'string' ? [unverified.aud] : (unverified.aud ?? []);
    if (unverified.iss !== AuthenticationConstants.ToBotFromChannelTokenIssuer) return rejected('wrong issuer');
    if (!audiences.includes(this.options.appId)) return rejected('wrong audience');
    if (!alg || !AuthenticationConstants.AllowedSigningAlgorithms.includes(alg))
      return rejected('algorithm not allowed');
    if (!kid) return rejected('no key id');

    const keys = await this.keys.forKid(kid);
    if (!keys) return { kind: 'unavailable', retryAfterSeconds: this.keys.retryAfterSeconds() };
    if (!keys.endorsements.has(kid)) return rejected('unknown signing key');

    let claims: JWTPayload;
    try {
      ({ payload: claims } = await jwtVerify(token, keys.verifyKey, {
        issuer: AuthenticationConstants.ToBotFromChannelTokenIssuer,
        audience: this.options.appId,
        algorithms: AuthenticationConstants.AllowedSigningAlgorithms,
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        currentDate: this.options.clock(),
        requiredClaims: ['exp'],
      }));
    } catch (error) {
      return rejected(joseReason(error));
    }

    // A missing channelId counts as not endorsed: the SDK's EndorsementsValidator would throw a TypeError on it.
    const endorsements = keys.endorsements.get(kid);
    if (endorsements && endorsements.length > 0 && !endorsements.includes(activity.channelId ?? '')) {
      return rejected('key not endorsed for the channel');
    }
    const claim: unknown = claims[AuthenticationConstants.ServiceUrlClaim];
    const serviceUrl = typeof claim === 'string' ? claim : undefined;
    if (activity.serviceUrl !== undefined && serviceUrl !== activity.serviceUrl) return rejected('serviceurl mismatch');
    return { kind: 'ok', claims, serviceUrl };
  }
}
