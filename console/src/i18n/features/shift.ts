import { defineFeature } from './define-feature';

// Issue #20: the operator's shift (missed rings, away, reload, hotkeys, callbacks).
export default defineFeature({
  en: {
    shift: {
      reason: { missed: 'Missed calls', away: 'Console closed', login: 'Just logged in', pbx: 'Paused on the phone system', wrapup: 'Wrap-up', logoff: 'Logged off' },
      missedNotice: 'You were paused because calls rang without an answer. Press Go ready when you are back.',
      tasks: { title: 'My callbacks', when: 'When', all: 'All', overdue: 'Overdue', upcoming: 'Upcoming', kindLabel: 'Kind', anyKind: 'Any kind', kind: { callback: 'Callback', follow_up: 'Follow-up' }, call: 'Call', none: 'No callbacks', customerTitle: 'Open tasks' },
      keys: { title: 'Keyboard', close: 'Close', answer: 'Answer the ringing call', hangup: 'Hang up (or decline a ring)', hold: 'Hold / resume', ready: 'Go ready', pause: 'Pause: choose the reason', submit: 'Submit the wrap-up', customer: 'Open the caller’s customer page', softphone: 'Go to the softphone', keys: 'Show or hide this list', skip: 'Skip to the softphone' },
      wrapupFolded: 'No wrap-up pending | A wrap-up is pending: finish it after this call | {n} wrap-ups are pending: finish them after this call',
      wrapupUnfold: 'Open the wrap-up',
      callsWaiting: 'No calls waiting | 1 call waiting | {n} calls waiting',
      wrapupsMore: 'no other wrap-up to do | 1 more wrap-up to do | {n} more wrap-ups to do',
    },
  },
  ru: {
    shift: {
      reason: { missed: 'Пропущенные звонки', away: 'Консоль закрыта', login: 'Только что вошёл', pbx: 'Пауза на АТС', wrapup: 'Постобработка', logoff: 'Вышел' },
      missedNotice: 'Вы поставлены на паузу: звонки остались без ответа. Нажмите «Готов», когда вернётесь.',
      tasks: { title: 'Мои перезвоны', when: 'Когда', all: 'Все', overdue: 'Просрочено', upcoming: 'Предстоит', kindLabel: 'Тип', anyKind: 'Любой тип', kind: { callback: 'Перезвон', follow_up: 'Дальнейшие действия' }, call: 'Позвонить', none: 'Перезвонов нет', customerTitle: 'Открытые задачи' },
      keys: { title: 'Клавиши', close: 'Закрыть', answer: 'Ответить на звонок', hangup: 'Положить трубку (или отклонить)', hold: 'Удержание / снять', ready: 'Готов', pause: 'Пауза: выбрать причину', submit: 'Сохранить постобработку', customer: 'Открыть карточку клиента', softphone: 'Перейти к софтфону', keys: 'Показать или скрыть список', skip: 'Перейти к софтфону' },
      wrapupFolded: 'Нет незавершённой постобработки | Ждёт постобработка: завершите после этого звонка | Ждут постобработки ({n}): завершите после этого звонка',
      wrapupUnfold: 'Открыть постобработку',
      callsWaiting: 'В очереди никого | В очереди 1 звонок | В очереди {n} звонка | В очереди {n} звонков',
      wrapupsMore: 'других постобработок нет | ещё 1 постобработка | ещё {n} постобработок',
    },
  },
  mn: {
    shift: {
      reason: { missed: 'Аваагүй дуудлага', away: 'Консол хаагдсан', login: 'Дөнгөж нэвтэрсэн', pbx: 'АТС дээр түр зогссон', wrapup: 'Дуудлагын дараах ажил', logoff: 'Гарсан' },
      missedNotice: 'Дуудлагад хариулаагүй тул таныг түр зогсоолоо. Буцаж ирээд «Бэлэн» дарна уу.',
      tasks: { title: 'Миний эргэн залгалтууд', when: 'Хэзээ', all: 'Бүгд', overdue: 'Хугацаа хэтэрсэн', upcoming: 'Удахгүй', kindLabel: 'Төрөл', anyKind: 'Бүх төрөл', kind: { callback: 'Эргэн залгах', follow_up: 'Дараагийн алхам' }, call: 'Залгах', none: 'Эргэн залгалт алга', customerTitle: 'Нээлттэй даалгавар' },
      keys: { title: 'Товчлуурууд', close: 'Хаах', answer: 'Дуудлагад хариулах', hangup: 'Таслах (эсвэл татгалзах)', hold: 'Түр хүлээлгэх / үргэлжлүүлэх', ready: 'Бэлэн', pause: 'Түр зогсох: шалтгаан сонгох', submit: 'Тэмдэглэл илгээх', customer: 'Харилцагчийн хуудсыг нээх', softphone: 'Софтфон руу очих', keys: 'Жагсаалтыг харуулах эсвэл нуух', skip: 'Софтфон руу алгасах' },
      wrapupFolded: 'Хүлээгдэж буй тэмдэглэл алга | Дуудлагын тэмдэглэл хүлээгдэж байна: энэ дуудлагын дараа бөглөнө үү | {n} тэмдэглэл хүлээгдэж байна: энэ дуудлагын дараа бөглөнө үү',
      wrapupUnfold: 'Тэмдэглэлийг нээх',
      callsWaiting: 'Хүлээж буй дуудлага алга | 1 дуудлага хүлээж байна | {n} дуудлага хүлээж байна',
      wrapupsMore: 'өөр тэмдэглэл алга | дахиад 1 тэмдэглэл | дахиад {n} тэмдэглэл',
    },
  },
  hi: {
    shift: {
      reason: { missed: 'छूटी कॉल', away: 'कंसोल बंद', login: 'अभी लॉग इन किया', pbx: 'फ़ोन सिस्टम पर रोका गया', wrapup: 'रैप-अप', logoff: 'लॉग ऑफ़' },
      missedNotice: 'कॉल का उत्तर न मिलने के कारण आपको रोका गया है। लौटने पर "तैयार" दबाएँ।',
      tasks: { title: 'मेरे कॉलबैक', when: 'कब', all: 'सभी', overdue: 'समय बीत चुका', upcoming: 'आगामी', kindLabel: 'प्रकार', anyKind: 'कोई भी प्रकार', kind: { callback: 'कॉलबैक', follow_up: 'फ़ॉलो-अप' }, call: 'कॉल करें', none: 'कोई कॉलबैक नहीं', customerTitle: 'खुले कार्य' },
      keys: { title: 'कीबोर्ड', close: 'बंद करें', answer: 'बजती कॉल का उत्तर दें', hangup: 'कॉल काटें (या अस्वीकार करें)', hold: 'होल्ड / फिर से शुरू', ready: 'तैयार', pause: 'विराम: कारण चुनें', submit: 'रैप-अप जमा करें', customer: 'ग्राहक पृष्ठ खोलें', softphone: 'सॉफ़्टफ़ोन पर जाएँ', keys: 'यह सूची दिखाएँ या छिपाएँ', skip: 'सॉफ़्टफ़ोन पर जाएँ' },
      wrapupFolded: 'कोई रैप-अप बाकी नहीं | एक रैप-अप बाकी है: इस कॉल के बाद पूरा करें | {n} रैप-अप बाकी हैं: इस कॉल के बाद पूरा करें',
      wrapupUnfold: 'रैप-अप खोलें',
      callsWaiting: 'कोई कॉल प्रतीक्षा में नहीं | 1 कॉल प्रतीक्षा में | {n} कॉल प्रतीक्षा में',
      wrapupsMore: 'कोई और रैप-अप नहीं | 1 और रैप-अप | {n} और रैप-अप',
    },
  },
  id: {
    shift: {
      reason: { missed: 'Panggilan tak terjawab', away: 'Konsol ditutup', login: 'Baru masuk', pbx: 'Dijeda di sistem telepon', wrapup: 'Wrap-up', logoff: 'Keluar' },
      missedNotice: 'Anda dijeda karena panggilan berdering tanpa dijawab. Tekan Siap saat Anda kembali.',
      tasks: { title: 'Panggilan balik saya', when: 'Kapan', all: 'Semua', overdue: 'Terlambat', upcoming: 'Mendatang', kindLabel: 'Jenis', anyKind: 'Semua jenis', kind: { callback: 'Panggilan balik', follow_up: 'Tindak lanjut' }, call: 'Telepon', none: 'Tidak ada panggilan balik', customerTitle: 'Tugas terbuka' },
      keys: { title: 'Papan ketik', close: 'Tutup', answer: 'Jawab panggilan', hangup: 'Tutup telepon (atau tolak)', hold: 'Tahan / lanjutkan', ready: 'Siap', pause: 'Jeda: pilih alasan', submit: 'Kirim wrap-up', customer: 'Buka halaman pelanggan', softphone: 'Ke softphone', keys: 'Tampilkan atau sembunyikan daftar ini', skip: 'Lompat ke softphone' },
      wrapupFolded: 'Tidak ada wrap-up tertunda | Ada wrap-up tertunda: selesaikan setelah panggilan ini | {n} wrap-up tertunda: selesaikan setelah panggilan ini',
      wrapupUnfold: 'Buka wrap-up',
      callsWaiting: 'Tidak ada panggilan menunggu | 1 panggilan menunggu | {n} panggilan menunggu',
      wrapupsMore: 'tidak ada wrap-up lain | 1 wrap-up lagi | {n} wrap-up lagi',
    },
  },
});
