import type { TabStrings } from '../i18n/en';
import { fallbackLanguage, formatDate, languages, localeOf, perLanguage, taskStrings, type Language } from '../i18n';
import type { PartnerService } from '../services/partner/partnerService';
import { ok, type Result } from '../services/partner/result';
import type {
  Actor,
  DirectoryUser,
  Entitlement,
  OrganizationSnapshot,
  RenewalFacts,
  TechnicalBenefit,
  VsSubscription,
} from '../services/partner/schemas';
import { seesSupportIds } from '../services/partner/visibility';
import type { TabData, TabDate, TabPageStrings } from '../tab/model';

/** The tab's strings per language (typed by the language list, so none can be missing). */
export const tabStrings: Readonly<Record<Language, TabStrings>> = perLanguage((l) => localeOf(l).tab);

/** The page's own strings for every language, as the HTML carries them. */
export const tabPageStrings = (): Record<Language, TabPageStrings> => perLanguage((l) => localeOf(l).tab.page);

/** "fr-FR", "fr-ca", "fr" → fr; anything unknown or missing → the fallback language. */
export function tabLanguage(locale: unknown): Language {
  const tag = typeof locale === 'string' ? locale.trim().toLowerCase() : '';
  return languages.find((l) => tag === l || tag.startsWith(`${l}-`)) ?? fallbackLanguage;
}

/** The partner service's reads the tab needs, for one actor; the first failure stops them. */
interface TabReads {
  readonly snapshot: OrganizationSnapshot;
  readonly renewals: readonly RenewalFacts[];
  readonly benefits: readonly TechnicalBenefit[];
  readonly seats: readonly VsSubscription[];
  readonly users: readonly DirectoryUser[];
}

export async function readTabData(partner: PartnerService, actor: Actor, today: string): Promise<Result<TabReads>> {
  // The snapshot first: it says whether the actor is in the directory at all.
  const snapshot = await partner.snapshot(actor);
  if (!snapshot.ok) return snapshot;
  const [renewals, benefits, seats] = await Promise.all([
    partner.renewals(actor, today),
    partner.listTechnicalBenefits(actor),
    partner.listSubscriptions(actor),
  ]);
  if (!renewals.ok) return renewals;
  if (!benefits.ok) return benefits;
  if (!seats.ok) return seats;
  const assigneeIds = seats.value.flatMap((s) => (s.assigneeUserId ? [s.assigneeUserId] : []));
  const users = assigneeIds.length ? await partner.getUsers(actor, assigneeIds) : ok<DirectoryUser[]>([]);
  if (!users.ok) return users;
  return ok({
    snapshot: snapshot.value,
    renewals: renewals.value,
    benefits: benefits.value,
    seats: seats.value,
    users: users.value,
  });
}

function entitlementText(entitlement: Entitlement, language: Language): string {
  const s = taskStrings[language];
  if (entitlement.kind === 'incidents') return s.incidents(entitlement.count);
  return entitlement.kind === 'unlimited' ? s.unlimited : s.onRequest;
}

/** Days left as the renewal card says them (dialogs/renewalDatesDialog.ts), without the lapsed advice. */
function countdown(r: RenewalFacts, language: Language): string {
  const s = taskStrings[language];
  if (r.daysUntilWindowStart > 0) return s.opensIn(r.daysUntilWindowStart);
  if (r.daysUntilWindowEnd >= 0) return s.closesIn(r.daysUntilWindowEnd);
  return s.closedAgo(-r.daysUntilWindowEnd);
}

/** What the page shows, in `language`; `demo` is set when the page runs as a demo identity. */
export function tabView(reads: TabReads, language: Language, today: string, demo: boolean): TabData {
  const s = taskStrings[language];
  const t = tabStrings[language];
  const day = (iso: string): TabDate => ({ iso, label: formatDate(iso, language) });
  const { organization, me, offers } = reads.snapshot;
  const offerName = (id: string): string => offers.find((o) => o.id === id)?.name ?? id;
  const names = new Map(reads.users.map((u) => [u.id, u.displayName]));
  const roles = me.roles.map((r) => s.roles[r]);
  return {
    language,
    intl: localeOf(language).intl,
    today: day(today),
    user: { displayName: me.displayName, roles },
    demoNotice: demo ? t.demoNotice(me.displayName, roles.length ? roles : [t.noRole]) : null,
    organization: { name: organization.name, mpnId: organization.mpnId },
    renewals: reads.renewals.map((r) => ({
      offerId: r.offerId,
      offerName: r.offerName,
      anniversary: day(r.anniversary),
      windowStart: day(r.windowStart),
      windowEnd: day(r.windowEnd),
      visualStudioEnd: day(r.visualStudioEnd),
      status: r.status,
      statusLabel: s.renewalStatus[r.status],
      daysText: countdown(r, language),
    })),
    benefits: reads.benefits.map((b) => ({
      id: b.id,
      name: s.benefitKinds[b.kind],
      offerName: offerName(b.offerId),
      status: b.status,
      statusLabel: s.benefitStatus[b.status],
      entitlement: entitlementText(b.entitlement, language),
      // The service already removed them for anyone who may not see them (src/services/partner/visibility.ts).
      accessId: b.accessId,
      contractId: b.contractId,
    })),
    showsSupportIds: seesSupportIds(me),
    seats: reads.seats.map((v) => ({
      id: v.id,
      edition: s.editions[v.edition],
      offerName: offerName(v.offerId),
      assignee: v.assigneeUserId ? (names.get(v.assigneeUserId) ?? v.assigneeUserId) : null,
      assignedOn: v.assignedOn ? day(v.assignedOn) : null,
      reassignableFrom: v.reassignableFrom ? day(v.reassignableFrom) : null,
    })),
  };
}
