/**
 * The one shape of an expected failure across the services (and config, knowledge loading): a value, or a
 * typed error the caller must look at. Exceptions are for bugs. Each module names its own error union.
 */
export type Result<T, E> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: E };

export const succeed = <T>(value: T): { readonly ok: true; readonly value: T } => ({ ok: true, value });
export const failWith = <E>(error: E): { readonly ok: false; readonly error: E } => ({ ok: false, error });
