import assert from 'node:assert/strict';
import path from 'node:path';
import { MemoryStorage, TestAdapter, type Activity, type Middleware, type TurnContext } from 'botbuilder';
import { DialogTurnStatus, type Dialog } from 'botbuilder-dialogs';
import { DialogTestClient } from 'botbuilder-testing';
import { MainDialog } from '../../dialogs/mainDialog';
import { DialogStateStore } from '../../dialogs/dialogState';
import { takeInvokeCard } from '../../dialogs/presenter';
import { InlineFaqSearch } from '../../src/knowledge/faqSearch';
import type { Language } from '../../src/knowledge/schema';
import { AnswerService } from '../../src/services/answerService';
import { JsonlFeedbackStore } from '../../src/services/feedbackStore';
import { openDb, type Db } from '../../src/services/db/db';
import { migrate } from '../../src/services/db/migrate';
import { createEmbeddedPartnerService, type EmbeddedPartnerService } from '../../src/services/partner/embedded';
import { DEMO_TENANT_ID, DEMO_USERS, seedDemoOrganization } from '../../src/services/partner/seed';
import type { Actor } from '../../src/services/partner/schemas';
import { ReminderStore } from '../../src/services/reminders/reminderStore';
import { CalendarLinks } from '../../src/services/renewal/calendarLinks';
import { cardNodes, cardText, executeActions, type ExecuteAction, type Json } from './cards';
import { realEngine, silentLogger, tempDir } from './fixtures';

/*
 * Shared setup of the task dialog tests: one PGlite database per test file with the demo organization
 * seeded for a fixed day, the real embedded partner service on a clock the tests move, and a
 * DialogTestClient that carries a Teams identity and records every card the dialog shows.
 */

/** The instant every task test starts at; the Action Pack's anniversary is then Dec 12, 2026. */
export const START = '2026-11-21T10:00:00.000Z';
export const TODAY = START.slice(0, 10);

export class TestClock {
  #now = new Date(START);
  readonly read = (): Date => new Date(this.#now);
  set(iso: string): void {
    this.#now = new Date(iso);
  }
}

const PARTNER_TABLES = [
  'organization',
  'directory_users',
  'offers',
  'technical_benefits',
  'vs_subscriptions',
  'product_benefits',
  'audit_log',
  'idempotency',
  'reminder_optins',
  'reminders_sent',
  'calendar_links',
].join(', ');

export interface TaskWorld {
  readonly db: Db;
  readonly clock: TestClock;
  readonly reminders: ReminderStore;
  readonly calendar: CalendarLinks;
  /** The embedded service over the test database; activations take `activationDelaySeconds` (default 3 days). */
  partner(activationDelaySeconds?: number): EmbeddedPartnerService;
  /** Back to the freshly seeded organization, the clock at START. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

export const THREE_DAYS = 3 * 24 * 3600;

export async function openTaskWorld(): Promise<TaskWorld> {
  const dir = await tempDir();
  const db = await openDb({ kind: 'pglite', dir: path.join(dir.dir, 'db') });
  await migrate(db, silentLogger);
  const clock = new TestClock();
  assert.ok(await seedDemoOrganization(db, TODAY));
  return {
    db,
    clock,
    reminders: new ReminderStore(db),
    calendar: new CalendarLinks(db, 'http://localhost:3978'),
    partner: (activationDelaySeconds = THREE_DAYS) =>
      createEmbeddedPartnerService({ db, clock: clock.read, activationDelaySeconds, logger: silentLogger }),
    reset: async () => {
      await db.exec(`TRUNCATE ${PARTNER_TABLES} RESTART IDENTITY CASCADE`);
      assert.ok(await seedDemoOrganization(db, TODAY));
      clock.set(START);
    },
    close: async () => {
      await db.close();
      await dir.remove();
    },
  };
}

/** Who sends the activities: a Teams user of a tenant (the dialog reads the actor from them). */
export interface Person {
  readonly name: string;
  readonly aadObjectId: string;
  readonly tenantId: string;
}

export function demoPerson(name: string): Person {
  const user = DEMO_USERS.find((u) => u.displayName === name);
  assert.ok(user, name);
  return { name, aadObjectId: user.aadObjectId, tenantId: DEMO_TENANT_ID };
}

export const demoUserId = (name: string): string => {
  const user = DEMO_USERS.find((u) => u.displayName === name);
  assert.ok(user, name);
  return user.id;
};

/** Someone of the demo tenant whom the directory does not know. */
export const stranger: Person = {
  name: 'Sam Stranger',
  aadObjectId: 'ffffffff-0000-4000-8000-000000000099',
  tenantId: DEMO_TENANT_ID,
};

export const actorOf = (person: Person): Actor => ({ tenantId: person.tenantId, aadObjectId: person.aadObjectId });

/** A card the dialog showed in a turn: a new message, an update of its card, or an invoke response. */
export interface Shown {
  readonly how: 'sent' | 'updated' | 'invoke';
  readonly card: Json;
}

/** How a button press reaches the bot: Action.Submit (a message with `value`) or Action.Execute (an invoke). */
export type PressMode = 'submit' | 'execute';

const isJson = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

function cardsOf(activities: readonly Partial<Activity>[], how: Shown['how']): Shown[] {
  return activities.flatMap((a) =>
    (a.attachments ?? []).map((att): Shown => {
      assert.ok(isJson(att.content), `a card, got ${JSON.stringify(att)}`);
      return { how, card: att.content };
    }),
  );
}

/**
 * DialogTestClient for one person and one task dialog. presentCard updates the task's card after the
 * first step (TestAdapter drops such updates silently), so a middleware records updates and invoke
 * responses as well as sent messages, per turn.
 */
export class TaskDialogClient {
  readonly #client: DialogTestClient;
  readonly #turns = new Map<Partial<Activity>, Shown[]>();
  readonly #texts = new Map<Partial<Activity>, string[]>();

  constructor(
    dialog: Dialog,
    private readonly person: Person,
    private readonly language: Language,
    private readonly mode: PressMode = 'submit',
  ) {
    const turns = this.#turns;
    const texts = this.#texts;
    const recorder: Middleware = {
      onTurn: async (context: TurnContext, next: () => Promise<void>) => {
        const shown: Shown[] = [];
        const said: string[] = [];
        turns.set(context.activity, shown);
        texts.set(context.activity, said);
        context.onSendActivities(async (_ctx, activities, send) => {
          shown.push(...cardsOf(activities, 'sent'));
          said.push(...activities.flatMap((a) => (a.text ? [a.text] : [])));
          return send();
        });
        context.onUpdateActivity(async (_ctx, activity, update) => {
          shown.push(...cardsOf([activity], 'updated'));
          return update();
        });
        await next();
        const invoked = takeInvokeCard(context);
        if (invoked) shown.push(...cardsOf([{ attachments: [invoked] }], 'invoke'));
      },
    };
    this.#client = new DialogTestClient('msteams', dialog, { language }, [recorder]);
  }

  /** True once the dialog has ended (its last card has no buttons left to press). */
  get ended(): boolean {
    return this.#client.dialogTurnResult.status === DialogTurnStatus.complete;
  }

  /** Every card shown in reply to one activity from this person. */
  async turn(activity: Partial<Activity>): Promise<Shown[]> {
    return (await this.turnWithTexts(activity)).shown;
  }

  /** Typed text; returns the one card shown and the text messages sent. */
  async sayWithReplies(text: string): Promise<{ card: Json; texts: string[] }> {
    const { shown, texts } = await this.turnWithTexts({ type: 'message', text });
    return { card: only(shown), texts };
  }

  private async turnWithTexts(activity: Partial<Activity>): Promise<{ shown: Shown[]; texts: string[] }> {
    const full: Partial<Activity> = {
      locale: this.language === 'fr' ? 'fr-FR' : 'en-US',
      ...activity,
      from: { id: `29:${this.person.aadObjectId}`, name: this.person.name, aadObjectId: this.person.aadObjectId },
      conversation: {
        id: `a:${this.person.aadObjectId}`,
        name: '',
        isGroup: false,
        conversationType: 'personal',
        tenantId: this.person.tenantId,
      },
    };
    await this.#client.sendActivity(full);
    const shown = this.#turns.get(full);
    assert.ok(shown, 'the recorder saw the turn');
    return { shown, texts: this.#texts.get(full) ?? [] };
  }

  /** Typed text (the first message begins the task); returns the one card shown. */
  async say(text: string): Promise<Json> {
    return only(await this.turn({ type: 'message', text }));
  }

  /** Presses a card button, the inputs merged into its data as Teams does; returns the one card shown. */
  async press(button: Pick<ExecuteAction, 'verb' | 'data'>, inputs: Json = {}): Promise<Json> {
    return only(await this.pressShown(button, inputs));
  }

  pressShown(button: Pick<ExecuteAction, 'verb' | 'data'>, inputs: Json = {}): Promise<Shown[]> {
    const data = { ...button.data, ...inputs };
    return this.turn(
      this.mode === 'submit'
        ? { type: 'message', value: data }
        : {
            type: 'invoke',
            name: 'adaptiveCard/action',
            value: { action: { type: 'Action.Execute', verb: button.verb, data }, trigger: 'manual' },
          },
    );
  }
}

function only(shown: readonly Shown[]): Json {
  assert.equal(
    shown.length,
    1,
    `one card per turn, got ${shown.length}:\n${shown.map((s) => cardText(s.card)).join('\n---\n')}`,
  );
  const [first] = shown;
  assert.ok(first);
  return first.card;
}

/** The value an input of the card shows (what the user typed is kept when a step is refused). */
export function inputValue(card: Json, id: string): unknown {
  const input = cardNodes(card).find((n) => typeof n.type === 'string' && n.type.startsWith('Input.') && n.id === id);
  assert.ok(input, `no input ${id} on the card:\n${cardText(card)}`);
  return input.value;
}

/** The button whose data has this field value (e.g. the Activate button of one benefit). */
export function buttonWith(card: Json, field: string, value: string): ExecuteAction {
  const found = executeActions(card).find((a) => a.data[field] === value);
  assert.ok(found, `no button with ${field}=${value}:\n${cardText(card)}`);
  return found;
}

/** The verbs of the buttons left on a card (a finished card has none). */
export const verbsOf = (card: unknown): string[] => executeActions(card).map((a) => a.verb);

/** The Action.OpenUrl links of a card. */
export const linksOf = (card: unknown): { title: string; url: string }[] =>
  cardNodes(card).flatMap((n) =>
    n.type === 'Action.OpenUrl' && typeof n.url === 'string' ? [{ title: String(n.title), url: n.url }] : [],
  );

/** The whole bot's routing: MainDialog over the real knowledge base with these tasks, run as TeamsBot runs it. */
export interface MainDialogChat {
  /** The cards the bot sent in reply to one typed message from this person. */
  say(person: Person, text: string, locale?: string): Promise<Json[]>;
  /** What the bot did in reply to one activity (typed or a button's) from this person. */
  send(person: Person, activity: Partial<Activity>): Promise<ChatTurn>;
  close(): Promise<void>;
}

export interface ChatTurn {
  readonly sent: Json[];
  readonly updated: Json[];
  readonly texts: string[];
}

export async function openMainDialogChat(tasks: readonly Dialog[]): Promise<MainDialogChat> {
  const engine = await realEngine();
  const data = await tempDir();
  const feedback = new JsonlFeedbackStore(data.dir);
  const answers = new AnswerService({
    search: new InlineFaqSearch(engine),
    feedback,
    generative: undefined,
    logger: silentLogger,
  });
  const dialog = new MainDialog({ engine, answers, feedback, logger: silentLogger, tasks });
  const dialogState = new DialogStateStore(new MemoryStorage());
  const adapter = new TestAdapter(async () => undefined, { channelId: 'msteams' });
  const send = async (person: Person, activity: Partial<Activity>): Promise<ChatTurn> => {
    const turn = { sent: [] as Json[], updated: [] as Json[], texts: [] as string[] };
    const full: Partial<Activity> = {
      locale: 'en-US',
      ...activity,
      channelId: 'msteams',
      from: { id: `29:${person.aadObjectId}`, name: person.name, aadObjectId: person.aadObjectId },
      conversation: {
        id: `a:${person.aadObjectId}`,
        name: '',
        isGroup: false,
        conversationType: 'personal',
        tenantId: person.tenantId,
      },
    };
    await adapter.processActivity(full, async (context) => {
      context.onSendActivities(async (_ctx, activities, next) => {
        turn.sent.push(...cardsOf(activities, 'sent').map((s) => s.card));
        turn.texts.push(...activities.flatMap((a) => (a.text ? [a.text] : [])));
        return next();
      });
      context.onUpdateActivity(async (_ctx, activity, next) => {
        turn.updated.push(...cardsOf([activity], 'updated').map((s) => s.card));
        return next();
      });
      await dialog.run(context, dialogState);
      await dialogState.save(context);
    });
    return turn;
  };
  return {
    say: async (person, text, locale = 'en-US') => (await send(person, { type: 'message', text, locale })).sent,
    send,
    close: async () => {
      await feedback.close();
      await data.remove();
    },
  };
}
