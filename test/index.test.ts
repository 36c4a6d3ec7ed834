import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';

describe('process start-up', () => {
  it('stops with a clear message, not a stack trace, on a bad setting', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', path.join('src', 'index.ts')], {
      env: { PATH: process.env['PATH'], PORT: 'not-a-port', MicrosoftAppType: 'Nope' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    assert.equal(result.status, 1);
    assert.match(result.stderr, /Invalid configuration:/);
    assert.match(result.stderr, /PORT/);
    assert.match(result.stderr, /MicrosoftAppType/);
    assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
  });
});
