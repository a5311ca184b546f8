import { parsePhoneNumberFromString, type NumberType } from 'libphonenumber-js/max';
import { AppError } from '../http/app-error';

// Which kinds of number an agent may dial (issue #19 point 11: +1 900 premium-rate numbers were dialled like any
// other). libphonenumber's full metadata knows the type of each number range; the refused types come from
// config (DIAL_BLOCKED_NUMBER_TYPES, default PREMIUM_RATE). A number whose type is unknown is allowed: carriers'
// ranges change faster than the metadata, and the PBX's dial plan is the last word.

export const NUMBER_TYPES = ['PREMIUM_RATE', 'SHARED_COST', 'TOLL_FREE', 'VOIP', 'PERSONAL_NUMBER', 'PAGER', 'UAN', 'VOICEMAIL', 'MOBILE', 'FIXED_LINE', 'FIXED_LINE_OR_MOBILE'] as const;

export class NumberTypeRefusedError extends AppError {
  constructor(e164: string, type: string) {
    super('number-type-refused', 422, `${e164} is a ${type.toLowerCase().replace(/_/g, '-')} number, which this call center does not dial`, { type });
  }
}

export function numberType(e164: string): NumberType | undefined {
  return parsePhoneNumberFromString(e164)?.getType();
}

// The number's type when it is one of `blocked` (a type libphonenumber does not know is never blocked).
function blockedType(e164: string, blocked: readonly string[]): NumberType | undefined {
  if (blocked.length === 0) return undefined;
  const type = numberType(e164);
  return type && blocked.includes(type) ? type : undefined;
}

/** False when the number's type is one of `blocked`. */
export function isDialable(e164: string, blocked: readonly string[]): boolean {
  return blockedType(e164, blocked) === undefined;
}

/** Throws when the number's type is one of `blocked`. */
export function assertDialable(e164: string, blocked: readonly string[]): void {
  const type = blockedType(e164, blocked);
  if (type) throw new NumberTypeRefusedError(e164, type);
}
