// An Originate's ActionID carries the CRM call id so a failed OriginateResponse (which has no channel variables
// when no channel could be created) can still be matched to the attempt: `<prefix>-<n>|crm=<crmCallId>`.
const TAG = '|crm=';

export function originateActionIdSuffix(crmCallId: string): string {
  return `${TAG}${crmCallId}`;
}

export function crmCallIdFromActionId(actionId: string | null | undefined): string | null {
  if (typeof actionId !== 'string') return null;
  const i = actionId.indexOf(TAG);
  if (i < 0) return null;
  const id = actionId.slice(i + TAG.length);
  return id.length > 0 ? id : null;
}
