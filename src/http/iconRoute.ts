import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import type restify from 'restify';
import { once } from './once';

/** The app's colour icon, the one the Teams package carries (manifest/color.png). */
export const appIconFile = path.join(__dirname, '..', '..', 'manifest', 'color.png');
/** Where the icon is served: a stable URL under PUBLIC_URL for compose-box previews. */
export const iconPath = '/icon.png';

/** The icon's public address, for cards and previews. */
export const iconUrl = (publicUrl: string): string => `${publicUrl.replace(/\/+$/, '')}${iconPath}`;

export interface IconRouteOptions {
  readonly file?: string;
  readonly logger: Logger;
}

/** GET /icon.png: the app icon, read once; cached a day by clients, revalidated by its ETag after. */
export function registerIconRoute(server: restify.Server, { file = appIconFile, logger }: IconRouteOptions): void {
  const load = once(async () => {
    const body = await readFile(file);
    return { body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` };
  });
  server.get(iconPath, async (req, res) => {
    let icon: { readonly body: Buffer; readonly etag: string };
    try {
      icon = await load();
    } catch (error) {
      logger.error({ error, file }, 'app icon not readable');
      res.send(500, { error: 'app icon not readable' });
      return;
    }
    const headers = { ETag: icon.etag, 'Cache-Control': 'public, max-age=86400', 'X-Content-Type-Options': 'nosniff' };
    if (req.headers['if-none-match'] === icon.etag) {
      res.writeHead(304, headers);
      res.end();
      return;
    }
    res.writeHead(200, { ...headers, 'Content-Type': 'image/png', 'Content-Length': icon.body.length });
    res.end(icon.body);
  });
}
