import type { Logger } from 'pino';
import type restify from 'restify';
import type { AppConfig } from '../config';
import type { PartnerService } from '../services/partner/partnerService';
import type { ServiceErrorCode } from '../services/partner/result';
import { utcDay } from '../services/partner/renewal';
import type { Actor } from '../services/partner/schemas';
import { DEMO_TENANT_ID, DEMO_USERS } from '../services/partner/seed';
import { failWith, succeed, type Result } from '../services/result';
import type { TabErrorCode } from '../tab/model';
import { once } from './once';
import { bundleTabScript, readTabStyles, tabHtml, tabSecurityHeaders, tabTheme, type Asset } from './tabAssets';
import { createTokenVerifier, type TokenVerifier } from './tabAuth';
import { readTabData, tabLanguage, tabPageStrings, tabView } from './tabView';

export interface TabRouteDeps {
  readonly partner: PartnerService;
  readonly config: Pick<AppConfig, 'tab' | 'botAuth'>;
  readonly clock: () => Date;
  readonly logger: Logger;
}

interface Identity {
  readonly actor: Actor;
  readonly demo: boolean;
}

interface Refusal {
  readonly status: number;
  readonly error: TabErrorCode;
}

/** The demo directory's users by first name, lower case (`?as=adele`), as `npm run playground -- --as` names them. */
const demoActor = (name: string): Actor | undefined => {
  const user = DEMO_USERS.find((u) => u.displayName.split(' ')[0]?.toLowerCase() === name.toLowerCase());
  return user && { tenantId: DEMO_TENANT_ID, aadObjectId: user.aadObjectId };
};

const DEFAULT_DEMO_USER = 'alex';

/**
 * The "My benefits" tab: GET /tab (the page), /tab/app.js and /tab/app.css (built on first use and kept), and
 * GET /api/tab/me (the signed-in user's organization as the page shows it). With bot authentication on, only a
 * valid Entra ID SSO token gets data; with it off (local use) the page runs as a demo identity.
 */
export function registerTabRoute(server: restify.Server, { partner, config, clock, logger }: TabRouteDeps): void {
  const appId = config.botAuth.MicrosoftAppId;
  const verifier: TokenVerifier | undefined =
    appId && config.tab.audience
      ? createTokenVerifier({
          metadataUrl: config.tab.openIdMetadataUrl,
          audience: config.tab.audience,
          appId,
          tenantId:
            config.botAuth.MicrosoftAppType === 'SingleTenant' ? config.botAuth.MicrosoftAppTenantId : undefined,
          clock,
        })
      : undefined;
  const script = once(bundleTabScript);
  const styles = once(readTabStyles);

  server.get('/tab', (req, res, next) => {
    const query = queryOf(req);
    const language = tabLanguage(query.get('locale'));
    // Built while the browser parses the page, so the script is ready (or nearly) when it is asked for.
    script().catch((error: unknown) => logger.error({ error }, 'tab script not built'));
    const body = tabHtml(
      { language, strings: tabPageStrings(), sso: verifier !== undefined },
      tabTheme(query.get('theme')),
    );
    res.writeHead(200, {
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-cache',
      ...tabSecurityHeaders,
    });
    res.end(body);
    next();
  });
  const serveAsset =
    (load: () => Promise<Asset>, what: string) => async (req: restify.Request, res: restify.Response) => {
      let file: Asset;
      try {
        file = await load();
      } catch (error) {
        logger.error({ error }, `tab ${what} not built`);
        res.send(500, { error: `tab ${what} not built` });
        return;
      }
      const headers = { ETag: file.etag, 'Cache-Control': 'no-cache', 'X-Content-Type-Options': 'nosniff' };
      if (req.headers['if-none-match'] === file.etag) {
        res.writeHead(304, headers);
        res.end();
        return;
      }
      res.writeHead(200, { ...headers, 'Content-Type': file.contentType, 'Content-Length': file.body.length });
      res.end(file.body);
    };
  server.get('/tab/app.js', serveAsset(script, 'script'));
  server.get('/tab/app.css', serveAsset(styles, 'styles'));

  server.get('/api/tab/me', async (req, res) => {
    const query = queryOf(req);
    res.header('Cache-Control', 'no-store');
    const identity = await identify(req, query, verifier, logger);
    if (!identity.ok) {
      res.send(identity.error.status, { error: identity.error.error });
      return;
    }
    const today = utcDay(clock());
    const reads = await readTabData(partner, identity.value.actor, today);
    if (!reads.ok) {
      const refusal = refusalOf(reads.error.code);
      if (refusal.status >= 500) logger.warn({ error: reads.error }, 'tab data not read');
      res.send(refusal.status, { error: refusal.error });
      return;
    }
    res.send(200, tabView(reads.value, tabLanguage(query.get('locale')), today, identity.value.demo));
  });
}

/** restify types the query as any and this server has no query parser: read it from the URL. */
const queryOf = (req: restify.Request): URLSearchParams => new URL(req.url ?? '/', 'http://tab.invalid').searchParams;

async function identify(
  req: restify.Request,
  query: URLSearchParams,
  verifier: TokenVerifier | undefined,
  logger: Logger,
): Promise<Result<Identity, Refusal>> {
  if (!verifier) {
    // Bot authentication off: nobody can sign in, so the page shows the demo directory as one of its users.
    const actor = demoActor(query.get('as') ?? DEFAULT_DEMO_USER);
    return actor ? succeed({ actor, demo: true }) : failWith({ status: 401, error: 'unauthorized' });
  }
  const header = req.headers.authorization;
  const token = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header)?.[1] : undefined;
  if (!token) return failWith({ status: 401, error: 'unauthorized' });
  const checked = await verifier(token);
  if (checked.ok) return succeed({ actor: checked.value, demo: false });
  if (checked.error.kind === 'unavailable') {
    logger.error({ reason: checked.error.reason }, 'tab token not checked: Entra ID keys unavailable');
    return failWith({ status: 503, error: 'unavailable' });
  }
  logger.info({ reason: checked.error.reason }, 'tab token refused');
  return failWith({ status: 401, error: 'unauthorized' });
}

/** A foreign tenant, or a user not in the directory, is told so with 401 and no data. */
function refusalOf(code: ServiceErrorCode): Refusal {
  switch (code) {
    case 'NotInDirectory':
      return { status: 401, error: 'notInDirectory' };
    case 'Unavailable':
      return { status: 503, error: 'unavailable' };
    case 'Misconfigured':
      return { status: 503, error: 'misconfigured' };
    default:
      return { status: 500, error: 'failed' };
  }
}
