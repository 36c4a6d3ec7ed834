import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium, which .ci/run installs; playwright-core downloads no browser of its own. */
export const chromiumPath = '/usr/bin/chromium';
const chromiumArgs = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];

/**
 * In a suite's `before`: skips the suite when Chromium is not installed (a fresh clone without it), with the
 * reason in each test's title, since mocha prints the titles of skipped tests.
 */
export function skipWithoutChromium(context: Mocha.Context): void {
  if (existsSync(chromiumPath)) return;
  for (const test of context.test?.parent?.tests ?? [])
    test.title += ` (skipped: ${chromiumPath} is missing; .ci/run installs Debian chromium)`;
  context.skip();
}

export const launchChromium = (timeoutMs: number): Promise<Browser> =>
  chromium.launch({ executablePath: chromiumPath, args: chromiumArgs, timeout: timeoutMs });
