import { defineFeature } from './define-feature';

// Issue #22.8: a running campaign whose customers are all outside their calling window now. {time} is the next
// opening in the user's own time zone (a time today, a date and time later).
export default defineFeature({
  en: {
    callingWindow: {
      outside: 'Outside calling window, next window opens at {time}',
      outsideNoNext: 'Outside calling window; no window opens in the next week',
    },
  },
  ru: {
    callingWindow: {
      outside: 'Вне окна обзвона, следующее окно откроется в {time}',
      outsideNoNext: 'Вне окна обзвона; в ближайшую неделю окон нет',
    },
  },
  mn: {
    callingWindow: {
      outside: 'Залгах цагаас гадуур, дараагийн залгах цаг {time}-д эхэлнэ',
      outsideNoNext: 'Залгах цагаас гадуур; ойрын долоо хоногт залгах цаг байхгүй',
    },
  },
  hi: {
    callingWindow: {
      outside: 'कॉल करने के समय से बाहर, अगला समय {time} पर शुरू होगा',
      outsideNoNext: 'कॉल करने के समय से बाहर; अगले सप्ताह में कोई समय नहीं है',
    },
  },
  id: {
    callingWindow: {
      outside: 'Di luar jendela panggilan, jendela berikutnya dibuka pukul {time}',
      outsideNoNext: 'Di luar jendela panggilan; tidak ada jendela dalam seminggu ke depan',
    },
  },
});
