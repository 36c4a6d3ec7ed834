import assert from 'node:assert/strict';
import { RenewalDatesDialog } from '../../dialogs/renewalDatesDialog';
import type { Language } from '../../src/knowledge/schema';
import { action, cardText, itemsMatching, type Json } from '../support/cards';
import { silentLogger } from '../support/fixtures';
import { TaskDialogClient, demoPerson, linksOf, openTaskWorld, stranger, verbsOf, type Person, type TaskWorld } from '../support/taskDialogs';

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
      new RenewalDatesDialog({ partner: world.partner(), reminders: world.reminders, calendar: world.calendar, clock: world.clock.read, logger: silentLogger }),
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
    assert.deepEqual(await world.calendar.resolve(token), { tenantId: person.tenantId, aadObjectId: person.aadObjectId, offerId, language });
    return link.url;
  }

  const people: readonly Person[] = [adele, demoPerson('Isaiah Langer')];
  for (const person of people) {
    it(`shows ${person.name} (any directory member) both offers with their dates, status and an .ics link`, async () => {
      const task = client(person);
      const card = await task.say('renewal dates');
      assert.match(cardText(card), /^Renewal dates\nYour membership offers, their renewal windows and what happens next\./);

      const pack = offerItem(card, 'Microsoft Action Pack');
      // Seeded three weeks before the anniversary: the window opens the day after it, in 22 days.
      assert.equal(
        cardText(pack.items),
        [
          'Microsoft Action Pack',
          'Not yet open · opens in 22 days',
          'Anniversary: Dec 12, 2026',
          'Renewal window: Dec 13, 2026 → Jan 11, 2027',
          'Benefit expiry (last day to activate): Jan 11, 2027',
          'Visual Studio grace ends: Feb 10, 2027',
        ].join('\n'),
      );
      assert.deepEqual(verbsOf(pack), ['renewal.remind']);
      assert.equal(action(pack, 'renewal.remind').title, 'Remind me');
      assert.equal(linksOf(pack)[0]?.title, 'Add to calendar (.ics)');
      await calendarLink(pack, person, ACTION_PACK, 'en');

      const gold = offerItem(card, 'Gold Cloud Platform');
      assert.match(cardText(gold.items), /Not yet open · opens in 166 days\nAnniversary: May 5, 2027\nRenewal window: May 6, 2027 → Jun 4, 2027/);
      await calendarLink(gold, person, COMPETENCY, 'en');

      assert.deepEqual(verbsOf(card), ['renewal.remind', 'renewal.remind', 'renewal.close']);
      assert.ok(!task.ended);
    });
  }

  it('turns reminders on and off per offer, storing the opt-in', async () => {
    const task = client(adele);
    const card = await task.say('renewal dates');
    const on = await task.press(action(offerItem(card, 'Microsoft Action Pack'), 'renewal.remind'));
    assert.match(cardText(on), /^Renewal dates\nReminders are on for Microsoft Action Pack: 30, 7 and 1 days before the window opens\./);
    assert.deepEqual(await optIns(adele), [[ACTION_PACK, 'en-US']]);
    const pack = offerItem(on, 'Microsoft Action Pack');
    assert.match(cardText(pack.items), /Not yet open · opens in 22 days · 🔔/);
    assert.equal(action(pack, 'renewal.remind').title, 'Stop reminders');
    assert.equal(action(offerItem(on, 'Gold Cloud Platform'), 'renewal.remind').title, 'Remind me', 'the other offer is not affected');

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
    assert.match(cardText(closed), /Anniversary: Dec 12, 2026/);
    assert.match(cardText(offerItem(closed, 'Gold Cloud Platform').items), /· 🔔/);
    assert.deepEqual(
      linksOf(closed).map((l) => l.url),
      linksOf(card).map((l) => l.url),
      'the same .ics links as before',
    );
    assert.equal(linksOf(closed).length, 2);
    assert.deepEqual(await optIns(adele), [[COMPETENCY, 'en-US']], 'closing keeps the reminders');
  });

  const days: readonly { day: string; subtitle: string; remind: boolean }[] = [
    { day: '2026-12-12', subtitle: 'Not yet open · opens tomorrow', remind: true },
    { day: '2026-12-13', subtitle: 'Open · 29 days left to renew', remind: false },
    { day: '2027-01-11', subtitle: 'Open · closes today', remind: false },
    { day: '2027-01-20', subtitle: 'Grace period · closed 9 days ago', remind: false },
  ];
  for (const c of days) {
    it(`on ${c.day} shows the Action Pack as "${c.subtitle}"`, async () => {
      world.clock.set(`${c.day}T08:00:00.000Z`);
      const card = await client(adele).say('renewal dates');
      const pack = offerItem(card, 'Microsoft Action Pack');
      assert.match(cardText(pack.items), new RegExp(`^Microsoft Action Pack\\n${c.subtitle}\\nAnniversary: Dec 12, 2026\\n`));
      assert.deepEqual(verbsOf(pack), c.remind ? ['renewal.remind'] : [], 'reminders only before the window opens');
      assert.equal(pack.style, c.remind ? 'default' : 'emphasis', 'an open window stands out');
    });
  }

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
        'Pas encore ouverte · ouvre dans 22 jours',
        'Date anniversaire: 12 déc. 2026',
        'Période de renouvellement: 13 déc. 2026 → 11 janv. 2027',
        'Expiration des avantages (dernier jour pour activer): 11 janv. 2027',
        'Fin du délai Visual Studio: 10 févr. 2027',
      ].join('\n'),
    );
    assert.equal(linksOf(pack)[0]?.title, 'Ajouter au calendrier (.ics)');
    await calendarLink(pack, adele, ACTION_PACK, 'fr');
    assert.equal(action(card, 'renewal.close').title, 'Fermer');
    const on = await task.press(action(pack, 'renewal.remind', 'Me le rappeler'));
    assert.match(cardText(on), /Rappels activés pour Microsoft Action Pack : 30, 7 et 1 jours avant l’ouverture de la période\./);
    assert.deepEqual(await optIns(adele), [[ACTION_PACK, 'fr-FR']], 'French reminders for a French task');
  });
});
