import assert from 'node:assert/strict';
import { RenewalDatesDialog } from '../../dialogs/renewalDatesDialog';
import type { Language } from '../../src/knowledge/schema';
import { action, cardText, itemsMatching, type Json } from '../support/cards';
import { silentLogger } from '../support/fixtures';
import {
  TaskDialogClient,
  demoPerson,
  linksOf,
  openTaskWorld,
  stranger,
  verbsOf,
  type Person,
  type TaskWorld,
} from '../support/taskDialogs';

const adele = demoPerson('Adele Vance');
const ACTION_PACK = 'offer-action-pack';
const COMPETENCY = 'offer-gold-cloud-platform';

/** The one item (offer) of the overview whose title is `offer`. */
function offerItem(card: Json, offer: string): Json {
  const [item, ...others] = itemsMatching(card, new RegExp(`^${offer}\\n`));
  assert.ok(item, `${offer} in:\n${cardText(card)}`);
  assert.equal(others.length, 0);
  return item;
}

describe('RenewalDatesDialog (DialogTestClient over the embedded partner service)', () => {
  let world: TaskWorld;
  before(async () => {
    world = await openTaskWorld();
  });
  after(() => world.close());
  beforeEach(() => world.reset());

  const client = (person: Person, language: Language = 'en'): TaskDialogClient =>
    new TaskDialogClient(
      new RenewalDatesDialog({
        partner: world.partner(),
        reminders: world.reminders,
        calendar: world.calendar,
        clock: world.clock.read,
        logger: silentLogger,
      }),
      person,
      language,
    );
  const optIns = async (person: Person): Promise<[string, string | null][]> =>
    (await world.reminders.listForUser(person.tenantId, person.aadObjectId)).map((o) => [o.offerId, o.locale]);

  /** The .ics link of an item, checked to resolve to this person, offer and language. */
  async function calendarLink(item: Json, person: Person, offerId: string, language: Language): Promise<string> {
    const [link, ...more] = linksOf(item);
    assert.ok(link);
    assert.equal(more.length, 0);
    const token = /^http:\/\/localhost:3978\/calendar\/([\w-]+)\.ics$/.exec(link.url)?.[1];
    assert.ok(token, link.url);
    assert.deepEqual(await world.calendar.resolve(token), {
      tenantId: person.tenantId,
      aadObjectId: person.aadObjectId,
      offerId,
      language,
    });
    return link.url;
  }

  const people: readonly Person[] = [adele, demoPerson('Isaiah Langer')];
  for (const person of people) {
    it(`shows ${person.name} (any directory member) both offers, their dates, status and an .ics link`, async () => {
      const task = client(person);
      const card = await task.say('renewal dates');
      assert.match(
        cardText(card),
        /^Renewal dates\nRedeem each year's benefits by the anniversary\. The 30 days after it are the renewal window and the grace period/,
      );

      const pack = offerItem(card, 'Microsoft Action Pack');
      // Seeded three weeks before the anniversary: the window opens the day after it, in 22 days.
      assert.equal(
        cardText(pack.items),
        [
          'Microsoft Action Pack',
          'Window not yet open · opens in 22 days',
          'Anniversary (renewal date): Dec 12, 2026',
          'Renewal window (grace period): Dec 13, 2026 → Jan 11, 2027',
          // 002: redeem by the renewal date; Visual Studio stays usable 30 days after it, no later.
          'Redeem benefits by: Dec 12, 2026',
          'Visual Studio usable until: Jan 11, 2027',
        ].join('\n'),
      );
      assert.deepEqual(verbsOf(pack), ['renewal.remind']);
      assert.equal(action(pack, 'renewal.remind').title, 'Remind me');
      assert.equal(linksOf(pack)[0]?.title, 'Add to calendar (.ics)');
      await calendarLink(pack, person, ACTION_PACK, 'en');

      const gold = offerItem(card, 'Gold Cloud Platform');
      assert.match(
        cardText(gold.items),
        /Window not yet open · opens in 166 days\nAnniversary \(renewal date\): May 5, 2027\nRenewal window \(grace period\): May 6, 2027 → Jun 4, 2027/,
      );
      await calendarLink(gold, person, COMPETENCY, 'en');

      assert.deepEqual(verbsOf(card), ['renewal.remind', 'renewal.remind', 'renewal.close']);
      assert.ok(!task.ended);
    });
  }

  it('turns reminders on and off per offer, storing the opt-in', async () => {
    const task = client(adele);
    const card = await task.say('renewal dates');
    const on = await task.press(action(offerItem(card, 'Microsoft Action Pack'), 'renewal.remind'));
    assert.match(
      cardText(on),
      /^Renewal dates\n✓ Reminders are on for Microsoft Action Pack: 30, 7 and 1 days before the window opens\./,
    );
    assert.deepEqual(await optIns(adele), [[ACTION_PACK, 'en-US']]);
    const pack = offerItem(on, 'Microsoft Action Pack');
    assert.match(cardText(pack.items), /Window not yet open · opens in 22 days · 🔔/);
    assert.equal(action(pack, 'renewal.remind').title, 'Stop reminders');
    assert.equal(
      action(offerItem(on, 'Gold Cloud Platform'), 'renewal.remind').title,
      'Remind me',
      'the other offer is not affected',
    );

    const off = await task.press(action(pack, 'renewal.remind'));
    assert.match(cardText(off), /Reminders are off for Microsoft Action Pack\./);
    assert.deepEqual(await optIns(adele), []);
    assert.equal(action(offerItem(off, 'Microsoft Action Pack'), 'renewal.remind').title, 'Remind me');
    assert.deepEqual(await optIns(demoPerson('Alex Wilber')), [], 'nobody else was opted in');
  });

  it('closes to a card without buttons that keeps the calendar links', async () => {
    const task = client(adele);
    const card = await task.say('renewal dates');
    const reminded = await task.press(action(offerItem(card, 'Gold Cloud Platform'), 'renewal.remind'));
    const closed = await task.press(action(reminded, 'renewal.close'));
    assert.deepEqual(verbsOf(closed), []);
    assert.ok(task.ended);
    assert.match(cardText(closed), /Anniversary \(renewal date\): Dec 12, 2026/);
    assert.match(cardText(offerItem(closed, 'Gold Cloud Platform').items), /· 🔔/);
    assert.deepEqual(
      linksOf(closed).map((l) => l.url),
      linksOf(card).map((l) => l.url),
      'the same .ics links as before',
    );
    assert.equal(linksOf(closed).length, 2);
    assert.deepEqual(await optIns(adele), [[COMPETENCY, 'en-US']], 'closing keeps the reminders');
  });

  // Boundary days of the Action Pack's anniversary A = Dec 12, 2026: A, A+1, A+30, A+31.
  const days: readonly { day: string; subtitle: string; anniversary: string; remind: boolean; open: boolean }[] = [
    {
      day: '2026-12-12',
      subtitle: 'Window not yet open · opens tomorrow',
      anniversary: 'Dec 12, 2026',
      remind: true,
      open: false,
    },
    {
      day: '2026-12-13',
      subtitle: 'Window open · 29 days left to renew',
      anniversary: 'Dec 12, 2026',
      remind: false,
      open: true,
    },
    {
      day: '2027-01-11',
      subtitle: 'Window open · last day to renew',
      anniversary: 'Dec 12, 2026',
      remind: false,
      open: true,
    },
    // No second grace period: the day after the window, next year's anniversary is the one shown.
    {
      day: '2027-01-12',
      subtitle: 'Window not yet open · opens in 335 days',
      anniversary: 'Dec 12, 2027',
      remind: true,
      open: false,
    },
  ];
  for (const c of days) {
    it(`on ${c.day} shows the Action Pack as "${c.subtitle}"`, async () => {
      world.clock.set(`${c.day}T08:00:00.000Z`);
      const card = await client(adele).say('renewal dates');
      const pack = offerItem(card, 'Microsoft Action Pack');
      assert.match(
        cardText(pack.items),
        new RegExp(`^Microsoft Action Pack\\n${c.subtitle}\\nAnniversary \\(renewal date\\): ${c.anniversary}\\n`),
      );
      assert.deepEqual(verbsOf(pack), c.remind ? ['renewal.remind'] : [], 'reminders only before the window opens');
      assert.equal(pack.style, c.open ? 'emphasis' : 'default', 'an open window stands out');
    });
  }

  it('says on a cancelled card that the reminders switched on stay on (not that nothing changed)', async () => {
    const task = client(adele);
    const card = await task.say('renewal dates');
    const on = await task.press(action(offerItem(card, 'Microsoft Action Pack'), 'renewal.remind'));
    const close = action(on, 'renewal.close');
    const cancelled = await task.press({ verb: 'task.cancel', data: { ...close.data, verb: 'task.cancel' } });
    assert.ok(task.ended);
    assert.match(
      cardText(cancelled),
      /Closed\. The reminders you switched on stay on \(Microsoft Action Pack\); to switch them off, type \*\*renewal dates\*\* and press Stop reminders\./,
    );
    assert.doesNotMatch(cardText(cancelled), /Nothing was changed/);
    assert.deepEqual(await optIns(adele), [[ACTION_PACK, 'en-US']]);
  });

  it('cancels with "Nothing was changed" when no reminder was switched on, or it was switched off again', async () => {
    const task = client(adele);
    const card = await task.say('renewal dates');
    const on = await task.press(action(offerItem(card, 'Microsoft Action Pack'), 'renewal.remind'));
    const off = await task.press(action(offerItem(on, 'Microsoft Action Pack'), 'renewal.remind'));
    const close = action(off, 'renewal.close');
    const cancelled = await task.press({ verb: 'task.cancel', data: { ...close.data, verb: 'task.cancel' } });
    assert.match(cardText(cancelled), /Cancelled\. Nothing was changed\./);
    assert.deepEqual(await optIns(adele), []);
  });

  it('tells someone the directory does not know', async () => {
    const task = client(stranger);
    const card = await task.say('renewal dates');
    assert.match(cardText(card), /^Renewal dates\nI can't find you in your organization's Partner Center directory/);
    assert.deepEqual(verbsOf(card), []);
    assert.deepEqual(linksOf(card), []);
    assert.ok(task.ended);
  });

  it('runs in French with French dates', async () => {
    const task = client(adele, 'fr');
    const card = await task.say('dates de renouvellement');
    const pack = offerItem(card, 'Microsoft Action Pack');
    assert.equal(
      cardText(pack.items),
      [
        'Microsoft Action Pack',
        'Période pas encore ouverte · s’ouvre dans 22 jours',
        'Date anniversaire (renouvellement): 12 décembre 2026',
        'Période de renouvellement (délai de grâce): 13 décembre 2026 → 11 janvier 2027',
        'Avantages à échanger au plus tard le: 12 décembre 2026',
        'Visual Studio utilisable jusqu’au: 11 janvier 2027',
      ].join('\n'),
    );
    assert.equal(linksOf(pack)[0]?.title, 'Ajouter au calendrier (.ics)');
    await calendarLink(pack, adele, ACTION_PACK, 'fr');
    assert.equal(action(card, 'renewal.close').title, 'Fermer');
    const on = await task.press(action(pack, 'renewal.remind', 'Me le rappeler'));
    assert.match(
      cardText(on),
      /Rappels activés pour Microsoft Action Pack : 30, 7 et 1 jours avant l’ouverture de la période\./,
    );
    assert.deepEqual(await optIns(adele), [[ACTION_PACK, 'fr-FR']], 'French reminders for a French task');
  });
});
