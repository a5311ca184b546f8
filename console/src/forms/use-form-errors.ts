import { computed, ref } from 'vue';
import { useT } from '../i18n/use-t';
import { issueText, issuesOf, summaryText, toPointer, type FieldIssue } from './form-errors';

/**
 * A form's server errors, placed by field (issue #22.4). `capture(err)` keeps the raw issues; texts are translated
 * when shown, so a language switch re-renders them. Issues on fields the form does not show (`placed` lists the
 * pointers it does) are listed under the summary, each once.
 */
export function useFormErrors(placed: readonly string[] = []) {
  const { t } = useT();
  const failure = ref<unknown>(null);
  const issues = ref<FieldIssue[]>([]);
  const roots = placed.map(toPointer);
  const covers = (field: string, path: string) => path === field || path.startsWith(`${field}/`);
  const issueAt = (field: string) => issues.value.find((i) => covers(toPointer(field), i.path));

  return {
    capture(err: unknown): void { failure.value = err; issues.value = issuesOf(err); },
    clear(): void { failure.value = null; issues.value = []; },
    /** The translated message under a field ('offer.price' or '/offer/price'), or null. */
    text: (field: string) => { const i = issueAt(field); return i ? issueText(i, t) : null; },
    invalid: (field: string) => Boolean(issueAt(field)),
    summary: computed(() => (failure.value === null ? null : summaryText(failure.value, t))),
    unplaced: computed(() => [...new Set(issues.value.filter((i) => !roots.some((r) => covers(r, i.path))).map((i) => issueText(i, t)))]),
  };
}
export type FormErrors = ReturnType<typeof useFormErrors>;
