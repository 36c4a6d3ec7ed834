/* What both benches start with and end with: the real app in-process on 127.0.0.1 and a fake Bot Connector. */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createApp, type App } from '../../src/app';
import { parseConfig, type AppConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { startFakeConnector, type FakeConnector } from './fakeConnector';

export interface BenchApp {
  readonly app: App;
  readonly config: AppConfig;
  readonly connector: FakeConnector;
  /** Starts listening on a free loopback port (after any extra routes are added); returns the base URL. */
  listen(): Promise<string>;
  close(): Promise<void>;
}

/** The app over a temporary DATA_DIR, silent; other settings come from the environment (e.g. SEARCH_THREAD). */
export async function startBenchApp(name: string): Promise<BenchApp> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), `pba-${name}-`));
  const parsed = parseConfig({ ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent', PORT: '0', HOST: '127.0.0.1' });
  if (!parsed.ok) throw new Error(parsed.error);
  const connector = await startFakeConnector({ keepConsumed: false });
  const app = await createApp(parsed.value, { logger: createLogger('silent') });
  return {
    app,
    config: parsed.value,
    connector,
    listen: async () => {
      await new Promise<void>((resolve) => {
        app.server.listen(0, '127.0.0.1', () => resolve());
      });
      return `http://127.0.0.1:${app.server.address().port}`;
    },
    close: async () => {
      await app.close();
      await connector.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Runs a bench's main and exits: 0 when it finished, 1 with the error when it failed. */
export function runBench(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (err: unknown) => {
      process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exit(1);
    },
  );
}
