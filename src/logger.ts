import pino, { type DestinationStream, type Logger } from 'pino';
import type { AppConfig } from './config';
import { redactCredentials } from './redact';

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

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A scrubber of each finished line: the known secret values, then credentials and e-mail addresses
 * (src/redact.ts), so error messages and stacks the code did not write are covered too.
 */
function scrubber(secrets: readonly (string | undefined)[]): (line: string) => string {
  // Short values would match ordinary words; the configuration's secrets are long.
  const known = secrets.filter((s): s is string => typeof s === 'string' && s.length >= 6);
  const literal = known.length > 0 ? new RegExp(known.map(escapeRegExp).join('|'), 'g') : undefined;
  return (line) => redactCredentials(literal ? line.replace(literal, '[redacted]') : line);
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
