import type { Queryable } from '../../db/db';
import type { Offer, Organization, ProductBenefit } from '../schemas';
import { offerFromRow, organizationFromRow, productBenefitFromRow } from './rows';

export async function organizationOf(q: Queryable, tenantId: string): Promise<Organization> {
  const rows = await q.query('SELECT mpn_id, name, tenant_id, account_email FROM organization WHERE tenant_id = $1', [
    tenantId,
  ]);
  // directory_users.tenant_id references organization, so a directory member implies the row.
  if (rows[0] === undefined) throw new Error(`no organization for tenant ${tenantId}`);
  return organizationFromRow(rows[0]);
}

export async function listOffers(q: Queryable, tenantId: string): Promise<Offer[]> {
  const rows = await q.query(
    'SELECT id, kind, name, level, cloud, purchase_date FROM offers WHERE tenant_id = $1 ' +
      'ORDER BY kind, purchase_date, id',
    [tenantId],
  );
  return rows.map(offerFromRow);
}

export async function listProductBenefits(q: Queryable, tenantId: string): Promise<ProductBenefit[]> {
  const rows = await q.query(
    `SELECT p.id, p.offer_id, p.category, p.name, p.quantity, p.activation
     FROM product_benefits p JOIN offers o ON o.id = p.offer_id
     WHERE o.tenant_id = $1 ORDER BY p.category DESC, o.kind, p.id`,
    [tenantId],
  );
  return rows.map(productBenefitFromRow);
}
