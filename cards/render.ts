import * as ACData from 'adaptivecards-templating';

export interface CardAttachment {
  readonly contentType: 'application/vnd.microsoft.card.adaptive';
  readonly content: Record<string, unknown>;
}

/**
 * An Adaptive Card JSON template bound to its typed data. Parsing every `${…}` (ANTLR) is most of the
 * cost of a card, so it is done once here; `expand()` is synchronous and returns fresh objects.
 */
export class CardTemplate<T extends object> {
  private readonly template: ACData.Template;

  constructor(json: object) {
    this.template = new ACData.Template(json);
  }

  render(data: T): CardAttachment {
    const content = this.template.expand({ $root: data }) as Record<string, unknown>;
    return { contentType: 'application/vnd.microsoft.card.adaptive', content };
  }
}
