import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { ActivateBenefitDialog } from '../../dialogs/activateBenefitDialog';
import type { Language } from '../../src/knowledge/schema';
import type { AuditEntry, TechnicalBenefit } from '../../src/services/partner/schemas';
import { action, cardText, executeActions, inputIds, itemsMatching, type Json } from '../support/cards';
import { silentLogger } from '../support/fixtures';
import {
  THREE_DAYS,
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
  type PressMode,
  type Shown,
  type TaskWorld,
} from '../support/taskDialogs';

const SIGNATURE = 'tb-gcp-signature-cloud';
const ADVISORY = 'tb-gcp-advisory-hours';
const alex = demoPerson('Alex Wilber');
const megan = demoPerson('Megan Bowen');
const adele = demoPerson('Adele Vance');
const patti = { contactUserId: demoUserId('Patti Fernandez'), alternateEmail: 'patti@fabrikam.example' };
/** The seeded company's Partner Center account e-mail (not a person's). */
const ACCOUNT_EMAIL = 'partnercenter@contoso.onmicrosoft.com';

/** The rows of the seeded organization as step 1 lists them, twins named by their offer. */
const ROWS = [
  'Microsoft product support (on-premises) — Microsoft Action Pack',
  'Technical presales and deployment services — Microsoft Action Pack',
  'Microsoft product support (on-premises) — Gold Cloud Platform',
  'Signature cloud support',
  'Partner advisory hours',
  'Technical presales and deployment services — Gold Cloud Platform',
];

describe('ActivateBenefitDialog (DialogTestClient over the embedded partner service)', () => {
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

  const dialog = (delay = THREE_DAYS): ActivateBenefitDialog =>
    new ActivateBenefitDialog(world.partner(delay), world.clock.read, silentLogger);
  const client = (
    person: Person,
    language: Language = 'en',
    options: { delay?: number; mode?: PressMode } = {},
  ): TaskDialogClient => new TaskDialogClient(dialog(options.delay), person, language, options.mode);

  const benefit = async (id: string): Promise<TechnicalBenefit> => {
    const benefits = await world.partner().listTechnicalBenefits(actorOf(alex));
    assert.ok(benefits.ok);
    const found = benefits.value.find((b) => b.id === id);
    assert.ok(found, id);
    return found;
  };
  const audit = async (): Promise<AuditEntry[]> => {
    const entries = await world.partner().auditSince(0, 100);
    assert.ok(entries.ok);
    return entries.value;
  };
  /** The item titles of a list card, in order. */
  const rowTitles = (card: Json): string[] =>
    itemsMatching(card, /\nEntitlement: /).map((item) => cardText(item.items).split('\n')[0] ?? '');

  /** list → Choose on `benefitId` → the confirm step. */
  async function toConfirm(c: TaskDialogClient, benefitId = SIGNATURE): Promise<Json> {
    const list = await c.say('activate technical benefits');
    return c.press(buttonWith(list, 'benefitId', benefitId));
  }

  describe('the current flow: choose the benefit, then Activate', () => {
    const cases: readonly {
      name: string;
      person: Person;
      delay: number;
      mode: PressMode;
      done: readonly RegExp[];
      status: TechnicalBenefit['status'];
    }[] = [
      {
        name: 'Alex (Global admin): Pending, with the time it is expected to be active',
        person: alex,
        delay: THREE_DAYS,
        mode: 'submit',
        done: [
          /The benefit is \*\*Pending\*\*; expected to be active by Nov 24, 2026, 10:00\sAM UTC/,
          /Signature cloud support: Pending/,
          /Expected: Nov 24, 2026/,
        ],
        status: 'Pending',
      },
      {
        name: 'Alex with no processing delay, pressing Action.Execute buttons: Active at once, with its Access ID',
        person: alex,
        delay: 0,
        mode: 'execute',
        done: [
          /\*\*Signature cloud support\*\* is now active/,
          /Signature cloud support: Active/,
          /Access ID: ACC-\d{10}/,
          /Contract ID: CON-\d{8}/,
        ],
        status: 'Active',
      },
      {
        name: 'Megan (MPN partner admin) may activate too',
        person: megan,
        delay: THREE_DAYS,
        mode: 'submit',
        done: [/The benefit is \*\*Pending\*\*/],
        status: 'Pending',
      },
    ];
    for (const c of cases) {
      it(c.name, async () => {
        const task = client(c.person, 'en', { delay: c.delay, mode: c.mode });
        // After the first card, each step replaces it: an update (Action.Submit) or the invoke response.
        const how: Shown['how'] = c.mode === 'submit' ? 'updated' : 'invoke';
        const step = async (button: Parameters<TaskDialogClient['press']>[0]): Promise<Json> => {
          const [shown, ...more] = await task.pressShown(button);
          assert.equal(more.length, 0);
          assert.equal(shown?.how, how);
          return shown.card;
        };

        const list = await task.say('activate technical benefits');
        assert.match(cardText(list), /^Activate a technical benefit\nStep 1 of 2\nChoose the benefit to activate\./);
        assert.deepEqual(rowTitles(list), ROWS);
        const [active] = itemsMatching(list, /Access ID: ACC-4829103756/);
        assert.ok(active, cardText(list));
        assert.match(
          cardText(active.items),
          /^Microsoft product support \(on-premises\) — Gold Cloud Platform\nEntitlement: 20 incidents\nStatus: Active\nOffer: Gold Cloud Platform\nAccess ID/,
        );
        assert.deepEqual(verbsOf(active), [], 'an active benefit has no button');
        assert.equal(verbsOf(list).filter((v) => v === 'activate.choose').length, 5);
        assert.match(cardText(list), /Entitlement: 10 incidents\nStatus: Not activated\nOffer: Microsoft Action Pack/);

        const confirm = await step(buttonWith(list, 'benefitId', SIGNATURE));
        assert.equal(
          cardText(confirm),
          'Activate a technical benefit\nStep 2 of 2\n**Signature cloud support**\n\n' +
            'Activate this benefit? Processing usually takes a few days.\n' +
            'Entitlement: Unlimited\nStatus: Not activated\nOffer: Gold Cloud Platform',
        );
        assert.deepEqual(inputIds(confirm), [], 'no contact or alternate e-mail in the current flow');
        assert.deepEqual(
          executeActions(confirm).map((a) => [a.verb, a.title]),
          [
            ['activate.confirm', 'Activate'],
            ['task.back', 'Back'],
            ['task.cancel', 'Cancel'],
          ],
        );

        const done = await step(action(confirm, 'activate.confirm', 'Activate'));
        for (const pattern of c.done) assert.match(cardText(done), pattern);
        assert.deepEqual(verbsOf(done), [], 'a finished card has no buttons left');
        assert.ok(task.ended);

        const after = await benefit(SIGNATURE);
        assert.equal(after.status, c.status);
        assert.equal(after.contactUserId, null);
        assert.equal(after.alternateEmail, null);
        assert.equal(after.activatedBy, demoUserId(c.person.name));
        const requested = (await audit()).filter((e) => e.action === 'benefit.activationRequested');
        assert.deepEqual(
          requested.map((e) => [e.actor, e.targetId]),
          [[demoUserId(c.person.name), SIGNATURE]],
        );
      });
    }

    it('names the offer on the done card of a benefit that has a twin', async () => {
      const task = client(alex);
      const confirm = await toConfirm(task, 'tb-ap-product-support');
      assert.match(
        cardText(confirm),
        /^Activate a technical benefit\nStep 2 of 2\n\*\*Microsoft product support \(on-premises\) — Microsoft Action Pack\*\*/,
      );
      const done = await task.press(action(confirm, 'activate.confirm'));
      assert.match(cardText(done), /Microsoft product support \(on-premises\) — Microsoft Action Pack: Pending/);
    });
  });

  describe('partner advisory hours (the 2018 request form): contact user and alternate e-mail', () => {
    it('asks for both on the Activate step and activates with them', async () => {
      const task = client(alex);
      const confirm = await toConfirm(task, ADVISORY);
      assert.match(
        cardText(confirm),
        /Step 2 of 2\n\*\*Partner advisory hours\*\*\n\nActivate this benefit\?.*\n\nPartner advisory hours are requested with a contact user and an alternate e-mail address/,
      );
      assert.deepEqual(inputIds(confirm), ['contactUserId', 'alternateEmail']);
      assert.equal(inputValue(confirm, 'contactUserId'), '');
      assert.match(
        JSON.stringify(confirm),
        /Alternate e-mail \(must differ from your company's Partner Center account e-mail\)/,
      );
      assert.match(
        cardText(confirm),
        /Patti Fernandez \(pattif@contoso\.onmicrosoft\.com\): user-pattif/,
        'the directory is offered as contacts',
      );
      const done = await task.press(action(confirm, 'activate.confirm', 'Activate'), patti);
      assert.match(cardText(done), /The benefit is \*\*Pending\*\*/);
      const after = await benefit(ADVISORY);
      assert.equal(after.status, 'Pending');
      assert.equal(after.contactUserId, patti.contactUserId);
      assert.equal(after.alternateEmail, patti.alternateEmail);
    });

    it("accepts the contact's own account e-mail: the rule is about the company's account e-mail", async () => {
      const task = client(alex);
      const confirm = await toConfirm(task, ADVISORY);
      const done = await task.press(action(confirm, 'activate.confirm'), {
        contactUserId: 'user-pattif',
        alternateEmail: 'pattif@contoso.onmicrosoft.com',
      });
      assert.match(cardText(done), /The benefit is \*\*Pending\*\*/);
      assert.equal((await benefit(ADVISORY)).alternateEmail, 'pattif@contoso.onmicrosoft.com');
    });

    const refusals: readonly {
      name: string;
      inputs: Json;
      error: RegExp;
      kept: { contactUserId: string; alternateEmail: string };
    }[] = [
      {
        name: 'no contact chosen',
        inputs: { alternateEmail: 'patti@fabrikam.example' },
        error: /⚠️ Choose the contact user\./,
        kept: { contactUserId: '', alternateEmail: 'patti@fabrikam.example' },
      },
      {
        name: 'an invalid e-mail',
        inputs: { contactUserId: 'user-pattif', alternateEmail: 'patti at fabrikam' },
        error: /⚠️ Enter a valid e-mail address\./,
        kept: { contactUserId: 'user-pattif', alternateEmail: 'patti at fabrikam' },
      },
      {
        name: "the company's Partner Center account e-mail, in other letter case",
        inputs: { contactUserId: 'user-meganb', alternateEmail: ACCOUNT_EMAIL.toUpperCase() },
        error: /⚠️ The alternate e-mail must differ from your company's Partner Center account e-mail\./,
        kept: { contactUserId: 'user-meganb', alternateEmail: ACCOUNT_EMAIL.toUpperCase() },
      },
    ];
    for (const c of refusals) {
      it(`refuses ${c.name} on the same step, keeping what was typed`, async () => {
        const task = client(alex);
        const confirm = await toConfirm(task, ADVISORY);
        const refused = await task.press(action(confirm, 'activate.confirm'), c.inputs);
        assert.match(cardText(refused), /Step 2 of 2/);
        assert.match(cardText(refused), c.error);
        assert.equal(inputValue(refused, 'contactUserId'), c.kept.contactUserId);
        assert.equal(inputValue(refused, 'alternateEmail'), c.kept.alternateEmail);
        assert.equal((await benefit(ADVISORY)).status, 'NotActivated');

        const done = await task.press(action(refused, 'activate.confirm'), patti);
        assert.match(cardText(done), /The benefit is \*\*Pending\*\*/);
        assert.doesNotMatch(cardText(done), /⚠️/);
      });
    }
  });

  describe('who sees what', () => {
    const readOnly: readonly { name: string; person: Person; language: Language; text: string }[] = [
      {
        name: 'Adele (no role)',
        person: adele,
        language: 'en',
        text:
          'Technical benefits\nOnly a Global admin or MPN partner admin can activate technical benefits. ' +
          'Your Global admins: Alex Wilber (alexw@contoso.onmicrosoft.com).',
      },
      {
        name: 'Isaiah (Admin agent)',
        person: demoPerson('Isaiah Langer'),
        language: 'en',
        text: 'Technical benefits\nOnly a Global admin or MPN partner admin can activate',
      },
      {
        name: 'Adele in a French task',
        person: adele,
        language: 'fr',
        text:
          'Avantages techniques\nSeul un administrateur général ou administrateur partenaire MPN peut activer ' +
          'les avantages techniques. Vos administrateurs généraux : Alex Wilber (alexw@contoso.onmicrosoft.com).',
      },
    ];
    for (const c of readOnly) {
      it(`${c.name} sees the benefits and their status, read-only and without the support IDs`, async () => {
        const task = client(c.person, c.language);
        const card = await task.say('activate');
        assert.ok(cardText(card).startsWith(c.text), cardText(card));
        assert.doesNotMatch(cardText(card), /Step 1|Étape 1/);
        assert.deepEqual(verbsOf(card), [], 'no buttons: nothing to change');
        assert.ok(task.ended);
        assert.equal(itemsMatching(card, /\n(Entitlement|Droits): /).length, 6);
        assert.doesNotMatch(cardText(card), /ACC-|CON-|Access ID|ID d’accès/);
        if (c.language === 'en') {
          assert.deepEqual(rowTitles(card), ROWS);
          assert.match(
            cardText(card),
            /Microsoft product support \(on-premises\) — Gold Cloud Platform\nEntitlement: 20 incidents\nStatus: Active\nOffer: Gold Cloud Platform/,
          );
        } else {
          assert.match(
            cardText(card),
            /Support produit Microsoft \(local\) — Gold Cloud Platform\nDroits: 20 incidents\nÉtat: Actif\nOffre: Gold Cloud Platform/,
          );
        }
      });
    }

    it('someone the directory does not know is told so', async () => {
      const task = client(stranger);
      const card = await task.say('activate');
      assert.match(cardText(card), /I can't find you in your organization's Partner Center directory/);
      assert.deepEqual(verbsOf(card), []);
      assert.ok(task.ended);
    });

    it('no entitlement has a period the sources do not give, in either language', async () => {
      for (const language of ['en', 'fr'] as const) {
        const card = await client(alex, language).say('activate');
        assert.doesNotMatch(cardText(card), /a year|per year|yearly|par an|annuel/i);
        assert.match(cardText(card), language === 'en' ? /: 10 incidents\n/ : /: 10 incidents\n/);
      }
    });
  });

  describe('Back, Cancel and stale cards', () => {
    it('Back from the Activate step shows the list again', async () => {
      const task = client(alex);
      const confirm = await toConfirm(task);
      const list = await task.press(action(confirm, 'task.back'));
      assert.match(cardText(list), /Step 1 of 2\nChoose the benefit to activate\./);
      const again = await task.press(buttonWith(list, 'benefitId', ADVISORY));
      assert.match(cardText(again), /Step 2 of 2\n\*\*Partner advisory hours\*\*/);
    });

    it('Cancel ends with the cancelled card, in place, and nothing changed', async () => {
      const task = client(alex);
      const confirm = await toConfirm(task);
      const [shown, ...more] = await task.pressShown(action(confirm, 'task.cancel'));
      assert.equal(more.length, 0);
      assert.equal(shown?.how, 'updated', 'the card the button was on is replaced');
      assert.equal(cardText(shown.card), 'Activate a technical benefit\nCancelled. Nothing was changed.');
      assert.deepEqual(verbsOf(shown.card), []);
      assert.ok(task.ended);
      assert.equal((await benefit(SIGNATURE)).status, 'NotActivated');
      assert.deepEqual(await audit(), []);
    });

    it('answers a button of another task instance with a stale card and goes on with this one', async () => {
      const task = client(alex);
      const list = await task.say('activate');
      const confirm = await task.press(buttonWith(list, 'benefitId', SIGNATURE));
      const foreign = buttonWith(list, 'benefitId', ADVISORY);
      const [stale, ...more] = await task.pressShown({ ...foreign, data: { ...foreign.data, taskId: randomUUID() } });
      assert.equal(more.length, 0);
      assert.equal(stale?.how, 'sent', 'a new message, the task card stays as it is');
      assert.equal(
        cardText(stale.card),
        'Partner Benefits Assistant\nThis card is no longer active. Type **help** to start again.',
      );
      assert.ok(!task.ended);
      const done = await task.press(action(confirm, 'activate.confirm'));
      assert.match(cardText(done), /Signature cloud support: Pending/);
      assert.equal((await benefit(ADVISORY)).status, 'NotActivated');
    });
  });

  describe('changes', () => {
    it('makes one change when the same Activate is pressed twice at once', async () => {
      const task = client(alex);
      const confirm = await toConfirm(task);
      const button = action(confirm, 'activate.confirm');
      const turns = await Promise.all([task.pressShown(button), task.pressShown(button)]);
      for (const shown of turns) {
        assert.equal(shown.length, 1);
        assert.match(
          cardText(shown[0]?.card),
          /The benefit is \*\*Pending\*\*/,
          'both presses show the outcome of the one request',
        );
      }
      const requested = (await audit()).filter((e) => e.action === 'benefit.activationRequested');
      assert.equal(requested.length, 1);
      assert.equal((await benefit(SIGNATURE)).status, 'Pending');
    });

    it('refuses when someone else activated the benefit between the steps, changing nothing', async () => {
      const task = client(alex);
      const confirm = await toConfirm(task);
      const meganActivates = await world.partner().activateTechnicalBenefit(actorOf(megan), {
        requestId: randomUUID(),
        benefitId: SIGNATURE,
        contactUserId: null,
        alternateEmail: null,
      });
      assert.ok(meganActivates.ok);
      const refused = await task.press(action(confirm, 'activate.confirm'));
      assert.equal(
        cardText(refused),
        'Activate a technical benefit\nThis benefit was already activated by someone else. Nothing was changed.',
      );
      assert.deepEqual(verbsOf(refused), []);
      assert.ok(task.ended);
      assert.equal((await benefit(SIGNATURE)).activatedBy, demoUserId('Megan Bowen'));
      assert.equal((await audit()).length, 1);
    });
  });

  it('runs in French in a French task', async () => {
    const task = client(alex, 'fr');
    const list = await task.say('activer un avantage technique');
    assert.match(cardText(list), /^Activer un avantage technique\nÉtape 1 sur 2\nChoisissez l’avantage à activer\./);
    assert.match(
      cardText(list),
      /Support cloud Signature\nDroits: Illimité\nÉtat: Non activé\nOffre: Gold Cloud Platform/,
    );
    assert.match(cardText(list), /Support produit Microsoft \(local\) — Microsoft Action Pack\nDroits: 10 incidents\n/);
    assert.equal(buttonWith(list, 'benefitId', ADVISORY).title, 'Choisir');
    const confirm = await task.press(buttonWith(list, 'benefitId', ADVISORY));
    assert.deepEqual(
      executeActions(confirm).map((a) => a.title),
      ['Activer', 'Retour', 'Annuler'],
    );
    const refused = await task.press(action(confirm, 'activate.confirm'), { ...patti, alternateEmail: ACCOUNT_EMAIL });
    assert.match(
      cardText(refused),
      /⚠️ L’autre adresse doit être différente de l’adresse du compte Espace partenaires de votre entreprise\./,
    );
    const done = await task.press(action(refused, 'activate.confirm'), patti);
    assert.match(
      cardText(done),
      /Activation demandée\. L’avantage est \*\*en attente\*\* ; activation prévue d’ici le 24 nov\. 2026, 10:00 UTC\./,
    );
    assert.match(cardText(done), /Heures de conseil partenaire: En attente/);
  });
});

describe('Technical benefit status questions (MainDialog routing to the activation task)', () => {
  let world: TaskWorld;
  let chat: MainDialogChat;
  before(async function () {
    this.timeout(120_000);
    world = await openTaskWorld();
    chat = await openMainDialogChat([new ActivateBenefitDialog(world.partner(), world.clock.read, silentLogger)]);
  });
  after(async () => {
    await chat.close();
    await world.close();
  });

  const cases: readonly { say: string; person: Person; locale?: string; starts: RegExp; buttons: boolean }[] = [
    {
      say: 'which technical benefits do we have',
      person: adele,
      starts: /^Technical benefits\nOnly a Global admin or MPN partner admin can activate/,
      buttons: false,
    },
    {
      say: 'Show our technical benefits',
      person: adele,
      starts: /^Technical benefits\nOnly a Global admin/,
      buttons: false,
    },
    { say: "What's the status of our tech benefits?", person: adele, starts: /^Technical benefits\n/, buttons: false },
    {
      say: 'quels avantages techniques avons-nous ?',
      person: adele,
      starts: /^Avantages techniques\nSeul un administrateur général ou administrateur partenaire MPN/,
      buttons: false,
    },
    {
      say: 'Quels sont nos avantages techniques ?',
      person: adele,
      locale: 'en-US',
      starts: /^Avantages techniques\n/,
      buttons: false,
    },
    {
      say: 'which technical benefits do we have',
      person: alex,
      starts: /^Activate a technical benefit\nStep 1 of 2\n/,
      buttons: true,
    },
    {
      say: 'quels avantages techniques avons-nous ?',
      person: megan,
      locale: 'fr-FR',
      starts: /^Activer un avantage technique\nÉtape 1 sur 2\n/,
      buttons: true,
    },
  ];
  for (const c of cases) {
    it(`"${c.say}" from ${c.person.name}: the ${c.buttons ? 'first step' : 'read-only list'} at once`, async () => {
      const [card, ...more] = await chat.say(c.person, c.say, c.locale);
      assert.equal(more.length, 0);
      assert.match(cardText(card), c.starts);
      assert.equal(verbsOf(card).includes('activate.choose'), c.buttons);
      assert.equal(/ACC-4829103756/.test(cardText(card)), c.buttons, 'the Access ID only for admins');
    });
  }

  it('"how do I activate technical benefits?" stays a FAQ question', async () => {
    const [card] = await chat.say(adele, 'how do I activate technical benefits?');
    assert.doesNotMatch(cardText(card), /Step 1 of 2|Only a Global admin or MPN partner admin can/);
    assert.ok(!verbsOf(card).includes('activate.choose'));
  });
});
