/*
 * Microsoft 365 Agents Playground as a child process for browser tests: its own free port, its own process
 * group (stopped as a whole), its log and config file in the caller's temp dir, no browser of its own.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { parseListeningPort, playgroundArgs, playgroundEnv } from '../../scripts/playground';
import { playgroundConfig } from '../../scripts/playgroundUsers';

export interface RunningPlayground {
  /** The page to open, e.g. http://127.0.0.1:51234 */
  readonly url: string;
  readonly logFile: string;
  /** The last lines of its log file, for failure messages. */
  logTail(lines?: number): string;
  stop(): Promise<void>;
}

export interface PlaygroundOptions {
  /** The bot's messages endpoint, e.g. http://127.0.0.1:40123/api/messages */
  readonly endpoint: string;
  /** Where the config and log files go (a temp dir the caller removes). */
  readonly dir: string;
  /** First name of the signed-in demo user ("alex", "adele", ...). */
  readonly user: string;
  readonly startTimeoutMs?: number;
}

/** A port nothing listens on right now; the Playground falls back to a random one if it is taken meanwhile. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return address.port;
}

function running(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || !running(child)) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

function tail(file: string, lines: number): string {
  if (!existsSync(file)) return '(no log file)';
  return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
}

/** SIGTERM to the whole group, SIGKILL if it is still there after graceMs. */
async function stopGroup(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (!running(child)) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  signalGroup(child, 'SIGTERM');
  const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/** Starts the Playground against `endpoint`, signed in as `user`; resolves once it prints "Listening on <port>". */
export async function startPlayground(options: PlaygroundOptions): Promise<RunningPlayground> {
  const config = playgroundConfig(options.user);
  if (!config) throw new Error(`no demo user named ${options.user}`);
  const configFile = path.join(options.dir, 'm365agentsplayground.yml');
  const logFile = path.join(options.dir, 'm365agentsplayground.log');
  await writeFile(configFile, config);

  // Our own log and config files, whatever the developer's shell exports.
  const base: NodeJS.ProcessEnv = { ...process.env, M365_AGENTS_PLAYGROUND_CONFIG_PATH: configFile };
  delete base.M365_AGENTS_PLAYGROUND_LOGFILE;
  delete base.TEAMSAPPTESTER_LOGFILE;
  delete base.TEAMSAPPTESTER_BROWSER;
  const env = playgroundEnv(base, logFile);
  const cli = require.resolve('@microsoft/m365agentsplayground/cli.js');
  const args = playgroundArgs(options.endpoint, ['--port', String(await freePort())]);
  const child = spawn(process.execPath, [cli, ...args], {
    cwd: options.dir,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  // If mocha exits without running its after hooks (Ctrl-C, process.exit), the detached group goes too.
  const killOnExit = (): void => signalGroup(child, 'SIGKILL');
  process.once('exit', killOnExit);
  const stop = async (): Promise<void> => {
    await stopGroup(child);
    process.removeListener('exit', killOnExit);
  };
  const output: string[] = [];
  const keep = (line: string): void => {
    output.push(line);
    if (output.length > 40) output.shift();
  };
  if (child.stderr) createInterface({ input: child.stderr }).on('line', keep);

  const timeoutMs = options.startTimeoutMs ?? 60_000;
  try {
    const port = await new Promise<number>((resolve, reject) => {
      const fail = (why: string): void => {
        clearTimeout(timer);
        reject(new Error(`Agents Playground ${why}\noutput:\n${output.join('\n')}\nlog:\n${tail(logFile, 20)}`));
      };
      const timer = setTimeout(() => fail(`did not listen within ${timeoutMs / 1000} s`), timeoutMs);
      child.once('error', (err) => fail(`could not start: ${err.message}`));
      child.once('exit', (code, signal) => fail(`exited (${code ?? signal}) before listening`));
      if (!child.stdout) return fail('has no stdout');
      createInterface({ input: child.stdout }).on('line', (line) => {
        const listening = parseListeningPort(line);
        if (listening === undefined) return keep(line);
        clearTimeout(timer);
        resolve(listening);
      });
    });
    return {
      url: `http://127.0.0.1:${port}`,
      logFile,
      logTail: (lines = 20) => tail(logFile, lines),
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
