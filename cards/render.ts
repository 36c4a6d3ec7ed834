import * as ACData from 'adaptivecards-templating';

export interface CardAttachment {
  readonly contentType: 'application/vnd.microsoft.card.adaptive';
  readonly content: Record<string, unknown>;
}

/** Expands an Adaptive Card JSON template with its typed data. */
export function renderCard<T extends object>(template: object, data: T): CardAttachment {
  const content = new ACData.Template(template).expand({ $root: data }) as Record<string, unknown>;
  return { contentType: 'application/vnd.microsoft.card.adaptive', content };
}
