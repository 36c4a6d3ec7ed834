import assert from 'node:assert/strict';
import { AssignSubscriptionDialog } from '../../dialogs/assignSubscriptionDialog';
import type { Language } from '../../src/knowledge/schema';
import type { AuditEntry, VsSubscription } from '../../src/services/partner/schemas';
import { action, cardText, itemsMatching, type Json } from '../support/cards';
import { silentLogger } from '../support/fixtures';
import {
  TODAY,
  TaskDialogClient,
  actorOf,
  buttonWith,
  demoPerson,
  demoUserId,
  inputValue,
  openTaskWorld,
  stranger,
  verbsOf,
  type Person,
  type TaskWorld,
} from '../support/taskDialogs';

const alex = demoPerson('Alex Wilber');
const FREE_PRO = 'vs-ap-5';
/** Alex's own seat, assigned 30 days before TODAY: reassignable from Jan 20, 2027. */
const RECENT = 'vs-ap-1';
/** Adele's seat, assigned 120 days before TODAY. */
const OLD = 'vs-ap-3';

describe('AssignSubscriptionDialog (DialogTestClient over the embedded partner service)', () => {
  let world: TaskWorld;
  before(async () => {
    world = await openTaskWorld();
  });
  after(() => world.close());
  beforeEach(() => world.reset());

  const client = (person: Person, language: Language = 'en'): TaskDialogClient =>
    new TaskDialogClient(new AssignSubscriptionDialog(world.partner(), world.clock.read, silentLogger), person, language);

  const seats = async (): Promise<Map<string, VsSubscription>> => {
    const listed = await world.partner().listSubscriptions(actorOf(alex));
    assert.ok(listed.ok);
    return new Map(listed.value.map((s) => [s.id, s]));
  };
  const holderOf = async (seatId: string): Promise<string | null | undefined> => (await seats()).get(seatId)?.assigneeUserId;
  const audit = async (): Promise<AuditEntry[]> => {
    const entries = await world.partner().auditSince(0, 100);
    assert.ok(entries.ok);
    return entries.value;
  };

  /** seats → the seat's Assign/Reassign button → the search step. */
  async function toSearch(task: TaskDialogClient, seatId: string): Promise<Json> {
    const list = await task.say('assign visual studio');
    return task.press(buttonWith(list, 'subscriptionId', seatId));
  }

  describe('assigning', () => {
    const cases: readonly { name: string; seat: string; search: 'button' | 'typed'; confirm: string; previous: string | null }[] = [
      { name: 'Alex assigns a free seat to Patti, searching with the button', seat: FREE_PRO, search: 'button', confirm: 'Assign Visual Studio Professional to Patti Fernandez?', previous: null },
      {
        name: 'Alex gives a seat held for over 90 days to Patti, searching by typing; Adele loses it',
        seat: OLD,
        search: 'typed',
        confirm: 'Take Visual Studio Professional from Adele Vance and assign it to Patti Fernandez? Adele Vance loses access.',
        previous: demoUserId('Adele Vance'),
      },
    ];
    for (const c of cases) {
      it(c.name, async () => {
        const task = client(alex);
        const list = await task.say('assign visual studio');
        assert.match(cardText(list), /^Assign a Visual Studio subscription\nStep 1 of 3\nChoose a free seat to assign/);
        assert.equal(itemsMatching(list, /^Visual Studio (Professional|Enterprise)/).length, 8);

        const search = await task.press(buttonWith(list, 'subscriptionId', c.seat));
        assert.match(cardText(search), /Step 2 of 3/);
        assert.match(cardText(search), c.previous ? /Assigned to: Adele Vance\nAssigned on: Jul 24, 2026\nReassignable from: Oct 22, 2026/ : /Assigned to: Free/);
        assert.equal(inputValue(search, 'query'), '');

        const results = c.search === 'button' ? await task.press(action(search, 'assign.search'), { query: 'patti' }) : await task.say('Patti');
        assert.match(cardText(results), /Choose the user:/);
        assert.equal(inputValue(results, 'query'), c.search === 'button' ? 'patti' : 'Patti', 'the query stays in the box');
        const [patti, ...others] = itemsMatching(results, /Patti Fernandez/);
        assert.ok(patti, cardText(results));
        assert.equal(others.length, 0);

        const confirm = await task.press(action(patti, 'assign.user'));
        assert.match(cardText(confirm), new RegExp(`Step 3 of 3\\n${c.confirm.replace(/[?.]/g, '\\$&')}\\nPatti Fernandez: pattif@contoso\\.onmicrosoft\\.com`));
        const done = await task.press(action(confirm, 'assign.confirm'));
        assert.equal(
          cardText(done),
          'Assign a Visual Studio subscription\nDone: Visual Studio Professional is assigned to Patti Fernandez. They manage it in the Visual Studio subscriptions portal.',
        );
        assert.deepEqual(verbsOf(done), []);
        assert.ok(task.ended);

        const after = (await seats()).get(c.seat);
        assert.equal(after?.assigneeUserId, demoUserId('Patti Fernandez'));
        assert.equal(after?.assignedOn, TODAY);
        if (c.previous) assert.ok(![...(await seats()).values()].some((s) => s.assigneeUserId === c.previous), 'the previous holder has no seat left');
        assert.deepEqual(
          (await audit()).map((e) => [e.action, e.actor, e.targetId]),
          [...(c.previous ? [['subscription.unassigned', 'user-alexw', c.seat]] : []), ['subscription.assigned', 'user-alexw', c.seat]],
        );
      });
    }

    it('refuses to reassign a seat assigned less than 90 days ago, with the date, on the seats card', async () => {
      const task = client(alex);
      const list = await task.say('assign visual studio');
      const [recent] = itemsMatching(list, /Assigned to: Alex Wilber/);
      assert.match(cardText(recent?.items), /Assigned on: Oct 22, 2026\nReassignable from: Jan 20, 2027/);
      const refused = await task.press(buttonWith(list, 'subscriptionId', RECENT));
      assert.match(cardText(refused), /^Assign a Visual Studio subscription\nStep 1 of 3\n⚠️ That seat was assigned less than 90 days ago; it can be reassigned from Jan 20, 2027\./);
      assert.ok(!task.ended);
      assert.equal(await holderOf(RECENT), 'user-alexw');
      // The task goes on from the same card.
      const search = await task.press(buttonWith(refused, 'subscriptionId', FREE_PRO));
      assert.match(cardText(search), /Step 2 of 3/);
    });

    it('Back from the confirm step shows the search results again', async () => {
      const task = client(alex);
      const search = await toSearch(task, FREE_PRO);
      const results = await task.press(action(search, 'assign.search'), { query: 'patti' });
      const confirm = await task.press(action(itemsMatching(results, /Patti Fernandez/)[0], 'assign.user'));
      const back = await task.press(action(confirm, 'task.back'));
      assert.match(cardText(back), /Step 2 of 3[\s\S]*Patti Fernandez/);
      assert.equal(inputValue(back, 'query'), 'patti');
      assert.equal(await holderOf(FREE_PRO), null);
    });
  });

  describe('searching', () => {
    const cases: readonly { name: string; query: string; error: string }[] = [
      { name: 'no match', query: 'zoltan', error: '⚠️ No one in your directory matches "zoltan". Users must be in the directory first (Account settings → User management).' },
      { name: 'an empty query', query: '   ', error: '⚠️ Type part of a name or e-mail.' },
    ];
    for (const c of cases) {
      it(`says so for ${c.name}, on the same step`, async () => {
        const task = client(alex);
        const search = await toSearch(task, FREE_PRO);
        const results = await task.press(action(search, 'assign.search'), { query: c.query });
        assert.match(cardText(results), /Step 2 of 3/);
        assert.ok(cardText(results).includes(c.error), cardText(results));
        assert.deepEqual(verbsOf(results), ['assign.search', 'task.back', 'task.cancel'], 'no one to choose');
      });
    }

    it('shows users who already hold a subscription without a Choose button', async () => {
      const task = client(alex);
      const search = await toSearch(task, FREE_PRO);
      const results = await task.press(action(search, 'assign.search'), { query: 'contoso' });
      const holders = ['Alex Wilber', 'Megan Bowen', 'Adele Vance', 'Isaiah Langer', 'Hélène Côté', 'Diego Siciliani'];
      for (const name of ['Patti Fernandez', 'Lynne Robbins', 'François Lefèvre', ...holders]) {
        const [item] = itemsMatching(results, new RegExp(`^${name}\\n`));
        assert.ok(item, `${name} in:\n${cardText(results)}`);
        const holds = holders.includes(name);
        assert.equal(/already has a subscription/.test(cardText(item.items)), holds, name);
        assert.deepEqual(verbsOf(item), holds ? [] : ['assign.user'], name);
      }
    });

    it('refuses a user who already has one when the choice is forced, naming them', async () => {
      const task = client(alex);
      const search = await toSearch(task, FREE_PRO);
      const results = await task.press(action(search, 'assign.search'), { query: 'megan' });
      assert.deepEqual(verbsOf(itemsMatching(results, /Megan Bowen/)[0]), []);
      // A crafted press with Megan's id and this task's id (the card never offers it).
      const searchButton = action(results, 'assign.search');
      const confirm = await task.press({ verb: 'assign.user', data: { verb: 'assign.user', taskId: searchButton.data.taskId, userId: demoUserId('Megan Bowen') } });
      assert.match(cardText(confirm), /Assign Visual Studio Professional to Megan Bowen\?/);
      const refused = await task.press(action(confirm, 'assign.confirm'));
      assert.equal(cardText(refused), 'Assign a Visual Studio subscription\nMegan Bowen already has a Visual Studio subscription (one per user).');
      assert.deepEqual(verbsOf(refused), []);
      assert.equal(await holderOf(FREE_PRO), null);
      assert.deepEqual(await audit(), []);
    });
  });

  describe('who may assign', () => {
    const cases: readonly { name: string; person: Person; text: string }[] = [
      {
        name: 'Megan (MPN partner admin, not Global admin)',
        person: demoPerson('Megan Bowen'),
        text: "This needs the Global admin role, which you don't have. Your Global admins: Alex Wilber (alexw@contoso.onmicrosoft.com).",
      },
      { name: 'Adele (no role)', person: demoPerson('Adele Vance'), text: "This needs the Global admin role, which you don't have." },
      { name: 'Diego (User admin)', person: demoPerson('Diego Siciliani'), text: "This needs the Global admin role, which you don't have." },
      { name: 'someone not in the directory', person: stranger, text: "I can't find you in your organization's Partner Center directory" },
    ];
    for (const c of cases) {
      it(`refuses ${c.name} before the first step`, async () => {
        const task = client(c.person);
        const card = await task.say('assign visual studio');
        assert.ok(cardText(card).startsWith(`Assign a Visual Studio subscription\n${c.text}`), cardText(card));
        assert.deepEqual(verbsOf(card), []);
        assert.ok(task.ended);
      });
    }
  });

  it('runs in French in a French task', async () => {
    const task = client(alex, 'fr');
    const list = await task.say('attribuer visual studio');
    assert.match(cardText(list), /^Attribuer un abonnement Visual Studio\nÉtape 1 sur 3\nChoisissez une licence libre/);
    assert.equal(buttonWith(list, 'subscriptionId', FREE_PRO).title, 'Attribuer');
    assert.equal(buttonWith(list, 'subscriptionId', RECENT).title, 'Réattribuer');
    assert.match(cardText(itemsMatching(list, /Attribué à: Alex Wilber/)[0]?.items), /Attribué le: 22 oct\. 2026\nRéattribuable à partir du: 20 janv\. 2027/);
    const refused = await task.press(buttonWith(list, 'subscriptionId', RECENT));
    assert.match(cardText(refused), /⚠️ Cette licence a été attribuée il y a moins de 90 jours ; elle pourra être réattribuée à partir du 20 janv\. 2027\./);
    const search = await task.press(buttonWith(refused, 'subscriptionId', FREE_PRO));
    assert.match(cardText(search), /Étape 2 sur 3\n.*Attribué à: Libre/);
    const none = await task.say('zoltan');
    assert.match(cardText(none), /Personne ne correspond à « zoltan »/);
    const results = await task.say('patti');
    const confirm = await task.press(action(itemsMatching(results, /Patti Fernandez/)[0], 'assign.user', 'Choisir'));
    assert.match(cardText(confirm), /Étape 3 sur 3\nAttribuer Visual Studio Professional à Patti Fernandez \?/);
    const done = await task.press(action(confirm, 'assign.confirm', 'Confirmer'));
    assert.match(cardText(done), /C’est fait : Visual Studio Professional est attribué à Patti Fernandez/);
    assert.equal(await holderOf(FREE_PRO), demoUserId('Patti Fernandez'));
  });
});
