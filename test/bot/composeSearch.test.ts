import assert from 'node:assert/strict';
import {
  TeamsActivityHandler,
  TestAdapter,
  type Activity,
  type InvokeResponse,
  type MessagingExtensionQuery,
  type MessagingExtensionResponse,
  type TurnContext,
} from 'botbuilder';
import { ComposeSearch, previewText } from '../../src/bot/composeSearch';
import { iconUrl } from '../../src/http/iconRoute';
import { popularEntryIds, strings, type Language } from '../../src/i18n';
import type { FaqEngine } from '../../src/knowledge/faqEngine';
import { InlineFaqSearch } from '../../src/knowledge/faqSearch';
import { maxQueryLength } from '../../src/knowledge/text';
import { realEngine, silentLogger } from '../support/fixtures';

const publicUrl = 'https://bot.contoso.test/';

/** The same delegation as TeamsBot's, on the SDK's own Teams handler (its invoke dispatch and status mapping). */
class ComposeOnlyBot extends TeamsActivityHandler {
  constructor(private readonly compose: ComposeSearch) {
    super();
  }

  protected override handleTeamsMessagingExtensionQuery(
    context: TurnContext,
    query: MessagingExtensionQuery,
  ): Promise<MessagingExtensionResponse> {
    return this.compose.query(query, context.activity.locale);
  }
}

interface Preview {
  readonly title: string;
  readonly text: string;
  readonly images: readonly { readonly url: string }[];
}
interface Result {
  readonly contentType: string;
  readonly content: Record<string, unknown>;
  readonly preview: { readonly contentType: string; readonly content: Preview };
}
interface Body {
  readonly composeExtension: {
    readonly type: string;
    readonly attachmentLayout?: string;
    readonly attachments?: readonly Result[];
    readonly text?: string;
  };
}

describe('compose-box search (composeExtension/query through TeamsActivityHandler)', function () {
  this.timeout(60_000);
  let engine: FaqEngine;
  let bot: ComposeOnlyBot;

  before(async () => {
    engine = await realEngine();
    const compose = new ComposeSearch({
      engine,
      search: new InlineFaqSearch(engine),
      iconUrl: iconUrl(publicUrl),
      logger: silentLogger,
    });
    bot = new ComposeOnlyBot(compose);
  });

  /** Runs one invoke turn on a TestAdapter and returns the invoke response the handler produced. */
  async function invoke(value: unknown, locale = 'en-US'): Promise<InvokeResponse> {
    const adapter = new TestAdapter();
    const activity: Partial<Activity> = { type: 'invoke', name: 'composeExtension/query', value, locale };
    await adapter.processActivity(activity, (context) => bot.run(context));
    const sent = adapter.activeQueue.find((a) => a.type === 'invokeResponse');
    assert.ok(sent, 'no invoke response');
    return sent.value as InvokeResponse;
  }
  const query = (text: string, locale?: string): Promise<InvokeResponse> =>
    invoke({ commandId: 'searchFaq', parameters: [{ name: 'query', value: text }] }, locale);
  const body = (response: InvokeResponse): Body => {
    assert.equal(response.status, 200);
    return response.body as Body;
  };
  const titles = (response: InvokeResponse): string[] =>
    (body(response).composeExtension.attachments ?? []).map((a) => a.preview.content.title);
  const popular = (language: Language): string[] =>
    popularEntryIds.map((id) => engine.index.get(id)?.[language].title ?? `(missing ${id})`);

  it('lists English answers: a thumbnail (title, first sentence, app icon) and the answer card to insert', async () => {
    const { composeExtension } = body(await query('reassign visual studio'));
    assert.equal(composeExtension.type, 'result');
    assert.equal(composeExtension.attachmentLayout, 'list');
    const [first] = composeExtension.attachments ?? [];
    assert.ok(first);
    const entry = engine.index.get('vs-reassign');
    assert.ok(entry);
    assert.equal(first.preview.contentType, 'application/vnd.microsoft.card.thumbnail');
    assert.equal(first.preview.content.title, entry.en.title);
    assert.equal(first.preview.content.text, previewText(entry.en.answer));
    assert.ok(entry.en.answer.startsWith(first.preview.content.text.replace(/…$/, '').slice(0, 20)));
    assert.deepEqual(
      first.preview.content.images.map((i) => i.url),
      ['https://bot.contoso.test/icon.png'],
    );
    assert.equal(first.contentType, 'application/vnd.microsoft.card.adaptive');
    assert.equal(first.content.type, 'AdaptiveCard');
    assert.ok(JSON.stringify(first.content).includes(entry.en.title), 'the inserted card is the answer card');
  });

  it('answers a French query in French, even from an English client', async () => {
    const found = titles(await query('comment réattribuer un abonnement Visual Studio', 'en-US'));
    assert.equal(found[0], engine.index.get('vs-reassign')?.fr.title);
  });

  it('shows the most asked questions for an empty box and on initialRun, in the Teams locale', async () => {
    assert.deepEqual(titles(await query('', 'fr-FR')), popular('fr'));
    assert.deepEqual(titles(await query('   ', 'en-US')), popular('en'));
    const initialRun = { commandId: 'searchFaq', parameters: [{ name: 'initialRun', value: 'true' }] };
    assert.deepEqual(titles(await invoke(initialRun, 'fr-FR')), popular('fr'));
    assert.deepEqual(titles(await invoke(initialRun, 'en-GB')), popular('en'));
  });

  it('says so, with help text, when nothing matches (a plain text message result)', async () => {
    const en = body(await query('weather in tokyo')).composeExtension;
    assert.deepEqual(en, { type: 'message', text: strings.en.composeNoMatch('weather in tokyo') });
    assert.match(en.text ?? '', /weather in tokyo/);
    const question = 'recette de la tarte aux pommes';
    const fr = body(await query(question, 'fr-FR')).composeExtension;
    assert.deepEqual(fr, { type: 'message', text: strings.fr.composeNoMatch(question) });
    assert.notEqual(strings.fr.composeNoMatch(question), strings.en.composeNoMatch(question));
  });

  it(`says a query over ${maxQueryLength} characters is too long, in its language, not echoing it`, async () => {
    const words = (unit: string): string => unit.repeat(Math.ceil((maxQueryLength + 1) / unit.length));
    const en = body(await query(words('renew action pack '))).composeExtension;
    assert.deepEqual(en, { type: 'message', text: strings.en.composeTooLong });
    const fr = body(await query(words('renouveler mon adhésion '), 'en-US')).composeExtension;
    assert.deepEqual(fr, { type: 'message', text: strings.fr.composeTooLong });
    // At the bound itself the words are searched as usual.
    const atBound = 'renew action pack '.repeat(40).slice(0, maxQueryLength);
    assert.equal(body(await query(atBound)).composeExtension.type, 'result');
  });

  it('pages with queryOptions: a skip past the results returns an empty list', async () => {
    const value = (skip: number, count: number): unknown => ({
      commandId: 'searchFaq',
      parameters: [{ name: 'query', value: '' }],
      queryOptions: { skip, count },
    });
    assert.deepEqual(titles(await invoke(value(1, 2))), popular('en').slice(1, 3));
    const { composeExtension } = body(await invoke(value(25, 25)));
    assert.equal(composeExtension.type, 'result');
    assert.deepEqual(composeExtension.attachments, []);
  });

  const malformed: Record<string, unknown> = {
    'no value at all': undefined,
    'missing parameters': { commandId: 'searchFaq' },
    'parameters: "x"': { commandId: 'searchFaq', parameters: 'x' },
    'an empty parameters list': { commandId: 'searchFaq', parameters: [] },
    'a non-string value': { commandId: 'searchFaq', parameters: [{ name: 'query', value: 42 }] },
    'a parameter without a name': { commandId: 'searchFaq', parameters: [{ value: 'renewal' }] },
    'no query or initialRun parameter': { commandId: 'searchFaq', parameters: [{ name: 'other', value: 'x' }] },
    'an unknown commandId': { commandId: 'searchTickets', parameters: [{ name: 'query', value: 'renewal' }] },
    'a negative skip': {
      commandId: 'searchFaq',
      parameters: [{ name: 'query', value: 'renewal' }],
      queryOptions: { skip: -1, count: 25 },
    },
  };
  for (const [name, value] of Object.entries(malformed)) {
    it(`answers 400, without throwing, for ${name}`, async () => {
      const response = await invoke(value);
      assert.equal(response.status, 400);
      assert.equal(response.body, undefined);
    });
  }
});

describe('previewText', () => {
  it('keeps the first sentence as plain text', () => {
    assert.equal(
      previewText('Open **Benefits** in [Partner Center](https://partner.microsoft.com). Then press `Activate`.'),
      'Open Benefits in Partner Center.',
    );
    assert.equal(previewText('Quand renouveler ? Pendant la période.'), 'Quand renouveler ?');
    assert.equal(previewText('1. Moins de 30 jours ? Réglez les frais.\n2. Au-delà ?'), 'Moins de 30 jours ?');
  });

  it('cuts a long sentence after its last whole word, with an ellipsis', () => {
    assert.equal(previewText(`${'word '.repeat(60)}end.`, 40), `${'word '.repeat(7)}word…`);
    assert.equal(previewText('Yes, once ninety days, remove the holder.', 16), 'Yes, once…');
    assert.equal(previewText('x'.repeat(50), 10), `${'x'.repeat(9)}…`);
  });
});
