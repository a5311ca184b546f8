import { sql } from 'kysely';
import type { Database } from './database';

// Reference data every installation starts with (editable afterwards): dispositions, pause reasons, queues.
export const DISPOSITIONS = [
  { code: 'resolved', label: 'Resolved', category: 'resolved', labels: { ru: 'Решено', mn: 'Шийдвэрлэсэн', hi: 'हल हो गया', id: 'Selesai' } },
  { code: 'info_given', label: 'Information given', category: 'resolved', labels: { ru: 'Информация предоставлена', mn: 'Мэдээлэл өгсөн', hi: 'जानकारी दी गई', id: 'Informasi diberikan' } },
  { code: 'case_opened', label: 'Case opened', category: 'unresolved', labels: { ru: 'Открыто обращение', mn: 'Хүсэлт нээсэн', hi: 'मामला खोला गया', id: 'Kasus dibuka' } },
  { code: 'escalated', label: 'Escalated', category: 'unresolved', labels: { ru: 'Передано выше', mn: 'Дээш шилжүүлсэн', hi: 'आगे बढ़ाया गया', id: 'Dieskalasi' } },
  { code: 'sale', label: 'Sale made', category: 'sale', labels: { ru: 'Продажа', mn: 'Борлуулалт хийсэн', hi: 'बिक्री हुई', id: 'Terjual' } },
  { code: 'offer_refused', label: 'Offer refused', category: 'refusal', labels: { ru: 'Отказ от предложения', mn: 'Саналаас татгалзсан', hi: 'प्रस्ताव अस्वीकार', id: 'Penawaran ditolak' } },
  { code: 'callback_requested', label: 'Callback requested', category: 'callback', labels: { ru: 'Просил перезвонить', mn: 'Эргэн залгахыг хүссэн', hi: 'कॉलबैक का अनुरोध', id: 'Minta ditelepon balik' } },
  { code: 'no_answer', label: 'No answer', category: 'no_contact', labels: { ru: 'Нет ответа', mn: 'Хариугүй', hi: 'कोई जवाब नहीं', id: 'Tidak dijawab' } },
  { code: 'busy', label: 'Busy', category: 'no_contact', labels: { ru: 'Занято', mn: 'Завгүй', hi: 'व्यस्त', id: 'Sibuk' } },
  { code: 'wrong_number', label: 'Wrong number', category: 'no_contact', labels: { ru: 'Неверный номер', mn: 'Буруу дугаар', hi: 'गलत नंबर', id: 'Nomor salah' } },
  { code: 'voicemail', label: 'Left voicemail', category: 'no_contact', labels: { ru: 'Оставлено голосовое сообщение', mn: 'Дуут шуудан үлдээсэн', hi: 'वॉइसमेल छोड़ा', id: 'Meninggalkan pesan suara' } },
  { code: 'other', label: 'Other', category: 'other', labels: { ru: 'Другое', mn: 'Бусад', hi: 'अन्य', id: 'Lainnya' } },
] as const;

export const PAUSE_REASONS = [
  { code: 'break', label: 'Break', labels: { ru: 'Перерыв', mn: 'Завсарлага', hi: 'विराम', id: 'Istirahat' } },
  { code: 'lunch', label: 'Lunch', labels: { ru: 'Обед', mn: 'Үдийн хоол', hi: 'दोपहर का भोजन', id: 'Makan siang' } },
  { code: 'training', label: 'Training', labels: { ru: 'Обучение', mn: 'Сургалт', hi: 'प्रशिक्षण', id: 'Pelatihan' } },
  { code: 'meeting', label: 'Meeting', labels: { ru: 'Совещание', mn: 'Хурал', hi: 'बैठक', id: 'Rapat' } },
  { code: 'admin', label: 'Back-office work', labels: { ru: 'Работа с документами', mn: 'Бичиг хэргийн ажил', hi: 'बैक-ऑफ़िस कार्य', id: 'Pekerjaan administrasi' } },
  { code: 'login', label: 'Just logged in', labels: { ru: 'Только что вошёл', mn: 'Дөнгөж нэвтэрсэн', hi: 'अभी लॉग इन किया', id: 'Baru masuk' } },
  { code: 'pbx', label: 'Paused on the phone system', labels: { ru: 'Пауза на АТС', mn: 'АТС дээр түр зогссон', hi: 'फ़ोन सिस्टम पर रोका गया', id: 'Dijeda di sistem telepon' } },
] as const;

export async function seedReferenceData(db: Database): Promise<void> {
  await db.insertInto('dispositions')
    .values(DISPOSITIONS.map((d, i) => ({ ...d, labels: { en: d.label, ...d.labels } as never, sort_order: i * 10 })))
    .onConflict((oc) => oc.column('code').doNothing()).execute();
  await db.insertInto('pause_reasons').values(PAUSE_REASONS.map((p, i) => ({ ...p, labels: { en: p.label, ...p.labels } as never, sort_order: i * 10 }))).onConflict((oc) => oc.column('code').doNothing()).execute();
  await db.insertInto('queues').values([
    { name: 'support', display_name: 'Customer support', service_level_seconds: 20, alert_wait_seconds: 60, alert_queue_length: 5 },
    { name: 'sales', display_name: 'Sales', service_level_seconds: 30, alert_wait_seconds: 90, alert_queue_length: 4 },
  ]).onConflict((oc) => oc.column('name').doNothing()).execute();
  await sql`SELECT 1`.execute(db);
}
