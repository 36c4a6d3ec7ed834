import * as ACData from 'adaptivecards-templating';

export interface CardAttachment {
  readonly contentType: 'application/vnd.microsoft.card.adaptive';
  readonly content: Record<string, unknown>;
}

/**
 * Parsed templates, one per template object. `new Template()` parses every `${…}` with the ANTLR
 * expression parser, which is most of the cost of a card; `expand()` is synchronous and reusable.
 */
const parsedTemplates = new WeakMap<object, ACData.Template>();

function parsedTemplate(template: object): ACData.Template {
  let parsed = parsedTemplates.get(template);
  if (!parsed) {
    parsed = new ACData.Template(template);
    parsedTemplates.set(template, parsed);
  }
  return parsed;
}

/** Expands an Adaptive Card JSON template with its typed data. */
export function renderCard<T extends object>(template: object, data: T): CardAttachment {
  const content = parsedTemplate(template).expand({ $root: data }) as Record<string, unknown>;
  return { contentType: 'application/vnd.microsoft.card.adaptive', content };
}
