import { computed, type ComputedRef } from 'vue';
import { useT } from '../i18n/use-t';
import { useAgentStore } from '../stores/agent.store';
import { useListsStore } from '../stores/lists.store';

const SYSTEM = ['missed', 'away', 'login', 'pbx', 'wrapup', 'logoff'] as const;

/**
 * A pause reason code as the user reads it: the managed list's label in the UI language (issue #21), else the
 * catalog for the reasons the server sets by itself, else the code.
 */
export function usePauseReasonLabel(): (code: string | null | undefined) => string {
  const { t } = useT();
  const agent = useAgentStore();
  const lists = useListsStore();
  return (code) => {
    if (!code) return '';
    const fallback = (SYSTEM as readonly string[]).includes(code)
      ? t(`shift.reason.${code as (typeof SYSTEM)[number]}`)
      : agent.pauseReasons.find((r) => r.code === code)?.label ?? code;
    return lists.label('pause-reasons', code, fallback);
  };
}

/** The reasons a person may pick in a pause menu, in the admin's order and the UI language. */
export function usePauseReasonOptions(): ComputedRef<Array<{ code: string; label: string }>> {
  const agent = useAgentStore();
  const lists = useListsStore();
  void lists.ensure();
  return computed(() => (lists.loaded
    ? lists.active('pause-reasons').filter((r) => !r.system).map((r) => ({ code: r.code, label: lists.label('pause-reasons', r.code) }))
    : agent.pauseReasons));
}
