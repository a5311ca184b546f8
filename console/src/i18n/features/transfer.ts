import { defineFeature } from './define-feature';

// Issue #20.4: transfers (blind / attended, to an agent, a queue or a number) and the keypad, from the softphone.
export default defineFeature({
  en: {
    shift: { keys: { transfer: 'Transfer the call (opens the form)' } },
    xfer: {
      title: 'Transfer the call', mode: 'How', blind: 'Blind (hand over now)', attended: 'Attended (talk to them first)',
      to: 'To', agent: 'An agent', queue: 'A queue', number: 'A number', pickAgent: 'Choose an agent', queueName: 'Queue',
      numberLabel: 'Phone number', go: 'Transfer', consulting: 'Talking to the transfer target; the caller is on hold',
      complete: 'Complete the transfer', cancel: 'Cancel: back to the caller',
      state: { offline: 'offline', ready: 'ready', paused: 'paused', ringing: 'ringing', on_call: 'on a call', wrapup: 'wrap-up' },
      timeline: 'Transferred from {from} to {to}', someone: 'someone', sent: 'Sent: {digits}',
    },
  },
  ru: {
    shift: { keys: { transfer: 'Перевести звонок (открыть форму)' } },
    xfer: {
      title: 'Перевести звонок', mode: 'Как', blind: 'Слепой (передать сразу)', attended: 'С консультацией (сначала поговорить)',
      to: 'Куда', agent: 'Оператору', queue: 'В очередь', number: 'На номер', pickAgent: 'Выберите оператора', queueName: 'Очередь',
      numberLabel: 'Номер телефона', go: 'Перевести', consulting: 'Вы говорите с адресатом перевода; клиент на удержании',
      complete: 'Завершить перевод', cancel: 'Отменить: вернуться к клиенту',
      state: { offline: 'не в сети', ready: 'готов', paused: 'на паузе', ringing: 'звонит', on_call: 'на звонке', wrapup: 'постобработка' },
      timeline: 'Переведён: {from} → {to}', someone: 'кто-то', sent: 'Отправлено: {digits}',
    },
  },
  mn: {
    shift: { keys: { transfer: 'Дуудлагыг шилжүүлэх (маягт нээх)' } },
    xfer: {
      title: 'Дуудлагыг шилжүүлэх', mode: 'Хэрхэн', blind: 'Шууд (одоо шилжүүлэх)', attended: 'Зөвлөлдөж (эхлээд ярих)',
      to: 'Хаашаа', agent: 'Ажилтан руу', queue: 'Дараалал руу', number: 'Дугаар руу', pickAgent: 'Ажилтан сонгох', queueName: 'Дараалал',
      numberLabel: 'Утасны дугаар', go: 'Шилжүүлэх', consulting: 'Та шилжүүлэх хүнтэй ярьж байна; харилцагч хүлээлгэнд байна',
      complete: 'Шилжүүлгийг дуусгах', cancel: 'Цуцлах: харилцагч руу буцах',
      state: { offline: 'сүлжээнд алга', ready: 'бэлэн', paused: 'түр зогссон', ringing: 'дуугарч байна', on_call: 'ярьж байна', wrapup: 'дүгнэлт' },
      timeline: '{from}-с {to} руу шилжүүлсэн', someone: 'хэн нэгэн', sent: 'Илгээсэн: {digits}',
    },
  },
  hi: {
    shift: { keys: { transfer: 'कॉल ट्रांसफ़र करें (फ़ॉर्म खोलें)' } },
    xfer: {
      title: 'कॉल ट्रांसफ़र करें', mode: 'कैसे', blind: 'सीधा (अभी सौंपें)', attended: 'परामर्श के साथ (पहले बात करें)',
      to: 'किसे', agent: 'किसी एजेंट को', queue: 'किसी कतार में', number: 'किसी नंबर पर', pickAgent: 'एजेंट चुनें', queueName: 'कतार',
      numberLabel: 'फ़ोन नंबर', go: 'ट्रांसफ़र करें', consulting: 'आप ट्रांसफ़र पाने वाले से बात कर रहे हैं; कॉलर होल्ड पर है',
      complete: 'ट्रांसफ़र पूरा करें', cancel: 'रद्द करें: कॉलर पर लौटें',
      state: { offline: 'ऑफ़लाइन', ready: 'तैयार', paused: 'रुका हुआ', ringing: 'घंटी बज रही है', on_call: 'कॉल पर', wrapup: 'रैप-अप' },
      timeline: '{from} से {to} को ट्रांसफ़र किया गया', someone: 'कोई', sent: 'भेजा गया: {digits}',
    },
  },
  id: {
    shift: { keys: { transfer: 'Alihkan panggilan (buka formulir)' } },
    xfer: {
      title: 'Alihkan panggilan', mode: 'Cara', blind: 'Langsung (serahkan sekarang)', attended: 'Dengan konsultasi (bicara dulu)',
      to: 'Ke', agent: 'Seorang agen', queue: 'Sebuah antrean', number: 'Sebuah nomor', pickAgent: 'Pilih agen', queueName: 'Antrean',
      numberLabel: 'Nomor telepon', go: 'Alihkan', consulting: 'Anda berbicara dengan tujuan pengalihan; penelepon ditahan',
      complete: 'Selesaikan pengalihan', cancel: 'Batal: kembali ke penelepon',
      state: { offline: 'luring', ready: 'siap', paused: 'jeda', ringing: 'berdering', on_call: 'sedang menelepon', wrapup: 'penyelesaian' },
      timeline: 'Dialihkan dari {from} ke {to}', someone: 'seseorang', sent: 'Terkirim: {digits}',
    },
  },
});
