import { defineFeature } from './define-feature';

// Issue #20: the operator's shift (missed rings, away, reload, hotkeys, callbacks).
export default defineFeature({
  en: {
    shift: {
      reason: { missed: 'Missed calls', away: 'Console closed', login: 'Just logged in', pbx: 'Paused on the phone system', wrapup: 'Wrap-up', logoff: 'Logged off' },
      missedNotice: 'You were paused because calls rang without an answer. Press Go ready when you are back.',
    },
  },
  ru: {
    shift: {
      reason: { missed: 'Пропущенные звонки', away: 'Консоль закрыта', login: 'Только что вошёл', pbx: 'Пауза на АТС', wrapup: 'Постобработка', logoff: 'Вышел' },
      missedNotice: 'Вы поставлены на паузу: звонки остались без ответа. Нажмите «Готов», когда вернётесь.',
    },
  },
  mn: {
    shift: {
      reason: { missed: 'Аваагүй дуудлага', away: 'Консол хаагдсан', login: 'Дөнгөж нэвтэрсэн', pbx: 'АТС дээр түр зогссон', wrapup: 'Дуудлагын дараах ажил', logoff: 'Гарсан' },
      missedNotice: 'Дуудлагад хариулаагүй тул таныг түр зогсоолоо. Буцаж ирээд «Бэлэн» дарна уу.',
    },
  },
  hi: {
    shift: {
      reason: { missed: 'छूटी कॉल', away: 'कंसोल बंद', login: 'अभी लॉग इन किया', pbx: 'फ़ोन सिस्टम पर रोका गया', wrapup: 'रैप-अप', logoff: 'लॉग ऑफ़' },
      missedNotice: 'कॉल का उत्तर न मिलने के कारण आपको रोका गया है। लौटने पर "तैयार" दबाएँ।',
    },
  },
  id: {
    shift: {
      reason: { missed: 'Panggilan tak terjawab', away: 'Konsol ditutup', login: 'Baru masuk', pbx: 'Dijeda di sistem telepon', wrapup: 'Wrap-up', logoff: 'Keluar' },
      missedNotice: 'Anda dijeda karena panggilan berdering tanpa dijawab. Tekan Siap saat Anda kembali.',
    },
  },
});
