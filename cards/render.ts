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
 * The card element with `extra` added to every Action.Submit's data, as a turn adds its own values to
 * buttons drawn in advance. Only the path down to each Action.Submit is new; the rest is shared with
 * `element`, which is never changed (it is frozen when shared between replies).
 */
export function withSubmitData<T>(element: T, extra: Readonly<Record<string, unknown>>): T {
  const copy = (node: unknown): unknown => {
    if (Array.isArray(node)) {
      const items = node.map(copy);
      return items.some((item, i) => item !== node[i]) ? items : node;
    }
    if (!node || typeof node !== 'object') return node;
    const record = node as Readonly<Record<string, unknown>>;
    if (record['type'] === 'Action.Submit') return { ...record, data: { ...(record['data'] as object | undefined), ...extra } };
    let changed: Record<string, unknown> | undefined;
    for (const key of Object.keys(record)) {
      const value = record[key];
      const next = copy(value);
      if (next !== value) {
        changed ??= { ...record };
        changed[key] = next;
      }
    }
    return changed ?? node;
  };
  return copy(element) as T;
}
