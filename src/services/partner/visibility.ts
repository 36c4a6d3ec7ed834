import { requiredRoles, type DirectoryUser, type TechnicalBenefit } from './schemas';

/**
 * Access ID and Contract ID open support requests in the organization's name (004), so only the roles that
 * may activate technical benefits see them; everyone else sees the benefit and its status.
 */
export const seesSupportIds = (user: Pick<DirectoryUser, 'roles'>): boolean =>
  requiredRoles.activateBenefits.some((role) => user.roles.includes(role));

/** The benefits as `user` may see them: without the support identifiers unless they are an admin. */
export function benefitsVisibleTo(
  user: Pick<DirectoryUser, 'roles'>,
  benefits: readonly TechnicalBenefit[],
): TechnicalBenefit[] {
  if (seesSupportIds(user)) return [...benefits];
  return benefits.map((benefit) => ({ ...benefit, accessId: null, contractId: null }));
}
