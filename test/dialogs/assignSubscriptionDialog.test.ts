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
  openMainDialogChat,
  openTaskWorld,
  stranger,
  verbsOf,
  type MainDialogChat,
  type Person,
  type TaskWorld,
} from '../support/taskDialogs';

const alex = demoPerson('Alex Wilber');
const adele = demoPerson('Adele Vance');
const FREE_PRO = 'vs-ap-5';
/** Alex's own seat, assigned 30 days before TODAY: reassignable from Jan 20, 2027. */
const RECENT = 'vs-ap-1';
/** Adele's seat, assigned 120 days before TODAY. */
const OLD = 'vs-ap-3';

describe('AssignSubscriptionDialog (DialogTestClient over the embedded partner service)', () => {
  let world: TaskWorld;
  before(async function () {
    // PGlite's start and migrations take tens of seconds on a loaded machine.
    this.timeout(120_000);
    world = await openTaskWorld();
  });
  after(() => world.close());
  beforeEach(async function () {
    this.timeout(60_000);
    await world.reset();
  });

  const client = (person: Person, language: Language = 'en'): TaskDialogClient =>
    new TaskDialogClient(
      new AssignSubscriptionDialog(world.partner(), world.clock.read, silentLogger),
      person,
      language,
    );

  const seats = async (): Promise<Map<string, VsSubscription>> => {
    const listed = await world.partner().listSubscriptions(actorOf(alex));
    assert.ok(listed.ok);
    return new Map(listed.value.map((s) => [s.id, s]));
  };
  const holderOf = async (seatId: string): Promise<string | null | undefined> =>
    (await seats()).get(seatId)?.assigneeUserId;
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
    const cases: readonly {
      name: string;
      seat: string;
      search: 'button' | 'typed';
      confirm: string;
      previous: string | null;
    }[] = [
      {
        name: 'Alex assigns a free seat to Patti, searching with the button',
        seat: FREE_PRO,
        search: 'button',
        confirm: 'Assign Visual Studio Professional to Patti Fernandez?',
        previous: null,
      },
      {
        name: 'Alex gives a seat held for over 90 days to Patti, searching by typing; Adele loses it',
        seat: OLD,
        search: 'typed',
        confirm:
          'Take Visual Studio Professional from Adele Vance and assign it to Patti Fernandez? ' +
          'Adele Vance loses access.',
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
        assert.match(
          cardText(search),
          c.previous
            ? /Assigned to: Adele Vance\nAssigned on: Jul 24, 2026\nReassignable from: Oct 22, 2026/
            : /Assigned to: Free/,
        );
        assert.equal(inputValue(search, 'query'), '');

        const results =
          c.search === 'button'
            ? await task.press(action(search, 'assign.search'), { query: 'patti' })
            : await task.say('Patti');
        assert.match(cardText(results), /Choose the user:/);
        assert.equal(
          inputValue(results, 'query'),
          c.search === 'button' ? 'patti' : 'Patti',
          'the query stays in the box',
        );
        const [patti, ...others] = itemsMatching(results, /Patti Fernandez/);
        assert.ok(patti, cardText(results));
        assert.equal(others.length, 0);

        const confirm = await task.press(action(patti, 'assign.user'));
        assert.match(
          cardText(confirm),
          new RegExp(
            `Step 3 of 3\\n${c.confirm.replace(/[?.]/g, '\\$&')}\\nPatti Fernandez: pattif@contoso\\.onmicrosoft\\.com`,
          ),
        );
        const done = await task.press(action(confirm, 'assign.confirm'));
        assert.equal(
          cardText(done),
          'Assign a Visual Studio subscription\n✓ Done: Visual Studio Professional is assigned to Patti Fernandez. ' +
            'They manage it in the Visual Studio subscriptions portal.',
        );
        assert.deepEqual(verbsOf(done), []);
        assert.ok(task.ended);

        const after = (await seats()).get(c.seat);
        assert.equal(after?.assigneeUserId, demoUserId('Patti Fernandez'));
        assert.equal(after?.assignedOn, TODAY);
        if (c.previous)
          assert.ok(
            ![...(await seats()).values()].some((s) => s.assigneeUserId === c.previous),
            'the previous holder has no seat left',
          );
        assert.deepEqual(
          (await audit()).map((e) => [e.action, e.actor, e.targetId]),
          [
            ...(c.previous ? [['subscription.unassigned', 'user-alexw', c.seat]] : []),
            ['subscription.assigned', 'user-alexw', c.seat],
          ],
        );
      });
    }

    it('refuses to reassign a seat assigned less than 90 days ago, with the date, on the seats card', async () => {
      const task = client(alex);
      const list = await task.say('assign visual studio');
      const [recent] = itemsMatching(list, /Assigned to: Alex Wilber/);
      assert.match(cardText(recent?.items), /Assigned on: Oct 22, 2026\nReassignable from: Jan 20, 2027/);
      const refused = await task.press(buttonWith(list, 'subscriptionId', RECENT));
      assert.match(
        cardText(refused),
        /^Assign a Visual Studio subscription\nStep 1 of 3\n⚠️ That seat was assigned less than 90 days ago; it can be reassigned from Jan 20, 2027\./,
      );
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
      {
        name: 'no match',
        query: 'zoltan',
        error:
          '⚠️ No one in your directory matches "zoltan". ' +
          'Users must be in the directory first (Account settings → User management).',
      },
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

    it("lets anyone be chosen, saying who holds a subscription; the seat's own holder is not offered", async () => {
      const task = client(alex);
      const search = await toSearch(task, OLD);
      const results = await task.press(action(search, 'assign.search'), { query: 'contoso' });
      const holders = ['Alex Wilber', 'Megan Bowen', 'Isaiah Langer', 'Hélène Côté', 'Diego Siciliani'];
      for (const name of ['Patti Fernandez', 'Lynne Robbins', 'François Lefèvre', ...holders]) {
        const [item] = itemsMatching(results, new RegExp(`^${name}\\n`));
        assert.ok(item, `${name} in:\n${cardText(results)}`);
        assert.equal(/already has a subscription/.test(cardText(item.items)), holders.includes(name), name);
        assert.deepEqual(verbsOf(item), ['assign.user'], name);
      }
      const [own] = itemsMatching(results, /^Adele Vance\n/);
      assert.match(cardText(own?.items), /adelev@contoso\.onmicrosoft\.com · has this seat/);
      assert.deepEqual(verbsOf(own), [], 'Adele already has this very seat');
    });
  });

  describe('a second subscription for the same person', () => {
    const cases: readonly { name: string; person: string; seat: string; says: string; held: readonly string[] }[] = [
      {
        name: 'Megan, who has Visual Studio Professional, gets a free Professional seat too',
        person: 'Megan Bowen',
        seat: FREE_PRO,
        says:
          'Assign Visual Studio Professional to Megan Bowen? ' +
          'Megan Bowen already has Visual Studio Professional; this gives them a second subscription.',
        held: ['vs-ap-2', FREE_PRO],
      },
      {
        name: "Hélène, who has Visual Studio Enterprise, gets Adele's Professional seat",
        person: 'Hélène Côté',
        seat: OLD,
        says:
          'Take Visual Studio Professional from Adele Vance and assign it to Hélène Côté? Adele Vance loses access. ' +
          'Hélène Côté already has Visual Studio Enterprise; this gives them a second subscription.',
        held: [OLD, 'vs-gcp-1'],
      },
    ];
    for (const c of cases) {
      it(`${c.name}: the confirmation says so, and the assignment is made`, async () => {
        const task = client(alex);
        const search = await toSearch(task, c.seat);
        const results = await task.press(action(search, 'assign.search'), { query: c.person.split(' ')[0] ?? '' });
        const confirm = await task.press(
          action(itemsMatching(results, new RegExp(`^${c.person}\\n`))[0], 'assign.user'),
        );
        assert.ok(
          cardText(confirm).startsWith(`Assign a Visual Studio subscription\nStep 3 of 3\n${c.says}\n${c.person}: `),
          cardText(confirm),
        );
        const done = await task.press(action(confirm, 'assign.confirm'));
        assert.match(
          cardText(done),
          new RegExp(
            `^Assign a Visual Studio subscription\\n✓ Done: Visual Studio Professional is assigned to ${c.person}\\.`,
          ),
        );
        const held = [...(await seats()).values()]
          .filter((s) => s.assigneeUserId === demoUserId(c.person))
          .map((s) => s.id)
          .sort();
        assert.deepEqual(held, [...c.held].sort());
      });
    }

    it('says it in French', async () => {
      const task = client(alex, 'fr');
      const search = await toSearch(task, FREE_PRO);
      const results = await task.say('megan');
      const confirm = await task.press(action(itemsMatching(results, /^Megan Bowen\n/)[0], 'assign.user'));
      assert.match(
        cardText(confirm),
        /Attribuer Visual Studio Professional à Megan Bowen \? Megan Bowen a déjà Visual Studio Professional ; cette attribution lui donne un deuxième abonnement\./,
      );
      assert.match(cardText(search), /Étape 2 sur 3/);
    });
  });

  describe('who may assign', () => {
    const note =
      'Only a Global admin can assign or reassign Visual Studio subscriptions. ' +
      'Your Global admins: Alex Wilber (alexw@contoso.onmicrosoft.com).';
    const cases: readonly { name: string; person: Person }[] = [
      { name: 'Megan (MPN partner admin, not Global admin)', person: demoPerson('Megan Bowen') },
      { name: 'Adele (no role)', person: adele },
      { name: 'Diego (User admin)', person: demoPerson('Diego Siciliani') },
    ];
    for (const c of cases) {
      it(`shows ${c.name} the seats read-only, saying who can make changes`, async () => {
        const task = client(c.person);
        const card = await task.say('assign visual studio');
        assert.ok(cardText(card).startsWith(`Visual Studio subscriptions\n${note}\n`), cardText(card));
        assert.deepEqual(verbsOf(card), [], 'no buttons: nothing to change');
        assert.ok(task.ended);
        assert.equal(itemsMatching(card, /^Visual Studio (Professional|Enterprise)\nAssigned to: /).length, 8);
        assert.match(
          cardText(card),
          /Visual Studio Professional\nAssigned to: Alex Wilber\nAssigned on: Oct 22, 2026\nReassignable from: Jan 20, 2027/,
        );
        assert.match(cardText(card), /Visual Studio Enterprise\nAssigned to: Free/);
        assert.deepEqual(await audit(), []);
      });
    }

    it('shows the French read-only list in a French task', async () => {
      const card = await client(adele, 'fr').say('attribuer visual studio');
      assert.match(
        cardText(card),
        /^Abonnements Visual Studio\nSeul un administrateur général peut attribuer ou réattribuer les abonnements Visual Studio\. Vos administrateurs généraux : Alex Wilber/,
      );
      assert.match(cardText(card), /Attribué à: Adele Vance\nAttribué le: 24 juillet 2026/);
      assert.deepEqual(verbsOf(card), []);
    });

    it('tells someone not in the directory so', async () => {
      const task = client(stranger);
      const card = await task.say('assign visual studio');
      assert.ok(
        cardText(card).startsWith(
          "Assign a Visual Studio subscription\nI can't find you in your organization's Partner Center directory",
        ),
        cardText(card),
      );
      assert.deepEqual(verbsOf(card), []);
      assert.ok(task.ended);
    });
  });

  it('runs in French in a French task', async () => {
    const task = client(alex, 'fr');
    const list = await task.say('attribuer visual studio');
    assert.match(cardText(list), /^Attribuer un abonnement Visual Studio\nÉtape 1 sur 3\nChoisissez une licence libre/);
    assert.equal(buttonWith(list, 'subscriptionId', FREE_PRO).title, 'Attribuer');
    assert.equal(buttonWith(list, 'subscriptionId', RECENT).title, 'Réattribuer');
    assert.match(
      cardText(itemsMatching(list, /Attribué à: Alex Wilber/)[0]?.items),
      /Attribué le: 22 octobre 2026\nRéattribuable à partir du: 20 janvier 2027/,
    );
    const refused = await task.press(buttonWith(list, 'subscriptionId', RECENT));
    assert.match(
      cardText(refused),
      /⚠️ Cette licence a été attribuée il y a moins de 90 jours ; elle pourra être réattribuée à partir du 20 janvier 2027\./,
    );
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

describe('Visual Studio status questions (MainDialog routing to the assignment task)', () => {
  let world: TaskWorld;
  let chat: MainDialogChat;
  before(async function () {
    this.timeout(120_000);
    world = await openTaskWorld();
    chat = await openMainDialogChat([new AssignSubscriptionDialog(world.partner(), world.clock.read, silentLogger)]);
  });
  after(async () => {
    await chat.close();
    await world.close();
  });

  const cases: readonly { say: string; person: Person; locale?: string; starts: RegExp; buttons: boolean }[] = [
    {
      say: 'show our Visual Studio subscriptions',
      person: adele,
      starts: /^Visual Studio subscriptions\nOnly a Global admin can assign/,
      buttons: false,
    },
    {
      say: 'Who has a Visual Studio subscription?',
      person: adele,
      starts: /^Visual Studio subscriptions\n/,
      buttons: false,
    },
    { say: 'who has VS', person: demoPerson('Megan Bowen'), starts: /^Visual Studio subscriptions\n/, buttons: false },
    {
      say: 'qui a un abonnement Visual Studio ?',
      person: adele,
      starts: /^Abonnements Visual Studio\nSeul un administrateur général/,
      buttons: false,
    },
    {
      say: 'quelles licences Visual Studio avons-nous ?',
      person: adele,
      locale: 'fr-FR',
      starts: /^Abonnements Visual Studio\n/,
      buttons: false,
    },
    {
      say: 'show our Visual Studio subscriptions',
      person: alex,
      starts: /^Assign a Visual Studio subscription\nStep 1 of 3\n/,
      buttons: true,
    },
    {
      say: 'qui a un abonnement Visual Studio ?',
      person: alex,
      starts: /^Attribuer un abonnement Visual Studio\nÉtape 1 sur 3\n/,
      buttons: true,
    },
  ];
  for (const c of cases) {
    it(`"${c.say}" from ${c.person.name}: the ${c.buttons ? 'first step' : 'read-only list'} at once`, async () => {
      const [card, ...more] = await chat.say(c.person, c.say, c.locale);
      assert.equal(more.length, 0);
      assert.match(cardText(card), c.starts);
      assert.match(cardText(card), /(Assigned to|Attribué à): Alex Wilber/);
      assert.equal(verbsOf(card).includes('assign.seat'), c.buttons);
    });
  }

  for (const question of ['how do I assign Visual Studio?', 'comment attribuer un abonnement Visual Studio ?']) {
    it(`"${question}" stays a FAQ question`, async () => {
      const [card] = await chat.say(adele, question);
      // The FAQ entry may share the task's title: the task card is told by its step or its read-only note.
      assert.doesNotMatch(
        cardText(card),
        /Step 1 of 3|Étape 1 sur 3|Only a Global admin can|Seul un administrateur général peut/,
      );
      assert.ok(!verbsOf(card).includes('assign.seat'));
    });
  }
});
