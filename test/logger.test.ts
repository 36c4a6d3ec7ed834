import assert from 'node:assert/strict';
import { parseConfig } from '../src/config';
import { configSecrets, createLogger } from '../src/logger';
import { logCapture } from './support/fixtures';

const jwt =
  'eyJhbGciOiJSUzI1NiIsImtpZCI6InRlc3QifQ.eyJpc3MiOiJodHRwczovL2FwaS5ib3RmcmFtZXdvcmsuY29tIn0.c2lnbmF0dXJlLXBhcnQ';

describe('logger', () => {
  it('never writes authorization headers, keys, tokens or e-mail addresses, wherever they are', () => {
    const { lines, stream } = logCapture();
    const logger = createLogger('info', {
      secrets: ['pa55word-of-the-bot', 'sk-proj-abcdefghijklmnop'],
      destination: stream,
    });
    const child = logger.child({ component: 'test' });
    child.info({ headers: { authorization: `Bearer ${jwt}` } }, 'request');
    child.info({ req: { headers: { authorization: 'Basic dXNlcjpwYXNz' } } }, 'nested request');
    child.info({ apiKey: 'short', config: { password: 'x' } }, 'by field name');
    child.warn({ assignee: 'patti.fernandez@contoso.onmicrosoft.com' }, 'assigned to adele@contoso.com');
    child.error({ err: new Error(`upstream said: token ${jwt} for PattiF@Contoso.com`) }, 'failed');
    child.info({ detail: 'the key sk-proj-abcdefghijklmnop and pa55word-of-the-bot' }, 'echoed');
    const all = lines.join('\n');
    assert.equal(lines.length, 6);
    for (const secret of [jwt, 'dXNlcjpwYXNz', 'short', 'pa55word-of-the-bot', 'sk-proj-abcdefghijklmnop']) {
      assert.ok(!all.includes(secret), `${secret} was written:\n${all}`);
    }
    assert.doesNotMatch(all, /[\w.+-]+@[\w-]+\.[\w.-]+/, 'no e-mail address');
    assert.match(all, /\[email\]/);
    assert.match(all, /"authorization":"\[redacted\]"/);
    // What is not a secret stays readable.
    assert.match(all, /"component":"test"/);
    assert.match(all, /upstream said: token \[token\] for \[email\]/);
    for (const line of lines) assert.doesNotThrow(() => JSON.parse(line) as unknown, line);
  });

  it('takes the secrets from the configuration', () => {
    const parsed = parseConfig({
      MicrosoftAppId: 'app',
      MicrosoftAppPassword: 'bot-password-123',
      OPENAI_API_KEY: 'sk-test-0123456789abcdef',
      PARTNER_SERVICE: 'remote',
      PARTNER_API_URL: 'http://127.0.0.1:9',
      PARTNER_API_TOKEN: 'partner-token-xyz',
      DATABASE_URL: 'postgres://pba:db-secret-pw@127.0.0.1:5432/pba',
    });
    assert.ok(parsed.ok, parsed.ok ? '' : parsed.error);
    assert.deepEqual(configSecrets(parsed.value).sort(), [
      'bot-password-123',
      'db-secret-pw',
      'partner-token-xyz',
      'sk-test-0123456789abcdef',
    ]);
  });
});
