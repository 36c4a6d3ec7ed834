import { h, svg } from './dom';
import type { TabDate, TabPageStrings, TabRenewal } from './model';

/*
 * The renewal timeline: one row per offer on a shared time axis, with the anniversary (last day to redeem), the
 * renewal window (= the grace period, shaded), the last day Visual Studio stays usable, and today's date as a line
 * across all rows. Colours come from the theme's CSS variables (tab.css); each mark has a <title> tooltip and the
 * same facts are in the table below the chart.
 */

const DAY_MS = 86_400_000;
const WIDTH = 760;
const LABEL_WIDTH = 210;
const RIGHT_PAD = 16;
const TOP = 24;
const ROW_HEIGHT = 48;
const AXIS_HEIGHT = 26;
/** Days shown before the earliest mark and after the latest, and the shortest span drawn. */
const MARGIN_DAYS = 21;
const MIN_SPAN_DAYS = 120;
const TICK_LABEL_ROOM = 44;

/** An offer name that fits the label column (13px text); the full name is the label's tooltip and in the table. */
const LABEL_CHARS = 28;
const shortName = (name: string): string =>
  name.length <= LABEL_CHARS ? name : `${name.slice(0, LABEL_CHARS - 1).trimEnd()}…`;

const dayOf = (iso: string): number => Date.parse(`${iso.slice(0, 10)}T00:00:00Z`) / DAY_MS;

interface Scale {
  readonly start: number;
  readonly end: number;
  /** The x of the start of a day (day numbers since 1970, UTC). */
  readonly x: (day: number) => number;
}

function scaleFor(renewals: readonly TabRenewal[], today: TabDate): Scale {
  const days = renewals.flatMap((r) => [dayOf(r.anniversary.iso), dayOf(r.windowEnd.iso) + 1]);
  const start = Math.min(dayOf(today.iso), ...days) - MARGIN_DAYS;
  const end = Math.max(start + MIN_SPAN_DAYS, Math.max(dayOf(today.iso) + 1, ...days) + MARGIN_DAYS);
  const left = LABEL_WIDTH;
  const width = WIDTH - LABEL_WIDTH - RIGHT_PAD;
  return { start, end, x: (day) => left + ((day - start) / (end - start)) * width };
}

/** First days of the months inside the axis, with a short month name (and the year in January). */
function monthTicks(scale: Scale, intl: string): { day: number; label: string }[] {
  const month = new Intl.DateTimeFormat(intl, { month: 'short', timeZone: 'UTC' });
  const withYear = new Intl.DateTimeFormat(intl, { month: 'short', year: 'numeric', timeZone: 'UTC' });
  const ticks: { day: number; label: string }[] = [];
  const first = new Date(scale.start * DAY_MS);
  let cursor = Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 1);
  while (cursor / DAY_MS < scale.end) {
    const date = new Date(cursor);
    const format = date.getUTCMonth() === 0 || ticks.length === 0 ? withYear : month;
    ticks.push({ day: cursor / DAY_MS, label: format.format(date) });
    cursor = Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
  }
  return ticks;
}

function offerRow(r: TabRenewal, index: number, scale: Scale, s: TabPageStrings): SVGGElement {
  const y = TOP + index * ROW_HEIGHT + ROW_HEIGHT / 2;
  const anniversary = scale.x(dayOf(r.anniversary.iso) + 0.5);
  const windowStart = scale.x(dayOf(r.windowStart.iso));
  const windowEnd = scale.x(dayOf(r.windowEnd.iso) + 1);
  const vsEnd = scale.x(dayOf(r.visualStudioEnd.iso) + 1);
  const d = 7;
  return svg(
    'g',
    { class: `chart-row status-${r.status}`, 'data-offer': r.offerId },
    svg('text', { class: 'chart-label', x: 0, y: y + 4 }, shortName(r.offerName), svg('title', {}, r.offerName)),
    svg('line', { class: 'chart-track', x1: LABEL_WIDTH, x2: WIDTH - RIGHT_PAD, y1: y, y2: y }),
    svg(
      'rect',
      {
        class: 'chart-window',
        'data-mark': 'window',
        x: windowStart,
        y: y - 9,
        width: windowEnd - windowStart,
        height: 18,
      },
      svg('title', {}, `${s.window}: ${r.windowStart.label} → ${r.windowEnd.label}`),
    ),
    svg(
      'path',
      {
        class: 'chart-anniversary',
        'data-mark': 'anniversary',
        d: `M${anniversary} ${y - d}L${anniversary + d} ${y}L${anniversary} ${y + d}L${anniversary - d} ${y}Z`,
      },
      svg('title', {}, `${s.anniversary}: ${r.anniversary.label}`),
    ),
    svg(
      'path',
      {
        class: 'chart-vs',
        'data-mark': 'vs-end',
        d: `M${vsEnd} ${y - 15}V${y + 15}M${vsEnd} ${y - 15}h-9l4 4-4 4h9`,
      },
      svg('title', {}, `${s.vsEnd}: ${r.visualStudioEnd.label}`),
    ),
  );
}

export function renewalChart(
  renewals: readonly TabRenewal[],
  today: TabDate,
  intl: string,
  s: TabPageStrings,
): SVGSVGElement {
  const scale = scaleFor(renewals, today);
  const rowsBottom = TOP + renewals.length * ROW_HEIGHT;
  const height = rowsBottom + AXIS_HEIGHT;
  const todayX = scale.x(dayOf(today.iso) + 0.5);
  const summary = renewals
    .map(
      (r) =>
        `${r.offerName}: ${s.anniversary} ${r.anniversary.label}; ${s.window} ${r.windowStart.label} → ` +
        `${r.windowEnd.label}; ${s.vsEnd} ${r.visualStudioEnd.label}.`,
    )
    .join(' ');
  return svg(
    'svg',
    {
      class: 'chart',
      viewBox: `0 0 ${WIDTH} ${height}`,
      role: 'img',
      'aria-labelledby': 'chart-title chart-desc',
      preserveAspectRatio: 'xMinYMin meet',
    },
    svg('title', { id: 'chart-title' }, s.chartLabel),
    svg('desc', { id: 'chart-desc' }, `${s.today}: ${today.label}. ${summary}`),
    svg(
      'g',
      { class: 'chart-axis' },
      svg('line', { x1: LABEL_WIDTH, x2: WIDTH - RIGHT_PAD, y1: rowsBottom + 2, y2: rowsBottom + 2 }),
      ...monthTicks(scale, intl).map((tick) =>
        svg(
          'g',
          {},
          svg('line', { x1: scale.x(tick.day), x2: scale.x(tick.day), y1: TOP - 4, y2: rowsBottom + 6 }),
          // A month starting at the right edge has no room for its name.
          scale.x(tick.day) < WIDTH - TICK_LABEL_ROOM &&
            svg('text', { x: scale.x(tick.day) + 3, y: rowsBottom + 20 }, tick.label),
        ),
      ),
    ),
    ...renewals.map((r, i) => offerRow(r, i, scale, s)),
    svg(
      'g',
      { class: 'chart-today', 'data-mark': 'today' },
      svg('line', { x1: todayX, x2: todayX, y1: TOP - 6, y2: rowsBottom + 6 }),
      svg('text', { x: todayX, y: TOP - 10, 'text-anchor': 'middle' }, s.today),
      svg('title', {}, `${s.today}: ${today.label}`),
    ),
  );
}

/** The chart's key, as HTML under it (readable and selectable, unlike SVG text). */
export function chartLegend(s: TabPageStrings): HTMLElement {
  const item = (mark: string, text: string): HTMLElement =>
    h('li', {}, h('span', { class: `legend-swatch legend-${mark}`, 'aria-hidden': 'true' }), text);
  return h(
    'ul',
    { class: 'legend', 'aria-label': s.chartLabel },
    item('anniversary', s.anniversary),
    item('window', s.window),
    item('vs-end', s.vsEnd),
    item('today', s.today),
  );
}
