import type { Logger } from 'pino';
import type restify from 'restify';
import type { PartnerService } from '../services/partner/partnerService';
import type { CalendarLinks } from '../services/renewal/calendarLinks';
import { renewalWindowIcs } from '../services/renewal/ics';

export interface CalendarRouteDeps {
  readonly partner: PartnerService;
  readonly calendar: CalendarLinks;
  readonly clock: () => Date;
  readonly logger: Logger;
}

/**
 * GET /calendar/:token.ics — the renewal window of one offer as an all-day event. The token only says
 * who asked for which offer; the dates are read again, as that user, on every download.
 */
export function registerCalendarRoute(
  server: restify.Server,
  { partner, calendar, clock, logger }: CalendarRouteDeps,
): void {
  server.get('/calendar/:file', async (req, res) => {
    // restify types params as any: read the one field as unknown.
    const params = (req.params ?? {}) as Readonly<Record<string, unknown>>;
    const token = (typeof params.file === 'string' ? params.file : '').replace(/\.ics$/, '');
    const link = /^[\w-]{16,64}$/.test(token) ? await calendar.resolve(token) : undefined;
    if (!link) {
      res.send(404, { error: 'unknown calendar link' });
      return;
    }
    const renewals = await partner.renewals({ tenantId: link.tenantId, aadObjectId: link.aadObjectId });
    const facts = renewals.ok ? renewals.value.find((r) => r.offerId === link.offerId) : undefined;
    if (!facts) {
      // The partner API down or refusing our token is the server's problem (503, retry later), not a bad link.
      const serverSide =
        !renewals.ok && (renewals.error.code === 'Unavailable' || renewals.error.code === 'Misconfigured');
      res.send(serverSide ? 503 : 404, { error: 'no renewal window for this link' });
      return;
    }
    const ics = renewalWindowIcs({
      offerName: facts.offerName,
      windowStart: facts.windowStart,
      windowEnd: facts.windowEnd,
      language: link.language,
      uid: `renewal-${facts.offerId}-${facts.windowStart}@partner-benefits-assistant`,
      now: clock(),
    });
    if (!ics.ok) {
      logger.error({ error: ics.error }, 'calendar file not built');
      res.send(500, { error: 'calendar file not built' });
      return;
    }
    const body = Buffer.from(ics.value, 'utf8');
    res.writeHead(200, {
      'Content-Type': 'text/calendar; charset=utf-8',
      'Content-Disposition': `attachment; filename="renewal-${facts.offerId}.ics"`,
      'Content-Length': body.length,
    });
    res.end(body);
  });
}
