import { z } from 'zod';
import { fallbackLanguage, languages, perLanguage, type Language } from '../i18n/locales';

// The languages come from the locale table; knowledge code imports them from here.
export { fallbackLanguage, languages, perLanguage, type Language };
export const languageSchema = z.enum(languages);

/** Guided tasks an entry can offer ("Want me to do it?"). */
export const taskIdSchema = z.enum(['activate-technical-benefit', 'assign-visual-studio', 'renewal-dates']);
export type TaskId = z.infer<typeof taskIdSchema>;

const localizedEntrySchema = z.strictObject({
  title: z.string().trim().min(3).max(60),
  question: z.string().trim().min(5),
  alternates: z.array(z.string().trim().min(3)).min(3),
  answer: z.string().trim().min(10).max(400),
  details: z.string().trim().min(10),
});
export type LocalizedEntry = z.infer<typeof localizedEntrySchema>;

export const entryIdSchema = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'lowercase words joined by dashes');

export const entrySchema = z.strictObject({
  id: entryIdSchema,
  source: z.url().refine((u) => u.startsWith('https://learn.microsoft.com/'), 'must be a public Microsoft Learn URL'),
  tags: z.array(z.string().trim().min(2)).min(1),
  followUps: z.array(entryIdSchema).max(4).default([]),
  task: taskIdSchema.optional(),
  // One field per language of the locale table.
  ...perLanguage(() => localizedEntrySchema),
});
export type KnowledgeEntry = z.infer<typeof entrySchema>;

/**
 * Rules across entries: ids unique, follow-ups resolve and never point to the entry itself. `knownIds`
 * may include entries that failed their own validation, so one broken file does not hide other problems.
 */
export function crossReferenceErrors(
  entries: readonly { readonly id: string; readonly followUps: readonly string[] }[],
  knownIds: readonly string[] = entries.map((e) => e.id),
): { readonly index: number; readonly message: string }[] {
  const errors: { index: number; message: string }[] = [];
  const ids = new Set(knownIds);
  const seen = new Set<string>();
  entries.forEach((entry, index) => {
    if (seen.has(entry.id)) errors.push({ index, message: `duplicate id ${entry.id}` });
    seen.add(entry.id);
    for (const followUp of entry.followUps) {
      if (!ids.has(followUp) || followUp === entry.id)
        errors.push({ index, message: `follow-up ${followUp} does not resolve` });
    }
  });
  return errors;
}

export const knowledgeBaseSchema = z.array(entrySchema).superRefine((entries, ctx) => {
  for (const { index, message } of crossReferenceErrors(entries))
    ctx.addIssue({ code: 'custom', path: [index], message });
});
