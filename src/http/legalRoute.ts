import type restify from 'restify';
import { strings } from '../i18n';
import { localeLanguage } from '../knowledge/language';
import { languages, type Language } from '../knowledge/schema';

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The page's language: `?lang=`, else the browser's first Accept-Language, else the fallback. */
function pageLanguage(req: restify.Request): Language {
  const asked = new URL(req.url ?? '/', 'http://localhost').searchParams.get('lang') ?? undefined;
  const byQuery = languages.find((l) => l === asked);
  return byQuery ?? localeLanguage(req.headers['accept-language']?.split(',')[0]?.trim());
}

function page(language: Language, title: string, paragraphs: readonly string[]): string {
  const body = paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n');
  return (
    `<!doctype html><html lang="${language}"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title>` +
    '<style>body{font:16px/1.5 system-ui,"Segoe UI",sans-serif;max-width:42rem;margin:2rem auto;padding:0 1rem}' +
    '</style></head>' +
    `<body><main><h1>${escapeHtml(title)}</h1>\n${body}</main></body></html>`
  );
}

/**
 * GET /privacy and /terms: the default pages the Teams manifest links to (developer.privacyUrl and
 * termsOfUseUrl must answer). They say what the bot keeps; the installing organization's own statements win.
 */
export function registerLegalRoutes(server: restify.Server): void {
  for (const [path, pick] of [
    ['/privacy', (l: Language) => [strings[l].legal.privacyTitle, strings[l].legal.privacy] as const],
    ['/terms', (l: Language) => [strings[l].legal.termsTitle, strings[l].legal.terms] as const],
  ] as const) {
    server.get(path, (req, res, next) => {
      const language = pageLanguage(req);
      const [title, paragraphs] = pick(language);
      const html = page(language, title, paragraphs);
      res.writeHead(200, {
        'Content-Type': 'text/html; charset=utf-8',
        'Content-Length': Buffer.byteLength(html),
        'Content-Language': language,
        'X-Content-Type-Options': 'nosniff',
      });
      res.end(html);
      next();
    });
  }
}
