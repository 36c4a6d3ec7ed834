import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWTPayload } from 'jose';

/*
 * A stand-in for the Bot Framework's token publishing on 127.0.0.1: its OpenID metadata and the key set it names
 * (keys endorsed for msteams, as login.botframework.com publishes them), channel tokens signed the way the Bot
 * Connector signs the requests it sends a bot, and each way such a token can be wrong. It can go down on purpose
 * and counts what was fetched from it, to show the keys are cached.
 */

export const TEST_BOT_APP_ID = '0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f';
export const CHANNEL_ISSUER = 'https://api.botframework.com';
const KID = 'bf-test-key-1';
/** Published, but endorsed for another channel only: a token it signs is not good for msteams. */
const SKYPE_KID = 'bf-test-key-skype';

export type BadKind =
  'foreignKey' | 'unknownKid' | 'algNone' | 'expired' | 'wrongAudience' | 'wrongIssuer' | 'notEndorsed' | 'noExpiry';

export interface ChannelTokenOptions {
  /** The `serviceurl` claim; null leaves it out. */
  readonly serviceUrl: string | null;
  readonly bad?: BadKind;
  readonly aud?: string;
}

/** 'error': both documents answer 500. 'gone': the connection is dropped without an answer. */
export type Outage = 'error' | 'gone';

export interface BotFrameworkStandIn {
  /** What ToBotFromChannelOpenIdMetadataUrl points at. */
  readonly metadataUrl: string;
  /** How many times the metadata and the key set were served (answered 200). */
  readonly fetches: { readonly metadata: number; readonly keys: number };
  /** A channel token for the test app id, valid unless `bad` says how it is wrong. */
  sign(options: ChannelTokenOptions): Promise<string>;
  /** Goes down (after answering `afterMetadata` more metadata requests normally), or back up with undefined. */
  setOutage(outage: Outage | undefined, options?: { readonly afterMetadata?: number }): void;
  close(): Promise<void>;
}

const base64url = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');

export async function startBotFrameworkStandIn(): Promise<BotFrameworkStandIn> {
  const pair = await generateKeyPair('RS256', { extractable: true });
  const skype = await generateKeyPair('RS256', { extractable: true });
  // Never published: what it signs carries the published kid and a signature that fails.
  const foreign: CryptoKey = (await generateKeyPair('RS256')).privateKey;
  const keys = [
    { ...(await exportJWK(pair.publicKey)), kid: KID, use: 'sig', endorsements: ['msteams', 'webchat'] },
    { ...(await exportJWK(skype.publicKey)), kid: SKYPE_KID, use: 'sig', endorsements: ['skype'] },
  ];
  const fetches = { metadata: 0, keys: 0 };
  let outage: Outage | undefined;
  // Metadata requests still answered once an outage is set, and the key set requests each of them leads to.
  let graceMetadata = 0;
  let graceKeys = 0;
  const isDown = (isMetadata: boolean): boolean => {
    if (!outage) return false;
    if (isMetadata && graceMetadata > 0) {
      graceMetadata -= 1;
      graceKeys += 1;
      return false;
    }
    if (!isMetadata && graceKeys > 0) {
      graceKeys -= 1;
      return false;
    }
    return true;
  };

  const server: Server = createServer((req, res) => {
    const isMetadata = req.url === '/v1/.well-known/openidconfiguration';
    if (isDown(isMetadata)) {
      if (outage === 'gone') req.socket.destroy();
      else {
        res.writeHead(500, { 'Content-Type': 'application/json' });
        res.end('{"error":"down on purpose"}');
      }
      return;
    }
    const { port } = server.address() as AddressInfo;
    let body: object | undefined;
    if (isMetadata) {
      fetches.metadata += 1;
      body = {
        issuer: CHANNEL_ISSUER,
        authorization_endpoint: 'https://invalid.botframework.com',
        jwks_uri: `http://127.0.0.1:${port}/v1/.well-known/keys`,
        id_token_signing_alg_values_supported: ['RS256'],
        token_endpoint_auth_methods_supported: ['private_key_jwt'],
      };
    } else if (req.url === '/v1/.well-known/keys') {
      fetches.keys += 1;
      body = { keys };
    }
    res.writeHead(body ? 200 : 404, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body ?? { error: 'not found' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const sign = async ({ serviceUrl, bad, aud }: ChannelTokenOptions): Promise<string> => {
    const now = Math.floor(Date.now() / 1000);
    const claims: JWTPayload = { ...(serviceUrl === null ? {} : { serviceurl: serviceUrl }) };
    const kid = bad === 'unknownKid' ? 'bf-key-nobody-published' : bad === 'notEndorsed' ? SKYPE_KID : KID;
    const iss =
      bad === 'wrongIssuer' ? 'https://sts.windows.net/f8cdef31-a31e-4b4a-93e4-5f571e91255a/' : CHANNEL_ISSUER;
    const audience = bad === 'wrongAudience' ? '11111111-2222-4333-8444-555555555555' : (aud ?? TEST_BOT_APP_ID);
    // Past the SDK's five minutes of clock tolerance.
    const exp = bad === 'expired' ? now - 600 : now + 3600;
    if (bad === 'algNone') {
      // jose refuses to make an unsigned token, so it is put together by hand: header, payload, no signature.
      const payload = { ...claims, iss, aud: audience, nbf: now - 60, exp };
      return `${base64url({ alg: 'none', typ: 'JWT', kid })}.${base64url(payload)}.`;
    }
    const jwt = new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' })
      .setIssuer(iss)
      .setAudience(audience)
      .setNotBefore(now - 60);
    if (bad !== 'noExpiry') jwt.setExpirationTime(exp);
    const key = bad === 'foreignKey' ? foreign : bad === 'notEndorsed' ? skype.privateKey : pair.privateKey;
    return jwt.sign(key);
  };

  return {
    metadataUrl: `http://127.0.0.1:${port}/v1/.well-known/openidconfiguration`,
    fetches,
    sign,
    setOutage: (next, options = {}) => {
      outage = next;
      graceMetadata = options.afterMetadata ?? 0;
      graceKeys = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
