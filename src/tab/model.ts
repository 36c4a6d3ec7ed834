/*
 * What the "My benefits" tab and the server exchange. Types only and no DOM, so both the browser bundle and the
 * server (src/http/tabRoute.ts, src/i18n) import it.
 */

/** Teams' theme names (app.getContext().app.theme); anything else reads as `default`. */
export type TabTheme = 'default' | 'dark' | 'contrast';

/** A calendar day: ISO (the chart places it) and as the bot writes it (src/i18n/dates.ts). */
export interface TabDate {
  readonly iso: string;
  readonly label: string;
}

export interface TabRenewal {
  readonly offerId: string;
  readonly offerName: string;
  readonly anniversary: TabDate;
  readonly windowStart: TabDate;
  readonly windowEnd: TabDate;
  readonly visualStudioEnd: TabDate;
  readonly status: 'NotYetOpen' | 'Open' | 'Lapsed';
  readonly statusLabel: string;
  /** "opens in 21 days", "3 days left to renew", "closed 2 days ago". */
  readonly daysText: string;
}

export interface TabBenefit {
  readonly id: string;
  readonly name: string;
  readonly offerName: string;
  readonly status: 'NotActivated' | 'Pending' | 'Active';
  readonly statusLabel: string;
  readonly entitlement: string;
  /** Present only when the service gave them (admins, once the benefit is active). */
  readonly accessId: string | null;
  readonly contractId: string | null;
}

export interface TabSeat {
  readonly id: string;
  readonly edition: string;
  readonly offerName: string;
  /** The assignee's display name, or null for a free seat. */
  readonly assignee: string | null;
  readonly assignedOn: TabDate | null;
  readonly reassignableFrom: TabDate | null;
}

/** GET /api/tab/me: everything the page shows, localized, for the signed-in user's organization. */
export interface TabData {
  readonly language: string;
  /** The Intl locale the dates are written in (the page writes its month ticks with it). */
  readonly intl: string;
  readonly today: TabDate;
  readonly user: { readonly displayName: string; readonly roles: readonly string[] };
  /** Set when no one signed in: local use with bot authentication off. Says who the page runs as. */
  readonly demoNotice: string | null;
  readonly organization: { readonly name: string; readonly mpnId: string };
  readonly renewals: readonly TabRenewal[];
  readonly benefits: readonly TabBenefit[];
  /** Whether this user may see Access ID and Contract ID (their columns are left out otherwise). */
  readonly showsSupportIds: boolean;
  readonly seats: readonly TabSeat[];
}

/** Why GET /api/tab/me gave no data (its JSON body `{ error }`); the page says it in the user's language. */
export type TabErrorCode = 'unauthorized' | 'notInDirectory' | 'unavailable' | 'misconfigured' | 'failed';

/** The page's own words, sent with the HTML as plain strings (src/i18n/en.ts and fr.ts fill them). */
export interface TabPageStrings {
  readonly title: string;
  readonly loading: string;
  readonly loaded: string;
  readonly refresh: string;
  readonly retry: string;
  readonly signedInAs: string;
  readonly demoBadge: string;
  readonly mpnId: string;
  readonly renewalsTitle: string;
  readonly renewalsIntro: string;
  readonly chartLabel: string;
  readonly today: string;
  readonly anniversary: string;
  readonly window: string;
  readonly vsEnd: string;
  readonly offer: string;
  readonly status: string;
  readonly benefitsTitle: string;
  readonly benefit: string;
  readonly entitlement: string;
  readonly accessId: string;
  readonly contractId: string;
  readonly idsAdminsOnly: string;
  readonly seatsTitle: string;
  readonly edition: string;
  readonly assignee: string;
  readonly assignedOn: string;
  readonly reassignableFrom: string;
  readonly free: string;
  readonly noOffers: string;
  readonly noBenefits: string;
  readonly noSeats: string;
  /** Outside Teams with sign-in on: the page has no way to sign in, so it says where to open it. */
  readonly openInTeams: string;
  /** Teams could not give the page a sign-in token (SSO not set up, or consent missing). */
  readonly signInFailed: string;
  readonly errors: Readonly<Record<TabErrorCode, string>>;
}

/** The settings the server writes into the page (a JSON data block, read before anything is fetched). */
export interface TabBoot {
  /** The language of the page's URL (?locale=), until the Teams context says otherwise. */
  readonly language: string;
  readonly strings: Readonly<Record<string, TabPageStrings>>;
  /** False with bot authentication off: the page then asks for the demo identity instead of a token. */
  readonly sso: boolean;
}
