import OpenAI, { AzureOpenAI } from 'openai';
import type { Logger } from 'pino';
import type { GenerativeConfig } from '../config';
import { localeOf } from '../i18n/locales';
import type { KnowledgeEntry, Language } from '../knowledge/schema';

/** A source the model cited, with the number it used in the text ("[n]"). */
export interface Citation {
  readonly n: number;
  readonly entry: KnowledgeEntry;
}

export type GenerativeResult =
  | { readonly kind: 'answer'; readonly text: string; readonly citations: readonly Citation[] }
  | { readonly kind: 'declined' }
  | { readonly kind: 'failed'; readonly reason: 'timeout' | 'error'; readonly detail: string };

/** Writes an answer grounded in the retrieved entries only. */
export interface GenerativeAnswerer {
  answer(question: string, language: Language, sources: readonly KnowledgeEntry[]): Promise<GenerativeResult>;
}

export const noAnswerToken = 'NO_ANSWER';

export function buildMessages(
  question: string,
  language: Language,
  sources: readonly KnowledgeEntry[],
): OpenAI.ChatCompletionMessageParam[] {
  const numbered = sources
    .map((entry, i) => {
      const l = entry[language];
      return `[${i + 1}] ${l.title}\n${l.answer}\n${l.details}`;
    })
    .join('\n\n');
  const system = [
    'You help the staff of Microsoft partner companies with Microsoft Partner Network (MPN) membership benefits.',
    `Answer in ${localeOf(language).englishName}, in at most three short sentences, ` +
      'using ONLY the numbered sources below.',
    'After each fact, cite the source it comes from as [n]. ' +
      'Do not add facts, numbers, links or advice that the sources do not state.',
    'If the sources do not answer the question, or the question is about anything else, ' +
      `reply with exactly ${noAnswerToken}.`,
    '',
    'Sources:',
    numbered,
  ].join('\n');
  return [
    { role: 'system', content: system },
    { role: 'user', content: question },
  ];
}

/** Maps "[2]" markers back to the entries; an answer citing nothing it was given is not grounded. */
export function parseCitations(text: string, sources: readonly KnowledgeEntry[]): Citation[] {
  const cited = new Set<number>();
  for (const match of text.matchAll(/\[(\d+)\]/g)) cited.add(Number(match[1]));
  return [...cited]
    .sort((a, b) => a - b)
    .flatMap((n) => {
      const entry = sources[n - 1];
      return entry ? [{ n, entry }] : [];
    });
}

export class OpenAiAnswerer implements GenerativeAnswerer {
  private readonly client: OpenAI;
  private readonly model: string;

  constructor(
    config: Exclude<GenerativeConfig, { kind: 'none' }>,
    private readonly budgetMs: number,
    private readonly logger: Logger,
  ) {
    // Retries would eat the budget; the offline answer is the retry.
    if (config.kind === 'azure') {
      this.client = new AzureOpenAI({
        endpoint: config.endpoint,
        apiKey: config.apiKey,
        deployment: config.deployment,
        apiVersion: config.apiVersion,
        maxRetries: 0,
      });
      this.model = config.deployment;
    } else {
      this.client = new OpenAI({ apiKey: config.apiKey, baseURL: config.baseURL, maxRetries: 0 });
      this.model = config.model;
    }
  }

  async answer(question: string, language: Language, sources: readonly KnowledgeEntry[]): Promise<GenerativeResult> {
    const started = Date.now();
    try {
      const completion = await this.client.chat.completions.create(
        { model: this.model, messages: buildMessages(question, language, sources), temperature: 0, max_tokens: 300 },
        { signal: AbortSignal.timeout(this.budgetMs), timeout: this.budgetMs },
      );
      const text = completion.choices[0]?.message.content?.trim() ?? '';
      this.logger.debug({ ms: Date.now() - started, model: this.model }, 'generative answer');
      if (!text || text.includes(noAnswerToken)) return { kind: 'declined' };
      const citations = parseCitations(text, sources);
      return citations.length > 0 ? { kind: 'answer', text, citations } : { kind: 'declined' };
    } catch (err) {
      const timedOut =
        Date.now() - started >= this.budgetMs - 50 ||
        (err instanceof Error && /abort|timed? ?out/i.test(err.name + err.message));
      const detail = err instanceof Error ? err.message : String(err);
      this.logger.warn({ ms: Date.now() - started, detail }, 'generative answer failed, using the offline answer');
      return { kind: 'failed', reason: timedOut ? 'timeout' : 'error', detail };
    }
  }
}
