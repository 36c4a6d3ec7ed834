import * as ACData from 'adaptivecards-templating';

export interface CardAttachment {
  readonly contentType: 'application/vnd.microsoft.card.adaptive';
  readonly content: Record<string, unknown>;
}

/**
 * An Adaptive Card JSON template (a whole card or one element of it) bound to its typed data. Parsing
 * every `${…}` (ANTLR) is most of the cost, so it is done once here; `expand()` is synchronous and
 * returns fresh objects.
 */
export class CardTemplate<T extends object> {
  private readonly template: ACData.Template;

  constructor(json: object) {
    this.template = new ACData.Template(json);
  }

  expand(data: T): Record<string, unknown> {
    return this.template.expand({ $root: data }) as Record<string, unknown>;
  }

  render(data: T): CardAttachment {
    return { contentType: 'application/vnd.microsoft.card.adaptive', content: this.expand(data) };
  }
}

/** Freezes a card part that many replies share, so that no one can change it for the others. */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/** The card with elements added at the end of its body; the card itself is not changed. */
export function withBodyElements(card: CardAttachment, ...elements: readonly Record<string, unknown>[]): CardAttachment {
  const body = card.content['body'];
  return { contentType: card.contentType, content: { ...card.content, body: [...(Array.isArray(body) ? body : []), ...elements] } };
}

/**
 * A copy of a card element where every Action.Submit carries `extra` in its data, as a turn adds its
 * own values to buttons drawn in advance. Nothing in `element` is changed.
 */
export function withSubmitData<T>(element: T, extra: Readonly<Record<string, unknown>>): T {
  const copy = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(copy);
    if (!node || typeof node !== 'object') return node;
    const entries = Object.entries(node).map(([key, value]) => [key, copy(value)] as const);
    const out: Record<string, unknown> = Object.fromEntries(entries);
    if (out['type'] === 'Action.Submit') out['data'] = { ...(out['data'] as object | undefined), ...extra };
    return out;
  };
  return copy(element) as T;
}
