import { describe, expect, it } from 'vitest';
import enums from '../../../console/src/i18n/features/enums';
import { FEATURES } from '../../../console/src/i18n/features';
import { PHONE_KINDS } from '../../../server/contract/customers.schemas';
import type { CallStatus } from '../../../server/contract/wire-events';

// Issue #22.2: fixed enums the server sends as codes are shown in the user's language.
// Catches: the enums catalog missing or unregistered (the console showed "answered", "service", "active" raw).
const CALL_STATUSES: CallStatus[] = ['ringing', 'queued', 'offered', 'answered', 'ended'];
const CASE_STATUSES = ['open', 'in_progress', 'waiting', 'resolved', 'closed']; // migrations/0002 CHECK
const LOCALES = ['en', 'ru', 'mn', 'hi', 'id'] as const;

describe('fixed enum labels', () => {
  it('are registered as a feature catalog', () => {
    expect(FEATURES).toContain(enums);
  });

  it('every call status, case status and phone kind has a label in all five languages', () => {
    for (const l of LOCALES) {
      const e = enums[l].enums;
      for (const s of CALL_STATUSES) expect(e.callStatus[s], `${l} callStatus.${s}`).toBeTruthy();
      for (const s of CASE_STATUSES) expect((e.caseStatus as Record<string, string>)[s], `${l} caseStatus.${s}`).toBeTruthy();
      for (const k of PHONE_KINDS) expect(e.phoneKind[k], `${l} phoneKind.${k}`).toBeTruthy();
      if (l !== 'en') {
        // A translation, not the English word copied over.
        for (const s of CALL_STATUSES) expect(e.callStatus[s], `${l} callStatus.${s}`).not.toBe(enums.en.enums.callStatus[s]);
      }
    }
  });
});

describe('wallboard alert kinds', () => {
  it('have a label in all five languages', () => {
    // Catches: the alert line showing "wait_time" raw (issue #22.2).
    for (const l of LOCALES) for (const k of ['wait_time', 'queue_length'] as const) expect(enums[l].enums.alertKind[k], `${l} ${k}`).toBeTruthy();
  });
});
