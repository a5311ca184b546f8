import { ref, watchEffect, type Ref } from 'vue';
import { api } from '../api/endpoints';

// The offer catalogue's names for pickers (the segment condition "best offer is X"), loaded once per page.
const choices = ref<Array<{ id: number; name: string }>>([]);
let loading: Promise<void> | null = null;

export function useOfferChoices(needed: () => boolean): Ref<Array<{ id: number; name: string }>> {
  watchEffect(() => {
    if (!needed() || loading) return;
    loading = api.offers().then((list) => { choices.value = list.map((o) => ({ id: o.id, name: o.name })); }, () => { loading = null; });
  });
  return choices;
}
