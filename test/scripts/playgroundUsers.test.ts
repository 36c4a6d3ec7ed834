import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { z } from 'zod';
import { playgroundConfig, playgroundUserNames } from '../../scripts/playgroundUsers';
import { DEMO_TENANT_ID, DEMO_USERS } from '../../src/services/partner/seed';

const user = z.object({ id: z.string(), name: z.string(), aadObjectId: z.string(), email: z.string() });
const configSchema = z.object({ tenantId: z.string(), currentUser: user, users: z.array(user) });

describe('playground users (npm run playground -- --as NAME)', () => {
  it('signs in as a demo user of the seeded organization, the others staying in the chat roster', () => {
    const yaml = playgroundConfig('Adele');
    assert.ok(yaml);
    const config = configSchema.parse(parse(yaml));
    assert.equal(config.tenantId, DEMO_TENANT_ID);
    assert.equal(config.currentUser.name, 'Adele Vance');
    assert.equal(config.currentUser.aadObjectId, DEMO_USERS.find((u) => u.displayName === 'Adele Vance')?.aadObjectId);
    assert.ok(config.users.some((u) => u.name === 'Alex Wilber'));
    assert.ok(!config.users.some((u) => u.name === 'Adele Vance'));
    assert.equal(
      new Set([config.currentUser, ...config.users].map((u) => u.id)).size,
      6,
      'user ids are unique, as the Playground requires',
    );
  });

  it('keeps Alex, the Playground default, as user-id-0', () => {
    const config = configSchema.parse(parse(playgroundConfig('alex') ?? ''));
    assert.equal(config.currentUser.id, 'user-id-0');
    assert.equal(config.currentUser.aadObjectId, '00000000-0000-0000-0000-0000000000020');
  });

  it('refuses a name it does not know and lists the ones it does', () => {
    assert.equal(playgroundConfig('mallory'), undefined);
    assert.deepEqual(playgroundUserNames, ['alex', 'megan', 'adele', 'isaiah', 'patti', 'lynne']);
  });
});
