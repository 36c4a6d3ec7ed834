import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { DEMO_TENANT_ID, DEMO_USERS } from '../../src/services/partner/seed';
import { action, cardText, invokeCard, itemsMatching, receivedCard, type Json } from '../support/cards';
import { startFakeConnector, type FakeConnector } from '../../scripts/support/fakeConnector';
import { ownPostgresDatabase } from '../support/databases';
import { tempDir } from '../support/fixtures';
import {
  cardExecuteActivity,
  messageActivity,
  postActivity,
  postInvoke,
  teamsUser,
  type TeamsUser,
} from '../../scripts/support/teamsClient';

const entry = path.join('src', 'index.ts');

interface Bot {
  readonly child: ChildProcess;
  readonly messagesUrl: string;
  readonly exited: Promise<number | null>;
  readonly output: () => string;
}

/** Starts the bot as a real process and resolves with its address once it listens. */
async function startBot(env: NodeJS.ProcessEnv): Promise<Bot> {
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    env: {
      PATH: process.env['PATH'],
      HOST: '127.0.0.1',
      PORT: '0',
      SEARCH_THREAD: 'main',
      REMINDER_CHECK_SECONDS: '3600',
      ACTIVATION_DELAY_SECONDS: '0',
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  const messagesUrl = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      output += chunk.toString('utf8');
      const url = /"url":"http:\/\/localhost:(\d+)\/api\/messages"/.exec(output)?.[1];
      if (url) resolve(`http://127.0.0.1:${url}/api/messages`);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    void exited.then((code) => reject(new Error(`exited with ${code} before listening:\n${output}`)));
  });
  return { child, messagesUrl, exited, output: () => output };
}

async function kill(bot: Bot | undefined): Promise<void> {
  if (bot === undefined || bot.child.exitCode !== null || bot.child.signalCode !== null) return;
  bot.child.kill('SIGKILL');
  await bot.exited;
}

const alexOf = (): TeamsUser => {
  const user = DEMO_USERS.find((u) => u.displayName === 'Alex Wilber');
  assert.ok(user);
  return teamsUser('Alex Wilber', 'en-US', { aadObjectId: user.aadObjectId, tenantId: DEMO_TENANT_ID });
};

/** The Assign Visual Studio task, one step at a time, each step sent to the bot `at(step)` says. */
function assignTask(connector: FakeConnector, alex: TeamsUser) {
  const press = async (bot: Bot, button: { verb: string; data: Json }, inputs: Json = {}): Promise<Json> => {
    const activity = cardExecuteActivity(alex, connector.serviceUrl, button.verb, { ...button.data, ...inputs });
    const { status, body } = await postInvoke(bot.messagesUrl, activity);
    assert.equal(status, 200);
    return invokeCard(body);
  };
  return {
    start: async (bot: Bot): Promise<Json> => {
      assert.equal(
        await postActivity(bot.messagesUrl, messageActivity(alex, connector.serviceUrl, 'assign Visual Studio')),
        200,
      );
      const [reply] = await connector.next(alex.conversationId, 1);
      return receivedCard(reply);
    },
    chooseSeat: async (bot: Bot, seats: Json): Promise<Json> => {
      const [free] = itemsMatching(seats, /Visual Studio Professional[\s\S]*Assigned to: Free/);
      assert.ok(free, cardText(seats));
      return press(bot, action(free, 'assign.seat'));
    },
    search: (bot: Bot, card: Json, query: string): Promise<Json> =>
      press(bot, action(card, 'assign.search'), { query }),
    chooseUser: async (bot: Bot, results: Json, name: RegExp): Promise<Json> => {
      const [person] = itemsMatching(results, name);
      assert.ok(person, cardText(results));
      const confirm = await press(bot, action(person, 'assign.user'));
      assert.match(cardText(confirm), /Assign Visual Studio Professional to/);
      return confirm;
    },
    confirm: (bot: Bot, card: Json): Promise<Json> => press(bot, action(card, 'assign.confirm')),
  };
}

describe('e2e: open tasks survive a killed process (dialog state in the database)', function () {
  // Several real tsx processes, each with a PGlite start, on a busy machine.
  this.timeout(240_000);

  let connector: FakeConnector;
  const bots: Bot[] = [];
  const start = async (env: NodeJS.ProcessEnv): Promise<Bot> => {
    const bot = await startBot(env);
    bots.push(bot);
    return bot;
  };

  before(async () => {
    connector = await startFakeConnector();
  });
  afterEach(async () => {
    await Promise.all(bots.splice(0).map(kill));
  });
  after(async () => {
    await connector?.close();
  });

  /** SIGKILL after the first button, a new process on the same data, the next buttons of the same card go on. */
  const killAndContinue = async (env: NodeJS.ProcessEnv): Promise<void> => {
    const alex = alexOf();
    const task = assignTask(connector, alex);
    const first = await start(env);
    const seats = await task.start(first);
    const search = await task.chooseSeat(first, seats);
    assert.match(cardText(search), /Step 2 of 3/);
    await kill(first);

    const second = await start(env);
    const results = await task.search(second, search, 'patti');
    const confirm = await task.chooseUser(second, results, /Patti Fernandez/);
    const done = await task.confirm(second, confirm);
    assert.match(cardText(done), /assigned to Patti Fernandez/, cardText(done));
  };

  it(
    'on PGlite: a SIGKILLed bot restarted on the same DATA_DIR ' + 'continues the task from the card the admin has',
    async () => {
      const temp = await tempDir();
      try {
        await killAndContinue({ DATA_DIR: temp.dir });
      } finally {
        await Promise.all(bots.splice(0).map(kill));
        await temp.remove();
      }
    },
  );

  describe('on PostgreSQL (TEST_DATABASE_URL)', () => {
    const serverUrl = process.env['TEST_DATABASE_URL'];
    before(function () {
      if (!serverUrl) this.skip();
    });

    it('a SIGKILLed bot restarted on the same DATABASE_URL continues the task', async () => {
      assert.ok(serverUrl);
      const [temp, db] = await Promise.all([tempDir(), ownPostgresDatabase(serverUrl, 'pba_restart')]);
      try {
        await killAndContinue({ DATA_DIR: temp.dir, DATABASE_URL: db.url });
      } finally {
        await Promise.all(bots.splice(0).map(kill));
        await Promise.all([temp.remove(), db.drop()]);
      }
    });

    it('two bot processes on one database complete a task whose clicks land on each in turn', async () => {
      assert.ok(serverUrl);
      const [tempA, tempB, db] = await Promise.all([
        tempDir(),
        tempDir(),
        ownPostgresDatabase(serverUrl, 'pba_restart'),
      ]);
      try {
        // One after the other: both would otherwise seed the demo organization at once.
        const a = await start({ DATA_DIR: tempA.dir, DATABASE_URL: db.url });
        const b = await start({ DATA_DIR: tempB.dir, DATABASE_URL: db.url });
        const alex = alexOf();
        const task = assignTask(connector, alex);
        const seats = await task.start(a);
        const search = await task.chooseSeat(b, seats);
        const results = await task.search(a, search, 'megan');
        const confirm = await task.chooseUser(b, results, /Megan Bowen/);
        const done = await task.confirm(a, confirm);
        assert.match(cardText(done), /assigned to Megan Bowen/, cardText(done));
      } finally {
        await Promise.all(bots.splice(0).map(kill));
        await Promise.all([tempA.remove(), tempB.remove(), db.drop()]);
      }
    });
  });
});
