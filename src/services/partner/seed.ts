import { z } from 'zod';
import type { Db, Queryable, SqlValue } from '../db/db';
import { addDaysIso, addYearsIso } from './renewal';
import type { ProductBenefit, Role, TechnicalBenefitKind, VsEdition } from './schemas';

/*
 * The demo organization for the embedded service: Contoso, with the Agents Playground's tenant and users
 * (Alex Wilber … Lynne Robbins keep their Playground ids, so the Playground signs in as directory members)
 * and dates relative to `today`, so the demo always shows a renewal window three weeks ahead, seats on
 * both sides of the 90-day reassignment rule, and one benefit already active.
 */

export const DEMO_TENANT_ID = '00000000-0000-0000-0000-0000000000001';
const DEMO_MPN_ID = '4512345';
const SEED_LOCK = 727004;
const aad = (n: number): string => `00000000-0000-0000-0000-00000000000${n}`;
const mail = (local: string): string => `${local}@contoso.onmicrosoft.com`;
/** The company's Partner Center account e-mail (not a person's). */
export const DEMO_ACCOUNT_EMAIL = mail('partnercenter');

interface SeedUser {
  readonly id: string;
  readonly aadObjectId: string;
  readonly displayName: string;
  readonly email: string;
  readonly roles: readonly Role[];
}

export const DEMO_USERS: readonly SeedUser[] = [
  { id: 'user-alexw', aadObjectId: aad(20), displayName: 'Alex Wilber', email: mail('alexw'), roles: ['GlobalAdmin'] },
  {
    id: 'user-meganb',
    aadObjectId: aad(21),
    displayName: 'Megan Bowen',
    email: mail('meganb'),
    roles: ['MpnPartnerAdmin'],
  },
  { id: 'user-adelev', aadObjectId: aad(22), displayName: 'Adele Vance', email: mail('adelev'), roles: [] },
  {
    id: 'user-isaiahl',
    aadObjectId: aad(23),
    displayName: 'Isaiah Langer',
    email: mail('isaiahl'),
    roles: ['AdminAgent'],
  },
  { id: 'user-pattif', aadObjectId: aad(24), displayName: 'Patti Fernandez', email: mail('pattif'), roles: [] },
  { id: 'user-lynner', aadObjectId: aad(25), displayName: 'Lynne Robbins', email: mail('lynner'), roles: [] },
  { id: 'user-helenec', aadObjectId: aad(26), displayName: 'Hélène Côté', email: mail('helene.cote'), roles: [] },
  {
    id: 'user-diegos',
    aadObjectId: aad(27),
    displayName: 'Diego Siciliani',
    email: mail('diegos'),
    roles: ['UserAdmin'],
  },
  { id: 'user-gradya', aadObjectId: aad(28), displayName: 'Grady Archie', email: mail('gradya'), roles: [] },
  { id: 'user-johannal', aadObjectId: aad(29), displayName: 'Johanna Lorenz', email: mail('johannal'), roles: [] },
  { id: 'user-leeg', aadObjectId: aad(30), displayName: 'Lee Gu', email: mail('leeg'), roles: [] },
  { id: 'user-miriamg', aadObjectId: aad(31), displayName: 'Miriam Graham', email: mail('miriamg'), roles: [] },
  { id: 'user-nestorw', aadObjectId: aad(32), displayName: 'Nestor Wilke', email: mail('nestorw'), roles: [] },
  {
    id: 'user-francoisl',
    aadObjectId: aad(33),
    displayName: 'François Lefèvre',
    email: mail('francois.lefevre'),
    roles: [],
  },
];

const ACTION_PACK = 'offer-action-pack';
const COMPETENCY = 'offer-gold-cloud-platform';

type BenefitSeed = readonly [
  id: string,
  offerId: string,
  kind: TechnicalBenefitKind,
  entitlement: 'incidents' | 'unlimited' | 'onRequest',
  count: number | null,
];
const TECHNICAL_BENEFITS: readonly BenefitSeed[] = [
  ['tb-ap-product-support', ACTION_PACK, 'ProductSupport', 'incidents', 10],
  ['tb-ap-presales', ACTION_PACK, 'PresalesDeployment', 'onRequest', null],
  ['tb-gcp-product-support', COMPETENCY, 'ProductSupport', 'incidents', 20],
  ['tb-gcp-signature-cloud', COMPETENCY, 'SignatureCloudSupport', 'unlimited', null],
  ['tb-gcp-advisory-hours', COMPETENCY, 'AdvisoryHours', 'onRequest', null],
  ['tb-gcp-presales', COMPETENCY, 'PresalesDeployment', 'onRequest', null],
];
/** Already active since the competency's first months, with the identifiers support asks for. */
const ACTIVE_BENEFIT = 'tb-gcp-product-support';

/** [id, offer, edition, assignee, days since assignment]; the Action Pack's seats are Professional only. */
type SeatSeed = readonly [
  id: string,
  offerId: string,
  edition: VsEdition,
  assignee: string | null,
  daysAgo: number | null,
];
const SEATS: readonly SeatSeed[] = [
  ['vs-ap-1', ACTION_PACK, 'Professional', 'user-alexw', 30],
  ['vs-ap-2', ACTION_PACK, 'Professional', 'user-meganb', 75],
  ['vs-ap-3', ACTION_PACK, 'Professional', 'user-adelev', 120],
  ['vs-ap-4', ACTION_PACK, 'Professional', 'user-isaiahl', 200],
  ['vs-ap-5', ACTION_PACK, 'Professional', null, null],
  ['vs-gcp-1', COMPETENCY, 'Enterprise', 'user-helenec', 150],
  ['vs-gcp-2', COMPETENCY, 'Enterprise', 'user-diegos', 12],
  ['vs-gcp-3', COMPETENCY, 'Enterprise', null, null],
];

const product = (
  id: string,
  offerId: string,
  category: ProductBenefit['category'],
  name: string,
  quantity: string,
  activation: ProductBenefit['activation'],
): ProductBenefit => ({ id, offerId, category, name, quantity, activation });

const PRODUCT_BENEFITS: readonly ProductBenefit[] = [
  product(
    'pb-ap-windows-server',
    ACTION_PACK,
    'Software',
    'Windows Server 2022 Standard',
    '2 licences (16 cores each)',
    'GetKeys',
  ),
  product('pb-ap-sql-server', ACTION_PACK, 'Software', 'SQL Server 2022 Standard', '1 licence', 'GetKeys'),
  product('pb-ap-windows-enterprise', ACTION_PACK, 'Software', 'Windows 11 Enterprise', '10 licences', 'GetKeys'),
  product('pb-ap-m365-e3', ACTION_PACK, 'Cloud', 'Microsoft 365 E3', '5 licences', 'LicenseBased'),
  product('pb-ap-azure-credit', ACTION_PACK, 'Cloud', 'Azure monthly credit', 'USD 100 per month', 'AssignUser'),
  product('pb-gcp-azure-credit', COMPETENCY, 'Cloud', 'Azure monthly credit', 'USD 350 per month', 'AssignUser'),
  product('pb-gcp-dynamics-sales', COMPETENCY, 'Cloud', 'Dynamics 365 Sales Enterprise', '10 licences', 'LicenseBased'),
  product('pb-gcp-sql-enterprise', COMPETENCY, 'Software', 'SQL Server 2022 Enterprise', '2 licences', 'GetKeys'),
];

async function insert(
  tx: Queryable,
  table: string,
  columns: readonly string[],
  values: readonly SqlValue[],
): Promise<void> {
  const params = columns.map((_, i) => `$${i + 1}`).join(', ');
  await tx.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${params})`, values);
}

async function seedRows(tx: Queryable, today: string): Promise<void> {
  await insert(
    tx,
    'organization',
    ['tenant_id', 'mpn_id', 'name', 'account_email'],
    [DEMO_TENANT_ID, DEMO_MPN_ID, 'Contoso', DEMO_ACCOUNT_EMAIL],
  );
  for (const u of DEMO_USERS) {
    await insert(
      tx,
      'directory_users',
      ['id', 'tenant_id', 'aad_object_id', 'display_name', 'email', 'roles'],
      [u.id, DEMO_TENANT_ID, u.aadObjectId, u.displayName, u.email, `{${u.roles.join(',')}}`],
    );
  }
  // The Action Pack's anniversary is three weeks ahead (its window opens in 22 days); when that day is a
  // Feb 29 the purchase falls on Feb 28 and the anniversary a day earlier.
  const offerColumns = ['id', 'tenant_id', 'kind', 'name', 'level', 'cloud', 'purchase_date'];
  await insert(tx, 'offers', offerColumns, [
    ACTION_PACK,
    DEMO_TENANT_ID,
    'ActionPack',
    'Microsoft Action Pack',
    null,
    null,
    addYearsIso(addDaysIso(today, 21), -1),
  ]);
  await insert(tx, 'offers', offerColumns, [
    COMPETENCY,
    DEMO_TENANT_ID,
    'Competency',
    'Gold Cloud Platform',
    'Gold',
    true,
    addDaysIso(today, -200),
  ]);
  const offerKind = (offerId: string): string => (offerId === ACTION_PACK ? 'ActionPack' : 'Competency');
  for (const [id, offerId, kind, entitlement, count] of TECHNICAL_BENEFITS) {
    await insert(
      tx,
      'technical_benefits',
      ['id', 'offer_id', 'offer_kind', 'kind', 'entitlement', 'incident_count'],
      [id, offerId, offerKind(offerId), kind, entitlement, count],
    );
  }
  const requested = `${addDaysIso(today, -180)}T09:30:00.000Z`;
  await tx.query(
    `UPDATE technical_benefits SET status = 'Active', contact_user_id = 'user-meganb',
       alternate_email = 'megan.bowen@contoso.com', activated_by = 'user-meganb',
       activation_requested_at = $2, expected_active_at = $3, activated_at = $3,
       access_id = 'ACC-4829103756', contract_id = 'CON-73918264'
     WHERE id = $1`,
    [ACTIVE_BENEFIT, requested, `${addDaysIso(today, -177)}T14:00:00.000Z`],
  );
  for (const [id, offerId, edition, assignee, daysAgo] of SEATS) {
    await insert(
      tx,
      'vs_subscriptions',
      ['id', 'offer_id', 'offer_kind', 'edition', 'assignee_user_id', 'assigned_on'],
      [id, offerId, offerKind(offerId), edition, assignee, daysAgo === null ? null : addDaysIso(today, -daysAgo)],
    );
  }
  for (const p of PRODUCT_BENEFITS) {
    await insert(
      tx,
      'product_benefits',
      ['id', 'offer_id', 'category', 'name', 'quantity', 'activation'],
      [p.id, p.offerId, p.category, p.name, p.quantity, p.activation],
    );
  }
}

/**
 * Seeds the demo organization when the organization table is empty, in one transaction; returns whether
 * it did. Safe to call at every start and from two instances at once (an advisory lock orders them).
 */
export async function seedDemoOrganization(db: Db, today: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [SEED_LOCK]);
    const [row] = await tx.query('SELECT count(*)::int AS n FROM organization');
    if (z.object({ n: z.number() }).parse(row).n > 0) return false;
    await seedRows(tx, today);
    return true;
  });
}
