import type { Activity, InvokeResponse, TurnContext } from 'botbuilder';
import { validateAndFixActivity } from 'botbuilder/lib/activityValidator';
import { AuthenticationError } from 'botframework-connector';
import type { Logger } from 'pino';
import restify from 'restify';
import { z } from 'zod';
import { ChannelTokenVerifier } from '../bot/inboundAuth';
import { RejectionLog } from './rejectionLog';
import type { AppConfig } from '../config';

export const MESSAGES_PATH = '/api/messages';

/** The adapter's entry point (EdgeCloudAdapter.processInbound): the SDK authenticates the header itself again. */
export interface TurnRunner {
  processInbound(
    authHeader: string,
    activity: Activity,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<InvokeResponse | undefined>;
}

export interface MessagesRouteDeps {
  readonly adapter: TurnRunner;
  /** The turn: app.ts passes the guarded bot run. */
  readonly logic: (context: TurnContext) => Promise<void>;
  readonly config: Pick<AppConfig, 'inbound' | 'maxBodyBytes' | 'botAuth'>;
  readonly clock: () => Date;
  readonly logger: Logger;
}

/**
 * Deeper than any activity Teams sends (a card's inputs are a few levels): past it the body is refused before
 * JSON.parse, so nothing downstream (state storage, the SDK's serializers) recurses 100 000 levels down.
 */
const MAX_JSON_DEPTH = 64;

/** A required string: "is required" when absent, "must be a string" otherwise. */
const requiredString = z
  .string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be a string') })
  .min(1, 'is required');
const requiredObject = <T extends z.ZodRawShape>(shape: T) =>
  z.looseObject(shape, { error: (issue) => (issue.input === undefined ? 'is required' : 'must be an object') });

/** The least of an activity the bot relies on before any turn runs; the SDK's own type covers the rest. */
const activitySchema = z.looseObject({
  type: requiredString,
  conversation: requiredObject({ id: requiredString }),
  from: requiredObject({ id: requiredString }),
  channelId: z.string({ error: 'must be a string' }).optional(),
  // Read as strings all through the turn (the mention check, the language, the search).
  text: z.string({ error: 'must be a string' }).optional(),
  locale: z.string({ error: 'must be a string' }).optional(),
  serviceUrl: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
});

/** Where replies may go without authentication: this machine (the fake connector, the Playground). */
const isLoopback = (url: URL): boolean =>
  url.hostname === 'localhost' || url.hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(url.hostname);

/** True when the text nests arrays or objects deeper than `max` (strings skipped); a scan, nothing allocated. */
function nestedDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i += 1;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      depth += 1;
      if (depth > max) return true;
    } else if (c === 0x7d || c === 0x5d) depth -= 1;
  }
  return false;
}

/** The one-line reason of the first issue, e.g. "activity.conversation.id is required". */
function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  const where = ['activity', ...(issue?.path ?? []).map(String)].join('.');
  return `${where} ${issue?.message ?? 'is invalid'}`;
}

type ReadOutcome = 'read' | 'too large' | 'failed';

/** restify's body reader (its size limit, its handling of aborted requests) as a promise. */
function bodyReaderOf(maxBodySize: number): (req: restify.Request, res: restify.Response) => Promise<ReadOutcome> {
  const reader = restify.plugins.bodyReader({ maxBodySize });
  return (req, res) =>
    new Promise((resolve) => {
      void reader(req, res, (err?: unknown) => {
        const status = (err as { statusCode?: unknown } | undefined)?.statusCode;
        resolve(err === undefined || err === null ? 'read' : status === 413 ? 'too large' : 'failed');
      });
    });
}

/**
 * restify's body parser, with the same size limit, for every route but POST /api/messages (which reads its own body
 * after its content-type check): none of the app's other routes reads a body, but routes added on the same server
 * do (the bench's echo route passes req.body to CloudAdapter.process).
 */
export function bodyParserForOtherRoutes(maxBodyBytes: number): restify.RequestHandler[] {
  return restify.plugins
    .bodyParser({ maxBodySize: maxBodyBytes })
    .map((handler): restify.RequestHandler => (req, res, next) => {
      if (req.getRoute()?.path === MESSAGES_PATH) return next();
      return handler(req, res, next) as unknown;
    });
}

/**
 * POST /api/messages, checked in this order before any handler runs: content type (415), size (413, before
 * parsing), JSON (400), the least of an activity (400, one line), then who is calling: a Bot Framework token when
 * MicrosoftAppId is set (401, or 503 when the signing keys cannot be fetched), a loopback or allowed serviceUrl when
 * it is not (403). Then the SDK runs the turn and its invoke response is written. Bodies are short JSON.
 */
export function registerMessagesRoute(server: restify.Server, deps: MessagesRouteDeps): void {
  const { adapter, logic, config, clock, logger } = deps;
  const { inbound } = config;
  const appId = config.botAuth.MicrosoftAppId;
  const verifier =
    inbound.kind === 'token' && appId
      ? new ChannelTokenVerifier({ metadataUrl: inbound.openIdMetadataUrl, appId, clock, logger })
      : undefined;
  const readBody = bodyReaderOf(config.maxBodyBytes);
  const rejections = new RejectionLog(logger, () => clock().getTime());
  if (inbound.kind === 'none' && inbound.explicit) {
    logger.warn(
      'ALLOW_UNAUTHENTICATED=true: POST /api/messages answers anyone, without a Bot Framework token ' +
        '(replies go only to loopback or ALLOWED_SERVICE_URLS service URLs); set MicrosoftAppId to authenticate',
    );
  }

  server.post(MESSAGES_PATH, async (req: restify.Request, res: restify.Response) => {
    const refuse: Refuse = (status, error, reason = error, headers = {}) => {
      rejections.note({ status, reason, remote: req.socket.remoteAddress });
      sendError(res, status, error, headers);
    };
    try {
      await handle(req, res, refuse);
    } catch (error) {
      // A bug, not the caller's doing: logged once with its stack, answered without it.
      logger.error({ err: error }, 'POST /api/messages failed');
      if (!res.headersSent) sendError(res, 500, 'internal error');
    }
  });

  async function handle(req: restify.Request, res: restify.Response, refuse: Refuse): Promise<void> {
    if (req.contentType() !== 'application/json') return refuse(415, 'content type must be application/json');
    const encoding = req.headers['content-encoding'];
    // restify would inflate gzip after counting the compressed bytes: a small body could grow without limit.
    if (encoding !== undefined && encoding !== 'identity') return refuse(415, 'content encoding not supported');
    if (Number(req.headers['content-length'] ?? 0) > config.maxBodyBytes) return refuse(413, 'body too large');
    const read = await readBody(req, res);
    if (read === 'too large') return refuse(413, 'body too large');
    if (read === 'failed') return refuse(400, 'body could not be read');

    const text: unknown = req.body;
    if (typeof text !== 'string' || text === '') return refuse(400, 'body must be a JSON activity', 'empty body');
    if (nestedDeeperThan(text, MAX_JSON_DEPTH)) return refuse(400, 'body is nested too deeply');
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return refuse(400, 'body is not valid JSON');
    }
    if (json === null || typeof json !== 'object' || Array.isArray(json)) {
      return refuse(400, 'activity must be a JSON object');
    }
    const parsed = activitySchema.safeParse(json);
    if (!parsed.success) return refuse(400, describeIssue(parsed.error));
    const fields = parsed.data;

    const authHeader = req.headers.authorization ?? '';
    let serviceUrl = fields.serviceUrl;
    if (verifier) {
      const auth = await verifier.verify(authHeader, fields);
      if (auth.kind === 'unavailable') {
        const retryAfter = String(auth.retryAfterSeconds);
        return refuse(503, 'authentication unavailable', 'signing keys unavailable', { 'Retry-After': retryAfter });
      }
      if (auth.kind === 'rejected') return refuse(401, 'unauthorized', auth.reason, UNAUTHORIZED_HEADERS);
      // Teams always sends one; without it the token says where the conversation lives.
      serviceUrl ??= auth.serviceUrl;
    } else if (inbound.kind === 'none' && serviceUrl !== undefined) {
      const url = new URL(serviceUrl);
      if (!isLoopback(url) && !inbound.allowedServiceOrigins.includes(url.origin)) {
        return refuse(403, 'serviceUrl not allowed', `serviceUrl ${url.origin} not allowed`);
      }
    }
    if (serviceUrl === undefined) return refuse(400, 'activity.serviceUrl is required');

    // The parsed JSON itself (the schema only vouched for the fields above); the SDK fixes up its timestamps.
    const activity = validateAndFixActivity({ ...(json as Activity), serviceUrl });
    let invokeResponse: InvokeResponse | undefined;
    try {
      invokeResponse = await adapter.processInbound(authHeader, activity, logic);
    } catch (error) {
      const refusal = sdkRefusal(error);
      if (!refusal) throw error;
      return refuse(...refusal);
    }
    // As CloudAdapter.process writes it: the invoke response's status and body, or 200 and nothing.
    res.status(invokeResponse?.status ?? 200);
    if (invokeResponse?.body !== undefined) res.send(invokeResponse.body);
    else res.end();
  }
}

type Refuse = (status: number, error: string, reason?: string, headers?: Readonly<Record<string, string>>) => void;

const UNAUTHORIZED_HEADERS = { 'WWW-Authenticate': 'Bearer' } as const;

function sendError(res: restify.Response, status: number, error: string, headers = {}): void {
  res.header('Cache-Control', 'no-store');
  for (const [name, value] of Object.entries<string>(headers)) res.header(name, value);
  res.send(status, { error });
}

/**
 * The SDK's own authentication refusing a request ours let through: keys it could not fetch (an
 * AuthenticationError with status 500, or node-fetch's FetchError) are a 503, anything else about the token a 401.
 * Never its message as the body. Undefined: not an authentication matter.
 */
function sdkRefusal(error: unknown): Parameters<Refuse> | undefined {
  const name = error instanceof Error ? error.name : undefined;
  if (name === 'FetchError' || (error instanceof AuthenticationError && error.statusCode >= 500)) {
    return [503, 'authentication unavailable', 'SDK could not fetch signing keys', { 'Retry-After': '2' }];
  }
  if (error instanceof AuthenticationError || name === 'JsonWebTokenError' || name === 'TokenExpiredError') {
    return [
      401,
      'unauthorized',
      `SDK refused the token: ${error instanceof Error ? error.message : ''}`,
      UNAUTHORIZED_HEADERS,
    ];
  }
  return undefined;
}
