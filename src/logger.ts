import pino, { type DestinationStream, type Logger } from 'pino';
import type { AppConfig } from './config';

export type { Logger };

export interface LoggerOptions {
  /** Values that must never be written (the configured password and keys), whatever field they end up in. */
  readonly secrets?: readonly (string | undefined)[];
  /** Where lines go (standard output by default; tests read them). */
  readonly destination?: DestinationStream;
}

/** Fields that hold credentials, at the top level or one object down (pino's redaction is by path). */
const secretPaths = ['authorization', 'apiKey', 'password', 'token', 'accessToken', 'MicrosoftAppPassword'].flatMap(
  (key) => [key, `*.${key}`, `headers.${key}`, `*.headers.${key}`],
);

/**
 * What must not be written even inside a message or an error: e-mail addresses, bearer credentials, JWTs and
 * API keys. Applied to each finished line, so it also covers error messages and stacks the code did not write.
 */
const secretPatterns: readonly [RegExp, string][] = [
  [/[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g, '[email]'],
  [/\bBearer\s+[\w~+/.=-]+/gi, 'Bearer [token]'],
  [/\beyJ[\w-]{8,}\.[\w-]{8,}\.[\w-]*/g, '[token]'],
  [/\bsk-[\w-]{16,}/g, '[token]'],
];

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A line scrubber for the known secret values and the patterns above. */
function scrubber(secrets: readonly (string | undefined)[]): (line: string) => string {
  // Short values would match ordinary words; the configuration's secrets are long.
  const known = secrets.filter((s): s is string => typeof s === 'string' && s.length >= 6);
  const literal = known.length > 0 ? new RegExp(known.map(escapeRegExp).join('|'), 'g') : undefined;
  return (line) => {
    let out = literal ? line.replace(literal, '[redacted]') : line;
    for (const [pattern, replacement] of secretPatterns) out = out.replace(pattern, replacement);
    return out;
  };
}

export function createLogger(level: string, { secrets = [], destination }: LoggerOptions = {}): Logger {
  const scrub = scrubber(secrets);
  return pino(
    {
      level,
      base: { app: 'partner-benefits-assistant' },
      redact: { paths: secretPaths, censor: '[redacted]' },
      hooks: { streamWrite: scrub },
    },
    destination ?? pino.destination(1),
  );
}

/** The configuration's secrets, for createLogger. */
export function configSecrets(config: AppConfig): string[] {
  const generative = config.generative.kind === 'none' ? undefined : config.generative.apiKey;
  const partner = config.partner.kind === 'remote' ? config.partner.token : undefined;
  const database = config.database.kind === 'postgres' ? new URL(config.database.url).password : undefined;
  return [config.botAuth.MicrosoftAppPassword, generative, partner, database].filter(
    (s): s is string => typeof s === 'string' && s !== '',
  );
}
