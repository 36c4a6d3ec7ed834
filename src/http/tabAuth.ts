import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from 'jose';
import { z } from 'zod';
import { failWith, succeed, type Result } from '../services/result';
import type { Actor } from '../services/partner/schemas';
import { once } from './once';

/** Why a token was not accepted: `invalid` is the caller's (401), `unavailable` ours (the keys could not be read). */
export type TokenRejection =
  { readonly kind: 'invalid'; readonly reason: string } | { readonly kind: 'unavailable'; readonly reason: string };

export interface TokenVerifierOptions {
  /** Entra ID's OpenID metadata document (names the JWKS); tests serve their own on 127.0.0.1. */
  readonly metadataUrl: string;
  /** api://<public host>/<MicrosoftAppId>, the manifest's webApplicationInfo resource. */
  readonly audience: string;
  /** The bare app id, which Entra ID puts in `aud` for some token versions. */
  readonly appId: string;
  /** A single-tenant bot accepts only its own tenant's tokens. */
  readonly tenantId?: string;
  readonly clock: () => Date;
  /** Budget of one metadata or key fetch. */
  readonly timeoutMs?: number;
}

export type TokenVerifier = (token: string) => Promise<Result<Actor, TokenRejection>>;

const metadataSchema = z.object({ jwks_uri: z.url({ protocol: /^https?$/ }) });

/** Entra ID's own clock may run a little ahead or behind ours (its guidance allows five minutes). */
const CLOCK_TOLERANCE_S = 300;

/** The issuers Entra ID writes for a tenant: v2.0 tokens, then v1 (access tokens of older app registrations). */
const issuersOf = (tid: string): string[] => [
  `https://login.microsoftonline.com/${tid}/v2.0`,
  `https://sts.windows.net/${tid}/`,
];

/** Key-set troubles, not token troubles: the caller gets a 503, not a 401. */
const UNAVAILABLE_CODES: ReadonlySet<string> = new Set([
  errors.JWKSTimeout.code,
  errors.JWKSInvalid.code,
  errors.JOSEError.code,
]);

/**
 * Checks a Teams SSO token as an Entra ID token: signature against the keys the OpenID metadata names, audience,
 * expiry, issuer matching the token's own tenant; returns the tenant and object id it speaks for. Whether that
 * tenant is the organization's, and the user in its directory, is the partner service's answer.
 */
export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  const timeoutMs = options.timeoutMs ?? 5000;
  // The key set is looked up once (jose then refreshes the keys themselves); a failed lookup is tried again.
  const keys = once(() => loadKeySet(options.metadataUrl, timeoutMs));

  return async (token) => {
    let jwks: ReturnType<typeof createRemoteJWKSet>;
    try {
      jwks = await keys();
    } catch (error) {
      return failWith({ kind: 'unavailable', reason: `OpenID metadata: ${describe(error)}` });
    }
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, jwks, {
        audience: [options.audience, options.appId],
        algorithms: ['RS256'],
        currentDate: options.clock(),
        clockTolerance: CLOCK_TOLERANCE_S,
        requiredClaims: ['exp', 'iss', 'tid', 'oid'],
      }));
    } catch (error) {
      const code = error instanceof errors.JOSEError ? error.code : undefined;
      const kind = code === undefined || UNAVAILABLE_CODES.has(code) ? 'unavailable' : 'invalid';
      return failWith({ kind, reason: describe(error) });
    }
    const { tid, oid, iss } = payload;
    if (typeof tid !== 'string' || typeof oid !== 'string' || !tid || !oid) {
      return failWith({ kind: 'invalid', reason: 'tid or oid missing' });
    }
    if (!iss || !issuersOf(tid).includes(iss)) return failWith({ kind: 'invalid', reason: `issuer ${iss}` });
    if (options.tenantId && tid !== options.tenantId) return failWith({ kind: 'invalid', reason: 'other tenant' });
    return succeed({ tenantId: tid, aadObjectId: oid });
  };
}

async function loadKeySet(metadataUrl: string, timeoutMs: number): Promise<ReturnType<typeof createRemoteJWKSet>> {
  const res = await fetch(metadataUrl, { signal: AbortSignal.timeout(timeoutMs) });
  if (!res.ok) throw new Error(`${metadataUrl} answered ${res.status}`);
  const metadata = metadataSchema.parse(await res.json());
  return createRemoteJWKSet(new URL(metadata.jwks_uri), { timeoutDuration: timeoutMs });
}

const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error));
