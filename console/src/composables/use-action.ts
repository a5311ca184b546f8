import { ref } from 'vue';
import { useFormErrors } from '../forms/use-form-errors';

/**
 * One form action at a time: `busy` while it runs; when it fails, `error` is the failure's headline in the user's
 * language and `fe` places the server's field issues (issue #22.4: never the server's English text).
 * `placed` lists the fields the form shows, so their issues appear under them rather than in the summary.
 */
export function useAction(placed: readonly string[] = []) {
  const busy = ref(false);
  const fe = useFormErrors(placed);
  async function run<T>(fn: () => Promise<T>): Promise<T | undefined> {
    busy.value = true;
    fe.clear();
    try {
      return await fn();
    } catch (err) {
      fe.capture(err);
      return undefined;
    } finally {
      busy.value = false;
    }
  }
  return { busy, error: fe.summary, fe, run };
}
