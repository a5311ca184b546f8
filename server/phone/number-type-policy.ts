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

/** False when the number's type is one of `blocked`. */
export function isDialable(e164: string, blocked: readonly string[]): boolean {
  if (blocked.length === 0) return true;
  const type = numberType(e164);
  return !(type && blocked.includes(type));
}

/** Throws when the number's type is one of `blocked`. */
export function assertDialable(e164: string, blocked: readonly string[]): void {
  if (blocked.length === 0) return;
  const type = numberType(e164);
  if (type && blocked.includes(type)) throw new NumberTypeRefusedError(e164, type);
}
