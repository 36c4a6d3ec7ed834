import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { languageSchema } from '../knowledge/schema';

export const feedbackRecordSchema = z.strictObject({
  at: z.iso.datetime(),
  entryId: z.string().min(1),
  language: languageSchema,
  vote: z.enum(['up', 'down']),
  question: z.string().max(500).optional(),
  generated: z.boolean().default(false),
  /** The answer card voted on: one vote per card is kept. */
  cardId: z.string().min(1).max(100).optional(),
});
export type FeedbackRecord = z.infer<typeof feedbackRecordSchema>;

export const unansweredRecordSchema = z.strictObject({
  at: z.iso.datetime(),
  question: z.string().max(500),
  language: languageSchema,
  outcome: z.enum(['none', 'ambiguous', 'none-of-these']),
  candidates: z.array(z.string()).default([]),
  /** The "Did you mean" card whose "None of these" was pressed: counted once per card. */
  cardId: z.string().min(1).max(100).optional(),
});
export type UnansweredRecord = z.infer<typeof unansweredRecordSchema>;

export interface KnowledgeReport {
  readonly unanswered: readonly {
    readonly question: string;
    readonly count: number;
    readonly languages: readonly string[];
  }[];
  readonly downVoted: readonly { readonly entryId: string; readonly down: number; readonly up: number }[];
}

/** What editors learn from users: votes on answers and the questions the bot could not answer. */
export interface FeedbackStore {
  /** False when this card's vote was already recorded (a second click): nothing is written. */
  recordFeedback(record: FeedbackRecord): Promise<boolean>;
  /** False when this card's "None of these" was already recorded. */
  recordUnanswered(record: UnansweredRecord): Promise<boolean>;
  report(limit: number): Promise<KnowledgeReport>;
  /** Resolves once everything recorded so far is on disk. */
  flush(): Promise<void>;
  close(): Promise<void>;
}

const normalizeQuestion = (q: string): string =>
  q
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/[?!.\s]+$/, '')
    .trim();

/**
 * Append-only JSON Lines files in DATA_DIR, easy to read for editors. Each file keeps one append
 * stream open, so a record costs one buffered write on the turn's hot path, not an open/close.
 */
export class JsonlFeedbackStore implements FeedbackStore {
  private readonly feedbackFile: string;
  private readonly unansweredFile: string;
  private readonly streams = new Map<string, Promise<WriteStream>>();
  private readonly pending = new Set<Promise<void>>();
  /** The cards already counted, read from the files once, so a click after a restart is not counted again. */
  private counted: Promise<Set<string>> | undefined;

  constructor(private readonly dataDir: string) {
    this.feedbackFile = path.join(dataDir, 'feedback.jsonl');
    this.unansweredFile = path.join(dataDir, 'unanswered.jsonl');
  }

  async recordFeedback(record: FeedbackRecord): Promise<boolean> {
    const parsed = feedbackRecordSchema.parse(record);
    if (!(await this.firstFor('vote', parsed.cardId))) return false;
    await this.append(this.feedbackFile, parsed);
    return true;
  }

  async recordUnanswered(record: UnansweredRecord): Promise<boolean> {
    const parsed = unansweredRecordSchema.parse(record);
    if (!(await this.firstFor(parsed.outcome, parsed.cardId))) return false;
    await this.append(this.unansweredFile, parsed);
    return true;
  }

  /** True the first time a card is counted for this kind of record; records without a card always count. */
  private async firstFor(kind: string, cardId: string | undefined): Promise<boolean> {
    if (cardId === undefined) return true;
    this.counted ??= this.readCounted();
    const counted = await this.counted;
    const key = `${kind}/${cardId}`;
    // Checked and taken in one synchronous step, so two clicks at once cannot both count.
    if (counted.has(key)) return false;
    counted.add(key);
    return true;
  }

  private async readCounted(): Promise<Set<string>> {
    const [votes, unanswered] = await Promise.all([
      this.read(this.feedbackFile, feedbackRecordSchema),
      this.read(this.unansweredFile, unansweredRecordSchema),
    ]);
    return new Set([
      ...votes.flatMap((r) => (r.cardId ? [`vote/${r.cardId}`] : [])),
      ...unanswered.flatMap((r) => (r.cardId ? [`${r.outcome}/${r.cardId}`] : [])),
    ]);
  }

  async report(limit: number): Promise<KnowledgeReport> {
    await this.flush();
    const unanswered = new Map<string, { question: string; count: number; languages: Set<string> }>();
    for (const r of await this.read(this.unansweredFile, unansweredRecordSchema)) {
      const key = normalizeQuestion(r.question);
      const row = unanswered.get(key) ?? { question: r.question, count: 0, languages: new Set<string>() };
      row.count += 1;
      row.languages.add(r.language);
      unanswered.set(key, row);
    }
    const votes = new Map<string, { entryId: string; down: number; up: number }>();
    for (const r of await this.read(this.feedbackFile, feedbackRecordSchema)) {
      const row = votes.get(r.entryId) ?? { entryId: r.entryId, down: 0, up: 0 };
      row[r.vote] += 1;
      votes.set(r.entryId, row);
    }
    return {
      unanswered: [...unanswered.values()]
        .sort((a, b) => b.count - a.count)
        .slice(0, limit)
        .map((r) => ({ question: r.question, count: r.count, languages: [...r.languages].sort() })),
      downVoted: [...votes.values()]
        .filter((r) => r.down > 0)
        .sort((a, b) => b.down - a.down || a.up - b.up)
        .slice(0, limit),
    };
  }

  async flush(): Promise<void> {
    await Promise.all([...this.pending]);
  }

  async close(): Promise<void> {
    await this.flush();
    const streams = await Promise.all([...this.streams.values()]);
    this.streams.clear();
    await Promise.all(streams.map((stream) => new Promise<void>((resolve) => stream.end(resolve))));
  }

  private append(file: string, record: object): Promise<void> {
    const line = `${JSON.stringify(record)}\n`;
    const write = this.stream(file).then(
      (stream) =>
        new Promise<void>((resolve, reject) => stream.write(line, 'utf8', (err) => (err ? reject(err) : resolve()))),
    );
    this.pending.add(write);
    const forget = (): void => void this.pending.delete(write);
    write.then(forget, forget);
    return write;
  }

  private stream(file: string): Promise<WriteStream> {
    let stream = this.streams.get(file);
    if (!stream) {
      stream = mkdir(this.dataDir, { recursive: true }).then(() =>
        createWriteStream(file, { flags: 'a', encoding: 'utf8' }),
      );
      this.streams.set(file, stream);
    }
    return stream;
  }

  private async read<T>(file: string, schema: z.ZodType<T>): Promise<T[]> {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    // A line an editor mangled by hand is skipped rather than failing the whole report.
    return text.split('\n').flatMap((line) => {
      if (!line.trim()) return [];
      try {
        const parsed = schema.safeParse(JSON.parse(line));
        return parsed.success ? [parsed.data] : [];
      } catch {
        return [];
      }
    });
  }
}
