/**
 * Checks a generated answer before anyone sees it. The model is told to use only the sources, but a question
 * can talk it out of that: what comes back is judged against the sources it was given and the prompt.
 * Pure functions; the verdict says why an answer was refused, never quoting it (logs must not carry it).
 */
import type { KnowledgeEntry, Language } from '../knowledge/schema';
import { canonicalUrl, cleanLinks, type LinkPolicy } from './answerLinks';
import { actionClaims, outsideActions, type PhraseRule } from './answerPhrases';
import { emailPattern } from '../redact';
import { failWith, succeed, type Result } from './result';

export type GuardRejection =
  'too-long' | 'canary' | 'prompt-echo' | 'action-claim' | 'outside-action' | 'unsourced-number';

export interface GuardContext {
  readonly language: Language;
  /** The entries the model was given, in the language it was asked to answer in. */
  readonly sources: readonly KnowledgeEntry[];
  /** The system prompt's instruction lines (its sources excluded: an answer may echo those). */
  readonly instructions: readonly string[];
  /** The random marker in the system prompt; seeing it in a reply means the prompt leaked. */
  readonly canary: string;
  /** Configured domains links may point to besides the sources' hosts. */
  readonly allowedDomains: readonly string[];
}

export type GuardVerdict = Result<
  { readonly text: string; readonly removedLinks: number },
  { readonly reason: GuardRejection; readonly rule: string }
>;

/**
 * Three short sentences in 300 tokens come to about 1,500 characters; a longer reply was not written for this
 * prompt (a proxy, a runaway model) and is not worth scanning.
 */
export const maxAnswerChars = 4000;
/** A run this long of the prompt's own words is a leak, not a coincidence. */
export const echoRunWords = 8;
/** Any this many consecutive characters of the canary's hex count as the canary (a partial leak). */
const canaryWindow = 12;

/**
 * Lower case, no accents, no emphasis marks, no invisible characters, one kind of apostrophe and space:
 * "J’ai **activé**" and "j'ai active" read the same, so spelling tricks do not get past the phrase rules.
 */
export function fold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/\p{Cf}+/gu, '')
    .toLowerCase()
    .replace(/[’‘ʼ`´]/g, "'")
    .replace(/[*_~]+/g, '')
    .replace(/\s+/g, ' ');
}

const words = (text: string): string[] =>
  fold(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== '');

function ngrams(list: readonly string[], n: number): Set<string> {
  const grams = new Set<string>();
  for (let i = 0; i + n <= list.length; i += 1) grams.add(list.slice(i, i + n).join(' '));
  return grams;
}

function containsCanary(text: string, canary: string): boolean {
  const hex = canary.toLowerCase().replace(/[^0-9a-f]/g, '');
  const squeezed = fold(text).replace(/[^a-z0-9]/g, '');
  if (hex.length < canaryWindow) return squeezed.includes(hex);
  for (let i = 0; i + canaryWindow <= hex.length; i += 1) {
    if (squeezed.includes(hex.slice(i, i + canaryWindow))) return true;
  }
  return false;
}

/** True when the reply repeats echoRunWords words in a row from the instructions (not from the sources). */
function echoesPrompt(text: string, instructions: readonly string[], sourceWords: readonly string[]): boolean {
  const fromSources = ngrams(sourceWords, echoRunWords);
  const fromPrompt = [...ngrams(words(instructions.join('\n')), echoRunWords)].filter((g) => !fromSources.has(g));
  if (fromPrompt.length === 0) return false;
  const prompt = new Set(fromPrompt);
  return [...ngrams(words(text), echoRunWords)].some((g) => prompt.has(g));
}

/** How many words after a phrase must match a source as well for the reply to count as quoting it. */
const quoteContextWords = 3;

/**
 * The first rule whose phrase the reply uses where it is not quoting a source: the phrase and the words
 * after it must appear in a given source ("j'ai acheté la mauvaise offre" quoted from an FAQ is fine,
 * "j'ai acheté votre renouvellement" is not).
 */
function firstUnsourcedPhrase(folded: string, rules: readonly PhraseRule[], sources: string): string | undefined {
  for (const { rule, pattern } of rules) {
    for (const match of folded.matchAll(pattern)) {
      const end = match.index + match[0].length;
      const after = new RegExp(`^(?:[^\\p{L}\\p{N}]*[\\p{L}\\p{N}']+){0,${quoteContextWords}}`, 'u').exec(
        folded.slice(end, end + 200),
      );
      if (!sources.includes((match[0] + (after?.[0] ?? '')).trim())) return rule;
    }
  }
  return undefined;
}

// Digits with the separators phone numbers use; bounded so a long run of spaced digits stays linear.
const phonePattern = /(?<![\p{L}\p{N}])\+?\d[\d \u00a0().\-/]{7,24}\d/gu;
const urlPattern = /\b[a-z][a-z0-9+.-]{1,20}:\/\/\S+|\bwww\.\S+|\]\([^)\s]*\)/gi;
const citationPattern = /\[\d+(?:\s*[,;-]\s*\d+)*\]/g;
// Thousands and decimal separators stay inside a number ("1,000", "1 000", "2.5"); a space after a comma does not.
const numberPattern = /\d+(?:[.,\u00a0\u202f]\d+)*/g;

/** Numbers as digit strings, separators and leading zeros dropped, so "1,000", "1 000" and "1000" compare equal. */
function numbersIn(text: string): Set<string> {
  const found = new Set<string>();
  for (const [raw] of text.matchAll(numberPattern)) found.add(raw.replace(/\D/g, '').replace(/^0+(?=\d)/, ''));
  return found;
}

const digitsOf = (s: string): string => s.replace(/\D/g, '');

/** Judges the model's text: rejected for a leak, a claim or an outside action; otherwise cleaned of links. */
export function guardAnswer(text: string, context: GuardContext): GuardVerdict {
  const { language, sources, instructions, canary, allowedDomains } = context;
  const reject = (reason: GuardRejection, rule: string): GuardVerdict => failWith({ reason, rule });
  const sourceRaw = sources
    .map((e) => [e.source, e[language].title, e[language].answer, e[language].details].join('\n'))
    .join('\n');
  const sourceFolded = fold(sourceRaw);

  if (text.length > maxAnswerChars) return reject('too-long', `over ${maxAnswerChars} characters`);
  if (containsCanary(text, canary)) return reject('canary', 'canary');
  if (echoesPrompt(text, instructions, words(sourceRaw))) return reject('prompt-echo', `${echoRunWords} words`);

  // Tags are taken out first so words split by markup ("I <b>have</b> activated") still read as one phrase.
  const folded = fold(text.replace(/<[^<>]*>/g, ''));
  const claim = firstUnsourcedPhrase(folded, actionClaims, sourceFolded);
  if (claim) return reject('action-claim', claim);
  const outside = firstUnsourcedPhrase(folded, outsideActions, sourceFolded);
  if (outside) return reject('outside-action', outside);
  const sourceLower = sourceRaw.toLowerCase();
  for (const [address] of text.matchAll(emailPattern)) {
    if (!sourceLower.includes(address.toLowerCase())) return reject('outside-action', 'e-mail address');
  }
  const withoutUrls = text.replace(urlPattern, ' ').replace(citationPattern, ' ');
  const sourceDigits = digitsOf(sourceRaw.replace(/\s/g, ''));
  for (const [phone] of withoutUrls.matchAll(phonePattern)) {
    const digits = digitsOf(phone);
    if (digits.length >= 9 && !sourceDigits.includes(digits)) return reject('outside-action', 'phone number');
  }

  const policy: LinkPolicy = {
    hosts: [...new Set(sources.flatMap((e) => canonicalHost(e.source) ?? [])), ...allowedDomains],
    urls: new Set(
      [...sourceRaw.matchAll(/https?:\/\/[^\s<>"'`)\]]+/g)].flatMap(
        ([u]) => canonicalUrl(u.replace(/[.,;:]+$/, '')) ?? [],
      ),
    ),
  };
  const cleaned = cleanLinks(text, policy);

  // The prompt forbids new facts; a number no source states is the likeliest one. Years in the sources are fine.
  const known = numbersIn(sourceRaw);
  const shown = numbersIn(cleaned.text.replace(urlPattern, ' ').replace(citationPattern, ' '));
  if ([...shown].some((n) => !known.has(n))) return reject('unsourced-number', 'number');
  return succeed({ text: cleaned.text, removedLinks: cleaned.removed });
}

function canonicalHost(href: string): string | undefined {
  try {
    return new URL(href).hostname;
  } catch {
    return undefined;
  }
}
