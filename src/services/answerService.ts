import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { FaqSearch } from '../knowledge/faqSearch';
import type { KnowledgeEntry, Language } from '../knowledge/schema';
import type { FeedbackStore } from './feedbackStore';
import type { Citation, GenerativeAnswerer } from './generative';

export type Reply =
  | {
      readonly kind: 'answer';
      readonly language: Language;
      readonly entry: KnowledgeEntry;
      readonly generated?: { readonly text: string; readonly citations: readonly Citation[] };
    }
  | { readonly kind: 'ambiguous'; readonly language: Language; readonly candidates: readonly KnowledgeEntry[] }
  | { readonly kind: 'none'; readonly language: Language };

export interface AnswerServiceDeps {
  readonly search: FaqSearch;
  readonly feedback: FeedbackStore;
  /** The model, and how many generated answers each asker may get a minute (0: none, offline only). */
  readonly generative: { readonly answerer: GenerativeAnswerer; readonly perUserPerMinute: number } | undefined;
  readonly logger: Logger;
}

/** A short, stable stand-in for an asker's id in logs: enough to tell users apart, not to name them. */
const askerTag = (asker: string): string => createHash('sha256').update(asker).digest('hex').slice(0, 12);

/** Answers a question: the offline search always, the model on top when one is configured. */
export class AnswerService {
  /** Generated answers per asker this minute; undefined when the model is off or limited to none. */
  private readonly limiter: RateLimiterMemory | undefined;
  private readonly generative: GenerativeAnswerer | undefined;

  constructor(private readonly deps: AnswerServiceDeps) {
    const perMinute = deps.generative?.perUserPerMinute ?? 0;
    this.generative = perMinute > 0 ? deps.generative?.answerer : undefined;
    this.limiter = perMinute > 0 ? new RateLimiterMemory({ points: perMinute, duration: 60 }) : undefined;
  }

  /** True when answering may wait on the network (callers show a typing indicator first). */
  get slow(): boolean {
    return this.generative !== undefined;
  }

  /**
   * Answers `question` for `asker` (a stable id of who asks, e.g. the Entra object id): their generated
   * answers are limited per minute, the offline answer beyond.
   */
  async ask(question: string, locale: string | undefined, asker: string): Promise<Reply> {
    const { search, logger } = this.deps;
    const { generative } = this;
    const result = await search.ask(question, locale);
    const { language } = result;
    const offline: Reply =
      result.kind === 'answer'
        ? { kind: 'answer', language, entry: result.best.entry }
        : result.kind === 'ambiguous'
          ? { kind: 'ambiguous', language, candidates: result.candidates.map((c) => c.entry) }
          : { kind: 'none', language };

    let reply = offline;
    if (generative) {
      // The model may phrase an answer from entries just under the threshold, but only from those.
      const sources = (await search.rank(question, language, 3)).filter((c) => c.coverage > 0).map((c) => c.entry);
      if (sources.length > 0 && (await this.mayGenerate(asker))) {
        const generated = await generative.answer(question, language, sources);
        if (generated.kind === 'answer') {
          const entry = (generated.citations[0] as Citation).entry;
          reply = {
            kind: 'answer',
            language,
            entry,
            generated: { text: generated.text, citations: generated.citations },
          };
        } else if (generated.kind === 'declined' && offline.kind !== 'answer') {
          reply = { kind: 'none', language };
        }
      }
    }
    logger.info(
      {
        outcome: reply.kind,
        language,
        entry: reply.kind === 'answer' ? reply.entry.id : undefined,
        generated: reply.kind === 'answer' && !!reply.generated,
      },
      'faq turn',
    );
    if (reply.kind !== 'answer') {
      // Written behind the reply: the user should not wait on the disk for the editors' report.
      void this.deps.feedback
        .recordUnanswered({
          at: new Date().toISOString(),
          question: question.slice(0, 500),
          language,
          outcome: reply.kind,
          candidates: reply.kind === 'ambiguous' ? reply.candidates.map((c) => c.id) : [],
        })
        .catch((err: unknown) => logger.error({ err }, 'could not record an unanswered question'));
    }
    return reply;
  }

  /** Counts one generated answer for the asker; false beyond the limit (said in the log once a minute each). */
  private async mayGenerate(asker: string): Promise<boolean> {
    if (!this.limiter) return false;
    try {
      await this.limiter.consume(asker);
      return true;
    } catch (res: unknown) {
      if (!(res instanceof RateLimiterRes)) throw res;
      // The first refusal of the minute is the one past the limit; later ones would flood the log.
      if (res.consumedPoints === this.limiter.points + 1) {
        this.deps.logger.info(
          { asker: askerTag(asker), limit: this.limiter.points, resetInMs: res.msBeforeNext },
          'generated answers limit reached for this minute, answering offline',
        );
      }
      return false;
    }
  }
}
