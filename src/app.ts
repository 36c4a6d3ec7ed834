import { ConversationState, MemoryStorage, type CloudAdapter } from 'botbuilder';
import restify from 'restify';
import type { Logger } from 'pino';
import { MainDialog } from '../dialogs/mainDialog';
import { createAdapter } from './bot/adapter';
import { TeamsBot } from './bot/teamsBot';
import type { AppConfig } from './config';
import { FaqEngine } from './knowledge/faqEngine';
import { loadKnowledgeBase } from './knowledge/loader';
import { loadSynonyms } from './knowledge/text';
import { AnswerService } from './services/answerService';
import { JsonlFeedbackStore } from './services/feedbackStore';
import { OpenAiAnswerer } from './services/generative';

export interface App {
  readonly server: restify.Server;
  readonly adapter: CloudAdapter;
  readonly engine: FaqEngine;
  readonly feedback: JsonlFeedbackStore;
  close(): Promise<void>;
}

export interface AppOptions {
  readonly logger: Logger;
  /** Knowledge entries folder; tests may point elsewhere. */
  readonly entriesDir?: string;
}

/** Builds everything (storage, services, adapter, bot, routes) without listening, so tests can use it. */
export async function createApp(config: AppConfig, { logger, entriesDir }: AppOptions): Promise<App> {
  const kb = await loadKnowledgeBase(entriesDir);
  if (!kb.ok) throw new Error(`Knowledge base is invalid:\n${kb.errors.join('\n')}`);
  const engine = new FaqEngine(kb.entries, loadSynonyms());
  const feedback = new JsonlFeedbackStore(config.dataDir);
  const generative =
    config.generative.kind === 'none' ? undefined : new OpenAiAnswerer(config.generative, config.generativeTimeoutMs, logger.child({ component: 'generative' }));
  const answers = new AnswerService({ engine, feedback, generative, logger: logger.child({ component: 'answers' }) });

  const conversationState = new ConversationState(new MemoryStorage());
  const adapter = createAdapter(config, conversationState, logger.child({ component: 'adapter' }));
  const dialog = new MainDialog({ engine, answers, feedback, logger: logger.child({ component: 'dialog' }) });
  const bot = new TeamsBot({ conversationState, dialog, engine, logger: logger.child({ component: 'bot' }) });

  const server = restify.createServer({ name: 'partner-benefits-assistant' });
  server.use(restify.plugins.bodyParser());
  server.post('/api/messages', async (req, res) => {
    await adapter.process(req, res, (context) => bot.run(context));
  });
  server.get('/healthz', (_req, res, next) => {
    res.send(200, { status: 'ok', entries: kb.entries.length, generative: config.generative.kind });
    next();
  });
  logger.info({ entries: kb.entries.length, generative: config.generative.kind, dataDir: config.dataDir }, 'app built');

  return {
    server,
    adapter,
    engine,
    feedback,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await feedback.close();
    },
  };
}
