import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

// promisify loses execFile's overloads: this is the one the test calls.
const run = promisify(execFile) as (
  file: string,
  args: readonly string[],
  options: { cwd: string; timeout: number },
) => Promise<{ stdout: string; stderr: string }>;
const root = path.join(__dirname, '..', '..');

// Only that the bench runs and reports; its timings are figures to read, never asserted.
describe('npm run bench (a short run)', () => {
  it('drives both kinds of turn without errors and prints the two ratios', async function () {
    this.timeout(150_000);
    const args = ['scripts/bench.ts', '--turns', '96', '--rounds', '2', '--warmup', '16', '--concurrency', '4'];
    const { stdout } = await run(path.join(root, 'node_modules', '.bin', 'tsx'), args, { cwd: root, timeout: 140_000 });
    const rows = Object.fromEntries(
      stdout
        .split('\n')
        .map((line) => line.trim().split(/\s+/))
        .filter((cells) => cells[0] === 'echo' || cells[0] === 'faq')
        .map((cells): [string, { turns: number; errors: number }] => [
          cells[0] ?? '',
          { turns: Number(cells[1]), errors: Number(cells[5]) },
        ]),
    );
    assert.deepEqual(rows, { echo: { turns: 96, errors: 0 }, faq: { turns: 96, errors: 0 } });
    assert.match(stdout, /FAQ throughput \/ echo throughput: +\d+\.\d\d/);
    assert.match(stdout, /FAQ p99 \/ echo p99: +\d+\.\d\d/);
    assert.match(stdout, /faq: answer +\d+/);
  });
});
