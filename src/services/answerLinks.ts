/**
 * Removes links from a generated answer unless they lead where the knowledge base does. A link the model made
 * up, or one an attacker talked it into (phishing, a data-carrying image URL), must never reach a card.
 */

export interface LinkPolicy {
  /** Hosts links may point to, their subdomains too (the sources' hosts and the configured domains). */
  readonly hosts: readonly string[];
  /** Exact URLs the given sources themselves contain: echoing them adds nothing the sources do not say. */
  readonly urls: ReadonlySet<string>;
}

export interface CleanedLinks {
  readonly text: string;
  /** How many links (or link-bearing tags) were taken out. */
  readonly removed: number;
}

const parseUrl = (href: string): URL | undefined => {
  try {
    return new URL(href);
  } catch {
    return undefined;
  }
};

/** The URL as a policy compares it (new URL's canonical form), or undefined when it does not parse. */
export const canonicalUrl = (href: string): string | undefined => parseUrl(href)?.href;

/**
 * True for an https URL on an allowed host (or one the sources give). The parsed host is compared, so
 * learn.microsoft.com.evil.test, learn.microsoft.com@evil.test and other look-alikes do not pass.
 */
export function linkAllowed(href: string, policy: LinkPolicy): boolean {
  const url = parseUrl(href);
  if (!url || url.protocol !== 'https:' || url.username || url.password || url.port) return false;
  if (policy.urls.has(url.href)) return true;
  const host = url.hostname;
  return policy.hosts.some((h) => host === h || host.endsWith(`.${h}`));
}

// Quantifiers are bounded: each pattern then costs at most a bounded scan per position, never the whole text.
// Domains the model may write without a scheme, which Teams would still turn into links.
const bareTlds =
  'com|net|org|io|ms|ly|gl|co|me|app|dev|info|biz|xyz|top|site|online|link|click|ru|cn|tk|' +
  'test|example|invalid|fr|de|uk|eu|us|ca|ai|gg|sh|to|cc|page|live|shop';
const urlChars = '[^\\s<>"\'`]';
const patterns = {
  scriptBlock: /<(script|style)\b[^>]{0,500}>[\s\S]{0,4000}?<\/\1\s*>/gi,
  comment: /<!--[\s\S]{0,4000}?-->/g,
  autolink: /<((?:[a-z][a-z0-9+.-]{1,20}:|www\.)[^<>\s]*)>/gi,
  anchor: /<a\b[^>]{0,500}>([\s\S]{0,2000}?)<\/a\s*>/gi,
  tag: /<\/?[a-z][^<>]{0,500}>/gi,
  image: /!\[([^\]\n]{0,300})\]\([^)\n]{0,2000}\)/g,
  // [label](href "title"): one level of parentheses inside the href, as in Wikipedia-style URLs.
  markdown:
    /\[([^\]\n]{0,300})\]\(\s*<?([^\s()<>]*(?:\([^\s()<>]*\)[^\s()<>]*)*)>?(?:\s+(?:"[^"\n]*"|'[^'\n]*'))?\s*\)/g,
  reference: /^[ \t]*\[[^\]\n]{1,300}\]:[ \t]*(\S+).*$/gm,
  withScheme: new RegExp(`\\b[a-z][a-z0-9+.-]{1,20}://${urlChars}+`, 'gi'),
  schemeOnly: new RegExp(`\\b(?:javascript|vbscript|data|file|mailto|tel|sms):${urlChars}+`, 'gi'),
  www: new RegExp(`(?<![\\w.@/-])www\\.[a-z0-9-]+(?:\\.[a-z0-9-]+)+(?:[/?#]${urlChars}*)?`, 'gi'),
  bareDomain: new RegExp(`(?<![\\w.@/:-])(?:[a-z0-9-]+\\.)+(?:${bareTlds})(?![\\w-])(?:[/?#]${urlChars}*)?`, 'gi'),
  trailing: /[.,;:!?)\]}'"]+$/,
};
const placeholder = /\uE000(\d+)\uE000/g;

/** Splits trailing sentence punctuation off a bare URL ("see https://x.test/a." ends the sentence). */
const splitTrailing = (url: string): [string, string] => {
  const trail = patterns.trailing.exec(url)?.[0] ?? '';
  return [url.slice(0, url.length - trail.length), trail];
};

/** The text with every link not allowed by the policy removed (a markdown link's label stays as plain text). */
export function cleanLinks(input: string, policy: LinkPolicy): CleanedLinks {
  let removed = 0;
  // Kept links are parked behind placeholders so later passes do not look inside them again.
  const kept: string[] = [];
  const keep = (s: string): string => `\uE000${kept.push(s) - 1}\uE000`;
  const drop = (replacement: string): string => {
    removed += 1;
    return replacement;
  };
  const bare = (text: string, pattern: RegExp, prefix: string): string =>
    text.replace(pattern, (match) => {
      const [url, trail] = splitTrailing(match);
      return (linkAllowed(prefix + url, policy) ? keep(url) : drop('')) + trail;
    });
  const bareAll = (text: string): string =>
    bare(bare(bare(text, patterns.withScheme, ''), patterns.www, 'https://'), patterns.bareDomain, 'https://')
      // No scheme that runs code or carries data survives, whatever wraps it.
      .replace(patterns.schemeOnly, () => drop(''));

  let text = input
    .replace(/\uE000/g, '')
    .replace(patterns.scriptBlock, () => drop(''))
    .replace(patterns.comment, '')
    .replace(patterns.autolink, (_m, href: string) =>
      linkAllowed(/^www\./i.test(href) ? `https://${href}` : href, policy) ? keep(href) : drop(''),
    )
    // Links hidden in HTML go, whatever they point to; their text stays.
    .replace(patterns.anchor, (_m, inner: string) => drop(inner))
    .replace(patterns.tag, (tag) => (/\b(?:href|src|srcset|action|formaction|data)\s*=/i.test(tag) ? drop('') : ''))
    .replace(patterns.image, (_m, alt: string) => drop(alt))
    .replace(patterns.markdown, (_m, label: string, href: string) =>
      linkAllowed(href, policy) ? keep(`[${bareAll(label)}](${href})`) : drop(label),
    )
    .replace(patterns.reference, (line, href: string) => (linkAllowed(href, policy) ? keep(line) : drop('')));
  // A kept markdown link may hold a kept URL in its label: restore inside out.
  const restore = (s: string): string => s.replace(placeholder, (_m, i: string) => restore(kept[Number(i)] ?? ''));
  text = restore(bareAll(text));
  if (removed === 0) return { text: text.trim(), removed };
  // Tidies the gaps removed links leave ("see https://x.test." becomes "see."), only then.
  text = text
    .replace(/\(\s*\)/g, '')
    .replace(/[ \t]{2,}/g, ' ')
    .replace(/[ \t]+([.,])/g, '$1')
    .replace(/[ \t]+$/gm, '')
    .trim();
  return { text, removed };
}
