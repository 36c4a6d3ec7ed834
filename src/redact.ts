/**
 * Masks personal data and secrets in free text: what the model is sent, and (through pino) what is logged.
 * Linear-time regular expressions only, so a long or hostile input costs no more than a scan.
 */

// Order matters: a JWT or a Bearer token would otherwise be half-eaten by the e-mail or id rules.
const jwt = /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g;
const bearer = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/-]{8,}=*/gi;
// OpenAI-style keys (sk-…, sk-proj-…); the lookbehind keeps words such as "desk-top" whole.
const apiKey = /(?<![A-Za-z0-9])sk-[A-Za-z0-9_-]{8,}/g;
// The lookbehind starts a match only where a run of address characters starts: linear, not quadratic.
/** An e-mail address (also what the answer guard refuses in a generated reply). */
export const emailPattern = /(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu;
const guid = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi;
// Teams and Bot Framework ids: 29:1…, 28:…, a:1…, 8:orgid:… (a GUID inside is already [id]).
const channelId = /\b(?:\d{1,2}|[a-z]):(?:orgid:)?(?:[A-Za-z0-9_-]{12,}|\[id\])/g;
// Long digit runs: phone, card, account and tenant numbers; real counts and years are shorter.
const longNumber = /(?<![\p{L}\p{N}])\d{10,}(?![\p{L}\p{N}])/gu;
const hexRun = /(?<![A-Za-z0-9])[0-9a-f]{32,}(?![A-Za-z0-9])/gi;
// Base64-like runs: tokens mix cases and digits, unlike words and URL paths.
const base64Run = /(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/_-]{24,}={0,2}/g;

const looksLikeToken = (run: string): boolean => /\d/.test(run) && /[a-z]/.test(run) && /[A-Z]/.test(run);

/** The text with credentials (JWTs, Bearer/Basic values, sk- keys) as [token] and e-mail addresses as [email]. */
export function redactCredentials(text: string): string {
  return text
    .replace(jwt, '[token]')
    .replace(bearer, (_m, scheme: string) => `${scheme} [token]`)
    .replace(apiKey, '[token]')
    .replace(emailPattern, '[email]');
}

/**
 * What the model is sent: credentials and e-mail addresses as above, and GUIDs and long ids as [id], long hex and
 * base64 runs as [token]. (Logs keep ids: they are how a turn is traced.)
 */
export function redactText(text: string): string {
  return redactCredentials(text)
    .replace(guid, '[id]')
    .replace(channelId, '[id]')
    .replace(hexRun, '[token]')
    .replace(longNumber, '[id]')
    .replace(base64Run, (run) => (looksLikeToken(run) ? '[token]' : run));
}
