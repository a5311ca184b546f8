import { defineFeature } from './define-feature';

// Admin → Lead sources (issue #21): the advertising sources customers come from.
export default defineFeature({
  en: {
    leadSources: {
      title: 'Lead sources', intro: 'Where customers come from. A deactivated source is not offered for new customers but stays in reports.',
      code: 'Code', name: 'Name', status: 'Status', active: 'Active', inactive: 'Deactivated', save: 'Save',
      deactivate: 'Deactivate', reactivate: 'Reactivate', addTitle: 'New lead source', add: 'Add', saved: 'Saved.',
      taken: 'A lead source with this code already exists.',
      costs: {
        title: 'Monthly costs', intro: 'What each source cost in a month. The analytical report "Lead sources" sets it against the revenue of the customers it brought.',
        month: 'Month', amount: 'Cost', remove: 'Remove', badAmount: 'Enter the cost as a number with at most two decimals, e.g. 1250.50.',
      },
    },
  },
  ru: {
    leadSources: {
      title: 'Источники клиентов', intro: 'Откуда приходят клиенты. Отключённый источник не предлагается для новых клиентов, но остаётся в отчётах.',
      code: 'Код', name: 'Название', status: 'Состояние', active: 'Действует', inactive: 'Отключён', save: 'Сохранить',
      deactivate: 'Отключить', reactivate: 'Включить', addTitle: 'Новый источник', add: 'Добавить', saved: 'Сохранено.',
      taken: 'Источник с таким кодом уже есть.',
      costs: {
        title: 'Затраты по месяцам', intro: 'Сколько стоил каждый источник за месяц. Аналитический отчёт «Источники клиентов» сопоставляет это с выручкой от приведённых клиентов.',
        month: 'Месяц', amount: 'Затраты', remove: 'Удалить', badAmount: 'Введите затраты числом, не более двух знаков после точки, например 1250.50.',
      },
    },
  },
  mn: {
    leadSources: {
      title: 'Харилцагчийн эх сурвалж', intro: 'Харилцагчид хаанаас ирдэг вэ. Идэвхгүй эх сурвалжийг шинэ харилцагчид санал болгохгүй, гэхдээ тайланд үлдэнэ.',
      code: 'Код', name: 'Нэр', status: 'Төлөв', active: 'Идэвхтэй', inactive: 'Идэвхгүй', save: 'Хадгалах',
      deactivate: 'Идэвхгүй болгох', reactivate: 'Идэвхжүүлэх', addTitle: 'Шинэ эх сурвалж', add: 'Нэмэх', saved: 'Хадгаллаа.',
      taken: 'Ийм кодтой эх сурвалж байна.',
      costs: {
        title: 'Сарын зардал', intro: 'Эх сурвалж бүрийн тухайн сарын зардал. "Харилцагчийн эх сурвалж" шинжилгээний тайлан үүнийг авчирсан харилцагчдын орлоготой харьцуулна.',
        month: 'Сар', amount: 'Зардал', remove: 'Устгах', badAmount: 'Зардлыг хамгийн ихдээ хоёр аравтын оронтой тоогоор оруулна уу, жишээ нь 1250.50.',
      },
    },
  },
  hi: {
    leadSources: {
      title: 'लीड स्रोत', intro: 'ग्राहक कहाँ से आते हैं। निष्क्रिय स्रोत नए ग्राहकों के लिए नहीं दिखाया जाता, पर रिपोर्ट में रहता है।',
      code: 'कोड', name: 'नाम', status: 'स्थिति', active: 'सक्रिय', inactive: 'निष्क्रिय', save: 'सहेजें',
      deactivate: 'निष्क्रिय करें', reactivate: 'फिर सक्रिय करें', addTitle: 'नया लीड स्रोत', add: 'जोड़ें', saved: 'सहेजा गया।',
      taken: 'इस कोड वाला लीड स्रोत पहले से है।',
      costs: {
        title: 'मासिक लागत', intro: 'हर स्रोत की एक महीने की लागत। विश्लेषणात्मक रिपोर्ट "लीड स्रोत" इसे उसके लाए ग्राहकों के राजस्व से मिलाती है।',
        month: 'महीना', amount: 'लागत', remove: 'हटाएँ', badAmount: 'लागत संख्या में दें, अधिकतम दो दशमलव अंक, जैसे 1250.50।',
      },
    },
  },
  id: {
    leadSources: {
      title: 'Sumber prospek', intro: 'Dari mana pelanggan datang. Sumber yang dinonaktifkan tidak ditawarkan untuk pelanggan baru, tetapi tetap ada di laporan.',
      code: 'Kode', name: 'Nama', status: 'Status', active: 'Aktif', inactive: 'Nonaktif', save: 'Simpan',
      deactivate: 'Nonaktifkan', reactivate: 'Aktifkan lagi', addTitle: 'Sumber prospek baru', add: 'Tambah', saved: 'Tersimpan.',
      taken: 'Sumber prospek dengan kode ini sudah ada.',
      costs: {
        title: 'Biaya bulanan', intro: 'Biaya tiap sumber dalam sebulan. Laporan analitis "Sumber prospek" membandingkannya dengan pendapatan dari pelanggan yang dibawanya.',
        month: 'Bulan', amount: 'Biaya', remove: 'Hapus', badAmount: 'Masukkan biaya sebagai angka dengan paling banyak dua desimal, mis. 1250.50.',
      },
    },
  },
});
