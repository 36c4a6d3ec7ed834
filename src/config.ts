import path from 'node:path';
import { z } from 'zod';
import { failWith, succeed, type Result } from './services/result';

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

/** "true" or "false" (any case); anything else is an error rather than a guess. */
const booleanString = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.enum(['true', 'false'], { error: 'must be true or false' }))
  .transform((v) => v === 'true');

/** A comma-separated list; empty items are dropped. */
const commaList = z.string().transform((v) =>
  v
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== ''),
);

/** Origins such as https://smba.trafficmanager.net, compared by origin. */
const urlList = commaList
  .pipe(z.array(z.url({ protocol: /^https?$/, error: 'must be a comma-separated list of http(s) URLs' })))
  .transform((urls) => urls.map((u) => new URL(u).origin))
  .default([]);

/** Host names such as learn.microsoft.com (a host also allows its subdomains). */
const domainList = commaList
  .pipe(
    z.array(
      z
        .string()
        .toLowerCase()
        .regex(/^(?=.{1,253}$)([a-z0-9-]+\.)+[a-z]{2,}$/, 'must be a comma-separated list of domain names'),
    ),
  )
  .default([]);

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
    // The SDK's own names for where the Bot Framework's signing keys are published (tests point them at 127.0.0.1).
    ToBotFromChannelOpenIdMetadataUrl: z.url({ protocol: /^https?$/ }).optional(),
    ToBotFromEmulatorOpenIdMetadataUrl: z.url({ protocol: /^https?$/ }).optional(),
    NODE_ENV: optionalString,
    ALLOW_UNAUTHENTICATED: booleanString.default(false),
    ALLOWED_SERVICE_URLS: urlList,
    MAX_BODY_BYTES: z.coerce.number().int().min(1024).default(262_144),
    OPENAI_API_KEY: optionalString,
    OPENAI_BASE_URL: z.url().optional(),
    OPENAI_MODEL: z.string().min(1).default('gpt-4o-mini'),
    AZURE_OPENAI_ENDPOINT: z.url().optional(),
    AZURE_OPENAI_API_KEY: optionalString,
    AZURE_OPENAI_DEPLOYMENT: optionalString,
    AZURE_OPENAI_API_VERSION: z.string().min(1).default('2024-10-21'),
    GENERATIVE_TIMEOUT_MS: z.coerce.number().int().positive().default(8000),
    GENERATIVE_PER_USER_PER_MINUTE: z.coerce.number().int().min(0).default(20),
    GENERATIVE_ALLOWED_DOMAINS: domainList,
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
    if (env.NODE_ENV === 'production' && !env.MicrosoftAppId && !env.ALLOW_UNAUTHENTICATED) {
      ctx.addIssue({
        code: 'custom',
        path: ['MicrosoftAppId'],
        message:
          'is required in production (NODE_ENV=production): without it anyone can post to /api/messages; ' +
          'set ALLOW_UNAUTHENTICATED=true to run without authentication on purpose',
      });
    }
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
    readonly ToBotFromChannelOpenIdMetadataUrl?: string;
    readonly ToBotFromEmulatorOpenIdMetadataUrl?: string;
  };
  /**
   * Who may post to /api/messages. `token`: a Bot Framework token for MicrosoftAppId. `none`: anyone (local
   * development, the Playground), and replies then go only to these service URLs' origins (loopback always).
   */
  readonly inbound:
    /** No metadata URL: the public cloud's, as the SDK has it. */
    | { readonly kind: 'token'; readonly openIdMetadataUrl: string | undefined }
    | {
        readonly kind: 'none';
        /** True when production runs without authentication because ALLOW_UNAUTHENTICATED said so. */
        readonly explicit: boolean;
        readonly allowedServiceOrigins: readonly string[];
      };
  /** Largest request body accepted, in bytes (larger ones get 413 before they are parsed). */
  readonly maxBodyBytes: number;
  readonly generative: GenerativeConfig;
  readonly generativeTimeoutMs: number;
  /** Generated answers each user may get a minute (the offline answer beyond), and domains links may point to. */
  readonly generativeLimits: { readonly perUserPerMinute: number; readonly allowedDomains: readonly string[] };
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
      ...(e.ToBotFromChannelOpenIdMetadataUrl && {
        ToBotFromChannelOpenIdMetadataUrl: e.ToBotFromChannelOpenIdMetadataUrl,
      }),
      ...(e.ToBotFromEmulatorOpenIdMetadataUrl && {
        ToBotFromEmulatorOpenIdMetadataUrl: e.ToBotFromEmulatorOpenIdMetadataUrl,
      }),
    },
    inbound: e.MicrosoftAppId
      ? {
          kind: 'token',
          openIdMetadataUrl: e.ToBotFromChannelOpenIdMetadataUrl,
        }
      : {
          kind: 'none',
          explicit: e.NODE_ENV === 'production' && e.ALLOW_UNAUTHENTICATED,
          allowedServiceOrigins: e.ALLOWED_SERVICE_URLS,
        },
    maxBodyBytes: e.MAX_BODY_BYTES,
    generative,
    generativeTimeoutMs: e.GENERATIVE_TIMEOUT_MS,
    generativeLimits: {
      perUserPerMinute: e.GENERATIVE_PER_USER_PER_MINUTE,
      allowedDomains: e.GENERATIVE_ALLOWED_DOMAINS,
    },
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

/** A model is configured when Azure OpenAI's three settings, or an OpenAI key, are given (Azure first). */
export function generativeOf(e: z.infer<typeof envSchema>): GenerativeConfig {
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

export function describeIssues(error: z.ZodError): string {
  const lines = error.issues.map((i) => `  ${i.path.join('.') || '(env)'}: ${i.message}`);
  return `Invalid configuration:\n${lines.join('\n')}`;
}
