import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import pino from 'pino';
import { z } from 'zod';
import { PeriodicTask } from '../../src/jobs/periodicTask';

/** A pino logger whose lines the test can read. */
function capturingLogger() {
  const lineSchema = z.object({ level: z.number(), msg: z.string(), job: z.string().optional() });
  const lines: z.infer<typeof lineSchema>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(lineSchema.parse(JSON.parse(chunk.toString())));
      done();
    },
  });
  return { logger: pino({ level: 'info' }, stream), lines };
}

describe('PeriodicTask', () => {
  it('runs at once, keeps running after a failure (logged, not thrown), never two runs at a time', async () => {
    const { logger, lines } = capturingLogger();
    let calls = 0;
    let running = 0;
    let overlap = false;
    let third: () => void = () => undefined;
    const reachedThird = new Promise<void>((resolve) => (third = resolve));
    const task = new PeriodicTask(
      'test-job',
      async () => {
        calls += 1;
        running += 1;
        overlap ||= running > 1;
        await new Promise((resolve) => setImmediate(resolve));
        running -= 1;
        if (calls === 1) throw new Error('boom');
        if (calls === 3) third();
      },
      logger,
    );
    task.start(1);
    task.start(1); // a second start is ignored
    await reachedThird;
    await task.stop();
    const stoppedAt = calls;
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(calls, stoppedAt, 'no run after stop');
    assert.equal(overlap, false);
    assert.equal(task.started, false);
    const errors = lines.filter((l) => l.level === 50);
    assert.equal(errors.length, 1);
    assert.equal(errors[0]?.job, 'test-job');
  });

  it('stop waits for the run in progress', async () => {
    const { logger } = capturingLogger();
    let finished = false;
    let entered: () => void = () => undefined;
    const inRun = new Promise<void>((resolve) => (entered = resolve));
    const task = new PeriodicTask(
      'slow',
      async () => {
        entered();
        await new Promise((resolve) => setTimeout(resolve, 10));
        finished = true;
      },
      logger,
    );
    task.start(60_000);
    await inRun;
    await task.stop();
    assert.equal(finished, true);
  });
});
