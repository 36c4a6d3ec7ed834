import assert from 'node:assert/strict';
import type { FaqEngine } from '../../src/knowledge/faqEngine';
import { InlineFaqSearch } from '../../src/knowledge/faqSearch';
import { AnswerService } from '../../src/services/answerService';
import { JsonlFeedbackStore } from '../../src/services/feedbackStore';
import { OpenAiAnswerer } from '../../src/services/generative';
import { FakeOpenAi } from '../support/fakeOpenAi';
import { realEngine, silentLogger, tempDir, testConfig } from '../support/fixtures';

describe('generative answers against an OpenAI-compatible server on 127.0.0.1', () => {
  let fake: FakeOpenAi;
  let baseUrl: string;
  let engine: FaqEngine;
  let data: Awaited<ReturnType<typeof tempDir>>;

  before(async () => {
    engine = await realEngine();
    fake = new FakeOpenAi();
    baseUrl = await fake.start();
    data = await tempDir();
  });
  after(async () => {
    await fake.stop();
    await data.remove();
  });
  beforeEach(() => {
    fake.requests.length = 0;
  });

  function service(env: NodeJS.ProcessEnv): AnswerService {
    const config = testConfig(env);
    assert.notEqual(config.generative.kind, 'none');
    if (config.generative.kind === 'none') throw new Error('unreachable');
    return new AnswerService({
      search: new InlineFaqSearch(engine),
      feedback: new JsonlFeedbackStore(data.dir),
      generative: new OpenAiAnswerer(config.generative, config.generativeTimeoutMs, silentLogger),
      logger: silentLogger,
    });
  }
  const openAi = (extra: NodeJS.ProcessEnv = {}): AnswerService =>
    service({ OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: `${baseUrl}/v1`, OPENAI_MODEL: 'gpt-test', ...extra });

  it('answers from the retrieved entries and keeps the citations the model used', async () => {
    fake.behaviour = {
      kind: 'reply',
      content: () => 'The window opens the day after your anniversary and lasts 30 days [1].',
    };
    const reply = await openAi().ask('when can I renew my action pack', 'en-US');
    assert.equal(reply.kind, 'answer');
    assert.ok(reply.kind === 'answer' && reply.generated);
    assert.match(reply.generated.text, /30 days \[1\]/);
    assert.equal(reply.generated.citations[0]?.n, 1);
    assert.equal(reply.entry.id, reply.generated.citations[0]?.entry.id);

    const [request] = fake.requests;
    assert.ok(request);
    assert.equal(request.url, '/v1/chat/completions');
    assert.equal(request.headers.authorization, 'Bearer sk-test');
    assert.equal(request.body.model, 'gpt-test');
    const system = request.body.messages?.[0]?.content ?? '';
    assert.match(system, /ONLY the numbered sources/);
    assert.match(system, /NO_ANSWER/);
    assert.match(system, /\[1\] .*renew/i, 'the best entry is source [1]');
    assert.equal(request.body.messages?.[1]?.content, 'when can I renew my action pack');
  });

  it('asks for the answer in French when the question is French', async () => {
    fake.behaviour = {
      kind: 'reply',
      content: () => 'La période s’ouvre le lendemain de la date anniversaire et dure 30 jours [1].',
    };
    const reply = await openAi().ask('quand renouveler mon action pack ?', 'fr-FR');
    assert.equal(reply.language, 'fr');
    assert.match(fake.requests[0]?.body.messages?.[0]?.content ?? '', /Answer in French/);
  });

  it('declines when the model says the sources do not support an answer', async () => {
    fake.behaviour = { kind: 'reply', content: () => 'NO_ANSWER' };
    const reply = await openAi().ask('what is the weather in Paris tomorrow', 'en-US');
    assert.equal(reply.kind, 'none');
  });

  it('does not show an answer that cites no source', async () => {
    fake.behaviour = { kind: 'reply', content: () => 'Renewals are easy, just call us.' };
    const reply = await openAi().ask('when can I renew my action pack', 'en-US');
    assert.ok(reply.kind === 'answer');
    assert.equal(reply.generated, undefined, 'falls back to the offline entry');
  });

  it('falls back to the offline answer on a server error, without retrying', async () => {
    fake.behaviour = { kind: 'status', status: 500 };
    const reply = await openAi().ask('when can I renew my action pack', 'en-US');
    assert.ok(reply.kind === 'answer');
    assert.equal(reply.generated, undefined);
    assert.equal(reply.entry.id, 'renewal-window');
    assert.equal(fake.requests.length, 1);
  });

  it('falls back to the offline answer on 429 too', async () => {
    fake.behaviour = { kind: 'status', status: 429 };
    const reply = await openAi().ask('when can I renew my action pack', 'en-US');
    assert.ok(reply.kind === 'answer' && reply.generated === undefined);
  });

  it('gives up after the time budget and answers offline', async () => {
    fake.behaviour = { kind: 'reply', content: () => 'late [1]', delayMs: 3000 };
    const started = Date.now();
    const reply = await openAi({ GENERATIVE_TIMEOUT_MS: '300' }).ask('when can I renew my action pack', 'en-US');
    const elapsed = Date.now() - started;
    assert.ok(reply.kind === 'answer' && reply.generated === undefined);
    assert.ok(elapsed < 2000, `waited ${elapsed} ms`);
  });

  it('talks to Azure OpenAI on the deployment route with the api-key header', async () => {
    fake.behaviour = { kind: 'reply', content: () => 'Yes, after 90 days [1].' };
    const reply = await service({
      AZURE_OPENAI_ENDPOINT: baseUrl,
      AZURE_OPENAI_API_KEY: 'azure-key',
      AZURE_OPENAI_DEPLOYMENT: 'benefits-gpt',
      AZURE_OPENAI_API_VERSION: '2024-10-21',
    }).ask('can I reassign a visual studio subscription', 'en-US');
    assert.ok(reply.kind === 'answer' && reply.generated);
    const [request] = fake.requests;
    assert.ok(request);
    assert.match(request.url, /^\/openai\/deployments\/benefits-gpt\/chat\/completions\?api-version=2024-10-21/);
    assert.equal(request.headers['api-key'], 'azure-key');
  });
});
