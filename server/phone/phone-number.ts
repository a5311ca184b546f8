import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';

export type PhoneError = 'empty' | 'withheld' | 'invalid-characters' | 'too-short' | 'too-long' | 'invalid';
/**
 * `e164` is the normalised form every lookup matches on. `valid` is libphonenumber's opinion, which is only a flag:
 * PBXs and carriers deliver numbers its metadata does not know (test ranges such as 555-01xx, new ranges, short
 * codes, internal numbers), and a caller must still be matched to the customer who gave that number.
 */
export type NormalisedPhone = { e164: string; valid: boolean } | { error: PhoneError };

// What Asterisk and carriers put in CallerID when the number is withheld; never a customer's number.
const WITHHELD = new Set(['anonymous', 'unknown', 'unavailable', 'private', 'restricted', 'withheld', 'asterisk', 'none', 'null']);
const EXTENSION = /\s*(?:x|ext\.?|extension|#|доб\.?)\s*\d{1,6}\s*$/i;

const ND = /\p{Nd}/u;

/** Converts any Unicode decimal digit (Arabic-Indic, Persian, Devanagari...) to ASCII; NFKC already did fullwidth. */
function asciiDigits(s: string): string {
  return s.replace(/\p{Nd}/gu, (d) => {
    const code = d.codePointAt(0)!;
    // Unicode Nd characters come in runs of ten starting at zero; adjacent runs are each aligned to ten.
    let start = code;
    while (start > 0 && ND.test(String.fromCodePoint(start - 1))) start--;
    return String((code - start) % 10);
  });
}

/**
 * E.164 for a number typed by a person or sent by a PBX, read in `region` when it has no country code.
 * Accepts spaces, dashes, dots, slashes, parentheses, a leading + or 00 (international prefix), national trunk
 * prefixes (0 in most of Europe, 8 in Russia), and a trailing extension ("x123", "ext 12") which is dropped.
 */
export function normalisePhone(raw: string | null | undefined, region: string): NormalisedPhone {
  if (raw === null || raw === undefined) return { error: 'empty' };
  let s = asciiDigits(raw.normalize('NFKC')).trim();
  // SIP-style "<unknown>" or quoted display forms.
  s = s.replace(/^[<"']+|[>"']+$/g, '').trim();
  if (s === '') return { error: 'empty' };
  if (WITHHELD.has(s.toLowerCase())) return { error: 'withheld' };
  s = s.replace(/^(?:tel:|sip:)/i, '').replace(/@.*$/, '');
  s = s.replace(EXTENSION, '');
  if (/[^0-9+\s\-.()/\u00a0\u2010-\u2015]/.test(s)) return { error: 'invalid-characters' };
  if ((s.match(/\+/g) ?? []).length > 1 || (s.includes('+') && !s.trimStart().startsWith('+'))) return { error: 'invalid-characters' };
  let digits = s.replace(/[^0-9+]/g, '');
  if (digits.startsWith('00')) digits = `+${digits.slice(2)}`;
  const bare = digits.replace('+', '');
  if (bare.length < 3) return { error: 'too-short' };
  if (bare.length > 17) return { error: 'too-long' };
  const parsed = parsePhoneNumberFromString(digits, region.toUpperCase() as CountryCode);
  if (parsed?.isValid()) return { e164: parsed.number, valid: true };
  // Possible for its country (right length) but not in libphonenumber's ranges: the international form, flagged.
  if (parsed?.isPossible()) return { e164: parsed.number, valid: false };
  if (bare.length > 15) return { error: 'too-long' };
  // Not even the length of a number of the region (short codes, internal numbers, unknown country codes): the
  // digits as dialled, with the + when given, so the same digits from the PBX and from a person still match.
  return { e164: digits.startsWith('+') ? `+${bare}` : bare, valid: false };
}

/** The normalised form or null: for places (caller id lookup) where a withheld or malformed number means "no match". */
export function toE164(raw: string | null | undefined, region: string): string | null {
  const r = normalisePhone(raw, region);
  return 'e164' in r ? r.e164 : null;
}

export const phoneErrorMessages: Record<PhoneError, string> = {
  'empty': 'phone number is empty',
  'withheld': 'the number is withheld (anonymous/unknown)',
  'invalid-characters': 'phone number contains characters that are not digits or separators',
  'too-short': 'phone number is too short',
  'too-long': 'phone number is too long',
  'invalid': 'not a valid phone number for its country',
};
