import { defineFeature } from './define-feature';

// Issue #20.9: the supervisor's listen / whisper / barge session in the softphone panel and on the wallboard.
export default defineFeature({
  en: {
    spy: {
      listening: 'Listening to {agent} (customer {customer})', whispering: 'Whispering to {agent} (customer {customer})',
      barging: 'Barging in on {agent} (customer {customer})', someAgent: 'an agent', modeLabel: 'Mode',
      mode: { listen: 'Listen', whisper: 'Whisper', barge: 'Barge' }, stop: 'Stop',
      changeHint: 'To change the mode, stop and choose again on the wallboard.', onThisCall: 'You: {mode}',
      alreadyActive: 'You are already listening to a call: stop it first',
    },
  },
  ru: {
    spy: {
      listening: 'Вы слушаете {agent} (клиент {customer})', whispering: 'Вы подсказываете {agent} (клиент {customer})',
      barging: 'Вы в разговоре {agent} (клиент {customer})', someAgent: 'оператора', modeLabel: 'Режим',
      mode: { listen: 'Прослушивание', whisper: 'Подсказка', barge: 'Вмешательство' }, stop: 'Остановить',
      changeHint: 'Чтобы сменить режим, остановите и выберите снова на панели мониторинга.', onThisCall: 'Вы: {mode}',
      alreadyActive: 'Вы уже слушаете звонок: сначала остановите его',
    },
  },
  mn: {
    spy: {
      listening: '{agent}-г сонсож байна (харилцагч {customer})', whispering: '{agent}-д шивнэж байна (харилцагч {customer})',
      barging: '{agent}-ийн ярианд орсон (харилцагч {customer})', someAgent: 'ажилтан', modeLabel: 'Горим',
      mode: { listen: 'Сонсох', whisper: 'Шивнэх', barge: 'Орох' }, stop: 'Зогсоох',
      changeHint: 'Горимоо солихын тулд зогсоож, самбар дээрээс дахин сонгоно уу.', onThisCall: 'Та: {mode}',
      alreadyActive: 'Та аль хэдийн дуудлага сонсож байна: эхлээд зогсооно уу',
    },
  },
  hi: {
    spy: {
      listening: '{agent} को सुन रहे हैं (ग्राहक {customer})', whispering: '{agent} से फुसफुसा रहे हैं (ग्राहक {customer})',
      barging: '{agent} की कॉल में शामिल (ग्राहक {customer})', someAgent: 'एक एजेंट', modeLabel: 'मोड',
      mode: { listen: 'सुनें', whisper: 'फुसफुसाएँ', barge: 'शामिल हों' }, stop: 'रोकें',
      changeHint: 'मोड बदलने के लिए रोकें और वॉलबोर्ड पर फिर से चुनें।', onThisCall: 'आप: {mode}',
      alreadyActive: 'आप पहले से एक कॉल सुन रहे हैं: पहले उसे रोकें',
    },
  },
  id: {
    spy: {
      listening: 'Mendengarkan {agent} (pelanggan {customer})', whispering: 'Berbisik ke {agent} (pelanggan {customer})',
      barging: 'Bergabung ke panggilan {agent} (pelanggan {customer})', someAgent: 'seorang agen', modeLabel: 'Mode',
      mode: { listen: 'Dengarkan', whisper: 'Bisik', barge: 'Gabung' }, stop: 'Hentikan',
      changeHint: 'Untuk mengganti mode, hentikan lalu pilih lagi di wallboard.', onThisCall: 'Anda: {mode}',
      alreadyActive: 'Anda sudah mendengarkan sebuah panggilan: hentikan dulu',
    },
  },
});
