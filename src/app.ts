import type { CloudAdapter, TurnContext } from 'botbuilder';
import restify from 'restify';
import type { Logger } from 'pino';
import { ActivateBenefitDialog } from '../dialogs/activateBenefitDialog';
import { AssignSubscriptionDialog } from '../dialogs/assignSubscriptionDialog';
import { DialogStateStore } from '../dialogs/dialogState';
import { MainDialog } from '../dialogs/mainDialog';
import { RenewalDatesDialog } from '../dialogs/renewalDatesDialog';
import { createAdapter } from './bot/adapter';
import { ComposeSearch } from './bot/composeSearch';
import { DbStorage, TurnStateStorage } from './bot/dbStorage';
import { ProactiveMessenger } from './bot/proactive';
import { TeamsBot } from './bot/teamsBot';
import { runGuardedTurn } from './bot/turnGuard';
import type { AppConfig } from './config';
import { registerCalendarRoute } from './http/calendarRoute';
import { iconUrl, registerIconRoute } from './http/iconRoute';
import { registerLegalRoutes } from './http/legalRoute';
import { bodyParserForOtherRoutes, registerMessagesRoute } from './http/messagesRoute';
import { registerTabRoute } from './http/tabRoute';
import { FaqEngine } from './knowledge/faqEngine';
import { InlineFaqSearch, type FaqSearch } from './knowledge/faqSearch';
import { loadKnowledgeBase } from './knowledge/loader';
import { ThreadFaqSearch } from './knowledge/searchThread';
import { loadSynonyms } from './knowledge/text';
import { registerHealthRoute } from './http/healthRoute';
import { createPartnerStack, HEALTH_PROBE_MS, type PartnerStack } from './partnerStack';
import { ensureWritableDir } from './services/db/dataDir';
import { AnswerService } from './services/answerService';
import { JsonlFeedbackStore } from './services/feedbackStore';
import { OpenAiAnswerer } from './services/generative';
import { ActivationNotifier } from './jobs/activationNotifier';
import { PeriodicTask } from './jobs/periodicTask';
import { ReminderScheduler } from './jobs/reminderScheduler';

export interface App {
  readonly server: restify.Server;
  readonly adapter: CloudAdapter;
  readonly engine: FaqEngine;
  readonly search: FaqSearch;
  readonly feedback: JsonlFeedbackStore;
  readonly stack: PartnerStack;
  /** Each conversation's dialog stack (tests check that a finished task leaves none behind). */
  readonly dialogState: DialogStateStore;
  /** Where dialog state is stored (tests run its expiry clean-up). */
  readonly stateStorage: DbStorage;
  /** Background jobs, exposed so tests can run a tick instead of waiting for the timer. */
  readonly jobs: { readonly notifier: ActivationNotifier; readonly reminders: ReminderScheduler };
  close(): Promise<void>;
}

export interface AppOptions {
  readonly logger: Logger;
  /** Knowledge entries folder; tests may point elsewhere. */
  readonly entriesDir?: string;
  /** The time everything reads (tests move it). */
  readonly clock?: () => Date;
  /** How often activations are processed and notified (default 5 s). */
  readonly jobIntervalMs?: number;
}

/** How often expired dialog state is deleted; it already reads as absent in between. */
const STATE_EXPIRY_INTERVAL_MS = 3_600_000;

/** Builds everything (storage, services, adapter, bot, routes, jobs) without listening, so tests can use it. */
export async function createApp(
  config: AppConfig,
  { logger, entriesDir, clock = () => new Date(), jobIntervalMs = 5000 }: AppOptions,
): Promise<App> {
  // Checked first and named: PGlite and the feedback log would otherwise fail later, less clearly.
  await ensureWritableDir(config.dataDir);
  const kb = await loadKnowledgeBase(entriesDir);
  if (!kb.ok) throw new Error(`Knowledge base is invalid:\n${kb.error.join('\n')}`);
  const synonyms = loadSynonyms();
  const engine = new FaqEngine(kb.value, synonyms);
  const inline = new InlineFaqSearch(engine);
  // The stack before the search thread: a refused data directory then leaves no thread running.
  const stack = await createPartnerStack(config, logger, clock);
  const search =
    config.searchThread === 'worker'
      ? await ThreadFaqSearch.start({
          entries: kb.value,
          synonyms,
          inline,
          logger: logger.child({ component: 'search' }),
        })
      : inline;
  const feedback = new JsonlFeedbackStore(config.dataDir);
  const generative =
    config.generative.kind === 'none'
      ? undefined
      : {
          answerer: new OpenAiAnswerer(
            config.generative,
            { budgetMs: config.generativeTimeoutMs, allowedDomains: config.generativeLimits.allowedDomains },
            logger.child({ component: 'generative' }),
          ),
          perUserPerMinute: config.generativeLimits.perUserPerMinute,
        };
  const answers = new AnswerService({ search, feedback, generative, logger: logger.child({ component: 'answers' }) });
  const { partner } = stack;

  // Dialog state in the database: open tasks survive a restart and work across instances.
  const stateStorage = new DbStorage(stack.db, { clock, ttlMs: config.dialogStateTtlHours * 3_600_000 });
  const dialogState = new DialogStateStore(new TurnStateStorage(stateStorage));
  const adapter = createAdapter(config, dialogState, logger.child({ component: 'adapter' }));
  const dialogLogger = logger.child({ component: 'dialog' });
  const dialog = new MainDialog({
    botAppId: config.botAuth.MicrosoftAppId,
    engine,
    answers,
    feedback,
    logger: dialogLogger,
    tasks: [
      new ActivateBenefitDialog(partner, clock, dialogLogger),
      new AssignSubscriptionDialog(partner, clock, dialogLogger),
      new RenewalDatesDialog({
        partner,
        reminders: stack.reminders,
        calendar: stack.calendar,
        clock,
        logger: dialogLogger,
      }),
    ],
  });
  const messenger = new ProactiveMessenger(
    adapter,
    config.botAuth.MicrosoftAppId ?? '',
    stack.conversations,
    partner,
    logger.child({ component: 'proactive' }),
  );
  const bot = new TeamsBot({
    dialogState,
    dialog,
    messenger,
    composeSearch: new ComposeSearch({
      engine,
      search,
      iconUrl: iconUrl(config.publicUrl),
      logger: logger.child({ component: 'compose' }),
    }),
    logger: logger.child({ component: 'bot' }),
  });

  const jobsLogger = logger.child({ component: 'jobs' });
  const processor = stack.processor;
  const activations = processor
    ? new PeriodicTask('activations', () => processor.processDueActivations(clock()), jobsLogger)
    : undefined;
  const notifier = new ActivationNotifier({
    partner,
    cursorStore: stack.cursors,
    conversations: stack.conversations,
    send: messenger.activationNotice,
    logger: jobsLogger,
  });
  const stateExpiry = new PeriodicTask('dialog-state-expiry', () => stateStorage.deleteExpired(), jobsLogger);
  const reminders = new ReminderScheduler({
    store: stack.reminders,
    partner,
    conversations: stack.conversations,
    send: messenger.reminder,
    clock,
    logger: jobsLogger,
  });

  // Tells the user of an expired task or a turn that collided with another (src/bot/turnGuard.ts).
  const guard = {
    storage: stateStorage,
    stateKey: (c: TurnContext) => dialogState.state.getStorageKey(c),
    ttlHours: config.dialogStateTtlHours,
    logger: logger.child({ component: 'bot' }),
  };
  const server = restify.createServer({ name: 'partner-benefits-assistant' });
  server.use(...bodyParserForOtherRoutes(config.maxBodyBytes));
  registerMessagesRoute(server, {
    adapter,
    logic: (context) => runGuardedTurn(context, () => bot.run(context), guard),
    config,
    clock,
    logger: logger.child({ component: 'messages' }),
  });
  registerHealthRoute(server, {
    probes: stack.probes,
    timeoutMs: HEALTH_PROBE_MS,
    info: {
      entries: kb.value.length,
      search: config.searchThread,
      generative: config.generative.kind,
      partner: config.partner.kind,
      databaseKind: stack.db.kind,
    },
    logger: logger.child({ component: 'health' }),
  });
  registerCalendarRoute(server, {
    partner,
    calendar: stack.calendar,
    clock,
    logger: logger.child({ component: 'calendar' }),
  });
  registerTabRoute(server, { partner, config, clock, logger: logger.child({ component: 'tab' }) });
  registerIconRoute(server, { logger: logger.child({ component: 'icon' }) });
  registerLegalRoutes(server);

  activations?.start(jobIntervalMs);
  notifier.start(jobIntervalMs);
  reminders.start(config.reminderCheckSeconds * 1000);
  stateExpiry.start(STATE_EXPIRY_INTERVAL_MS);
  logger.info(
    {
      entries: kb.value.length,
      generative: config.generative.kind,
      partner: config.partner.kind,
      database: stack.db.kind,
      dataDir: config.dataDir,
    },
    'app built',
  );

  return {
    server,
    adapter,
    engine,
    search,
    feedback,
    stack,
    dialogState,
    stateStorage,
    jobs: { notifier, reminders },
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
      });
      await Promise.all([activations?.stop(), notifier.stop(), reminders.stop(), stateExpiry.stop()]);
      await stack.partner.close();
      await stack.db.close();
      await feedback.close();
      await search.close();
    },
  };
}
