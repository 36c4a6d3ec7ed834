import { createApp, type App } from './app';
import { parseConfig } from './config';
import { listen } from './listen';
import { configSecrets, createLogger } from './logger';
import { StartupError } from './services/db/dataDir';

/** The process: read the environment once, build the app, listen, stop cleanly. */
async function main(): Promise<void> {
  const parsed = parseConfig(process.env);
  if (!parsed.ok) {
    // No logger yet: its level is part of the configuration that failed.
    process.stderr.write(`${parsed.error}\n`);
    process.exit(1);
  }
  const config = parsed.value;
  const logger = createLogger(config.logLevel, { secrets: configSecrets(config) });
  let app: App;
  try {
    app = await createApp(config, { logger });
  } catch (error) {
    // createApp has released what it took (the data directory's lock) before throwing.
    if (error instanceof StartupError) logger.fatal(error.message);
    throw error;
  }
  try {
    const port = await listen(app.server, config.port, config.host, 'PORT');
    logger.info({ url: `http://localhost:${port}/api/messages` }, 'bot listening');
  } catch (error) {
    if (error instanceof StartupError) logger.fatal(error.message);
    await app.close();
    throw error;
  }
  const stop = (signal: string): void => {
    logger.info({ signal }, 'shutting down');
    void app.close().then(() => process.exit(0));
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err: unknown) => {
  // A StartupError was logged already; anything else is unexpected and gets its message, still no stack.
  if (!(err instanceof StartupError))
    process.stderr.write(`Start-up failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
