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
import { parsePartnerApiConfig } from '../src/scriptConfig';
import { listen } from '../src/listen';
import { createLogger } from '../src/logger';
import { StartupError } from '../src/services/db/dataDir';
import { openDb } from '../src/services/db/db';
import { migrate } from '../src/services/db/migrate';
import { createEmbeddedPartnerService } from '../src/services/partner/embedded';
import { registerPartnerApi } from '../src/services/partner/http/routes';
import { utcDay } from '../src/services/partner/renewal';
import { seedDemoOrganization } from '../src/services/partner/seed';
import { PeriodicTask } from '../src/jobs/periodicTask';

const DEV_TOKEN = 'dev-token';
const HOST = '127.0.0.1';
const ACTIVATION_CHECK_MS = 5000;

async function main(): Promise<void> {
  const parsed = parsePartnerApiConfig(process.env);
  if (!parsed.ok) {
    process.stderr.write(`${parsed.error}\n`);
    process.exit(1);
  }
  const env = parsed.value;
  const base = createLogger(env.logLevel);
  const logger = base.child({ component: 'partner-api' });
  const clock = (): Date => new Date();

  const dir = path.join(env.dataDir, 'partner-api');
  const db = await openDb({ kind: 'pglite', dir }).catch((error: unknown) => {
    if (error instanceof StartupError) logger.fatal(error.message);
    throw error;
  });
  await migrate(db, base.child({ component: 'migrate' }));
  if (await seedDemoOrganization(db, utcDay(clock()))) logger.info('seeded the demo organization "Contoso"');
  const service = createEmbeddedPartnerService({
    db,
    clock,
    activationDelaySeconds: env.activationDelaySeconds,
    logger: base,
  });
  const activations = new PeriodicTask('activations', () => service.processDueActivations(clock()), logger);

  const server = restify.createServer({ name: 'partner-api' });
  server.use(restify.plugins.bodyParser());
  server.use(restify.plugins.queryParser());
  server.get('/healthz', async (_req, res) => {
    const up = await db.query('SELECT 1').then(
      () => true,
      () => false,
    );
    res.send(up ? 200 : 503, { status: up ? 'ok' : 'degraded', checks: { database: up ? 'ok' : 'down' } });
  });
  registerPartnerApi(server, service, { token: env.token, logger });
  if (env.token === DEV_TOKEN) logger.warn('using the default token "dev-token": for local trials only');

  const port = await listen(server, env.port, HOST, 'PORT_PARTNER_API').catch(async (error: unknown) => {
    if (error instanceof StartupError) logger.fatal(error.message);
    await db.close();
    throw error;
  });
  logger.info(
    { url: `http://${HOST}:${port}/v1`, dataDir: dir, activationDelaySeconds: env.activationDelaySeconds },
    'partner API listening',
  );
  activations.start(ACTIVATION_CHECK_MS);

  const stop = (signal: string): void => {
    logger.info({ signal }, 'shutting down');
    void (async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
      });
      await activations.stop();
      await db.close();
      process.exit(0);
    })();
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err: unknown) => {
  // A StartupError was logged already, as one line.
  if (!(err instanceof StartupError))
    process.stderr.write(`Start-up failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
