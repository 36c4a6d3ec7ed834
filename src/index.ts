import { createApp } from './app';
import { parseConfig } from './config';
import { createLogger } from './logger';

/** The process: read the environment once, build the app, listen, stop cleanly. */
async function main(): Promise<void> {
  const parsed = parseConfig(process.env);
  if (!parsed.ok) {
    // No logger yet: its level is part of the configuration that failed.
    process.stderr.write(`${parsed.error}\n`);
    process.exit(1);
  }
  const { config } = parsed;
  const logger = createLogger(config.logLevel);
  const app = await createApp(config, { logger });
  app.server.listen(config.port, config.host, () => {
    logger.info({ url: `http://localhost:${config.port}/api/messages` }, 'bot listening');
  });
  const stop = (signal: string): void => {
    logger.info({ signal }, 'shutting down');
    void app.close().then(() => process.exit(0));
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err: unknown) => {
  process.stderr.write(`Start-up failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
