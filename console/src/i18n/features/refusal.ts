import { defineFeature } from './define-feature';

// Issue #20.8: the managed refusal reasons (GET /api/refusal-reasons, keys refusal.<code>) and the wrap-up's note.
// A reason an administrator adds later without a catalog entry is shown with its server label.
export default defineFeature({
  en: {
    refusal: { too_expensive: 'Too expensive', has_competitor: 'Has a competitor', not_interested: 'Not interested', no_need: 'No need now', other: 'Other', notGiven: '(not given)' },
    wrapup: { refusalNote: 'Note (optional)', refusalPick: 'Choose a reason' },
  },
  ru: {
    refusal: { too_expensive: 'Слишком дорого', has_competitor: 'Есть конкурент', not_interested: 'Не интересно', no_need: 'Сейчас не нужно', other: 'Другое', notGiven: '(не указана)' },
    wrapup: { refusalNote: 'Примечание (необязательно)', refusalPick: 'Выберите причину' },
  },
  mn: {
    refusal: { too_expensive: 'Хэтэрхий үнэтэй', has_competitor: 'Өрсөлдөгчтэй', not_interested: 'Сонирхолгүй', no_need: 'Одоогоор хэрэггүй', other: 'Бусад', notGiven: '(заагаагүй)' },
    wrapup: { refusalNote: 'Тэмдэглэл (заавал биш)', refusalPick: 'Шалтгаан сонгоно уу' },
  },
  hi: {
    refusal: { too_expensive: 'बहुत महंगा', has_competitor: 'प्रतिस्पर्धी के पास है', not_interested: 'रुचि नहीं', no_need: 'अभी ज़रूरत नहीं', other: 'अन्य', notGiven: '(नहीं बताया)' },
    wrapup: { refusalNote: 'टिप्पणी (वैकल्पिक)', refusalPick: 'कारण चुनें' },
  },
  id: {
    refusal: { too_expensive: 'Terlalu mahal', has_competitor: 'Sudah punya pesaing', not_interested: 'Tidak tertarik', no_need: 'Belum perlu', other: 'Lainnya', notGiven: '(tidak disebutkan)' },
    wrapup: { refusalNote: 'Catatan (opsional)', refusalPick: 'Pilih alasan' },
  },
});
