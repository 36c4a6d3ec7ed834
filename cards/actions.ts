import { z } from 'zod';
import { languageSchema } from '../src/knowledge/schema';

/*
 * What each FAQ card button submits, one schema per verb: the main dialog's routing table checks a button's data
 * against its verb's schema before the handler sees it. Card data is never trusted beyond these schemas.
 */

export const faqOpenSchema = z.object({
  verb: z.literal('faq.open'),
  entryId: z.string().min(1),
  lang: languageSchema,
});

export const faqAskSchema = z.object({
  verb: z.literal('faq.ask'),
  text: z.string().min(1).max(500),
  lang: languageSchema,
});

export const faqFeedbackSchema = z.object({
  verb: z.literal('faq.feedback'),
  entryId: z.string().min(1),
  lang: languageSchema,
  vote: z.enum(['up', 'down']),
  question: z.string().max(500).optional(),
  generated: z.boolean().optional(),
  /** Which card was voted on (cards drawn before card ids had none). */
  cardId: z.string().min(1).max(100).optional(),
});

export const faqNoneOfTheseSchema = z.object({
  verb: z.literal('faq.noneOfThese'),
  question: z.string().max(500),
  lang: languageSchema,
  candidates: z.array(z.string()).default([]),
  cardId: z.string().min(1).max(100).optional(),
});

export const helpSchema = z.object({ verb: z.literal('help'), lang: languageSchema });

/** Everything an FAQ card button can submit. */
export const cardActionSchema = z.discriminatedUnion('verb', [
  faqOpenSchema,
  faqAskSchema,
  faqFeedbackSchema,
  faqNoneOfTheseSchema,
  helpSchema,
]);
export type CardAction = z.infer<typeof cardActionSchema>;
/** The data of one verb's button. */
export type CardActionOf<V extends CardAction['verb']> = Extract<CardAction, { readonly verb: V }>;
