import { fieldOrNull, type AmiFrame } from './ami-frame';

// Asterisk schedules its qualify (OPTIONS) checks for the AORs it knows when it starts or reloads. An agent whose
// SIP account Warmline created later (realtime endpoints, pbx-config/sorcery.conf) registers fine, but its contact
// stays "NonQual" and its endpoint "Unavailable", so app_queue keeps the member "Invalid" and never rings it
// (found on Asterisk 20.20.1 in tests/pbx-real). One PJSIPQualify when the contact is created makes the contact
// reachable and the device state right at once.

/** The PJSIP endpoint to qualify because this frame announces a new registration, or null. */
export function endpointToQualify(frame: AmiFrame): string | null {
  if (fieldOrNull(frame, 'event') !== 'ContactStatus') return null;
  if (fieldOrNull(frame, 'contactstatus') !== 'Created') return null;
  const endpoint = fieldOrNull(frame, 'endpointname');
  return endpoint && /^[A-Za-z0-9_.+-]{1,64}$/.test(endpoint) ? endpoint : null;
}
