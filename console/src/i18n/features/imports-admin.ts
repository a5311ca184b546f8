import { defineFeature } from './define-feature';

// Admin → Import customers (issue #21): upload, background check with progress, row errors, import.
export default defineFeature({
  en: {
    imports: {
      title: 'Import customers', intro: 'A UTF-8, comma-separated CSV with a header row. The file is checked first; nothing is imported until you say so, and then all or nothing.',
      upload: 'Upload and check', noName: 'Unnamed file', rows: 'Rows', valid: 'Valid', invalid: 'With errors', imported: 'Imported',
      row: 'Row', column: 'Column', problem: 'Problem', downloadErrors: 'Download all errors (CSV)', start: 'Import',
      startValid: 'Import the {n} valid rows only', hasErrors: 'The file has rows with errors: fix them or import the valid rows only.',
      tooLarge: 'The file is too large (64 MB at most).', file: 'File', statusTitle: 'Status', open: 'Open',
      status: { uploaded: 'Uploaded', checking: 'Checking', checked: 'Checked', importing: 'Importing', imported: 'Imported', rejected: 'Rejected', failed: 'Failed' },
    },
  },
  ru: {
    imports: {
      title: 'Импорт клиентов', intro: 'CSV в UTF-8 через запятую со строкой заголовков. Файл сначала проверяется; ничего не импортируется без вашей команды, и тогда всё или ничего.',
      upload: 'Загрузить и проверить', noName: 'Файл без имени', rows: 'Строк', valid: 'Верных', invalid: 'С ошибками', imported: 'Импортировано',
      row: 'Строка', column: 'Столбец', problem: 'Ошибка', downloadErrors: 'Скачать все ошибки (CSV)', start: 'Импортировать',
      startValid: 'Импортировать только верные строки ({n})', hasErrors: 'В файле есть строки с ошибками: исправьте их или импортируйте только верные.',
      tooLarge: 'Файл слишком большой (не более 64 МБ).', file: 'Файл', statusTitle: 'Статус', open: 'Открыть',
      status: { uploaded: 'Загружен', checking: 'Проверяется', checked: 'Проверен', importing: 'Импортируется', imported: 'Импортирован', rejected: 'Отклонён', failed: 'Сбой' },
    },
  },
  mn: {
    imports: {
      title: 'Харилцагч импортлох', intro: 'Гарчгийн мөртэй, таслалаар тусгаарласан UTF-8 CSV. Файлыг эхлээд шалгана; таны зөвшөөрөлгүйгээр юу ч импортлохгүй, дараа нь бүгдийг эсвэл юу ч биш.',
      upload: 'Илгээж шалгах', noName: 'Нэргүй файл', rows: 'Мөр', valid: 'Зөв', invalid: 'Алдаатай', imported: 'Импортолсон',
      row: 'Мөр', column: 'Багана', problem: 'Асуудал', downloadErrors: 'Бүх алдааг татах (CSV)', start: 'Импортлох',
      startValid: 'Зөвхөн зөв {n} мөрийг импортлох', hasErrors: 'Файлд алдаатай мөр байна: засах эсвэл зөвхөн зөв мөрүүдийг импортлоно уу.',
      tooLarge: 'Файл хэт том (дээд тал нь 64 МБ).', file: 'Файл', statusTitle: 'Төлөв', open: 'Нээх',
      status: { uploaded: 'Илгээсэн', checking: 'Шалгаж байна', checked: 'Шалгасан', importing: 'Импортлож байна', imported: 'Импортолсон', rejected: 'Татгалзсан', failed: 'Амжилтгүй' },
    },
  },
  hi: {
    imports: {
      title: 'ग्राहक आयात', intro: 'हेडर पंक्ति वाली UTF-8, अल्पविराम से अलग CSV। फ़ाइल पहले जाँची जाती है; आपके कहे बिना कुछ आयात नहीं होता, और फिर सब या कुछ नहीं।',
      upload: 'अपलोड करें और जाँचें', noName: 'बिना नाम की फ़ाइल', rows: 'पंक्तियाँ', valid: 'सही', invalid: 'त्रुटि वाली', imported: 'आयातित',
      row: 'पंक्ति', column: 'कॉलम', problem: 'समस्या', downloadErrors: 'सभी त्रुटियाँ डाउनलोड करें (CSV)', start: 'आयात करें',
      startValid: 'केवल {n} सही पंक्तियाँ आयात करें', hasErrors: 'फ़ाइल में त्रुटि वाली पंक्तियाँ हैं: उन्हें ठीक करें या केवल सही पंक्तियाँ आयात करें।',
      tooLarge: 'फ़ाइल बहुत बड़ी है (अधिकतम 64 MB)।', file: 'फ़ाइल', statusTitle: 'स्थिति', open: 'खोलें',
      status: { uploaded: 'अपलोड हुई', checking: 'जाँच जारी', checked: 'जाँची गई', importing: 'आयात जारी', imported: 'आयातित', rejected: 'अस्वीकृत', failed: 'विफल' },
    },
  },
  id: {
    imports: {
      title: 'Impor pelanggan', intro: 'CSV UTF-8 dipisah koma dengan baris judul. Berkas diperiksa dulu; tidak ada yang diimpor sebelum Anda memintanya, lalu semua atau tidak sama sekali.',
      upload: 'Unggah dan periksa', noName: 'Berkas tanpa nama', rows: 'Baris', valid: 'Valid', invalid: 'Dengan galat', imported: 'Diimpor',
      row: 'Baris', column: 'Kolom', problem: 'Masalah', downloadErrors: 'Unduh semua galat (CSV)', start: 'Impor',
      startValid: 'Impor hanya {n} baris yang valid', hasErrors: 'Berkas memiliki baris bergalat: perbaiki atau impor baris yang valid saja.',
      tooLarge: 'Berkas terlalu besar (maks. 64 MB).', file: 'Berkas', statusTitle: 'Status', open: 'Buka',
      status: { uploaded: 'Diunggah', checking: 'Diperiksa', checked: 'Sudah diperiksa', importing: 'Mengimpor', imported: 'Diimpor', rejected: 'Ditolak', failed: 'Gagal' },
    },
  },
});
