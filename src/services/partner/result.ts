import { z } from 'zod';
import { directoryUserSchema, isoDate, roleSchema } from './schemas';
import { failWith, succeed, type Result as GenericResult } from '../result';

/**
 * Expected failures of the partner service, as data: the bot turns each into a sentence, the REST API
 * into a status code and this same JSON body, and the remote client parses it back.
 */
export const serviceErrorSchema = z.discriminatedUnion('code', [
  /** The acting identity is not in the organization's directory: it gets nothing privileged. */
  z.strictObject({ code: z.literal('NotInDirectory') }),
  /** The actor lacks a role; names the roles that would do and who holds Global admin. */
  z.strictObject({
    code: z.literal('Forbidden'),
    requiredRoles: z.array(roleSchema).min(1),
    globalAdmins: z.array(directoryUserSchema.pick({ id: true, displayName: true, email: true })),
  }),
  z.strictObject({
    code: z.literal('NotFound'),
    what: z.enum(['benefit', 'subscription', 'user', 'offer']),
    id: z.string(),
  }),
  /** A field failed validation; `reason` is a stable key the bot localizes. */
  z.strictObject({
    code: z.literal('Invalid'),
    field: z.string(),
    reason: z.enum(['email', 'sameAsAccountEmail', 'required', 'malformed']),
  }),
  /** The benefit was already activated (Pending or Active) by an earlier request. */
  z.strictObject({ code: z.literal('AlreadyActivated'), status: z.enum(['Pending', 'Active']) }),
  /** A seat can change hands only 90 days after its assignment. */
  z.strictObject({ code: z.literal('ReassignTooSoon'), reassignableFrom: isoDate }),
  /** The seat is already this user's. */
  z.strictObject({ code: z.literal('AlreadyAssignedToUser') }),
  /** The same idempotency key was used for a different request. */
  z.strictObject({ code: z.literal('RequestIdReused') }),
  /** The remote API could not be reached or answered garbage (remote implementation only). */
  z.strictObject({ code: z.literal('Unavailable'), detail: z.string() }),
  /** The remote API refused the bot's own credentials (401/403): an admin must fix the setup; retrying cannot help. */
  z.strictObject({ code: z.literal('Misconfigured'), reason: z.enum(['tokenRefused']), detail: z.string() }),
]);
export type ServiceError = z.infer<typeof serviceErrorSchema>;
export type ServiceErrorCode = ServiceError['code'];

/** The partner service's results: the project's one Result shape with its own error union. */
export type Result<T> = GenericResult<T, ServiceError>;

export const ok = <T>(value: T): Result<T> => succeed(value);
export const fail = <T = never>(error: ServiceError): Result<T> => failWith(error);

/** A request that failed its zod schema, as `Invalid`: the first issue's field, empty = required. */
export function invalidInput<T = never>(error: z.ZodError, input: unknown, field?: string): Result<T> {
  const path = error.issues[0]?.path ?? [];
  const value = path.reduce<unknown>(
    (v, key) => (typeof v === 'object' && v !== null ? Reflect.get(v, key) : undefined),
    input,
  );
  return fail({
    code: 'Invalid',
    field: field ?? (path.map(String).join('.') || 'request'),
    reason: value === undefined || value === '' ? 'required' : 'malformed',
  });
}
