import type { Logger } from 'pino';
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
  readonly generative: GenerativeAnswerer | undefined;
  readonly logger: Logger;
}

/** Answers a question: the offline search always, the model on top when one is configured. */
export class AnswerService {
  constructor(private readonly deps: AnswerServiceDeps) {}

  /** True when answering may wait on the network (callers show a typing indicator first). */
  get slow(): boolean {
    return this.deps.generative !== undefined;
  }

  async ask(question: string, locale: string | undefined): Promise<Reply> {
    const { search, generative, logger } = this.deps;
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
      if (sources.length > 0) {
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
}
