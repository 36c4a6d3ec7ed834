import type { TurnContext } from 'botbuilder';
import { z } from 'zod';
import { isCardInvoke } from './presenter';
import { languageSchema, taskIdSchema } from '../src/knowledge/schema';

/** Every task card button carries its verb and the id of the task instance that drew the card. */
export const taskEnvelopeSchema = z.looseObject({ verb: z.string().min(1), taskId: z.string().min(1) });
export type TaskEnvelope = z.infer<typeof taskEnvelopeSchema>;

/** Buttons that start a task (welcome, help and FAQ answer cards). */
export const taskStartSchema = z.object({
  verb: z.literal('task.start'),
  task: taskIdSchema,
  lang: languageSchema.optional(),
});

const invokeValueSchema = z.object({
  action: z.object({
    type: z.literal('Action.Execute'),
    verb: z.string().optional(),
    data: z.record(z.string(), z.unknown()).optional(),
  }),
});

/**
 * What a card button submitted, the same for Action.Execute (invoke: verb beside the data) and its
 * Action.Submit fallback (message value). Input values are merged into the data by Teams in both.
 */
export function cardData(context: TurnContext): Record<string, unknown> | undefined {
  const { activity } = context;
  if (isCardInvoke(context)) {
    const parsed = invokeValueSchema.safeParse(activity.value);
    if (!parsed.success) return undefined;
    const { verb, data } = parsed.data.action;
    return { ...(data ?? {}), ...(verb ? { verb } : {}) };
  }
  const value: unknown = activity.value;
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? Object.fromEntries(Object.entries(value))
    : undefined;
}

/** The verbs every task card has, handled by the task base dialog (CardTaskDialog). */
export const baseTaskVerbs = ['task.cancel', 'task.back'] as const;

/** The verb typed text reaches a task's `act` with: never a card button's. */
export const typedTextVerb = 'text';

/** What the routing table checks of a task card press; the task checks the rest (its instance, its own schema). */
export const taskPressSchema = z.looseObject({ verb: z.string().min(1) });

/** A task's submit schema as the routing table reads it: a discriminated union with one object per verb. */
export interface VerbUnion {
  readonly options: readonly { readonly shape: { readonly verb: { readonly values: ReadonlySet<unknown> } } }[];
}

/** The card verbs of a task's submit schema (typed text's verb is not one). */
export const verbsOf = (schema: VerbUnion): string[] =>
  schema.options
    .flatMap((option) => [...option.shape.verb.values])
    .filter((verb): verb is string => typeof verb === 'string' && verb !== typedTextVerb);
