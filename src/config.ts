import path from 'node:path';
import { z } from 'zod';
import { failWith, succeed, type Result } from './services/result';

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

/**
 * A TCP port as digits: an empty value is an error (z.coerce would read '' as 0, a random port).
 * 0 stays allowed on purpose: the tests ask the system for a free port.
 */
export const portSchema = z
  .string()
  .trim()
  // abort: an empty value gets this one message, not the number check's as well.
  .min(1, { message: 'is empty; set a port number (0-65535) or leave the variable unset', abort: true })
  .regex(/^\d+$/, 'must be a port number (0-65535)')
  .transform(Number)
  .pipe(z.number().int().max(65535, 'must be a port number (0-65535)'));

/** The whole environment the product reads, parsed once at start-up. */
export const envSchema = z
  .object({
    PORT: portSchema.default(3978),
    HOST: z.string().default('0.0.0.0'),
    DATA_DIR: z
      .string()
      .trim()
      .min(1, 'is empty; set a directory the bot can write to or leave the variable unset')
      .default('./.data'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    MicrosoftAppId: optionalString,
    MicrosoftAppPassword: optionalString,
    MicrosoftAppType: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('MultiTenant'),
    MicrosoftAppTenantId: optionalString,
    OPENAI_API_KEY: optionalString,
    OPENAI_BASE_URL: z.url().optional(),
    OPENAI_MODEL: z.string().min(1).default('gpt-4o-mini'),
    AZURE_OPENAI_ENDPOINT: z.url().optional(),
    AZURE_OPENAI_API_KEY: optionalString,
    AZURE_OPENAI_DEPLOYMENT: optionalString,
    AZURE_OPENAI_API_VERSION: z.string().min(1).default('2024-10-21'),
    GENERATIVE_TIMEOUT_MS: z.coerce.number().int().positive().default(8000),
    DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
    PARTNER_SERVICE: z.enum(['embedded', 'remote']).default('embedded'),
    PARTNER_API_URL: z.url({ protocol: /^https?$/ }).optional(),
    PARTNER_API_TOKEN: optionalString,
    PARTNER_API_TIMEOUT_MS: z.coerce.number().int().positive().default(10000),
    ACTIVATION_DELAY_SECONDS: z.coerce.number().int().min(0).default(120),
    PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
    REMINDER_CHECK_SECONDS: z.coerce.number().int().positive().default(300),
    SEARCH_THREAD: z.enum(['worker', 'main']).default('main'),
    DIALOG_STATE_TTL_HOURS: z.coerce.number().positive().default(24),
    ENTRA_OPENID_METADATA_URL: z
      .url({ protocol: /^https?$/ })
      .default('https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration'),
  })
  .superRefine((env, ctx) => {
    if (env.MicrosoftAppType === 'SingleTenant' && !env.MicrosoftAppTenantId) {
      ctx.addIssue({
        code: 'custom',
        path: ['MicrosoftAppTenantId'],
        message: 'is required when MicrosoftAppType is SingleTenant',
      });
    }
    if (env.MicrosoftAppId && env.MicrosoftAppType !== 'UserAssignedMSI' && !env.MicrosoftAppPassword) {
      ctx.addIssue({
        code: 'custom',
        path: ['MicrosoftAppPassword'],
        message: 'is required when MicrosoftAppId is set',
      });
    }
    if (env.PARTNER_SERVICE === 'remote' && (!env.PARTNER_API_URL || !env.PARTNER_API_TOKEN)) {
      ctx.addIssue({
        code: 'custom',
        path: ['PARTNER_SERVICE'],
        message: 'remote needs PARTNER_API_URL and PARTNER_API_TOKEN',
      });
    }
    if (env.AZURE_OPENAI_ENDPOINT && (!env.AZURE_OPENAI_API_KEY || !env.AZURE_OPENAI_DEPLOYMENT)) {
      ctx.addIssue({
        code: 'custom',
        path: ['AZURE_OPENAI_ENDPOINT'],
        message: 'needs AZURE_OPENAI_API_KEY and AZURE_OPENAI_DEPLOYMENT as well',
      });
    }
  });

export type GenerativeConfig =
  | { readonly kind: 'none' }
  | { readonly kind: 'openai'; readonly apiKey: string; readonly baseURL: string | undefined; readonly model: string }
  | {
      readonly kind: 'azure';
      readonly endpoint: string;
      readonly apiKey: string;
      readonly deployment: string;
      readonly apiVersion: string;
    };

/** Where the bot's own tables live (partner data when embedded, conversation references, reminders). */
export type DatabaseConfig =
  { readonly kind: 'pglite'; readonly dir: string } | { readonly kind: 'postgres'; readonly url: string };

export type PartnerConfig =
  | { readonly kind: 'embedded'; readonly activationDelaySeconds: number }
  | { readonly kind: 'remote'; readonly baseUrl: string; readonly token: string; readonly timeoutMs: number };

export interface AppConfig {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  readonly logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  /** Bot Framework auth settings, in the names ConfigurationBotFrameworkAuthentication reads. */
  readonly botAuth: {
    readonly MicrosoftAppId: string | undefined;
    readonly MicrosoftAppPassword: string | undefined;
    readonly MicrosoftAppType: string;
    readonly MicrosoftAppTenantId: string | undefined;
  };
  readonly generative: GenerativeConfig;
  readonly generativeTimeoutMs: number;
  readonly database: DatabaseConfig;
  readonly partner: PartnerConfig;
  readonly reminderCheckSeconds: number;
  /** Where the FAQ search runs: its own worker thread (default) or the event loop. */
  readonly searchThread: 'worker' | 'main';
  /** Base of links the bot puts on cards (calendar files): its public address, e.g. the dev tunnel. */
  readonly publicUrl: string;
  /** An open task not touched for this long has expired (its state reads as absent and is deleted). */
  readonly dialogStateTtlHours: number;
  /**
   * The "My benefits" tab's SSO check: Entra ID's OpenID metadata (it names the signing keys) and the token
   * audience, api://<public host>/<MicrosoftAppId>; no audience with bot authentication off (demo identity).
   */
  readonly tab: { readonly openIdMetadataUrl: string; readonly audience: string | undefined };
}

/** Parses the environment; a bad value yields one readable message naming each variable at fault. */
export function parseConfig(env: NodeJS.ProcessEnv): Result<AppConfig, string> {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) return failWith(describeIssues(parsed.error));
  const e = parsed.data;
  const generative = generativeOf(e);
  return succeed({
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.DATA_DIR),
    logLevel: e.LOG_LEVEL,
    botAuth: {
      MicrosoftAppId: e.MicrosoftAppId,
      MicrosoftAppPassword: e.MicrosoftAppPassword,
      MicrosoftAppType: e.MicrosoftAppType,
      MicrosoftAppTenantId: e.MicrosoftAppTenantId,
    },
    generative,
    generativeTimeoutMs: e.GENERATIVE_TIMEOUT_MS,
    database: e.DATABASE_URL
      ? { kind: 'postgres', url: e.DATABASE_URL }
      : { kind: 'pglite', dir: path.resolve(e.DATA_DIR, 'db') },
    partner:
      e.PARTNER_SERVICE === 'remote' && e.PARTNER_API_URL && e.PARTNER_API_TOKEN
        ? {
            kind: 'remote',
            baseUrl: e.PARTNER_API_URL,
            token: e.PARTNER_API_TOKEN,
            timeoutMs: e.PARTNER_API_TIMEOUT_MS,
          }
        : { kind: 'embedded', activationDelaySeconds: e.ACTIVATION_DELAY_SECONDS },
    reminderCheckSeconds: e.REMINDER_CHECK_SECONDS,
    searchThread: e.SEARCH_THREAD,
    publicUrl: e.PUBLIC_URL ?? `http://localhost:${e.PORT}`,
    dialogStateTtlHours: e.DIALOG_STATE_TTL_HOURS,
    tab: {
      openIdMetadataUrl: e.ENTRA_OPENID_METADATA_URL,
      // The manifest's webApplicationInfo resource: the host of PUBLIC_URL (with its port), then the app id.
      audience: e.MicrosoftAppId
        ? `api://${new URL(e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).host}/${e.MicrosoftAppId}`
        : undefined,
    },
  });
}

/** The settings of `npm run partner-api` (scripts/partner-api.ts), read here so every variable has one schema. */
export const partnerApiEnvSchema = z.object({
  PORT_PARTNER_API: portSchema.default(3979),
  PARTNER_API_TOKEN: z.string().trim().min(1).default('dev-token'),
  DATA_DIR: envSchema.shape.DATA_DIR,
  ACTIVATION_DELAY_SECONDS: envSchema.shape.ACTIVATION_DELAY_SECONDS,
  LOG_LEVEL: envSchema.shape.LOG_LEVEL,
});

export interface PartnerApiConfig {
  readonly port: number;
  readonly token: string;
  readonly dataDir: string;
  readonly activationDelaySeconds: number;
  readonly logLevel: AppConfig['logLevel'];
}

export function parsePartnerApiConfig(env: NodeJS.ProcessEnv): Result<PartnerApiConfig, string> {
  const parsed = partnerApiEnvSchema.safeParse(env);
  if (!parsed.success) return failWith(describeIssues(parsed.error));
  const e = parsed.data;
  return succeed({
    port: e.PORT_PARTNER_API,
    token: e.PARTNER_API_TOKEN,
    dataDir: path.resolve(e.DATA_DIR),
    activationDelaySeconds: e.ACTIVATION_DELAY_SECONDS,
    logLevel: e.LOG_LEVEL,
  });
}

/** A model is configured when Azure OpenAI's three settings, or an OpenAI key, are given (Azure first). */
function generativeOf(e: z.infer<typeof envSchema>): GenerativeConfig {
  return e.AZURE_OPENAI_ENDPOINT && e.AZURE_OPENAI_API_KEY && e.AZURE_OPENAI_DEPLOYMENT
    ? {
        kind: 'azure',
        endpoint: e.AZURE_OPENAI_ENDPOINT,
        apiKey: e.AZURE_OPENAI_API_KEY,
        deployment: e.AZURE_OPENAI_DEPLOYMENT,
        apiVersion: e.AZURE_OPENAI_API_VERSION,
      }
    : e.OPENAI_API_KEY
      ? { kind: 'openai', apiKey: e.OPENAI_API_KEY, baseURL: e.OPENAI_BASE_URL, model: e.OPENAI_MODEL }
      : { kind: 'none' };
}

const required = (what: string) => (issue: { readonly input: unknown }) =>
  issue.input === undefined || issue.input === '' ? `is required: ${what}` : `must be ${what}`;

/** The settings of `npm run package` (scripts/package.ts): who the app is, and where the bot answers. */
export const packageEnvSchema = z.object({
  TEAMS_APP_ID: z.guid({ error: required("the Teams app's id, a GUID of your choosing that stays the same") }),
  MicrosoftAppId: z.guid({ error: required("the Azure Bot's Microsoft App ID (a GUID)") }),
  PUBLIC_URL: z.url({
    protocol: /^https$/,
    error: required("the bot's public https address (e.g. https://bot.contoso.com)"),
  }),
  TEAMS_DEVELOPER_NAME: z.string().trim().min(1).default('Partner Benefits Assistant'),
});

export interface PackageConfig {
  readonly teamsAppId: string;
  readonly botId: string;
  /** Without a trailing slash. */
  readonly publicUrl: string;
  readonly developerName: string;
  /** True when answers may be generated by a model (the descriptions then say so). */
  readonly generative: boolean;
}

export function parsePackageConfig(env: NodeJS.ProcessEnv): Result<PackageConfig, string> {
  const parsed = packageEnvSchema.safeParse(env);
  if (!parsed.success) return failWith(describeIssues(parsed.error));
  const app = envSchema.safeParse(env);
  if (!app.success) return failWith(describeIssues(app.error));
  const e = parsed.data;
  return succeed({
    teamsAppId: e.TEAMS_APP_ID,
    botId: e.MicrosoftAppId,
    publicUrl: e.PUBLIC_URL.replace(/\/+$/, ''),
    developerName: e.TEAMS_DEVELOPER_NAME,
    generative: generativeOf(app.data).kind !== 'none',
  });
}

function describeIssues(error: z.ZodError): string {
  const lines = error.issues.map((i) => `  ${i.path.join('.') || '(env)'}: ${i.message}`);
  return `Invalid configuration:\n${lines.join('\n')}`;
}
