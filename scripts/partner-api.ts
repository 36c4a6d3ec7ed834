/*
 * npm run partner-api: the embedded demo organization (Contoso) served as the partner REST API, to try
 * PARTNER_SERVICE=remote by hand. In another terminal:
 *   PARTNER_SERVICE=remote PARTNER_API_URL=http://127.0.0.1:3979 PARTNER_API_TOKEN=dev-token npm start
 * Settings: PORT_PARTNER_API (3979), PARTNER_API_TOKEN (dev-token), DATA_DIR (./.data),
 * ACTIVATION_DELAY_SECONDS (120), LOG_LEVEL (info). It listens on 127.0.0.1 only.
 * Its database is DATA_DIR/partner-api, not the bot's DATA_DIR/db: one PGlite directory serves one process.
 */
import path from 'node:path';
import restify from 'restify';
import { z } from 'zod';
import { createLogger } from '../src/logger';
import { openDb } from '../src/services/db/db';
import { migrate } from '../src/services/db/migrate';
import { createEmbeddedPartnerService } from '../src/services/partner/embedded';
import { registerPartnerApi } from '../src/services/partner/http/routes';
import { utcDay } from '../src/services/partner/renewal';
import { seedDemoOrganization } from '../src/services/partner/seed';
import { PeriodicTask } from '../src/services/proactive/periodicTask';

const DEV_TOKEN = 'dev-token';
const HOST = '127.0.0.1';
const ACTIVATION_CHECK_MS = 5000;

const envSchema = z.object({
  PORT_PARTNER_API: z.coerce.number().int().min(0).max(65535).default(3979),
  PARTNER_API_TOKEN: z.string().trim().min(1).default(DEV_TOKEN),
  DATA_DIR: z.string().min(1).default('./.data'),
  ACTIVATION_DELAY_SECONDS: z.coerce.number().int().min(0).default(120),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

async function main(): Promise<void> {
  const parsed = envSchema.safeParse(process.env);
  if (!parsed.success) {
    process.stderr.write(`Invalid configuration:\n${z.prettifyError(parsed.error)}\n`);
    process.exit(1);
  }
  const env = parsed.data;
  const base = createLogger(env.LOG_LEVEL);
  const logger = base.child({ component: 'partner-api' });
  const clock = (): Date => new Date();

  const dir = path.resolve(env.DATA_DIR, 'partner-api');
  const db = await openDb({ kind: 'pglite', dir });
  await migrate(db, base.child({ component: 'migrate' }));
  if (await seedDemoOrganization(db, utcDay(clock()))) logger.info('seeded the demo organization "Contoso"');
  const service = createEmbeddedPartnerService({ db, clock, activationDelaySeconds: env.ACTIVATION_DELAY_SECONDS, logger: base });
  const activations = new PeriodicTask('activations', () => service.processDueActivations(clock()), logger);

  const server = restify.createServer({ name: 'partner-api' });
  server.use(restify.plugins.bodyParser());
  server.use(restify.plugins.queryParser());
  server.get('/healthz', (_req, res, next) => {
    res.send(200, { status: 'ok' });
    next();
  });
  registerPartnerApi(server, service, { token: env.PARTNER_API_TOKEN, logger });
  if (env.PARTNER_API_TOKEN === DEV_TOKEN) logger.warn('using the default token "dev-token": for local trials only');

  server.listen(env.PORT_PARTNER_API, HOST, () => {
    logger.info({ url: `http://${HOST}:${env.PORT_PARTNER_API}/v1`, dataDir: dir, activationDelaySeconds: env.ACTIVATION_DELAY_SECONDS }, 'partner API listening');
  });
  activations.start(ACTIVATION_CHECK_MS);

  const stop = (signal: string): void => {
    logger.info({ signal }, 'shutting down');
    void (async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await activations.stop();
      await db.close();
      process.exit(0);
    })();
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err: unknown) => {
  process.stderr.write(`Start-up failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
