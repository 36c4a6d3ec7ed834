import { stringify } from 'yaml';
import { DEMO_TENANT_ID, DEMO_USERS } from '../src/services/partner/seed';

/** The Playground's own directory: its first six users are the seeded demo organization's. */
const playgroundUsers = DEMO_USERS.slice(0, 6).map((u, i) => {
  const [givenName = u.displayName, ...rest] = u.displayName.split(' ');
  const alias = u.email.split('@')[0] ?? `user${i}`;
  return {
    id: `user-id-${i}`,
    name: u.displayName,
    userPrincipleName: `${alias}@example.com`,
    aadObjectId: u.aadObjectId,
    givenName,
    surname: rest.join(' '),
    email: `${alias}@example.com`,
  };
});

/** Names `--as` accepts: first names, lower case ("adele", "patti"). */
export const playgroundUserNames = playgroundUsers.map((u) => u.givenName.toLowerCase());

/**
 * A Playground config file (its documented .m365agentsplayground.yml format) whose signed-in user is
 * `name`, so admins and non-admins of the demo organization can be tried: `npm run playground -- --as adele`.
 */
export function playgroundConfig(name: string): string | undefined {
  const current = playgroundUsers.find((u) => u.givenName.toLowerCase() === name.toLowerCase());
  if (!current) return undefined;
  return stringify({
    version: '0.1.1',
    tenantId: DEMO_TENANT_ID,
    bot: { id: '00000000-0000-0000-0000-00000000000011', name: 'Partner Benefits Assistant' },
    currentUser: current,
    users: playgroundUsers.filter((u) => u !== current),
    personalChat: { id: '__PERSONAL_CHAT_ID__' },
    groupChat: { id: '__GROUP_CHAT_ID__', name: 'Group Chat' },
    team: {
      id: 'team-id',
      name: 'My Team',
      aadGroupId: '00000000-0000-0000-0000-000000000031',
      channels: [{ id: 'channel-announcements-id', name: 'Announcements' }],
    },
  });
}
