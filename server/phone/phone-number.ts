import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';

export type PhoneError = 'empty' | 'withheld' | 'invalid-characters' | 'too-short' | 'too-long' | 'invalid';
export type NormalisedPhone = { e164: string } | { error: PhoneError };

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
  if (!parsed) return { error: bare.length < 6 ? 'too-short' : 'invalid' };
  if (!parsed.isPossible()) {
    const reason = parsed.nationalNumber.length < 6 ? 'too-short' : 'invalid';
    return { error: bare.length > 15 ? 'too-long' : reason };
  }
  if (!parsed.isValid()) return { error: 'invalid' };
  return { e164: parsed.number };
}

/** The E.164 form or null: for places (caller id lookup) where a bad number simply means "no match". */
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
