import type { DialogContext, DialogTurnResult } from 'botbuilder-dialogs';
import type { z } from 'zod';

/**
 * What a verb's handler gets: the dialog context of the turn and the card data as the verb's schema parsed it.
 * It returns the dialog's turn result when it moved a dialog on, or nothing when it only replied.
 */
export type CardHandler<T> = (dc: DialogContext, action: T) => Promise<DialogTurnResult | void>;

export type RouteOutcome =
  | { readonly kind: 'handled'; readonly result: DialogTurnResult | void }
  /** No route has the data's verb (or the data has none). */
  | { readonly kind: 'unrouted' }
  /** The verb's schema refused the data: an older card's shape, or forged data. */
  | { readonly kind: 'invalid'; readonly verb: string; readonly issues: number };

type Route = (dc: DialogContext, data: Readonly<Record<string, unknown>>) => Promise<RouteOutcome>;

/**
 * Card buttons routed by verb through one table, as teams-ai's `app.adaptiveCards.actionExecute(verb, handler)`
 * and `actionSubmit(verb, handler)`, for both at once: cardData gives an Action.Execute invoke and an
 * Action.Submit message the same data. A handler only ever sees data its verb's zod schema accepted.
 */
export class CardRoutes {
  readonly #routes = new Map<string, Route>();

  /** Routes `verb` to `handler`, its data checked by `schema`; a verb has one route. */
  on<T>(verb: string, schema: z.ZodType<T>, handler: CardHandler<T>): this {
    if (this.#routes.has(verb)) throw new Error(`card verb "${verb}" is routed twice`);
    this.#routes.set(verb, async (dc, data) => {
      const parsed = schema.safeParse(data);
      if (!parsed.success) return { kind: 'invalid', verb, issues: parsed.error.issues.length };
      return { kind: 'handled', result: await handler(dc, parsed.data) };
    });
    return this;
  }

  /** The verbs routed, in the order they were added. */
  get verbs(): string[] {
    return [...this.#routes.keys()];
  }

  /** Runs the route of the data's verb. */
  dispatch(dc: DialogContext, data: Readonly<Record<string, unknown>>): Promise<RouteOutcome> {
    const { verb } = data;
    const route = typeof verb === 'string' ? this.#routes.get(verb) : undefined;
    return route ? route(dc, data) : Promise.resolve({ kind: 'unrouted' });
  }
}
