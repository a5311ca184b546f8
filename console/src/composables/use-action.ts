import { ref } from 'vue';

/** One form action at a time: `busy` while it runs, the server's message in `error` when it fails. */
export function useAction() {
  const busy = ref(false);
  const error = ref<string | null>(null);
  async function run<T>(fn: () => Promise<T>): Promise<T | undefined> {
    busy.value = true;
    error.value = null;
    try {
      return await fn();
    } catch (err) {
      error.value = err instanceof Error ? err.message : String(err);
      return undefined;
    } finally {
      busy.value = false;
    }
  }
  return { busy, error, run };
}
