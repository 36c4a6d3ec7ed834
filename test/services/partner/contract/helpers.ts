import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { ActivationProcessor, PartnerService } from '../../../../src/services/partner/partnerService';
import type { Result, ServiceError } from '../../../../src/services/partner/result';
import type { Actor, AuditEntry } from '../../../../src/services/partner/schemas';
import { DEMO_TENANT_ID } from '../../../../src/services/partner/seed';

/** The clock the service under test reads; the suite moves it, the setup owns it. */
export interface MutableClock {
  now: Date;
}

/** The services the suite runs against, freshly seeded with `seedDemoOrganization(db, today)`. */
export interface ContractFixture {
  readonly service: PartnerService;
  /** Turns due activations Active; without it the tests that need it are skipped. */
  readonly processor?: ActivationProcessor;
  /** The day the demo organization was seeded for. */
  readonly today: string;
  /** Must be what the service's clock returns; the suite sets it to noon UTC on `today` before each test. */
  readonly clock: MutableClock;
  /** Back to the freshly seeded organization; without it, setup runs again before each test. */
  readonly reset?: () => Promise<void>;
  readonly close?: () => Promise<void>;
}

/** The service under test must be built with this ACTIVATION_DELAY_SECONDS. */
export const CONTRACT_ACTIVATION_DELAY_SECONDS = 120;

const actor = (n: number): Actor => ({
  tenantId: DEMO_TENANT_ID,
  aadObjectId: `00000000-0000-0000-0000-00000000000${n}`,
});
/** The seeded directory, as the Agents Playground signs its users in. */
export const ALEX = actor(20); // GlobalAdmin
export const MEGAN = actor(21); // MpnPartnerAdmin
export const ADELE = actor(22); // no role
export const ISAIAH = actor(23); // AdminAgent
export const PATTI = actor(24); // no role, no subscription
export const STRANGER: Actor = { tenantId: DEMO_TENANT_ID, aadObjectId: '00000000-0000-0000-0000-0000000000099' };
export const OTHER_TENANT: Actor = { tenantId: '00000000-0000-0000-0000-0000000000002', aadObjectId: ALEX.aadObjectId };

export const requestId = (): string => `req-${randomUUID()}`;

export function value<T>(result: Result<T>): T {
  if (!result.ok) assert.fail(`expected success, got ${JSON.stringify(result.error)}`);
  return result.value;
}

export function error(result: Result<unknown>): ServiceError {
  if (result.ok) assert.fail(`expected an error, got ${JSON.stringify(result.value)}`);
  return result.error;
}

/** The highest audit id so far: entries after it are the ones a test caused. */
export async function auditMark(service: PartnerService): Promise<number> {
  let last = 0;
  for (;;) {
    const page = value(await service.auditSince(last, 500));
    if (page.length === 0) return last;
    last = page[page.length - 1]?.id ?? last;
  }
}

export async function auditAfter(service: PartnerService, mark: number): Promise<AuditEntry[]> {
  return value(await service.auditSince(mark, 500));
}
