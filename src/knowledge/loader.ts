import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { knowledgeBaseSchema, type KnowledgeEntry } from './schema';

export const defaultEntriesDir = path.join(__dirname, 'entries');

export type LoadResult =
  | { readonly ok: true; readonly entries: readonly KnowledgeEntry[] }
  | { readonly ok: false; readonly errors: readonly string[] };

/** Reads every `<id>.yaml` in the folder and validates the whole set; editors get every problem at once. */
export async function loadKnowledgeBase(dir: string = defaultEntriesDir): Promise<LoadResult> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.yaml') || f.endsWith('.yml')).sort();
  const errors: string[] = [];
  const raw: unknown[] = [];
  for (const file of files) {
    try {
      const data: unknown = parse(await readFile(path.join(dir, file), 'utf8'));
      const id = typeof data === 'object' && data !== null && 'id' in data ? String(data.id) : undefined;
      if (id !== file.replace(/\.ya?ml$/, '')) errors.push(`${file}: id "${id ?? ''}" must match the file name`);
      raw.push(data);
    } catch (err) {
      errors.push(`${file}: ${(err as Error).message}`);
    }
  }
  if (files.length === 0) errors.push(`${dir}: no entries`);
  const parsed = knowledgeBaseSchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const [index, ...rest] = issue.path;
      const file = typeof index === 'number' ? files[index] : undefined;
      errors.push(`${file ?? dir}: ${rest.join('.')} ${issue.message}`.replace(/\s+/g, ' '));
    }
  }
  return errors.length > 0 || !parsed.success ? { ok: false, errors } : { ok: true, entries: parsed.data };
}
