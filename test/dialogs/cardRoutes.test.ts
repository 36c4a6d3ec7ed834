import assert from 'node:assert/strict';
import { DialogTurnStatus, type DialogContext } from 'botbuilder-dialogs';
import { z } from 'zod';
import { faqNoneOfTheseSchema } from '../../cards/actions';
import { CardRoutes } from '../../dialogs/cardRoutes';

// The table only hands the context on to the handlers: a bare object stands in for it.
const dc = {} as unknown as DialogContext;

describe('CardRoutes (the card verb table)', () => {
  it('gives a verb’s handler the data as its schema parsed it, and its result', async () => {
    const seen: unknown[] = [];
    const routes = new CardRoutes().on('faq.noneOfThese', faqNoneOfTheseSchema, async (_dc, action) => {
      seen.push(action);
      return { status: DialogTurnStatus.waiting };
    });
    const outcome = await routes.dispatch(dc, { verb: 'faq.noneOfThese', question: 'q', lang: 'fr', extra: 1 });
    assert.deepEqual(outcome, { kind: 'handled', result: { status: DialogTurnStatus.waiting } });
    // The schema's default filled in, the unknown field dropped.
    assert.deepEqual(seen, [{ verb: 'faq.noneOfThese', question: 'q', lang: 'fr', candidates: [] }]);
  });

  it('does not call the handler for data its schema refuses, and says how many issues', async () => {
    let called = false;
    const routes = new CardRoutes().on('x.do', z.object({ verb: z.literal('x.do'), n: z.number() }), async () => {
      called = true;
    });
    assert.deepEqual(await routes.dispatch(dc, { verb: 'x.do', n: 'one' }), {
      kind: 'invalid',
      verb: 'x.do',
      issues: 1,
    });
    assert.equal(called, false);
  });

  it('tells a verb it has no route for, and data without a verb', async () => {
    const routes = new CardRoutes().on('x.do', z.object({ verb: z.literal('x.do') }), async () => undefined);
    assert.deepEqual(await routes.dispatch(dc, { verb: 'x.undo' }), { kind: 'unrouted' });
    assert.deepEqual(await routes.dispatch(dc, { n: 1 }), { kind: 'unrouted' });
    assert.deepEqual(routes.verbs, ['x.do']);
  });

  it('refuses a second route for a verb', () => {
    const schema = z.object({ verb: z.literal('x.do') });
    const routes = new CardRoutes().on('x.do', schema, async () => undefined);
    assert.throws(() => routes.on('x.do', schema, async () => undefined), /"x.do" is routed twice/);
  });
});
