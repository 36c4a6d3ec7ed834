import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import pino, { type Logger } from 'pino';
import { createApp, type App, type AppOptions } from '../../src/app';
import { parseConfig, type AppConfig } from '../../src/config';
import { FaqEngine } from '../../src/knowledge/faqEngine';
import { loadKnowledgeBase } from '../../src/knowledge/loader';
import { loadSynonyms } from '../../src/knowledge/text';
import { DEMO_TENANT_ID, DEMO_USERS } from '../../src/services/partner/seed';
import { teamsUser, type TeamsUser } from '../../scripts/support/teamsClient';

export const silentLogger: Logger = pino({ level: 'silent' });

/** A seeded demo user (by display name) as a Teams client signs them in, in their own 1:1 chat. */
export function demoTeamsUser(name: string, locale = 'en-US'): TeamsUser {
  const user = DEMO_USERS.find((u) => u.displayName === name);
  if (!user) throw new Error(`no demo user named ${name}`);
  return teamsUser(name, locale, { aadObjectId: user.aadObjectId, tenantId: DEMO_TENANT_ID });
}

/** The real knowledge base, loaded once per test file that asks for it. */
export async function realEngine(): Promise<FaqEngine> {
  const kb = await loadKnowledgeBase();
  if (!kb.ok) throw new Error(kb.error.join('\n'));
  return new FaqEngine(kb.value, loadSynonyms());
}

export async function tempDir(): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'pba-test-'));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

export function testConfig(env: NodeJS.ProcessEnv): AppConfig {
  const parsed = parseConfig({ LOG_LEVEL: 'silent', ...env });
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
}

/** Starts a built app's server on a free loopback port; returns its messages endpoint. */
export async function listenOnLoopback(server: {
  listen(port: number, host: string, done: () => void): unknown;
  address(): { port: number };
}): Promise<string> {
  await new Promise<void>((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return `http://127.0.0.1:${server.address().port}/api/messages`;
}

export interface RunningApp {
  readonly app: App;
  readonly config: AppConfig;
  /** The messages endpoint. */
  readonly url: string;
  /** Closes the app and removes its DATA_DIR. */
  readonly close: () => Promise<void>;
}

/** The app over a temporary DATA_DIR, listening on a free loopback port; silent and with hourly jobs unless told. */
export async function startTestApp(
  env: NodeJS.ProcessEnv = {},
  options: Partial<AppOptions> = {},
): Promise<RunningApp> {
  const data = await tempDir();
  const config = testConfig({ DATA_DIR: data.dir, PORT: '0', HOST: '127.0.0.1', ...env });
  const app = await createApp(config, { logger: silentLogger, jobIntervalMs: 3_600_000, ...options });
  const url = await listenOnLoopback(app.server);
  return {
    app,
    config,
    url,
    close: async () => {
      await app.close();
      await data.remove();
    },
  };
}

/** A pino destination that keeps each written line, for tests that read the logs back. */
export function logCapture(): { readonly lines: string[]; readonly stream: Writable } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(
        ...chunk
          .toString('utf8')
          .split('\n')
          .filter((l) => l.trim()),
      );
      done();
    },
  });
  return { lines, stream };
}
