import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { redactText } from '../src/redact';

/** A JWT's shape: base64url header, payload and signature. */
const jwt = (): string =>
  [
    Buffer.from(JSON.stringify({ alg: 'RS256', kid: 'k1' })).toString('base64url'),
    Buffer.from(JSON.stringify({ sub: randomUUID(), aud: 'bot' })).toString('base64url'),
    randomBytes(64).toString('base64url'),
  ].join('.');

describe('redactText: e-mail addresses, ids and tokens masked, everything else left alone', () => {
  const masked: [string, string, string][] = [
    ['an e-mail address', 'write to megan.bowen@contoso.onmicrosoft.com today', 'write to [email] today'],
    ['an e-mail with plus and accents', 'adèle+mpn@exemple.fr a écrit', '[email] a écrit'],
    ['a GUID', 'tenant 72f988bf-86f1-41af-91ab-2d7cd011db47 here', 'tenant [id] here'],
    ['an upper-case GUID', 'ID 72F988BF-86F1-41AF-91AB-2D7CD011DB47.', 'ID [id].'],
    ['a Teams user id', 'from 29:1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789', 'from [id]'],
    ['an Entra org id', 'user 8:orgid:72f988bf-86f1-41af-91ab-2d7cd011db47', 'user [id]'],
    ['a conversation id', 'in a:1Xy9AbCdEfGhIjKlMnOp_qRsTuV', 'in [id]'],
    ['a long number', 'card 4111111111111111 expires', 'card [id] expires'],
    ['a Bearer token', 'Authorization: Bearer abc.DEF-ghi_123~xyz', 'Authorization: Bearer [token]'],
    ['an OpenAI key', 'key sk-proj-Abc123Def456Ghi789 leaked', 'key [token] leaked'],
    ['a hex run', `sig ${randomBytes(20).toString('hex')} end`, 'sig [token] end'],
    ['a base64 run', 'secret Zm9vYmFyQmF6UXV4MTIzNDU2Nzg5MA== end', 'secret [token] end'],
  ];
  for (const [name, input, expected] of masked) {
    it(`masks ${name}`, () => assert.equal(redactText(input), expected));
  }

  it('masks a JWT whole, not as an e-mail or a base64 run', () => {
    assert.equal(redactText(`token=${jwt()} then`), 'token=[token] then');
    assert.equal(redactText(`Bearer ${jwt()}`), 'Bearer [token]');
  });

  it('masks each of several secrets in one question', () => {
    const question = `I'm a@b.co, tenant ${randomUUID()}, my token is ${jwt()}: can I renew?`;
    assert.equal(redactText(question), "I'm [email], tenant [id], my token is [token]: can I renew?");
  });

  const kept = [
    'When can I renew my Action Pack? We bought it on September 1, 2020.',
    'How many of our 25 Visual Studio subscriptions are left after 30 days?',
    'Comment affecter un abonnement Visual Studio à quelqu’un ? Mon ID MPN est 1234567.',
    'See https://learn.microsoft.com/partner-center/manage-your-partner-network-benefits for details.',
    'antidisestablishmentarianism and supercalifragilisticexpialidocious are long words',
    'desk-top sk-8 10:30 e-mail at noon, x@y, 2024-10-21',
  ];
  for (const text of kept) {
    it(`leaves alone: ${text.slice(0, 60)}`, () => assert.equal(redactText(text), text));
  }

  it('is linear: 100 KB of hostile input (near-e-mails, hex, digits) in well under 50 ms', () => {
    const hostile = [
      'a'.repeat(30_000),
      '@'.repeat(10),
      'f'.repeat(30_000),
      '1-'.repeat(10_000),
      'Ab1'.repeat(3_000),
    ].join(' ');
    const started = performance.now();
    const out = redactText(hostile);
    const ms = performance.now() - started;
    assert.ok(out.length > 0);
    assert.ok(ms < 50, `${ms.toFixed(1)} ms`);
  });
});
