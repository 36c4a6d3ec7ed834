import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { build } from 'esbuild';
import type { TabBoot, TabTheme } from '../tab/model';

/** The tab's browser code and styles (TypeScript bundled with @microsoft/teams-js by esbuild). */
export const tabSourceDir = path.join(__dirname, '..', 'tab');

export interface Asset {
  readonly body: Buffer;
  readonly contentType: string;
  /** A content hash: the page revalidates with If-None-Match and gets a 304 while nothing changed. */
  readonly etag: string;
}

const asset = (body: Buffer, contentType: string): Asset => ({
  body,
  contentType,
  etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`,
});

/** One IIFE for the browser: the page's code and the parts of teams-js it calls. */
export async function bundleTabScript(): Promise<Asset> {
  const result = await build({
    entryPoints: [path.join(tabSourceDir, 'main.ts')],
    tsconfig: path.join(tabSourceDir, 'tsconfig.json'),
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: ['es2020'],
    minify: true,
    legalComments: 'none',
    write: false,
    logLevel: 'silent',
  });
  const [output] = result.outputFiles;
  if (!output) throw new Error('esbuild wrote no bundle for the tab');
  return asset(Buffer.from(output.contents), 'text/javascript; charset=utf-8');
}

/** The stylesheets in cascade order, served as one file. */
const STYLESHEETS = ['themes.css', 'tab.css', 'chart.css'];

export async function readTabStyles(): Promise<Asset> {
  const sheets = await Promise.all(STYLESHEETS.map((name) => readFile(path.join(tabSourceDir, name))));
  return asset(Buffer.concat(sheets), 'text/css; charset=utf-8');
}

const themes: readonly TabTheme[] = ['default', 'dark', 'contrast'];
export const tabTheme = (value: unknown): TabTheme => themes.find((t) => t === value) ?? 'default';

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** JSON inside <script>: `<` escaped so no string in it can close the element. */
const scriptJson = (value: unknown): string => JSON.stringify(value).replace(/</g, '\\u003c');

/**
 * The page: its loading state is in the HTML, so it shows at once in the right language and theme; the script then
 * asks Teams for the context and fetches the data. Asset URLs are relative, so the tab works behind a path prefix.
 */
export function tabHtml(boot: TabBoot, theme: TabTheme): string {
  const strings = boot.strings[boot.language];
  const title = escapeHtml(strings?.title ?? '');
  const loading = escapeHtml(strings?.loading ?? '');
  return `<!doctype html>
<html lang="${escapeHtml(boot.language)}" data-theme="${theme}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<link rel="stylesheet" href="tab/app.css">
<script type="application/json" id="tab-boot">${scriptJson(boot)}</script>
<script src="tab/app.js" defer></script>
</head>
<body>
<main id="main" class="page" aria-busy="true">
<header class="page-header"><h1 id="title">${title}</h1></header>
<div id="status" class="status" role="status" aria-live="polite"><span class="spinner" aria-hidden="true"></span>
<span id="status-text">${loading}</span></div>
<div id="content"></div>
</main>
</body>
</html>
`;
}

/**
 * Teams shows the tab in a frame of its own web and desktop clients: framing by anyone else is refused, and the
 * page loads nothing but its own files (teams-js may read its list of valid host origins from the Office CDN).
 */
export const tabSecurityHeaders: Readonly<Record<string, string>> = {
  'Content-Security-Policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
    "connect-src 'self' https://res.cdn.office.net; base-uri 'none'; form-action 'none'; " +
    "frame-ancestors 'self' https://teams.microsoft.com https://*.teams.microsoft.com https://*.teams.microsoft.us " +
    'https://*.cloud.microsoft https://*.office.com https://*.microsoft365.com https://*.skype.com',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};
