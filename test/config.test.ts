import assert from 'node:assert/strict';
import path from 'node:path';
import { parseConfig } from '../src/config';

describe('config', () => {
  it('runs with nothing set: port 3978, ./.data, no auth, offline answers', () => {
    const result = parseConfig({});
    assert.ok(result.ok);
    assert.equal(result.config.port, 3978);
    assert.equal(result.config.dataDir, path.resolve('.data'));
    assert.equal(result.config.botAuth.MicrosoftAppId, undefined);
    assert.equal(result.config.botAuth.MicrosoftAppType, 'MultiTenant');
    assert.deepEqual(result.config.generative, { kind: 'none' });
    assert.equal(result.config.generativeTimeoutMs, 8000);
    assert.equal(result.config.searchThread, 'worker');
  });

  it('can keep the search on the event loop', () => {
    const result = parseConfig({ SEARCH_THREAD: 'main' });
    assert.ok(result.ok);
    assert.equal(result.config.searchThread, 'main');
  });

  it('reads the standard Bot Framework variables', () => {
    const result = parseConfig({ MicrosoftAppId: 'app', MicrosoftAppPassword: 'secret', MicrosoftAppType: 'SingleTenant', MicrosoftAppTenantId: 'tenant' });
    assert.ok(result.ok);
    assert.deepEqual(result.config.botAuth, { MicrosoftAppId: 'app', MicrosoftAppPassword: 'secret', MicrosoftAppType: 'SingleTenant', MicrosoftAppTenantId: 'tenant' });
  });

  it('treats empty strings as unset', () => {
    const result = parseConfig({ MicrosoftAppId: '', MicrosoftAppPassword: '', OPENAI_API_KEY: '' });
    assert.ok(result.ok);
    assert.equal(result.config.botAuth.MicrosoftAppId, undefined);
    assert.deepEqual(result.config.generative, { kind: 'none' });
  });

  it('chooses OpenAI or Azure OpenAI from what is set', () => {
    const openai = parseConfig({ OPENAI_API_KEY: 'sk', OPENAI_BASE_URL: 'http://127.0.0.1:1/v1' });
    assert.ok(openai.ok);
    assert.deepEqual(openai.config.generative, { kind: 'openai', apiKey: 'sk', baseURL: 'http://127.0.0.1:1/v1', model: 'gpt-4o-mini' });
    const azure = parseConfig({ AZURE_OPENAI_ENDPOINT: 'https://x.openai.azure.com', AZURE_OPENAI_API_KEY: 'k', AZURE_OPENAI_DEPLOYMENT: 'gpt' });
    assert.ok(azure.ok);
    assert.equal(azure.config.generative.kind, 'azure');
  });

  const bad: [string, NodeJS.ProcessEnv, RegExp][] = [
    ['a port that is not a number', { PORT: 'abc' }, /PORT/],
    ['a port out of range', { PORT: '70000' }, /PORT/],
    ['an unknown app type', { MicrosoftAppType: 'Whatever' }, /MicrosoftAppType/],
    ['single tenant without a tenant id', { MicrosoftAppType: 'SingleTenant', MicrosoftAppId: 'a', MicrosoftAppPassword: 'p' }, /MicrosoftAppTenantId/],
    ['an app id without its password', { MicrosoftAppId: 'a' }, /MicrosoftAppPassword/],
    ['an Azure endpoint without key and deployment', { AZURE_OPENAI_ENDPOINT: 'https://x.openai.azure.com' }, /AZURE_OPENAI_ENDPOINT/],
    ['an unknown log level', { LOG_LEVEL: 'loud' }, /LOG_LEVEL/],
    ['a generative timeout of zero', { GENERATIVE_TIMEOUT_MS: '0' }, /GENERATIVE_TIMEOUT_MS/],
    ['an unknown search thread', { SEARCH_THREAD: 'gpu' }, /SEARCH_THREAD/],
  ];
  for (const [name, env, pattern] of bad) {
    it(`refuses ${name} with a message naming the variable`, () => {
      const result = parseConfig(env);
      assert.ok(!result.ok);
      assert.match(result.error, /^Invalid configuration:/);
      assert.match(result.error, pattern);
    });
  }
});
