import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { type Browser, type Locator, type Page } from 'playwright-core';
import { createApp, type App } from '../../src/app';
import { enTasks } from '../../src/i18n/en';
import { loadKnowledgeBase } from '../../src/knowledge/loader';
import { listenOnLoopback, tempDir, testConfig } from '../support/fixtures';
import { startPlayground, type RunningPlayground } from '../support/playground';
import { launchChromium, skipWithoutChromium } from '../support/chromium';

/** Per wait on the page: the machine is shared, and the first turn also warms up the bot's search. */
const waitMs = 60_000;

const normalize = (text: string): string => text.replace(/\s+/g, ' ').trim();

function tail(file: string, lines = 20): string {
  return existsSync(file) ? readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n') : '(none)';
}

/** Every cleanup step runs even when an earlier one fails or hangs; the first error is reported. */
async function cleanUp(steps: readonly (readonly [string, () => Promise<unknown>])[]): Promise<void> {
  const errors: string[] = [];
  for (const [name, step] of steps) {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('timed out after 20 s')), 20_000);
    });
    try {
      await Promise.race([step(), timeout]);
    } catch (err) {
      errors.push(`${name}: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      clearTimeout(timer);
    }
  }
  if (errors.length) throw new Error(`cleanup failed\n${errors.join('\n')}`);
}

/**
 * Issue 16 §6: the bot as a person uses it, in Microsoft 365 Agents Playground (Teams channel) rendered by real
 * headless Chromium. The selectors are the page's roles and names and the Adaptive Cards renderer's own classes.
 */
describe('browser: the bot in Microsoft 365 Agents Playground (headless Chromium)', function () {
  this.timeout(240_000);

  let dir: { dir: string; remove: () => Promise<void> } | undefined;
  let app: App | undefined;
  let playground: RunningPlayground | undefined;
  let browser: Browser | undefined;
  let page: Page | undefined;
  let botLog = '';
  let botLogStream: ReturnType<typeof pino.destination> | undefined;

  before(async function () {
    skipWithoutChromium(this);
    dir = await tempDir();
    botLog = path.join(dir.dir, 'bot.log');
    // Warnings and errors only, in a file quoted by failure messages: the Playground shows a failed turn as a 502.
    botLogStream = pino.destination({ dest: botLog, sync: true });
    const logger = pino({ level: 'warn' }, botLogStream);
    const config = testConfig({ DATA_DIR: dir.dir, PORT: '0', HOST: '127.0.0.1', ACTIVATION_DELAY_SECONDS: '0' });
    app = await createApp(config, { logger, jobIntervalMs: 3_600_000 });
    const endpoint = await listenOnLoopback(app.server);
    playground = await startPlayground({ endpoint, dir: dir.dir, user: 'alex' });
    browser = await launchChromium(waitMs);
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(waitMs);
    // Hermetic: the page also asks Microsoft CDNs for fonts and animations, which it renders without.
    await page.route(
      (url) => url.hostname !== '127.0.0.1' && url.hostname !== 'localhost',
      (route) => route.abort(),
    );
    await page.goto(playground.url, { waitUntil: 'domcontentloaded' });
    // The Playground installs the bot in the personal chat on load: the welcome card proves the loop works.
    await visible(page.locator('.ac-adaptiveCard').first(), 'the welcome card');
  });

  after(async () => {
    await cleanUp([
      ['browser', async () => browser?.close()],
      ['Agents Playground', async () => playground?.stop()],
      ['app', async () => app?.close()],
      ['bot log', async () => botLogStream?.end()],
      ['temp dir', async () => dir?.remove()],
    ]);
  });

  /** Waits for `locator`; on timeout the error quotes the chat, the Playground's log and the bot's warnings. */
  async function visible(locator: Locator, what: string): Promise<Locator> {
    try {
      await locator.first().waitFor({ state: 'visible', timeout: waitMs });
      return locator.first();
    } catch (err) {
      const chat = page
        ? normalize(
            await page
              .locator('body')
              .innerText({ timeout: 5000 })
              .catch(() => ''),
          )
        : '';
      throw new Error(
        `${what} did not appear: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}\n` +
          `page text (end): ${chat.slice(-1200)}\n` +
          `Playground log:\n${playground?.logTail(15) ?? ''}\nbot log:\n${tail(botLog, 5)}`,
      );
    }
  }

  function currentPage(): Page {
    assert.ok(page, 'the page is open');
    return page;
  }

  /** Types into the compose box (a contenteditable textbox, unlike the cards' inputs) and sends. */
  async function say(text: string): Promise<void> {
    const p = currentPage();
    const compose = await visible(p.locator('[role="textbox"][contenteditable="true"]'), 'the compose box');
    await compose.click();
    await p.keyboard.type(text);
    await p.getByRole('button', { name: 'Send Message' }).click();
  }

  const cardWith = (text: string): Locator => currentPage().locator('.ac-adaptiveCard').filter({ hasText: text });

  it('answers a typed FAQ question with its answer card', async () => {
    const kb = await loadKnowledgeBase();
    assert.ok(kb.ok, 'the knowledge base loads');
    // test/data/eval.yaml: renewal-window questions; the welcome card does not carry this entry's title.
    const entry = kb.value.find((e) => e.id === 'renewal-window');
    assert.ok(entry, 'the renewal-window entry');
    await say('When is my renewal window?');

    const card = await visible(
      currentPage()
        .locator('.ac-adaptiveCard')
        .filter({ has: currentPage().getByRole('heading', { name: entry.en.title }) }),
      `the answer card "${entry.en.title}"`,
    );
    const text = normalize(await card.innerText());
    assert.ok(text.includes(normalize(entry.en.answer).slice(0, 60)), `the answer's text is on the card: ${text}`);
  });

  it('shows the next card of a task after a button on its card is pressed', async () => {
    await say('activate technical benefits');
    const list = await visible(cardWith(enTasks.step(1, 2)), `the task card "${enTasks.step(1, 2)}"`);
    assert.equal(await cardWith(enTasks.step(2, 2)).count(), 0, 'no second step before the press');
    await list.getByRole('button', { name: enTasks.choose, exact: true }).first().click();

    // The Playground sends the press to the bot (an invoke) and shows the card it answers with.
    const confirm = await visible(cardWith(enTasks.step(2, 2)), `the next card "${enTasks.step(2, 2)}"`);
    const text = normalize(await confirm.innerText());
    assert.ok(text.includes(normalize(enTasks.confirmActivate)), `the confirmation question: ${text}`);
    await visible(confirm.getByRole('button', { name: enTasks.activate, exact: true }), 'the Activate button');
  });
});
