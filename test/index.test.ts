import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import { composeQueryActivity, postInvoke, teamsUser } from '../scripts/support/teamsClient';
import { tempDir } from './support/fixtures';

const entry = path.join('src', 'index.ts');
/** The lightest real start: no search thread, loopback only. */
const baseEnv = (env: NodeJS.ProcessEnv): NodeJS.ProcessEnv => ({
  PATH: process.env['PATH'],
  HOST: '127.0.0.1',
  SEARCH_THREAD: 'main',
  REMINDER_CHECK_SECONDS: '3600',
  ...env,
});

/** The real process, run to its end (for settings that must stop it). */
function runToExit(env: NodeJS.ProcessEnv) {
  return spawnSync(process.execPath, ['--import', 'tsx', entry], {
    env: baseEnv(env),
    encoding: 'utf8',
    timeout: 90_000,
  });
}

interface Running {
  readonly child: ChildProcess;
  readonly output: () => string;
  readonly exited: Promise<number | null>;
}

/** Starts the real process and resolves once it logs that it listens (or rejects if it exits first). */
async function startBot(env: NodeJS.ProcessEnv): Promise<Running> {
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    env: baseEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      output += chunk.toString('utf8');
      if (output.includes('"msg":"bot listening"')) resolve();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    void exited.then((code) => reject(new Error(`exited with ${code} before listening:\n${output}`)));
  });
  return { child, output: () => output, exited };
}

/** The one fatal log line of a refused start (pino JSON on stdout). */
function fatalLine(stdout: string): { msg: string } {
  const lines = stdout.split('\n').filter((l) => l.includes('"level":60'));
  assert.equal(lines.length, 1, `expected one fatal line, got:\n${stdout}`);
  return JSON.parse(lines[0] ?? '{}') as { msg: string };
}

const noStack = (text: string): void => assert.doesNotMatch(text, /\n\s+at /, 'no stack trace');

describe('process start-up', function () {
  // Each case starts real tsx processes; the machine may be busy.
  this.timeout(120_000);

  it('stops with a clear message, not a stack trace, on a bad setting', () => {
    const result = runToExit({ PORT: 'not-a-port', MicrosoftAppType: 'Nope' });
    assert.equal(result.status, 1);
    assert.match(result.stderr, /Invalid configuration:/);
    assert.match(result.stderr, /PORT/);
    assert.match(result.stderr, /MicrosoftAppType/);
    noStack(result.stderr);
  });

  it('refuses an empty PORT= instead of listening on a random port', () => {
    const result = runToExit({ PORT: '' });
    assert.equal(result.status, 1);
    assert.match(result.stderr, /PORT: is empty/);
    assert.doesNotMatch(result.stdout, /bot listening/);
  });

  it('stops with one line naming the port when it is already in use', async () => {
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const address = holder.address();
    assert.ok(address !== null && typeof address === 'object');
    const temp = await tempDir();
    try {
      const result = runToExit({ PORT: String(address.port), DATA_DIR: temp.dir });
      assert.equal(result.status, 1);
      const line = fatalLine(result.stdout);
      assert.equal(
        line.msg,
        `Port ${address.port} is already in use (127.0.0.1:${address.port}): ` +
          'stop the process that holds it, or set PORT to a free port.',
      );
      // stderr holds only restify's DEP0111 deprecation warning, no error of ours.
      assert.doesNotMatch(result.stderr, /EADDRINUSE|Error|failed/);
      noStack(result.stdout + result.stderr);
    } finally {
      await new Promise<void>((resolve) => holder.close(() => resolve()));
      await temp.remove();
    }
  });

  it('stops with a message naming DATA_DIR when it is a file', async () => {
    const temp = await tempDir();
    try {
      const file = path.join(temp.dir, 'not-a-dir');
      await writeFile(file, 'x');
      for (const dataDir of [file, path.join(file, 'below')]) {
        const result = runToExit({ PORT: '0', DATA_DIR: dataDir });
        assert.equal(result.status, 1, result.stdout + result.stderr);
        assert.match(
          fatalLine(result.stdout).msg,
          new RegExp(`^DATA_DIR \\(${dataDir}\\) is not usable: .*(file, not a directory)`),
        );
        noStack(result.stdout + result.stderr);
      }
    } finally {
      await temp.remove();
    }
  });

  it('refuses to start in production without MicrosoftAppId, in one line naming it', async () => {
    const temp = await tempDir();
    try {
      const result = runToExit({ PORT: '0', DATA_DIR: temp.dir, NODE_ENV: 'production' });
      assert.equal(result.status, 1, result.stdout + result.stderr);
      const named = result.stderr.split('\n').filter((l) => l.includes('MicrosoftAppId'));
      assert.equal(named.length, 1, result.stderr);
      assert.match(named[0] ?? '', /MicrosoftAppId: is required in production .*ALLOW_UNAUTHENTICATED=true/);
      assert.doesNotMatch(result.stdout, /bot listening/);
      noStack(result.stdout + result.stderr);
    } finally {
      await temp.remove();
    }
  });

  it('starts in production with ALLOW_UNAUTHENTICATED=true, warns once, and replies only to loopback', async () => {
    const temp = await tempDir();
    let bot: Running | undefined;
    try {
      bot = await startBot({ PORT: '0', DATA_DIR: temp.dir, NODE_ENV: 'production', ALLOW_UNAUTHENTICATED: 'true' });
      const lines = bot
        .output()
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as { level: number; msg: string; url?: string });
      const warnings = lines.filter((l) => l.level === 40 && l.msg.includes('ALLOW_UNAUTHENTICATED=true'));
      assert.equal(warnings.length, 1, bot.output());
      assert.match(warnings[0]?.msg ?? '', /answers anyone/);
      const messagesUrl = lines.find((l) => l.msg === 'bot listening')?.url?.replace('localhost', '127.0.0.1');
      assert.ok(messagesUrl);
      const user = teamsUser('Megan Bowen', 'en-US');
      const remote = await postInvoke(messagesUrl, composeQueryActivity(user, 'https://attacker.example/', 'renew'));
      assert.deepEqual(remote, { status: 403, body: { error: 'serviceUrl not allowed' } });
      const local = await postInvoke(messagesUrl, composeQueryActivity(user, 'http://127.0.0.1:9/', 'renew'));
      assert.equal(local.status, 200);
      bot.child.kill('SIGTERM');
      assert.equal(await bot.exited, 0, bot.output());
      bot = undefined;
    } finally {
      if (bot?.child.exitCode === null) {
        bot.child.kill('SIGKILL');
        await bot.exited;
      }
      await temp.remove();
    }
  });

  it('refuses a second process on the same PGlite DATA_DIR, and starts once the first has gone', async () => {
    const temp = await tempDir();
    const env = { PORT: '0', DATA_DIR: temp.dir };
    let first: Running | undefined;
    try {
      first = await startBot(env);
      const second = runToExit(env);
      assert.equal(second.status, 1, second.stdout + second.stderr);
      const dbDir = path.join(temp.dir, 'db');
      assert.equal(
        fatalLine(second.stdout).msg,
        `DATA_DIR (${dbDir}) is in use by another process (pid ${first.child.pid}): ` +
          'one embedded database serves one process. ' +
          'Stop that process, or give this one its own DATA_DIR (or a DATABASE_URL).',
      );
      noStack(second.stdout + second.stderr);

      // A first process killed outright leaves its lock behind: a dead pid's lock is stale.
      first.child.kill('SIGKILL');
      await first.exited;
      first = await startBot(env);
      first.child.kill('SIGTERM');
      assert.equal(await first.exited, 0, first.output());
      first = undefined;
    } finally {
      if (first?.child.exitCode === null) {
        first.child.kill('SIGKILL');
        await first.exited;
      }
      await temp.remove();
    }
  });
});
