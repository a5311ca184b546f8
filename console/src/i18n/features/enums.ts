import { defineFeature } from './define-feature';

// Fixed enums the server sends as codes (issue #22.2): call and case statuses, product kinds and statuses, phone
// kinds, wallboard alert kinds. Shown through useEnumLabel() (composables/use-enum-label.ts); a code with no entry shows as it is.
export default defineFeature({
  en: { enums: {
    callStatus: { ringing: 'Ringing', queued: 'Queued', offered: 'Offered', answered: 'Answered', ended: 'Ended' },
    caseStatus: { open: 'Open', in_progress: 'In progress', waiting: 'Waiting', resolved: 'Resolved', closed: 'Closed' },
    productKind: { service: 'Service', product: 'Product' },
    productStatus: { active: 'Active', cancelled: 'Cancelled', expired: 'Expired' },
    phoneKind: { mobile: 'Mobile', work: 'Work', home: 'Home', other: 'Other' },
    alertKind: { wait_time: 'Longest wait', queue_length: 'Calls waiting' },
  } },
  ru: { enums: {
    callStatus: { ringing: 'Звонит', queued: 'В очереди', offered: 'Предложен', answered: 'Отвечен', ended: 'Завершён' },
    caseStatus: { open: 'Открыто', in_progress: 'В работе', waiting: 'Ожидает', resolved: 'Решено', closed: 'Закрыто' },
    productKind: { service: 'Услуга', product: 'Товар' },
    productStatus: { active: 'Активен', cancelled: 'Отменён', expired: 'Истёк' },
    phoneKind: { mobile: 'Мобильный', work: 'Рабочий', home: 'Домашний', other: 'Другой' },
    alertKind: { wait_time: 'Максимальное ожидание', queue_length: 'Звонков в очереди' },
  } },
  mn: { enums: {
    callStatus: { ringing: 'Дуугарч байна', queued: 'Дараалалд', offered: 'Санал болгосон', answered: 'Хариулсан', ended: 'Дууссан' },
    caseStatus: { open: 'Нээлттэй', in_progress: 'Шийдвэрлэж байна', waiting: 'Хүлээгдэж байна', resolved: 'Шийдвэрлэсэн', closed: 'Хаагдсан' },
    productKind: { service: 'Үйлчилгээ', product: 'Бүтээгдэхүүн' },
    productStatus: { active: 'Идэвхтэй', cancelled: 'Цуцлагдсан', expired: 'Хугацаа дууссан' },
    phoneKind: { mobile: 'Гар утас', work: 'Ажлын', home: 'Гэрийн', other: 'Бусад' },
    alertKind: { wait_time: 'Хамгийн урт хүлээлт', queue_length: 'Хүлээж буй дуудлага' },
  } },
  hi: { enums: {
    callStatus: { ringing: 'घंटी बज रही है', queued: 'कतार में', offered: 'प्रस्तावित', answered: 'उत्तर दिया', ended: 'समाप्त' },
    caseStatus: { open: 'खुला', in_progress: 'प्रगति में', waiting: 'प्रतीक्षा में', resolved: 'हल हुआ', closed: 'बंद' },
    productKind: { service: 'सेवा', product: 'उत्पाद' },
    productStatus: { active: 'सक्रिय', cancelled: 'रद्द', expired: 'समाप्त' },
    phoneKind: { mobile: 'मोबाइल', work: 'कार्यालय', home: 'घर', other: 'अन्य' },
    alertKind: { wait_time: 'सबसे लंबी प्रतीक्षा', queue_length: 'प्रतीक्षारत कॉल' },
  } },
  id: { enums: {
    callStatus: { ringing: 'Berdering', queued: 'Dalam antrean', offered: 'Ditawarkan', answered: 'Dijawab', ended: 'Selesai' },
    caseStatus: { open: 'Terbuka', in_progress: 'Sedang ditangani', waiting: 'Menunggu', resolved: 'Terselesaikan', closed: 'Ditutup' },
    productKind: { service: 'Layanan', product: 'Produk' },
    productStatus: { active: 'Aktif', cancelled: 'Dibatalkan', expired: 'Kedaluwarsa' },
    phoneKind: { mobile: 'Seluler', work: 'Kantor', home: 'Rumah', other: 'Lainnya' },
    alertKind: { wait_time: 'Tunggu terlama', queue_length: 'Panggilan menunggu' },
  } },
});
