import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWTPayload } from 'jose';
import { DEMO_TENANT_ID } from '../../src/services/partner/seed';

/*
 * A stand-in for Entra ID in the tab's tests: its two discovery documents (the OpenID metadata and the key set it
 * names) served from 127.0.0.1, and SSO tokens signed with the published key, as Teams' getAuthToken returns them.
 */

export const TEST_APP_ID = '6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
export const TEST_PUBLIC_URL = 'https://bot.contoso.test';
export const TEST_AUDIENCE = `api://bot.contoso.test/${TEST_APP_ID}`;
const KID = 'test-key-1';

export interface TokenOptions {
  /** Signs with another key than the published one (the signature then fails). */
  readonly foreignKey?: boolean;
  readonly tid?: string;
  readonly oid: string;
  readonly iss?: string;
  readonly aud?: string;
  /** Seconds from now (negative: already expired). */
  readonly exp?: number;
}

export interface EntraStandIn {
  readonly metadataUrl: string;
  /** An SSO token for `oid` in the demo tenant unless told otherwise. */
  sign(options: TokenOptions): Promise<string>;
  close(): Promise<void>;
}

export async function startEntraStandIn(): Promise<EntraStandIn> {
  const pair = await generateKeyPair('RS256', { extractable: true });
  // Never published: a token it signs carries our kid and a signature that fails.
  const other: CryptoKey = (await generateKeyPair('RS256')).privateKey;
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: KID, use: 'sig', alg: 'RS256' };
  const server: Server = createServer((req, res) => {
    const { port } = server.address() as AddressInfo;
    const body =
      req.url === '/common/v2.0/.well-known/openid-configuration'
        ? {
            issuer: 'https://login.microsoftonline.com/{tenantid}/v2.0',
            jwks_uri: `http://127.0.0.1:${port}/common/discovery/v2.0/keys`,
          }
        : req.url === '/common/discovery/v2.0/keys'
          ? { keys: [jwk] }
          : undefined;
    res.writeHead(body ? 200 : 404, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body ?? { error: 'not found' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    metadataUrl: `http://127.0.0.1:${port}/common/v2.0/.well-known/openid-configuration`,
    sign: (options) => {
      const tid = options.tid ?? DEMO_TENANT_ID;
      const now = Math.floor(Date.now() / 1000);
      const claims: JWTPayload = { tid, oid: options.oid, ver: '2.0', scp: 'access_as_user' };
      return new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', kid: KID, typ: 'JWT' })
        .setIssuer(options.iss ?? `https://login.microsoftonline.com/${tid}/v2.0`)
        .setAudience(options.aud ?? TEST_AUDIENCE)
        .setIssuedAt(now - 60)
        .setNotBefore(now - 60)
        .setExpirationTime(now + (options.exp ?? 3600))
        .sign(options.foreignKey ? other : pair.privateKey);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
