import type { MessagingExtensionAttachment, MessagingExtensionResponse, ThumbnailCard } from 'botbuilder';
import type { Logger } from 'pino';
import { z } from 'zod';
import { answerCard } from '../../cards/answerCard';
import { popularEntryIds, strings } from '../i18n';
import type { FaqEngine } from '../knowledge/faqEngine';
import type { FaqSearch } from '../knowledge/faqSearch';
import type { KnowledgeEntry, Language } from '../knowledge/schema';
import { maxQueryLength } from '../knowledge/text';

/** The query command's id and its text parameter, as manifest/manifest.json declares them. */
export const composeCommandId = 'searchFaq';
export const composeQueryParameter = 'query';
/** The parameter Teams sends instead of the text when the command opens (the manifest's initialRun). */
export const initialRunParameter = 'initialRun';

/** At most this many answers: a short list to pick from, not a search page. */
const maxResults = 8;
/** The preview's text is one line in Teams' list; longer sentences are cut. */
const previewLength = 120;

const parameterSchema = z.object({ name: z.string(), value: z.string() });

/** The invoke's value; fields Teams may add later are ignored, a wrong shape is the caller's error (400). */
export const composeQuerySchema = z
  .object({
    commandId: z.literal(composeCommandId),
    parameters: z.array(parameterSchema).min(1),
    queryOptions: z
      .object({ skip: z.number().int().nonnegative().optional(), count: z.number().int().positive().optional() })
      .optional(),
  })
  .refine((q) => q.parameters.some((p) => p.name === composeQueryParameter || p.name === initialRunParameter), {
    message: `needs a "${composeQueryParameter}" or "${initialRunParameter}" parameter`,
    path: ['parameters'],
  });
export type ComposeQuery = z.infer<typeof composeQuerySchema>;

/**
 * TeamsActivityHandler answers a handler's Error('BadRequest') with a 400 invoke response (its onInvokeActivity
 * catch); an InvokeException thrown from a Teams handler would be rethrown there and end as a 500.
 */
export const badRequest = (): Error => new Error('BadRequest');

/** The answer's first sentence as plain text (no list marker): the preview is one short line, no Markdown. */
export function previewText(answer: string, max = previewLength): string {
  const plain = answer
    .split('\n')[0]
    ?.replace(/^\s*(\d+\.|[-*])\s+/, '')
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/\*\*|__|`/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  const line = plain ?? '';
  const sentence = /^.+?[.!?](?=\s|$)/.exec(line)?.[0] ?? line;
  if (sentence.length <= max) return sentence;
  // Cut at the last word that fits, so the line never ends inside a word.
  const cut = sentence.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut.slice(0, max - 1)).replace(/[\s,;:]+$/, '')}…`;
}

export interface ComposeSearchDeps {
  readonly engine: FaqEngine;
  readonly search: FaqSearch;
  /** The app icon at the bot's public URL (GET /icon.png), shown in every preview. */
  readonly iconUrl: string;
  readonly logger: Logger;
}

/** composeExtension/query: the FAQ searched from the compose box, each result an answer card to insert. */
export class ComposeSearch {
  constructor(private readonly deps: ComposeSearchDeps) {}

  /** Throws badRequest() for a malformed query; otherwise the results, or a plain text "nothing matches". */
  async query(value: unknown, locale: string | undefined): Promise<MessagingExtensionResponse> {
    const parsed = composeQuerySchema.safeParse(value);
    if (!parsed.success) {
      this.deps.logger.warn({ issues: parsed.error.issues }, 'malformed compose-box query');
      throw badRequest();
    }
    const { parameters, queryOptions } = parsed.data;
    const text = (parameters.find((p) => p.name === composeQueryParameter)?.value ?? '').trim();
    // The words' own language when they have some, else the Teams locale (as the chat does).
    const language = this.deps.engine.language(text, locale);
    // Longer than the search reads (a sentence or two): said so, rather than searched cut or echoed back whole.
    if (text.length > maxQueryLength) {
      return { composeExtension: { type: 'message', text: strings[language].composeTooLong } };
    }
    // An empty box (or the command opening) shows the questions people ask most.
    const entries = text
      ? (await this.deps.search.rank(text, language, maxResults)).filter((c) => c.coverage > 0).map((c) => c.entry)
      : this.deps.engine.index.getMany(popularEntryIds);
    if (entries.length === 0) {
      return { composeExtension: { type: 'message', text: strings[language].composeNoMatch(text) } };
    }
    const skip = queryOptions?.skip ?? 0;
    const page = entries.slice(skip, skip + (queryOptions?.count ?? maxResults));
    return {
      composeExtension: {
        type: 'result',
        attachmentLayout: 'list',
        attachments: page.map((entry) => this.result(entry, language, text)),
      },
    };
  }

  /** What Teams lists (the thumbnail) and what it inserts when picked (the answer card). */
  private result(entry: KnowledgeEntry, language: Language, question: string): MessagingExtensionAttachment {
    const loc = entry[language];
    const preview: Pick<ThumbnailCard, 'title' | 'text' | 'images'> = {
      title: loc.title,
      text: previewText(loc.answer),
      images: [{ url: this.deps.iconUrl, alt: strings[language].welcomeTitle }],
    };
    return {
      ...answerCard({ entry, language, question, followUps: [] }),
      preview: { contentType: 'application/vnd.microsoft.card.thumbnail', content: preview },
    };
  }
}
