import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { ActivateBenefitDialog } from '../../dialogs/activateBenefitDialog';
import type { Language } from '../../src/knowledge/schema';
import type { AuditEntry, TechnicalBenefit } from '../../src/services/partner/schemas';
import { action, cardText, executeActions, itemsMatching, type Json } from '../support/cards';
import { silentLogger } from '../support/fixtures';
import {
  THREE_DAYS,
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
  type PressMode,
  type Shown,
  type TaskWorld,
} from '../support/taskDialogs';

const SIGNATURE = 'tb-gcp-signature-cloud';
const alex = demoPerson('Alex Wilber');
const megan = demoPerson('Megan Bowen');
const patti = { contactUserId: demoUserId('Patti Fernandez'), alternateEmail: 'patti@fabrikam.example' };

describe('ActivateBenefitDialog (DialogTestClient over the embedded partner service)', () => {
  let world: TaskWorld;
  before(async () => {
    world = await openTaskWorld();
  });
  after(() => world.close());
  beforeEach(() => world.reset());

  const client = (person: Person, language: Language = 'en', options: { delay?: number; mode?: PressMode } = {}): TaskDialogClient =>
    new TaskDialogClient(new ActivateBenefitDialog(world.partner(options.delay ?? THREE_DAYS), world.clock.read, silentLogger), person, language, options.mode);

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

  /** list → Activate on `benefitId` → details; returns the details card. */
  async function toDetails(c: TaskDialogClient, benefitId = SIGNATURE): Promise<Json> {
    const list = await c.say('activate technical benefits');
    return c.press(buttonWith(list, 'benefitId', benefitId));
  }
  async function toConfirm(c: TaskDialogClient, inputs: Json = patti): Promise<Json> {
    const details = await toDetails(c);
    return c.press(action(details, 'activate.details'), inputs);
  }

  describe('who may activate', () => {
    const cases: readonly { name: string; person: Person; delay: number; mode: PressMode; done: readonly RegExp[]; status: TechnicalBenefit['status'] }[] = [
      {
        name: 'Alex (Global admin): Pending, with the time it is expected to be active',
        person: alex,
        delay: THREE_DAYS,
        mode: 'submit',
        done: [/The benefit is \*\*Pending\*\*; expected to be active by Nov 24, 2026, 10:00\sAM UTC/, /Signature cloud support: Pending/, /Expected: Nov 24, 2026/],
        status: 'Pending',
      },
      {
        name: 'Alex with no processing delay, pressing Action.Execute buttons: Active at once, with its Access ID',
        person: alex,
        delay: 0,
        mode: 'execute',
        done: [/\*\*Signature cloud support\*\* is now active/, /Signature cloud support: Active/, /Access ID: ACC-\d{10}/, /Contract ID: CON-\d{8}/],
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
        const step = async (button: Parameters<TaskDialogClient['press']>[0], inputs: Json = {}): Promise<Json> => {
          const [shown, ...more] = await task.pressShown(button, inputs);
          assert.equal(more.length, 0);
          assert.equal(shown?.how, how);
          return shown.card;
        };

        const list = await task.say('activate technical benefits');
        assert.match(cardText(list), /^Activate a technical benefit\nStep 1 of 3\nChoose the benefit to activate\./);
        const [active] = itemsMatching(list, /Access ID: ACC-4829103756/);
        assert.ok(active, cardText(list));
        assert.deepEqual(verbsOf(active), [], 'an active benefit has no Activate button');
        assert.equal(verbsOf(list).filter((v) => v === 'activate.choose').length, 5);

        const details = await step(buttonWith(list, 'benefitId', SIGNATURE));
        assert.match(cardText(details), /Step 2 of 3\n\*\*Signature cloud support\*\*[\s\S]*Entitlement: Unlimited\nStatus: Not activated/);
        assert.equal(inputValue(details, 'contactUserId'), '');
        assert.equal(inputValue(details, 'alternateEmail'), '');
        assert.match(cardText(details), /Patti Fernandez \(pattif@contoso\.onmicrosoft\.com\): user-pattif/, 'the directory is offered as contacts');

        const confirm = await step(action(details, 'activate.details'), patti);
        assert.match(
          cardText(confirm),
          /Step 3 of 3\nActivate this benefit\?.*\nSignature cloud support: Unlimited\nContact user: Patti Fernandez \(pattif@contoso\.onmicrosoft\.com\)\nAlternate e-mail \(not the account e-mail\): patti@fabrikam\.example/,
        );
        assert.deepEqual(verbsOf(confirm), ['activate.confirm', 'task.back', 'task.cancel']);

        const done = await step(action(confirm, 'activate.confirm'));
        for (const pattern of c.done) assert.match(cardText(done), pattern);
        assert.deepEqual(verbsOf(done), [], 'a finished card has no buttons left');
        assert.ok(task.ended);

        const after = await benefit(SIGNATURE);
        assert.equal(after.status, c.status);
        assert.equal(after.contactUserId, patti.contactUserId);
        assert.equal(after.alternateEmail, patti.alternateEmail);
        assert.equal(after.activatedBy, demoUserId(c.person.name));
        const requested = (await audit()).filter((e) => e.action === 'benefit.activationRequested');
        assert.deepEqual(requested.map((e) => [e.actor, e.targetId]), [[demoUserId(c.person.name), SIGNATURE]]);
      });
    }

    const refusals: readonly { name: string; person: Person; language: Language; text: RegExp }[] = [
      {
        name: 'Adele (no role) is refused, with the roles needed and the Global admins',
        person: demoPerson('Adele Vance'),
        language: 'en',
        text: /This needs the Global admin or MPN partner admin role, which you don't have\. Your Global admins: Alex Wilber \(alexw@contoso\.onmicrosoft\.com\)\./,
      },
      {
        name: 'Isaiah (Admin agent) is refused the same way',
        person: demoPerson('Isaiah Langer'),
        language: 'en',
        text: /needs the Global admin or MPN partner admin role[\s\S]*Alex Wilber/,
      },
      {
        name: 'Adele is refused in French in a French task',
        person: demoPerson('Adele Vance'),
        language: 'fr',
        text: /Il faut pour cela le rôle administrateur général ou administrateur partenaire MPN, que vous n’avez pas\. Vos administrateurs généraux : Alex Wilber/,
      },
      {
        name: 'someone the directory does not know is told so',
        person: stranger,
        language: 'en',
        text: /I can't find you in your organization's Partner Center directory/,
      },
    ];
    for (const c of refusals) {
      it(c.name, async () => {
        const task = client(c.person, c.language);
        const card = await task.say('activate');
        assert.match(cardText(card), c.text);
        assert.doesNotMatch(cardText(card), /Step 1/);
        assert.deepEqual(verbsOf(card), []);
        assert.ok(task.ended);
      });
    }
  });

  describe('the details step', () => {
    const cases: readonly { name: string; inputs: Json; error: RegExp; kept: { contactUserId: string; alternateEmail: string } }[] = [
      { name: 'no contact chosen', inputs: { alternateEmail: 'patti@fabrikam.example' }, error: /⚠️ Choose the contact user\./, kept: { contactUserId: '', alternateEmail: 'patti@fabrikam.example' } },
      { name: 'an invalid e-mail', inputs: { contactUserId: 'user-pattif', alternateEmail: 'patti at fabrikam' }, error: /⚠️ Enter a valid e-mail address\./, kept: { contactUserId: 'user-pattif', alternateEmail: 'patti at fabrikam' } },
      {
        name: "the contact's own account e-mail, in other letter case",
        inputs: { contactUserId: 'user-meganb', alternateEmail: 'MeganB@Contoso.OnMicrosoft.com' },
        error: /⚠️ The alternate e-mail must differ from the contact's account e-mail\./,
        kept: { contactUserId: 'user-meganb', alternateEmail: 'MeganB@Contoso.OnMicrosoft.com' },
      },
    ];
    for (const c of cases) {
      it(`refuses ${c.name} on the same step, keeping what was typed`, async () => {
        const task = client(alex);
        const details = await toDetails(task);
        const refused = await task.press(action(details, 'activate.details'), c.inputs);
        assert.match(cardText(refused), /Step 2 of 3/);
        assert.match(cardText(refused), c.error);
        assert.equal(inputValue(refused, 'contactUserId'), c.kept.contactUserId);
        assert.equal(inputValue(refused, 'alternateEmail'), c.kept.alternateEmail);
        assert.equal((await benefit(SIGNATURE)).status, 'NotActivated');

        const confirm = await task.press(action(refused, 'activate.details'), patti);
        assert.match(cardText(confirm), /Step 3 of 3/);
        assert.doesNotMatch(cardText(confirm), /⚠️/);
      });
    }
  });

  describe('Back, Cancel and stale cards', () => {
    it('Back from the confirm step shows the details again with the values kept', async () => {
      const task = client(alex);
      const confirm = await toConfirm(task);
      const details = await task.press(action(confirm, 'task.back'));
      assert.match(cardText(details), /Step 2 of 3\n\*\*Signature cloud support\*\*/);
      assert.equal(inputValue(details, 'contactUserId'), patti.contactUserId);
      assert.equal(inputValue(details, 'alternateEmail'), patti.alternateEmail);
      const list = await task.press(action(details, 'task.back'));
      assert.match(cardText(list), /Step 1 of 3/);
    });

    it('Back from the details step shows the list again', async () => {
      const task = client(alex);
      const details = await toDetails(task);
      const list = await task.press(action(details, 'task.back'));
      assert.match(cardText(list), /Step 1 of 3\nChoose the benefit to activate\./);
      const again = await task.press(buttonWith(list, 'benefitId', 'tb-gcp-advisory-hours'));
      assert.match(cardText(again), /Step 2 of 3\n\*\*Partner advisory hours\*\*/);
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
      const details = await task.press(buttonWith(list, 'benefitId', SIGNATURE));
      const foreign = buttonWith(list, 'benefitId', 'tb-gcp-advisory-hours');
      const [stale, ...more] = await task.pressShown({ ...foreign, data: { ...foreign.data, taskId: randomUUID() } });
      assert.equal(more.length, 0);
      assert.equal(stale?.how, 'sent', 'a new message, the task card stays as it is');
      assert.equal(cardText(stale.card), 'Partner Benefits Assistant\nThis card is no longer active. Type **help** to start again.');
      assert.ok(!task.ended);
      const confirm = await task.press(action(details, 'activate.details'), patti);
      assert.match(cardText(confirm), /Step 3 of 3\nActivate this benefit\?[\s\S]*Signature cloud support: Unlimited/);
      assert.equal((await benefit('tb-gcp-advisory-hours')).status, 'NotActivated');
    });
  });

  describe('changes', () => {
    it('makes one change when the same Confirm is pressed twice at once', async () => {
      const task = client(alex);
      const confirm = await toConfirm(task);
      const button = action(confirm, 'activate.confirm');
      const turns = await Promise.all([task.pressShown(button), task.pressShown(button)]);
      for (const shown of turns) {
        assert.equal(shown.length, 1);
        assert.match(cardText(shown[0]?.card), /The benefit is \*\*Pending\*\*/, 'both presses show the outcome of the one request');
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
        contactUserId: demoUserId('Lynne Robbins'),
        alternateEmail: 'lynne@fabrikam.example',
      });
      assert.ok(meganActivates.ok);
      const refused = await task.press(action(confirm, 'activate.confirm'));
      assert.equal(cardText(refused), 'Activate a technical benefit\nThis benefit was already activated by someone else. Nothing was changed.');
      assert.deepEqual(verbsOf(refused), []);
      assert.ok(task.ended);
      const after = await benefit(SIGNATURE);
      assert.equal(after.activatedBy, demoUserId('Megan Bowen'));
      assert.equal(after.alternateEmail, 'lynne@fabrikam.example');
      assert.equal((await audit()).length, 1);
    });
  });

  it('runs in French in a French task', async () => {
    const task = client(alex, 'fr');
    const list = await task.say('activer un avantage technique');
    assert.match(cardText(list), /^Activer un avantage technique\nÉtape 1 sur 3\nChoisissez l’avantage à activer\./);
    assert.match(cardText(list), /Support cloud Signature\nDroits: Illimité\nÉtat: Non activé/);
    assert.equal(buttonWith(list, 'benefitId', SIGNATURE).title, 'Activer');
    const details = await task.press(buttonWith(list, 'benefitId', SIGNATURE));
    assert.deepEqual(executeActions(details).map((a) => a.title), ['Suivant', 'Retour', 'Annuler']);
    const refused = await task.press(action(details, 'activate.details'), { ...patti, alternateEmail: 'pas une adresse' });
    assert.match(cardText(refused), /⚠️ Saisissez une adresse e-mail valide\./);
    const confirm = await task.press(action(refused, 'activate.details'), patti);
    assert.match(cardText(confirm), /Étape 3 sur 3\nActiver cet avantage \?[\s\S]*Utilisateur à contacter: Patti Fernandez/);
    const done = await task.press(action(confirm, 'activate.confirm'));
    assert.match(cardText(done), /Activation demandée\. L’avantage est \*\*en attente\*\* ; activation prévue d’ici le 24 nov\. 2026, 10:00 UTC\./);
    assert.match(cardText(done), /Support cloud Signature: En attente/);
  });
});
