import assert from 'node:assert/strict';
import { openDb, type Db } from '../../../src/services/db/db';
import { migrate } from '../../../src/services/db/migrate';
import { ConversationStore } from '../../../src/services/proactive/conversationStore';
import { silentLogger, tempDir } from '../../support/fixtures';

/** What TurnContext.getConversationReference returns for a Teams personal chat, extra fields included. */
const teamsReference = {
  activityId: 'f:123',
  user: { id: '29:user-1', name: 'Ana Silva', aadObjectId: 'aad-ana' },
  bot: { id: '28:bot', name: 'Partner Benefits' },
  conversation: { id: 'a:conv-1', tenantId: 'tenant-1', conversationType: 'personal', isGroup: false },
  channelId: 'msteams',
  locale: 'fr-FR',
  serviceUrl: 'https://smba.trafficmanager.net/emea/',
};

describe('ConversationStore', () => {
  let db: Db;
  let store: ConversationStore;
  let remove: () => Promise<void>;

  before(async () => {
    const temp = await tempDir();
    remove = temp.remove;
    db = await openDb({ kind: 'pglite', dir: temp.dir });
    await migrate(db, silentLogger);
    store = new ConversationStore(db, silentLogger);
  });

  after(async () => {
    await db.close();
    await remove();
  });

  it('returns nothing for a user it has never seen', async () => {
    assert.equal(await store.get('tenant-1', 'nobody'), undefined);
  });

  it('stores a reference and gives it back with its extra fields', async () => {
    assert.deepEqual(await store.save('tenant-1', 'aad-ana', 'fr-FR', teamsReference), { ok: true, value: undefined });
    const target = await store.get('tenant-1', 'aad-ana');
    assert.deepEqual(target, {
      tenantId: 'tenant-1',
      aadObjectId: 'aad-ana',
      locale: 'fr-FR',
      reference: teamsReference,
    });
  });

  it('keeps only the latest reference per user and tells tenants apart', async () => {
    const moved = { ...teamsReference, conversation: { id: 'a:conv-2' }, locale: 'en-US' };
    await store.save('tenant-1', 'aad-ana', 'en-US', moved);
    await store.save('tenant-2', 'aad-ana', null, teamsReference);
    const latest = await store.get('tenant-1', 'aad-ana');
    assert.equal(latest?.reference.conversation.id, 'a:conv-2');
    assert.equal(latest?.locale, 'en-US');
    assert.equal((await store.get('tenant-2', 'aad-ana'))?.locale, null);
    const rows = await db.query('SELECT count(*)::int AS n FROM conversation_refs WHERE aad_object_id = $1', [
      'aad-ana',
    ]);
    assert.equal(rows[0]?.n, 2);
  });

  it('refuses a reference that could not be used to reply, and stores nothing', async () => {
    const { serviceUrl: _dropped, ...withoutServiceUrl } = teamsReference;
    const result = await store.save('tenant-1', 'aad-bob', 'en-US', withoutServiceUrl);
    assert.equal(result.ok ? null : result.error.code, 'InvalidReference');
    assert.match(result.ok ? '' : result.error.detail, /serviceUrl/);
    assert.equal((await store.save('tenant-1', 'aad-bob', null, { ...teamsReference, bot: {} })).ok, false);
    assert.equal((await store.save('tenant-1', 'aad-bob', null, 'not an object')).ok, false);
    assert.equal(await store.get('tenant-1', 'aad-bob'), undefined);
  });

  it('skips a stored reference that no longer parses instead of throwing', async () => {
    await db.query(
      `INSERT INTO conversation_refs (tenant_id, aad_object_id, locale, reference) VALUES ($1, $2, NULL, $3::jsonb)`,
      ['tenant-1', 'aad-broken', JSON.stringify({ channelId: 'msteams' })],
    );
    assert.equal(await store.get('tenant-1', 'aad-broken'), undefined);
  });

  it('forgets a user', async () => {
    await store.save('tenant-1', 'aad-carl', null, teamsReference);
    assert.equal(await store.remove('tenant-1', 'aad-carl'), true);
    assert.equal(await store.remove('tenant-1', 'aad-carl'), false);
    assert.equal(await store.get('tenant-1', 'aad-carl'), undefined);
  });
});
