import { activationContract } from './contract/activation';
import type { ContractFixture } from './contract/helpers';
import { readsContract } from './contract/reads';
import { subscriptionsContract } from './contract/subscriptions';

export { CONTRACT_ACTIVATION_DELAY_SECONDS, type ContractFixture, type MutableClock } from './contract/helpers';

/**
 * The behaviour every PartnerService must show over the seeded demo organization, whatever carries the
 * calls (in process, or the remote client over the REST API). `setup` runs once (or before each test
 * when the fixture has no `reset`); the clock is set to noon UTC on `today` before each test.
 */
export function partnerServiceContract(label: string, setup: () => Promise<ContractFixture>): void {
  describe(`PartnerService contract: ${label}`, function () {
    let fixture: ContractFixture | undefined;
    let used = false;
    const current = (): ContractFixture => {
      if (fixture === undefined) throw new Error('the contract fixture is not set up');
      return fixture;
    };

    before(async function () {
      fixture = await setup();
    });

    beforeEach(async function () {
      const f = current();
      if (f.reset !== undefined) {
        await f.reset();
      } else if (used) {
        await f.close?.();
        fixture = await setup();
      }
      used = true;
      current().clock.now = new Date(`${current().today}T12:00:00.000Z`);
    });

    after(async function () {
      await fixture?.close?.();
    });

    readsContract(current);
    activationContract(current);
    subscriptionsContract(current);
  });
}
