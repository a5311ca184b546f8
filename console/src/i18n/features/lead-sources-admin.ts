import { defineFeature } from './define-feature';

// Admin → Lead sources (issue #21): the advertising sources customers come from.
export default defineFeature({
  en: {
    leadSources: {
      title: 'Lead sources', intro: 'Where customers come from. A deactivated source is not offered for new customers but stays in reports.',
      code: 'Code', name: 'Name', status: 'Status', active: 'Active', inactive: 'Deactivated', save: 'Save',
      deactivate: 'Deactivate', reactivate: 'Reactivate', addTitle: 'New lead source', add: 'Add', saved: 'Saved.',
      taken: 'A lead source with this code already exists.',
    },
  },
  ru: {
    leadSources: {
      title: 'Источники клиентов', intro: 'Откуда приходят клиенты. Отключённый источник не предлагается для новых клиентов, но остаётся в отчётах.',
      code: 'Код', name: 'Название', status: 'Состояние', active: 'Действует', inactive: 'Отключён', save: 'Сохранить',
      deactivate: 'Отключить', reactivate: 'Включить', addTitle: 'Новый источник', add: 'Добавить', saved: 'Сохранено.',
      taken: 'Источник с таким кодом уже есть.',
    },
  },
  mn: {
    leadSources: {
      title: 'Харилцагчийн эх сурвалж', intro: 'Харилцагчид хаанаас ирдэг вэ. Идэвхгүй эх сурвалжийг шинэ харилцагчид санал болгохгүй, гэхдээ тайланд үлдэнэ.',
      code: 'Код', name: 'Нэр', status: 'Төлөв', active: 'Идэвхтэй', inactive: 'Идэвхгүй', save: 'Хадгалах',
      deactivate: 'Идэвхгүй болгох', reactivate: 'Идэвхжүүлэх', addTitle: 'Шинэ эх сурвалж', add: 'Нэмэх', saved: 'Хадгаллаа.',
      taken: 'Ийм кодтой эх сурвалж байна.',
    },
  },
  hi: {
    leadSources: {
      title: 'लीड स्रोत', intro: 'ग्राहक कहाँ से आते हैं। निष्क्रिय स्रोत नए ग्राहकों के लिए नहीं दिखाया जाता, पर रिपोर्ट में रहता है।',
      code: 'कोड', name: 'नाम', status: 'स्थिति', active: 'सक्रिय', inactive: 'निष्क्रिय', save: 'सहेजें',
      deactivate: 'निष्क्रिय करें', reactivate: 'फिर सक्रिय करें', addTitle: 'नया लीड स्रोत', add: 'जोड़ें', saved: 'सहेजा गया।',
      taken: 'इस कोड वाला लीड स्रोत पहले से है।',
    },
  },
  id: {
    leadSources: {
      title: 'Sumber prospek', intro: 'Dari mana pelanggan datang. Sumber yang dinonaktifkan tidak ditawarkan untuk pelanggan baru, tetapi tetap ada di laporan.',
      code: 'Kode', name: 'Nama', status: 'Status', active: 'Aktif', inactive: 'Nonaktif', save: 'Simpan',
      deactivate: 'Nonaktifkan', reactivate: 'Aktifkan lagi', addTitle: 'Sumber prospek baru', add: 'Tambah', saved: 'Tersimpan.',
      taken: 'Sumber prospek dengan kode ini sudah ada.',
    },
  },
});
