import assert from 'node:assert/strict';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type Activity, type TurnContext } from 'botbuilder';
import {
  AuthenticationConstants,
  BotFrameworkAuthentication,
  ClaimsIdentity,
  type AuthenticateRequestResult,
  type ConnectorClient,
  type ConnectorFactory,
  type UserTokenClient,
} from 'botframework-connector';
import { ReusingBotFrameworkAuthentication } from '../../src/bot/reusingAuth';
import { startFakeConnector, type FakeConnector } from '../support/fakeConnector';
import { messageActivity, teamsUser } from '../support/teamsClient';

const claims = (appId: string): ClaimsIdentity => new ClaimsIdentity([{ type: AuthenticationConstants.AudienceClaim, value: appId }], true);

/** A real configuration whose first connector client creation fails, as a transient credentials error would. */
class FailingOnceAuthentication extends BotFrameworkAuthentication {
  creations = 0;
  constructor(private readonly real: BotFrameworkAuthentication) {
    super();
  }
  authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    return this.real.authenticateRequest(activity, authHeader);
  }
  authenticateStreamingRequest(authHeader: string, channelIdHeader: string): Promise<AuthenticateRequestResult> {
    return this.real.authenticateStreamingRequest(authHeader, channelIdHeader);
  }
  createConnectorFactory(identity: ClaimsIdentity): ConnectorFactory {
    const factory = this.real.createConnectorFactory(identity);
    return {
      create: async (serviceUrl: string, audience?: string): Promise<ConnectorClient> => {
        this.creations += 1;
        if (this.creations === 1) throw new Error('token endpoint unreachable');
        return factory.create(serviceUrl, audience);
      },
    };
  }
  createUserTokenClient(identity: ClaimsIdentity): Promise<UserTokenClient> {
    return this.real.createUserTokenClient(identity);
  }
}

describe('reusing Bot Framework authentication', () => {
  const configured = new ConfigurationBotFrameworkAuthentication({ MicrosoftAppId: 'bot-app', MicrosoftAppPassword: 'secret', MicrosoftAppType: 'MultiTenant' });

  it('hands out one connector client per app id, service URL and audience', async () => {
    const auth = new ReusingBotFrameworkAuthentication(configured);
    const create = (appId: string, url: string, audience?: string): Promise<ConnectorClient> => auth.createConnectorFactory(claims(appId)).create(url, audience);
    const first = await create('bot-app', 'https://smba.trafficmanager.net/emea/');
    assert.equal(await create('bot-app', 'https://smba.trafficmanager.net/emea/'), first);
    const others = [await create('bot-app', 'https://smba.trafficmanager.net/amer/'), await create('bot-app', 'https://smba.trafficmanager.net/emea/', 'api://other-bot')];
    for (const other of others) assert.notEqual(other, first);
    assert.equal((first.credentials as { appId?: string }).appId, 'bot-app');
  });

  it('still refuses a client for another app id, every time', async () => {
    const auth = new ReusingBotFrameworkAuthentication(configured);
    for (let i = 0; i < 2; i += 1) {
      await assert.rejects(auth.createConnectorFactory(claims('not-this-bot')).create('https://smba.trafficmanager.net/emea/'), /Invalid appId/);
    }
  });

  it('forgets a failed creation so the next turn tries again', async () => {
    const inner = new FailingOnceAuthentication(configured);
    const auth = new ReusingBotFrameworkAuthentication(inner);
    const factory = auth.createConnectorFactory(claims('bot-app'));
    await assert.rejects(factory.create('https://smba.trafficmanager.net/emea/'), /unreachable/);
    const client = await factory.create('https://smba.trafficmanager.net/emea/');
    assert.equal(await factory.create('https://smba.trafficmanager.net/emea/'), client);
    assert.equal(inner.creations, 2);
  });

  it('reuses the user token client of an app id', async () => {
    const auth = new ReusingBotFrameworkAuthentication(configured);
    const client = await auth.createUserTokenClient(claims('bot-app'));
    assert.equal(await auth.createUserTokenClient(claims('bot-app')), client);
  });

  describe('under CloudAdapter', () => {
    let connector: FakeConnector;
    before(async () => {
      connector = await startFakeConnector();
    });
    after(() => connector.close());

    it('sends every turn of every conversation through one connector client', async () => {
      const adapter = new CloudAdapter(new ReusingBotFrameworkAuthentication(new ConfigurationBotFrameworkAuthentication({})));
      const seen: unknown[] = [];
      const logic = async (context: TurnContext): Promise<void> => {
        seen.push(context.turnState.get(adapter.ConnectorClientKey));
        await context.sendActivity(`echo: ${context.activity.text ?? ''}`);
      };
      const users = [teamsUser('Ada', 'en-US'), teamsUser('Zoé', 'fr-FR')];
      for (const user of [...users, ...users]) {
        await adapter.processActivityDirect('', messageActivity(user, connector.serviceUrl, 'hello') as unknown as Activity, logic);
        const [reply] = await connector.next(user.conversationId, 1);
        assert.equal(reply?.activity.text, 'echo: hello');
      }
      assert.equal(seen.length, 4);
      assert.equal(new Set(seen).size, 1);
    });
  });
});
