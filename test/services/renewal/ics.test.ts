import assert from 'node:assert/strict';
import { renewalWindowIcs, type RenewalWindowIcsInput } from '../../../src/services/renewal/ics';

interface Property {
  readonly name: string;
  readonly params: string;
  readonly value: string;
}

/** RFC 5545 content lines: unfold continuation lines, then split NAME;PARAMS:VALUE. */
function parseLines(ics: string): Property[] {
  assert.ok(ics.includes('\r\n'), 'lines end with CRLF');
  return ics
    .replace(/\r\n[ \t]/g, '')
    .split('\r\n')
    .filter((line) => line.length > 0)
    .map((line) => {
      const colon = line.indexOf(':');
      const head = line.slice(0, colon);
      const semi = head.indexOf(';');
      return {
        name: semi < 0 ? head : head.slice(0, semi),
        params: semi < 0 ? '' : head.slice(semi + 1),
        value: line.slice(colon + 1),
      };
    });
}

const unescape = (text: string): string => text.replace(/\\n/gi, '\n').replace(/\\([,;\\])/g, '$1');

/** The properties of the first component named `component` (without nested components' own lines). */
function component(props: Property[], name: string): Map<string, Property> {
  const begin = props.findIndex((p) => p.name === 'BEGIN' && p.value === name);
  assert.ok(begin >= 0, `BEGIN:${name}`);
  const out = new Map<string, Property>();
  let depth = 0;
  for (const p of props.slice(begin + 1)) {
    if (p.name === 'BEGIN') depth += 1;
    else if (p.name === 'END' && depth === 0) break;
    else if (p.name === 'END') depth -= 1;
    else if (depth === 0) out.set(p.name, p);
  }
  return out;
}

const input: RenewalWindowIcsInput = {
  offerName: 'Gold Cloud Platform',
  windowStart: '2021-09-02',
  windowEnd: '2021-10-01',
  language: 'en',
  uid: 'renewal-offer-gold-2021-09-02@partner-benefits-assistant',
  now: new Date('2021-08-01T10:20:30Z'),
};

function render(over: Partial<RenewalWindowIcsInput> = {}): string {
  const result = renewalWindowIcs({ ...input, ...over });
  assert.ok(result.ok, JSON.stringify(result));
  return result.value;
}

describe('renewalWindowIcs', () => {
  it('is a calendar with one all-day event over the window, DTEND exclusive', () => {
    const props = parseLines(render());
    assert.deepEqual(props[0], { name: 'BEGIN', params: '', value: 'VCALENDAR' });
    assert.deepEqual(props.at(-1), { name: 'END', params: '', value: 'VCALENDAR' });
    assert.equal(props.filter((p) => p.name === 'BEGIN' && p.value === 'VEVENT').length, 1);
    const event = component(props, 'VEVENT');
    assert.deepEqual(event.get('DTSTART'), { name: 'DTSTART', params: 'VALUE=DATE', value: '20210902' });
    assert.deepEqual(event.get('DTEND'), { name: 'DTEND', params: 'VALUE=DATE', value: '20211002' });
    assert.equal(event.get('UID')?.value, input.uid);
    assert.equal(event.get('DTSTAMP')?.value, '20210801T102030Z');
    assert.equal(event.get('SUMMARY')?.value, 'Renewal window: Gold Cloud Platform');
    const description = unescape(event.get('DESCRIPTION')?.value ?? '');
    assert.match(description, /from Sep 2, 2021 to Oct 1, 2021/);
    // The window is the grace period: nothing about a second period after it.
    assert.match(description, /30 days are also the grace period/);
    assert.doesNotMatch(description, /more days|after the window/);
  });

  it('ends the window on the next month and year boundaries correctly', () => {
    const event = component(parseLines(render({ windowStart: '2021-12-02', windowEnd: '2021-12-31' })), 'VEVENT');
    assert.equal(event.get('DTEND')?.value, '20220101');
    const leap = component(parseLines(render({ windowStart: '2024-01-31', windowEnd: '2024-02-29' })), 'VEVENT');
    assert.equal(leap.get('DTEND')?.value, '20240301');
  });

  it('has a display alarm one day before the start', () => {
    const alarm = component(parseLines(render()), 'VALARM');
    assert.equal(alarm.get('ACTION')?.value, 'DISPLAY');
    assert.equal(alarm.get('TRIGGER')?.value, '-PT24H');
    assert.match(alarm.get('DESCRIPTION')?.value ?? '', /opens tomorrow/);
  });

  it('writes the texts in French when asked', () => {
    const props = parseLines(render({ language: 'fr', offerName: 'Action Pack; édition « test »' }));
    const event = component(props, 'VEVENT');
    assert.equal(
      unescape(event.get('SUMMARY')?.value ?? ''),
      'Période de renouvellement : Action Pack; édition « test »',
    );
    assert.match(unescape(event.get('DESCRIPTION')?.value ?? ''), /du 2 septembre 2021 au 1er octobre 2021/);
    assert.match(component(props, 'VALARM').get('DESCRIPTION')?.value ?? '', /s’ouvre demain/);
  });

  it('keeps the UID stable and the event identical for the same input', () => {
    assert.equal(render(), render());
    const later = component(parseLines(render({ now: new Date('2021-08-20T00:00:00Z') })), 'VEVENT');
    assert.equal(later.get('UID')?.value, input.uid);
  });

  it('returns a typed error for impossible dates instead of throwing', () => {
    const reversed = renewalWindowIcs({ ...input, windowStart: '2021-10-01', windowEnd: '2021-09-02' });
    assert.equal(reversed.ok ? null : reversed.error.code, 'InvalidDates');
    const malformed = renewalWindowIcs({ ...input, windowStart: '2021-02-30' });
    assert.equal(malformed.ok ? null : malformed.error.code, 'InvalidDates');
  });

  it('returns what the ics library rejects as IcsRejected', () => {
    const result = renewalWindowIcs({ ...input, now: new Date(Number.NaN) });
    assert.equal(result.ok ? null : result.error.code, 'IcsRejected');
  });
});
