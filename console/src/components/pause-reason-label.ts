import { useT } from '../i18n/use-t';
import { useAgentStore } from '../stores/agent.store';

const SYSTEM = ['missed', 'away', 'login', 'pbx', 'wrapup', 'logoff'] as const;

/** A pause reason code as the user reads it: the server's own reasons translated, the managed ones by their label. */
export function usePauseReasonLabel(): (code: string | null | undefined) => string {
  const { t } = useT();
  const agent = useAgentStore();
  return (code) => {
    if (!code) return '';
    if ((SYSTEM as readonly string[]).includes(code)) return t(`shift.reason.${code as (typeof SYSTEM)[number]}`);
    return agent.pauseReasons.find((r) => r.code === code)?.label ?? code;
  };
}
