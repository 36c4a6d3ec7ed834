import assert from 'node:assert/strict';

export type Json = Record<string, unknown>;

const isJson = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Every object in a card, depth first, so assertions need not know the layout. */
export function cardNodes(value: unknown): Json[] {
  if (Array.isArray(value)) return value.flatMap(cardNodes);
  if (!isJson(value)) return [];
  return [value, ...Object.values(value).flatMap(cardNodes)];
}

/** All text a person sees on the card: TextBlocks and facts. */
export function cardText(card: unknown): string {
  return cardNodes(card)
    .flatMap((n) => {
      if (n.type === 'TextBlock' && typeof n.text === 'string') return [n.text];
      if (typeof n.title === 'string' && typeof n.value === 'string' && n.type === undefined)
        return [`${n.title}: ${n.value}`];
      return [];
    })
    .join('\n');
}

export interface ExecuteAction {
  readonly title: string;
  readonly verb: string;
  readonly data: Json;
}

/** The Action.Execute buttons of a card (their Action.Submit fallbacks carry the same data). */
export function executeActions(card: unknown): ExecuteAction[] {
  return cardNodes(card).flatMap((n) => {
    if (n.type !== 'Action.Execute' || typeof n.verb !== 'string' || !isJson(n.data)) return [];
    const fallback = isJson(n.fallback) ? n.fallback : undefined;
    assert.equal(fallback?.type, 'Action.Submit', 'every Action.Execute has an Action.Submit fallback');
    assert.deepEqual(fallback?.data, n.data, 'the fallback submits the same data');
    return [{ title: String(n.title), verb: n.verb, data: n.data }];
  });
}

/** The one button with this verb (and title, when several share the verb). */
export function action(card: unknown, verb: string, title?: string | RegExp): ExecuteAction {
  const found = executeActions(card).filter(
    (a) =>
      a.verb === verb && (title === undefined || (typeof title === 'string' ? a.title === title : title.test(a.title))),
  );
  assert.ok(
    found.length >= 1,
    `no ${verb} button${title ? ` "${String(title)}"` : ''} on the card:\n${cardText(card)}\nbuttons: ${executeActions(
      card,
    )
      .map((a) => `${a.verb} "${a.title}"`)
      .join(', ')}`,
  );
  const first = found[0];
  assert.ok(first);
  return first;
}

/** The card's containers (task items) whose text matches, with their buttons. */
export function itemsMatching(card: unknown, pattern: RegExp): Json[] {
  return cardNodes(card).filter((n) => n.type === 'Container' && pattern.test(cardText(n.items)));
}

export const inputIds = (card: unknown): string[] =>
  cardNodes(card).flatMap((n) =>
    typeof n.type === 'string' && n.type.startsWith('Input.') && typeof n.id === 'string' ? [n.id] : [],
  );

/** The card in an invoke response body ({ statusCode, type, value }). */
export function invokeCard(body: unknown): Json {
  assert.ok(isJson(body), 'invoke response body');
  assert.equal(body.statusCode, 200, JSON.stringify(body));
  assert.equal(body.type, 'application/vnd.microsoft.card.adaptive');
  assert.ok(isJson(body.value));
  return body.value;
}

/** The card of an activity the fake Bot Connector received (its first attachment). */
export function receivedCard(
  received: { readonly activity: { readonly attachments?: readonly { readonly content?: unknown }[] } } | undefined,
): Json {
  const content = received?.activity.attachments?.[0]?.content;
  assert.ok(isJson(content), `expected a card, got ${JSON.stringify(received?.activity)}`);
  return content;
}
