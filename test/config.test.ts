import assert from 'node:assert/strict';
import path from 'node:path';
import { parseConfig } from '../src/config';
import { parsePartnerApiConfig } from '../src/scriptConfig';

describe('config', () => {
  it('runs with nothing set: port 3978, ./.data, no auth, offline answers', () => {
    const result = parseConfig({});
    assert.ok(result.ok);
    assert.equal(result.value.port, 3978);
    assert.equal(result.value.dataDir, path.resolve('.data'));
    assert.equal(result.value.botAuth.MicrosoftAppId, undefined);
    assert.equal(result.value.botAuth.MicrosoftAppType, 'MultiTenant');
    assert.deepEqual(result.value.generative, { kind: 'none' });
    assert.equal(result.value.generativeTimeoutMs, 8000);
    assert.equal(result.value.searchThread, 'main');
  });

  it('can move the search to its own thread', () => {
    const result = parseConfig({ SEARCH_THREAD: 'worker' });
    assert.ok(result.ok);
    assert.equal(result.value.searchThread, 'worker');
  });

  it('reads the standard Bot Framework variables', () => {
    const result = parseConfig({
      MicrosoftAppId: 'app',
      MicrosoftAppPassword: 'secret',
      MicrosoftAppType: 'SingleTenant',
      MicrosoftAppTenantId: 'tenant',
    });
    assert.ok(result.ok);
    assert.deepEqual(result.value.botAuth, {
      MicrosoftAppId: 'app',
      MicrosoftAppPassword: 'secret',
      MicrosoftAppType: 'SingleTenant',
      MicrosoftAppTenantId: 'tenant',
    });
  });

  it('authenticates callers when an app id is set, and points the key lookup where told', () => {
    const on = parseConfig({
      MicrosoftAppId: 'app',
      MicrosoftAppPassword: 'secret',
      ToBotFromChannelOpenIdMetadataUrl: 'http://127.0.0.1:9/v1/.well-known/openidconfiguration',
    });
    assert.ok(on.ok);
    assert.deepEqual(on.value.inbound, {
      kind: 'token',
      openIdMetadataUrl: 'http://127.0.0.1:9/v1/.well-known/openidconfiguration',
    });
    assert.equal(
      on.value.botAuth.ToBotFromChannelOpenIdMetadataUrl,
      'http://127.0.0.1:9/v1/.well-known/openidconfiguration',
    );
    const off = parseConfig({});
    assert.ok(off.ok);
    assert.deepEqual(off.value.inbound, { kind: 'none', explicit: false, allowedServiceOrigins: [] });
  });

  it('runs production without authentication only when told so explicitly', () => {
    const result = parseConfig({
      NODE_ENV: 'production',
      ALLOW_UNAUTHENTICATED: 'TRUE',
      ALLOWED_SERVICE_URLS: 'https://relay.contoso.test/api/, http://10.0.0.5:8080',
    });
    assert.ok(result.ok);
    assert.deepEqual(result.value.inbound, {
      kind: 'none',
      explicit: true,
      allowedServiceOrigins: ['https://relay.contoso.test', 'http://10.0.0.5:8080'],
    });
  });

  it('has edge limits by default: 256 KB bodies, 20 generated answers a minute, links to sources only', () => {
    const result = parseConfig({});
    assert.ok(result.ok);
    assert.equal(result.value.maxBodyBytes, 262_144);
    assert.deepEqual(result.value.generativeLimits, { perUserPerMinute: 20, allowedDomains: [] });
    const set = parseConfig({ GENERATIVE_ALLOWED_DOMAINS: 'Learn.Microsoft.com, ,partner.microsoft.com' });
    assert.ok(set.ok);
    assert.deepEqual(set.value.generativeLimits.allowedDomains, ['learn.microsoft.com', 'partner.microsoft.com']);
  });

  it('treats empty strings as unset', () => {
    const result = parseConfig({ MicrosoftAppId: '', MicrosoftAppPassword: '', OPENAI_API_KEY: '' });
    assert.ok(result.ok);
    assert.equal(result.value.botAuth.MicrosoftAppId, undefined);
    assert.deepEqual(result.value.generative, { kind: 'none' });
  });

  it('chooses OpenAI or Azure OpenAI from what is set', () => {
    const openai = parseConfig({ OPENAI_API_KEY: 'sk', OPENAI_BASE_URL: 'http://127.0.0.1:1/v1' });
    assert.ok(openai.ok);
    assert.deepEqual(openai.value.generative, {
      kind: 'openai',
      apiKey: 'sk',
      baseURL: 'http://127.0.0.1:1/v1',
      model: 'gpt-4o-mini',
    });
    const azure = parseConfig({
      AZURE_OPENAI_ENDPOINT: 'https://x.openai.azure.com',
      AZURE_OPENAI_API_KEY: 'k',
      AZURE_OPENAI_DEPLOYMENT: 'gpt',
    });
    assert.ok(azure.ok);
    assert.equal(azure.value.generative.kind, 'azure');
  });

  it('takes PORT=0 as "any free port" (the tests use it) and a set port as given', () => {
    const zero = parseConfig({ PORT: '0' });
    assert.ok(zero.ok);
    assert.equal(zero.value.port, 0);
    const set = parseConfig({ PORT: ' 8080 ' });
    assert.ok(set.ok);
    assert.equal(set.value.port, 8080);
  });

  it('reads the partner API script settings with the same port rule', () => {
    const defaults = parsePartnerApiConfig({});
    assert.ok(defaults.ok);
    assert.deepEqual(defaults.value, {
      port: 3979,
      token: 'dev-token',
      dataDir: path.resolve('.data'),
      activationDelaySeconds: 120,
      logLevel: 'info',
    });
    const empty = parsePartnerApiConfig({ PORT_PARTNER_API: '' });
    assert.ok(!empty.ok);
    assert.match(empty.error, /PORT_PARTNER_API: is empty/);
  });

  it('says one thing of an empty port, not the number check as well', () => {
    const result = parseConfig({ PORT: '' });
    assert.ok(!result.ok);
    assert.equal(result.error.split('\n').filter((line) => line.includes('PORT')).length, 1, result.error);
  });

  const bad: [string, NodeJS.ProcessEnv, RegExp][] = [
    ['an empty port (not port 0, a random one)', { PORT: '' }, /PORT: is empty/],
    ['a blank port', { PORT: '  ' }, /PORT: is empty/],
    ['a negative port', { PORT: '-1' }, /PORT: must be a port number/],
    ['a fractional port', { PORT: '80.5' }, /PORT: must be a port number/],
    ['an empty DATA_DIR', { DATA_DIR: '' }, /DATA_DIR: is empty/],
    ['a port that is not a number', { PORT: 'abc' }, /PORT/],
    ['a port out of range', { PORT: '70000' }, /PORT/],
    ['an unknown app type', { MicrosoftAppType: 'Whatever' }, /MicrosoftAppType/],
    [
      'single tenant without a tenant id',
      { MicrosoftAppType: 'SingleTenant', MicrosoftAppId: 'a', MicrosoftAppPassword: 'p' },
      /MicrosoftAppTenantId/,
    ],
    ['an app id without its password', { MicrosoftAppId: 'a' }, /MicrosoftAppPassword/],
    [
      'an Azure endpoint without key and deployment',
      { AZURE_OPENAI_ENDPOINT: 'https://x.openai.azure.com' },
      /AZURE_OPENAI_ENDPOINT/,
    ],
    ['an unknown log level', { LOG_LEVEL: 'loud' }, /LOG_LEVEL/],
    ['a generative timeout of zero', { GENERATIVE_TIMEOUT_MS: '0' }, /GENERATIVE_TIMEOUT_MS/],
    ['an unknown search thread', { SEARCH_THREAD: 'gpu' }, /SEARCH_THREAD/],
    ['production without an app id', { NODE_ENV: 'production' }, /MicrosoftAppId: is required in production/],
    ['a yes/no that is neither', { NODE_ENV: 'production', ALLOW_UNAUTHENTICATED: 'yes' }, /ALLOW_UNAUTHENTICATED/],
    ['a service URL list with a non-URL', { ALLOWED_SERVICE_URLS: 'https://ok.test, nope' }, /ALLOWED_SERVICE_URLS/],
    ['a body limit under 1 KB', { MAX_BODY_BYTES: '100' }, /MAX_BODY_BYTES/],
    ['a link domain that is a URL', { GENERATIVE_ALLOWED_DOMAINS: 'https://x.test/' }, /GENERATIVE_ALLOWED_DOMAINS/],
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
