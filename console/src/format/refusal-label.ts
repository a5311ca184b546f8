import { translate, type MessageKey } from '../i18n/use-t';

// Issue #20.8: a refusal reason's label in the user's language: the catalog entry refusal.<code> when the console
// knows the code, else the server's label (a reason added after this build).
const KNOWN = new Set(['too_expensive', 'has_competitor', 'not_interested', 'no_need', 'other']);

export function refusalLabel(code: string | null, serverLabel: string): string {
  if (code === null) return translate('refusal.notGiven');
  return KNOWN.has(code) ? translate(`refusal.${code}` as MessageKey) : serverLabel;
}
