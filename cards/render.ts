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
