import { defineFeature } from './define-feature';

// Issue #23, next best offer: the pop's ranked offers and their reasons, the wrap-up's offer outcomes, the offer
// catalogue (campaign manager), the segment condition "best offer is X" and the per-offer report.
export default defineFeature({
  en: {
    offers: {
      title: 'Offers', suggested: 'Suggested offers', likely: '{p}% likely', expected: 'expected {value}', script: 'Script', price: 'Price',
      why: 'Why',
      reason: {
        owns: 'owns {product}', spend_above: 'spends more than {amount}', tenure_above: 'customer for more than {years} years',
        segment: 'segment “{tag}”', lead_source: 'came from {code}', region: 'lives in {region}', mood: 'last mood: {mood}',
        similar_accepted: '{percent}% of similar customers accepted',
      },
      result: { offered: 'Offered, no answer yet', accepted: 'Accepted', refused: 'Refused', not_offered: 'Not offered' },
      wrapupTitle: 'Offers from the pop',
      catalogue: 'Offer catalogue', create: 'New offer', edit: 'Edit', save: 'Save', cancel: 'Cancel', name: 'Name', product: 'Product',
      margin: 'Margin', active: 'Active', inactive: 'Inactive', eligibility: 'Who may get it', refit: 'Refit the models now',
      refitQueued: 'Refit queued: models and rankings update in the background.', model: 'Model v{version} · AUC {auc} · {n} answers',
      noModel: 'No model yet: ranked by the rule alone', empty: 'No offers yet.', saved: 'Saved.',
      bestOffer: 'offer', bestOfferAbove: 'with expected value above', anyOffer: 'Choose an offer',
    },
    segments: { type: { best_offer: 'Best offer is' } },
    reports: {
      analyticalKind: { offers: 'Offers (next best offer)' },
      table: { offers: 'Offers: conversion, revenue and uplift', 'offer-calibration': 'Offers: predicted vs actual acceptance by decile' },
    },
  },
  ru: {
    offers: {
      title: 'Предложения', suggested: 'Рекомендуемые предложения', likely: 'вероятность {p}%', expected: 'ожидаемо {value}', script: 'Скрипт', price: 'Цена',
      why: 'Почему',
      reason: {
        owns: 'пользуется «{product}»', spend_above: 'тратит больше {amount}', tenure_above: 'клиент больше {years} лет',
        segment: 'сегмент «{tag}»', lead_source: 'пришёл из {code}', region: 'регион {region}', mood: 'последнее настроение: {mood}',
        similar_accepted: '{percent}% похожих клиентов согласились',
      },
      result: { offered: 'Предложено, ответа пока нет', accepted: 'Принято', refused: 'Отказ', not_offered: 'Не предлагалось' },
      wrapupTitle: 'Предложения из карточки звонка',
      catalogue: 'Каталог предложений', create: 'Новое предложение', edit: 'Изменить', save: 'Сохранить', cancel: 'Отмена', name: 'Название', product: 'Продукт',
      margin: 'Маржа', active: 'Активно', inactive: 'Неактивно', eligibility: 'Кому можно предлагать', refit: 'Переобучить модели сейчас',
      refitQueued: 'Переобучение запущено: модели и рейтинги обновятся в фоне.', model: 'Модель v{version} · AUC {auc} · ответов: {n}',
      noModel: 'Модели пока нет: порядок только по правилу', empty: 'Предложений пока нет.', saved: 'Сохранено.',
      bestOffer: 'предложение', bestOfferAbove: 'с ожидаемой ценностью больше', anyOffer: 'Выберите предложение',
    },
    segments: { type: { best_offer: 'Лучшее предложение —' } },
    reports: {
      analyticalKind: { offers: 'Предложения (следующее лучшее)' },
      table: { offers: 'Предложения: конверсия, выручка и прирост', 'offer-calibration': 'Предложения: прогноз и факт согласий по децилям' },
    },
  },
  mn: {
    offers: {
      title: 'Санал', suggested: 'Санал болгох бүтээгдэхүүн', likely: '{p}% магадлалтай', expected: 'хүлээгдэж буй {value}', script: 'Яриа', price: 'Үнэ',
      why: 'Яагаад',
      reason: {
        owns: '{product} хэрэглэдэг', spend_above: '{amount}-аас их зарцуулдаг', tenure_above: '{years}-аас олон жил харилцагч',
        segment: '“{tag}” сегмент', lead_source: '{code}-аас ирсэн', region: '{region} бүсэд', mood: 'сүүлийн сэтгэл санаа: {mood}',
        similar_accepted: 'ижил төстэй харилцагчдын {percent}% нь зөвшөөрсөн',
      },
      result: { offered: 'Санал болгосон, хариу хүлээж байна', accepted: 'Зөвшөөрсөн', refused: 'Татгалзсан', not_offered: 'Санал болгоогүй' },
      wrapupTitle: 'Дуудлагын картын саналууд',
      catalogue: 'Саналын жагсаалт', create: 'Шинэ санал', edit: 'Засах', save: 'Хадгалах', cancel: 'Болих', name: 'Нэр', product: 'Бүтээгдэхүүн',
      margin: 'Ашиг', active: 'Идэвхтэй', inactive: 'Идэвхгүй', eligibility: 'Хэнд санал болгох', refit: 'Загваруудыг одоо дахин сургах',
      refitQueued: 'Дахин сургалт эхэллээ: загвар ба эрэмбэ далд шинэчлэгдэнэ.', model: 'Загвар v{version} · AUC {auc} · {n} хариу',
      noModel: 'Загвар алга: зөвхөн дүрмээр эрэмбэлнэ', empty: 'Санал алга байна.', saved: 'Хадгаллаа.',
      bestOffer: 'санал', bestOfferAbove: 'хүлээгдэж буй үнэ цэнэ нь дээш', anyOffer: 'Санал сонгоно уу',
    },
    segments: { type: { best_offer: 'Хамгийн сайн санал нь' } },
    reports: {
      analyticalKind: { offers: 'Санал (дараагийн шилдэг)' },
      table: { offers: 'Санал: хөрвүүлэлт, орлого, өсөлт', 'offer-calibration': 'Санал: таамаг ба бодит зөвшөөрөл децилээр' },
    },
  },
  hi: {
    offers: {
      title: 'ऑफ़र', suggested: 'सुझाए गए ऑफ़र', likely: '{p}% संभावना', expected: 'अपेक्षित {value}', script: 'स्क्रिप्ट', price: 'कीमत',
      why: 'क्यों',
      reason: {
        owns: '{product} का उपयोग करते हैं', spend_above: '{amount} से अधिक खर्च करते हैं', tenure_above: '{years} वर्ष से अधिक समय से ग्राहक',
        segment: 'सेगमेंट “{tag}”', lead_source: '{code} से आए', region: 'क्षेत्र {region}', mood: 'पिछला मूड: {mood}',
        similar_accepted: 'समान ग्राहकों में से {percent}% ने स्वीकार किया',
      },
      result: { offered: 'ऑफ़र किया, अभी जवाब नहीं', accepted: 'स्वीकार किया', refused: 'अस्वीकार किया', not_offered: 'ऑफ़र नहीं किया' },
      wrapupTitle: 'पॉप के ऑफ़र',
      catalogue: 'ऑफ़र सूची', create: 'नया ऑफ़र', edit: 'संपादित करें', save: 'सहेजें', cancel: 'रद्द करें', name: 'नाम', product: 'उत्पाद',
      margin: 'मार्जिन', active: 'सक्रिय', inactive: 'निष्क्रिय', eligibility: 'किसे दिया जा सकता है', refit: 'मॉडल अभी दोबारा प्रशिक्षित करें',
      refitQueued: 'प्रशिक्षण कतार में: मॉडल और रैंकिंग पृष्ठभूमि में अपडेट होंगे।', model: 'मॉडल v{version} · AUC {auc} · {n} जवाब',
      noModel: 'अभी कोई मॉडल नहीं: केवल नियम से क्रम', empty: 'अभी कोई ऑफ़र नहीं।', saved: 'सहेजा गया।',
      bestOffer: 'ऑफ़र', bestOfferAbove: 'अपेक्षित मूल्य इससे अधिक', anyOffer: 'ऑफ़र चुनें',
    },
    segments: { type: { best_offer: 'सबसे अच्छा ऑफ़र है' } },
    reports: {
      analyticalKind: { offers: 'ऑफ़र (अगला सर्वश्रेष्ठ)' },
      table: { offers: 'ऑफ़र: रूपांतरण, राजस्व और बढ़त', 'offer-calibration': 'ऑफ़र: दशमक अनुसार अनुमानित बनाम वास्तविक स्वीकृति' },
    },
  },
  id: {
    offers: {
      title: 'Penawaran', suggested: 'Penawaran yang disarankan', likely: 'peluang {p}%', expected: 'harapan {value}', script: 'Naskah', price: 'Harga',
      why: 'Alasan',
      reason: {
        owns: 'memakai {product}', spend_above: 'belanja lebih dari {amount}', tenure_above: 'pelanggan lebih dari {years} tahun',
        segment: 'segmen “{tag}”', lead_source: 'datang dari {code}', region: 'wilayah {region}', mood: 'suasana hati terakhir: {mood}',
        similar_accepted: '{percent}% pelanggan serupa menerima',
      },
      result: { offered: 'Ditawarkan, belum ada jawaban', accepted: 'Diterima', refused: 'Ditolak', not_offered: 'Tidak ditawarkan' },
      wrapupTitle: 'Penawaran dari pop',
      catalogue: 'Katalog penawaran', create: 'Penawaran baru', edit: 'Ubah', save: 'Simpan', cancel: 'Batal', name: 'Nama', product: 'Produk',
      margin: 'Margin', active: 'Aktif', inactive: 'Nonaktif', eligibility: 'Siapa yang boleh ditawari', refit: 'Latih ulang model sekarang',
      refitQueued: 'Pelatihan ulang diantrekan: model dan peringkat diperbarui di latar belakang.', model: 'Model v{version} · AUC {auc} · {n} jawaban',
      noModel: 'Belum ada model: diurutkan hanya menurut aturan', empty: 'Belum ada penawaran.', saved: 'Tersimpan.',
      bestOffer: 'penawaran', bestOfferAbove: 'dengan nilai harapan di atas', anyOffer: 'Pilih penawaran',
    },
    segments: { type: { best_offer: 'Penawaran terbaik adalah' } },
    reports: {
      analyticalKind: { offers: 'Penawaran (terbaik berikutnya)' },
      table: { offers: 'Penawaran: konversi, pendapatan, dan peningkatan', 'offer-calibration': 'Penawaran: penerimaan prediksi vs aktual per desil' },
    },
  },
});
