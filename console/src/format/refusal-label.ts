import { translate, type MessageKey } from '../i18n/use-t';
import { useListsStore } from '../stores/lists.store';

// A refusal reason's label in the user's language, from the managed list (issue #21: an admin's rename shows at
// once). Until the list is loaded: the catalog entry for the reasons every installation starts with, else the
// label the server sent with the record.
const KNOWN = new Set(['too_expensive', 'has_competitor', 'not_interested', 'no_need', 'other']);

export function refusalLabel(code: string | null, serverLabel: string): string {
  if (code === null) return translate('refusal.notGiven');
  const fallback = KNOWN.has(code) ? translate(`refusal.${code}` as MessageKey) : serverLabel;
  return useListsStore().label('refusal-reasons', code, fallback);
}
