import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { failWith, succeed, type Result } from '../services/result';
import { crossReferenceErrors, entrySchema, type KnowledgeEntry } from './schema';

export const defaultEntriesDir = path.join(__dirname, 'entries');

/** The entries, or every problem found (one line each, naming its file). */
export type LoadResult = Result<readonly KnowledgeEntry[], readonly string[]>;

const idOf = (data: unknown): string | undefined =>
  typeof data === 'object' && data !== null && 'id' in data && typeof data.id === 'string' ? data.id : undefined;

/** Reads every `<id>.yaml` in the folder and validates each file and the set; editors get every problem at once. */
export async function loadKnowledgeBase(dir: string = defaultEntriesDir): Promise<LoadResult> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.yaml') || f.endsWith('.yml')).sort();
  const errors: string[] = [];
  const entries: KnowledgeEntry[] = [];
  const entryFiles: string[] = [];
  const knownIds: string[] = [];
  for (const file of files) {
    let data: unknown;
    try {
      data = parse(await readFile(path.join(dir, file), 'utf8'));
    } catch (err) {
      errors.push(`${file}: ${(err as Error).message}`);
      continue;
    }
    const id = idOf(data);
    if (id !== file.replace(/\.ya?ml$/, '')) errors.push(`${file}: id "${id ?? ''}" must match the file name`);
    if (id) knownIds.push(id);
    const parsed = entrySchema.safeParse(data);
    if (parsed.success) {
      entries.push(parsed.data);
      entryFiles.push(file);
    } else {
      for (const issue of parsed.error.issues)
        errors.push(`${file}: ${issue.path.join('.')} ${issue.message}`.replace(/\s+/g, ' '));
    }
  }
  if (files.length === 0) errors.push(`${dir}: no entries`);
  for (const { index, message } of crossReferenceErrors(entries, knownIds))
    errors.push(`${entryFiles[index] ?? dir}: ${message}`);
  return errors.length > 0 ? failWith(errors) : succeed(entries);
}
