import { chartLegend, renewalChart } from './chart';
import { h, table, type Child } from './dom';
import type { TabBenefit, TabData, TabPageStrings, TabSeat } from './model';

const badge = (kind: string, text: string): HTMLElement => h('span', { class: `badge badge-${kind}` }, text);
const code = (value: string | null): Child => (value ? h('code', {}, value) : '—');

function section(id: string, title: string, ...children: Child[]): HTMLElement {
  return h('section', { class: 'card', 'aria-labelledby': id }, h('h2', { id }, title), ...children);
}

function header(data: TabData, s: TabPageStrings, onRefresh: () => void): HTMLElement {
  const refresh = h('button', { type: 'button', class: 'button', id: 'refresh' }, s.refresh);
  refresh.addEventListener('click', onRefresh);
  const roles = data.user.roles.length ? ` · ${data.user.roles.join(', ')}` : '';
  return h(
    'div',
    { class: 'summary' },
    h(
      'div',
      {},
      h(
        'p',
        { class: 'org' },
        data.organization.name,
        h('span', { class: 'muted' }, ` · ${s.mpnId} ${data.organization.mpnId}`),
      ),
      h('p', { class: 'muted', id: 'signed-in' }, `${s.signedInAs} ${data.user.displayName}${roles}`),
    ),
    refresh,
  );
}

function renewals(data: TabData, s: TabPageStrings): HTMLElement {
  if (!data.renewals.length) return section('renewals-title', s.renewalsTitle, h('p', {}, s.noOffers));
  return section(
    'renewals-title',
    s.renewalsTitle,
    h('p', { class: 'muted intro' }, s.renewalsIntro),
    h('figure', { class: 'chart-figure' }, renewalChart(data.renewals, data.today, data.intl, s), chartLegend(s)),
    table(
      s.renewalsTitle,
      [s.offer, s.anniversary, s.window, s.vsEnd, s.status],
      data.renewals.map((r) => [
        r.offerName,
        r.anniversary.label,
        `${r.windowStart.label} → ${r.windowEnd.label}`,
        r.visualStudioEnd.label,
        h('span', {}, badge(r.status, r.statusLabel), ' ', h('span', { class: 'muted' }, r.daysText)),
      ]),
    ),
  );
}

function benefits(data: TabData, s: TabPageStrings): HTMLElement {
  const ids = data.showsSupportIds;
  const headers = [s.benefit, s.offer, s.status, s.entitlement, ...(ids ? [s.accessId, s.contractId] : [])];
  const row = (b: TabBenefit): Child[] => [
    b.name,
    b.offerName,
    badge(b.status, b.statusLabel),
    b.entitlement,
    ...(ids ? [code(b.accessId), code(b.contractId)] : []),
  ];
  return section(
    'benefits-title',
    s.benefitsTitle,
    data.benefits.length ? table(s.benefitsTitle, headers, data.benefits.map(row)) : h('p', {}, s.noBenefits),
    !ids && h('p', { class: 'muted note' }, s.idsAdminsOnly),
  );
}

function seats(data: TabData, s: TabPageStrings): HTMLElement {
  const row = (v: TabSeat): Child[] => [
    v.edition,
    v.offerName,
    v.assignee ?? badge('free', s.free),
    v.assignedOn?.label ?? '—',
    v.reassignableFrom?.label ?? '—',
  ];
  return section(
    'seats-title',
    s.seatsTitle,
    data.seats.length
      ? table(s.seatsTitle, [s.edition, s.offer, s.assignee, s.assignedOn, s.reassignableFrom], data.seats.map(row))
      : h('p', {}, s.noSeats),
  );
}

/** The whole page body for the data, replacing what `content` held. */
export function renderData(content: HTMLElement, data: TabData, s: TabPageStrings, onRefresh: () => void): void {
  const demo =
    data.demoNotice &&
    h('div', { class: 'banner', role: 'note', id: 'demo' }, badge('demo', s.demoBadge), ' ', data.demoNotice);
  content.replaceChildren(
    ...[demo, header(data, s, onRefresh), renewals(data, s), benefits(data, s), seats(data, s)].filter(
      (node): node is HTMLElement => Boolean(node),
    ),
  );
}

/** An error in place of the data, with a button to try again (focused, so a keyboard user lands on it). */
export function renderError(content: HTMLElement, message: string, s: TabPageStrings, onRetry: () => void): void {
  const retry = h('button', { type: 'button', class: 'button', id: 'retry' }, s.retry);
  retry.addEventListener('click', onRetry);
  content.replaceChildren(h('div', { class: 'card error', role: 'alert' }, h('p', {}, message), retry));
  retry.focus();
}
