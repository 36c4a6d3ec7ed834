import type { Language } from '../src/knowledge/schema';
import type { ServiceError } from '../src/services/partner/result';
import { formatDate, taskStrings } from '../src/i18n';

/** One sentence per expected service failure, in the user's language. */
export function errorText(error: ServiceError, language: Language): string {
  const s = taskStrings[language];
  switch (error.code) {
    case 'NotInDirectory':
      return s.notInDirectory;
    case 'Forbidden':
      return s.forbidden(
        error.requiredRoles.map((r) => s.roles[r]),
        error.globalAdmins.map((a) => `${a.displayName} (${a.email})`),
      );
    case 'NotFound':
      return error.what === 'user' ? s.userGone : s.staleCard;
    case 'Invalid':
      return error.reason === 'sameAsAccountEmail' ? s.emailSameAsAccount : s.emailInvalid;
    case 'AlreadyActivated':
      return s.alreadyActivated;
    case 'ReassignTooSoon':
      return s.tooSoon(formatDate(error.reassignableFrom, language));
    case 'AlreadyAssignedToUser':
      return s.alreadyAssigned(s.thisUser);
    case 'RequestIdReused':
      return s.staleCard;
    case 'Unavailable':
      return s.unavailable;
    case 'Misconfigured':
      return s.misconfigured;
  }
}
