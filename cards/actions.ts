import { z } from 'zod';
import { languageSchema } from '../src/knowledge/schema';

/** Everything a card button can submit, routed by `verb`. Card data is never trusted beyond this schema. */
export const cardActionSchema = z.discriminatedUnion('verb', [
  z.object({ verb: z.literal('faq.open'), entryId: z.string().min(1), lang: languageSchema }),
  z.object({ verb: z.literal('faq.ask'), text: z.string().min(1).max(500), lang: languageSchema }),
  z.object({
    verb: z.literal('faq.feedback'),
    entryId: z.string().min(1),
    lang: languageSchema,
    vote: z.enum(['up', 'down']),
    question: z.string().max(500).optional(),
    generated: z.boolean().optional(),
    /** Which card was voted on (cards drawn before card ids had none). */
    cardId: z.string().min(1).max(100).optional(),
  }),
  z.object({
    verb: z.literal('faq.noneOfThese'),
    question: z.string().max(500),
    lang: languageSchema,
    candidates: z.array(z.string()).default([]),
    cardId: z.string().min(1).max(100).optional(),
  }),
  z.object({ verb: z.literal('help'), lang: languageSchema }),
]);
export type CardAction = z.infer<typeof cardActionSchema>;
