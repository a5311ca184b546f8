import { sql } from 'kysely';
import type { Database } from './database';

// Reference data every installation starts with (editable afterwards): dispositions, pause reasons, queues.
export const DISPOSITIONS = [
  { code: 'resolved', label: 'Resolved', category: 'resolved' },
  { code: 'info_given', label: 'Information given', category: 'resolved' },
  { code: 'case_opened', label: 'Case opened', category: 'unresolved' },
  { code: 'escalated', label: 'Escalated', category: 'unresolved' },
  { code: 'sale', label: 'Sale made', category: 'sale' },
  { code: 'offer_refused', label: 'Offer refused', category: 'refusal' },
  { code: 'callback_requested', label: 'Callback requested', category: 'callback' },
  { code: 'no_answer', label: 'No answer', category: 'no_contact' },
  { code: 'busy', label: 'Busy', category: 'no_contact' },
  { code: 'wrong_number', label: 'Wrong number', category: 'no_contact' },
  { code: 'voicemail', label: 'Left voicemail', category: 'no_contact' },
  { code: 'other', label: 'Other', category: 'other' },
] as const;

export const PAUSE_REASONS = [
  { code: 'break', label: 'Break' },
  { code: 'lunch', label: 'Lunch' },
  { code: 'training', label: 'Training' },
  { code: 'meeting', label: 'Meeting' },
  { code: 'admin', label: 'Back-office work' },
  { code: 'login', label: 'Just logged in' },
  { code: 'pbx', label: 'Paused on the phone system' },
] as const;

export async function seedReferenceData(db: Database): Promise<void> {
  await db.insertInto('dispositions')
    .values(DISPOSITIONS.map((d, i) => ({ ...d, sort_order: i })))
    .onConflict((oc) => oc.column('code').doNothing()).execute();
  await db.insertInto('pause_reasons').values([...PAUSE_REASONS]).onConflict((oc) => oc.column('code').doNothing()).execute();
  await db.insertInto('queues').values([
    { name: 'support', display_name: 'Customer support', service_level_seconds: 20, alert_wait_seconds: 60, alert_queue_length: 5 },
    { name: 'sales', display_name: 'Sales', service_level_seconds: 30, alert_wait_seconds: 90, alert_queue_length: 4 },
  ]).onConflict((oc) => oc.column('name').doNothing()).execute();
  await sql`SELECT 1`.execute(db);
}
