import type { Queryable } from '../../db/db';
import { fail, ok, type Result } from '../result';
import type { Actor, DirectoryUser, Role } from '../schemas';
import { globalAdmins, userByAadObjectId } from './directory';

/** The actor as the directory knows it right now. */
export interface ActingUser {
  readonly tenantId: string;
  readonly user: DirectoryUser;
}

/**
 * Looks the actor up by tenant and AAD object id, then checks the roles held in the directory row, never
 * anything the request says. `anyOf` empty: any directory member will do.
 */
export async function authorize(q: Queryable, actor: Actor, anyOf: readonly Role[] = []): Promise<Result<ActingUser>> {
  const user = await userByAadObjectId(q, actor.tenantId, actor.aadObjectId);
  if (user === undefined) return fail({ code: 'NotInDirectory' });
  if (anyOf.length > 0 && !anyOf.some((role) => user.roles.includes(role))) {
    const admins = await globalAdmins(q, actor.tenantId);
    return fail({
      code: 'Forbidden',
      requiredRoles: [...anyOf],
      globalAdmins: admins.map(({ id, displayName, email }) => ({ id, displayName, email })),
    });
  }
  return ok({ tenantId: actor.tenantId, user });
}
