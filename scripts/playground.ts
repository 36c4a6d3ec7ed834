/*
 * npm run playground: the bot (reused when something already answers on /healthz) plus
 * Microsoft 365 Agents Playground, a local Teams-like web client, pointed at it in Teams (msteams) mode.
 * Extra arguments go to the Playground CLI, e.g. `npm run playground -- --port 56151`, except
 * `--as <first name>`, which signs in as another demo user (`--as adele`: no admin role).
 * Ctrl-C (or SIGTERM) stops the Playground, then the bot if this script started it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { playgroundConfig, playgroundUserNames } from './playgroundUsers';

const root = path.resolve(__dirname, '..');

export interface BotUrls {
  readonly health: string;
  readonly messages: string;
}

export function botUrls(port: number): BotUrls {
  return { health: `http://localhost:${port}/healthz`, messages: `http://localhost:${port}/api/messages` };
}

/** The bot port, read like src/config.ts does (PORT, default 3978). */
export function botPort(env: NodeJS.ProcessEnv): number {
  const raw = env.PORT?.trim();
  const port = raw ? Number(raw) : 3978;
  if (!Number.isInteger(port) || port <= 0 || port > 65535)
    throw new Error(`PORT must be a port number, got "${raw ?? ''}"`);
  return port;
}

export async function isHealthy(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
    await res.body?.cancel();
    return res.ok;
  } catch {
    return false;
  }
}

/** The Playground prints "Listening on <port>" when stdout is not a terminal; it may fall back to a random port. */
export function parseListeningPort(line: string): number | undefined {
  const match = /^Listening on (\d+)\s*$/.exec(line);
  return match?.[1] ? Number(match[1]) : undefined;
}

/** Playground CLI arguments: our bot endpoint, Teams channel, no telemetry; the caller's extras last. */
export function playgroundArgs(endpoint: string, extra: readonly string[]): string[] {
  return ['--app-endpoint', endpoint, '--channel-id', 'msteams', '--disable-telemetry', ...extra];
}

/**
 * Environment for the Playground: no attempt to open a browser (we print the URL) and its log file under
 * the git-ignored .data/ instead of ./devTools/. Values the caller already set win.
 */
export function playgroundEnv(env: NodeJS.ProcessEnv, logFile: string): NodeJS.ProcessEnv {
  return {
    ...env,
    TEAMSAPPTESTER_BROWSER: env.TEAMSAPPTESTER_BROWSER ?? 'none',
    M365_AGENTS_PLAYGROUND_LOGFILE: env.M365_AGENTS_PLAYGROUND_LOGFILE ?? env.TEAMSAPPTESTER_LOGFILE ?? logFile,
  };
}

const out = (line: string): void => {
  process.stdout.write(`[playground] ${line}\n`);
};

function running(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

function exited(child: ChildProcess): Promise<void> {
  return running(child) ? new Promise((resolve) => child.once('exit', () => resolve())) : Promise.resolve();
}

/** Children run in their own process group, so the terminal's Ctrl-C reaches only us and we stop them in order. */
function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || !running(child)) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

/** SIGINT to the child (tsx relays it to the bot, which closes its server); SIGKILL to its group if it lingers. */
async function stop(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (!running(child)) return;
  child.kill('SIGINT');
  const timer = setTimeout(() => killGroup(child, 'SIGKILL'), graceMs);
  await exited(child);
  clearTimeout(timer);
}

async function waitForHealth(url: string, bot: ChildProcess | undefined, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await isHealthy(url)) return;
    if (bot && !running(bot))
      throw new Error(`the bot exited (code ${bot.exitCode ?? bot.signalCode}) before ${url} answered`);
    await sleep(250);
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}

function logTail(file: string, lines = 20): string {
  if (!existsSync(file)) return '';
  return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
}

export async function main(): Promise<number> {
  const urls = botUrls(botPort(process.env));
  const children: ChildProcess[] = [];
  process.on('exit', () => children.forEach((c) => killGroup(c, 'SIGKILL')));

  let stopping = false;
  let resolveDone: (code: number) => void = () => undefined;
  const done = new Promise<number>((resolve) => (resolveDone = resolve));
  const shutdown = async (code: number): Promise<void> => {
    if (stopping) return;
    stopping = true;
    // The Playground first: its keep-alive connections would otherwise hold the bot's server.close().
    for (const child of [...children].reverse()) await stop(child);
    resolveDone(code);
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stopping) {
      out(`${signal} again: killing now`);
      children.forEach((c) => killGroup(c, 'SIGKILL'));
      process.exit(130);
    }
    out(`${signal}: stopping`);
    void shutdown(0);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  let bot: ChildProcess | undefined;
  if (await isHealthy(urls.health)) {
    out(`reusing the bot already answering on ${urls.health} (it will be left running)`);
  } else {
    out('starting the bot (tsx src/index.ts)');
    bot = spawn(process.execPath, [require.resolve('tsx/cli'), 'src/index.ts'], {
      cwd: root,
      stdio: 'inherit',
      detached: true,
    });
    children.push(bot);
    bot.once('exit', (code, signal) => {
      if (stopping) return;
      out(`the bot exited (${code ?? signal}); stopping`);
      void shutdown(typeof code === 'number' && code !== 0 ? code : 1);
    });
  }
  try {
    await waitForHealth(urls.health, bot, 60_000);
  } catch (err) {
    out(`bot not ready: ${err instanceof Error ? err.message : String(err)}`);
    await shutdown(1);
    return done;
  }
  if (stopping) return done;

  const logFile = path.join(root, '.data', 'm365agentsplayground.log');
  const env = playgroundEnv(process.env, logFile);
  const args = process.argv.slice(2);
  const asIndex = args.indexOf('--as');
  if (asIndex >= 0) {
    const name = args[asIndex + 1] ?? '';
    const config = playgroundConfig(name);
    if (!config) {
      out(`--as needs one of: ${playgroundUserNames.join(', ')}`);
      await shutdown(2);
      return done;
    }
    const file = path.join(root, '.data', `m365agentsplayground-${name.toLowerCase()}.yml`);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, config);
    env.M365_AGENTS_PLAYGROUND_CONFIG_PATH = file;
    args.splice(asIndex, 2);
    out(`signed in as ${name} (${file})`);
  }
  const cli = require.resolve('@microsoft/m365agentsplayground/cli.js');
  const playground = spawn(process.execPath, [cli, ...playgroundArgs(urls.messages, args)], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
    detached: true,
  });
  children.push(playground);
  playground.once('exit', (code, signal) => {
    if (stopping) return;
    out(
      `Agents Playground exited (${code ?? signal}); ` +
        `its log, ${env.M365_AGENTS_PLAYGROUND_LOGFILE ?? logFile}, ends with:`,
    );
    process.stdout.write(`${logTail(env.M365_AGENTS_PLAYGROUND_LOGFILE ?? logFile)}\n`);
    void shutdown(typeof code === 'number' && code !== 0 ? code : 1);
  });
  if (playground.stdout) {
    createInterface({ input: playground.stdout }).on('line', (line) => {
      const port = parseListeningPort(line);
      if (port === undefined) {
        out(line);
        return;
      }
      out(`bot:    ${urls.messages}${bot ? '' : ' (already running)'}`);
      out(`log:    ${env.M365_AGENTS_PLAYGROUND_LOGFILE ?? logFile}`);
      out(`Microsoft 365 Agents Playground (Teams channel) is ready; open http://localhost:${port} in a browser`);
      out('Ctrl-C stops everything');
    });
  }
  return done;
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`playground: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    },
  );
}
