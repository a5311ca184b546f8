import { defineFeature } from './define-feature';

// Issue #24: predictive dialing: the mode, its settings in the campaign form, and the live pacing panel.
export default defineFeature({
  en: {
    campaigns: {
      modes: { predictive: 'Predictive' },
      abandonCap: 'Abandon cap (% of answered)', abandonPeriod: 'Measured over (hours)', amdAction: 'Answering machine',
      amdActions: { off: 'No detection (every answer to an agent)', hangup: 'Hang up', message: 'Leave the recorded message' },
      predictiveHint: 'Calls more customers than agents are free, from the measured answer rate and call lengths; never lets the abandon rate over the period pass the cap. A customer who answers when no agent is free hears the recorded message within 2 seconds.',
    },
    pacing: {
      title: 'Live dialling', dialLevel: 'Dial level', ringing: 'Ringing', agentsWaiting: 'Agents waiting', agentsBusy: 'Agents on calls',
      answered: 'Answered', connected: 'Connected', abandoned: 'Abandoned', abandonRate: 'Abandon rate', cap: 'cap {cap}',
      period: 'last {hours} h', recent: 'last 30 min: {rate}', answerRate: 'Answer rate',
      reasons: { 'no-agents': 'No agent logged in', paced: 'Pacing to the measured rates', 'cap-guard': 'Held back by the abandon cap',
        'line-limit': 'At the line limit', 'over-cap': 'Over the cap: one call per free agent only' },
    },
  },
  ru: {
    campaigns: {
      modes: { predictive: 'Предиктивный' },
      abandonCap: 'Предел брошенных (% отвеченных)', abandonPeriod: 'Период измерения (часы)', amdAction: 'Автоответчик',
      amdActions: { off: 'Без распознавания (каждый ответ оператору)', hangup: 'Положить трубку', message: 'Оставить записанное сообщение' },
      predictiveHint: 'Звонит большему числу клиентов, чем свободно операторов, по измеренной доле ответов и длительности разговоров; доля брошенных звонков за период никогда не превышает предел. Клиент, ответивший, когда свободных операторов нет, слышит записанное сообщение в течение 2 секунд.',
    },
    pacing: {
      title: 'Набор в реальном времени', dialLevel: 'Уровень набора', ringing: 'Идёт вызов', agentsWaiting: 'Операторы ждут', agentsBusy: 'Операторы на звонках',
      answered: 'Отвечено', connected: 'Соединено', abandoned: 'Брошено', abandonRate: 'Доля брошенных', cap: 'предел {cap}',
      period: 'за {hours} ч', recent: 'за 30 мин: {rate}', answerRate: 'Доля ответов',
      reasons: { 'no-agents': 'Нет операторов в системе', paced: 'Темп по измеренным показателям', 'cap-guard': 'Сдерживается пределом брошенных',
        'line-limit': 'Достигнут предел линий', 'over-cap': 'Предел превышен: только один звонок на свободного оператора' },
    },
  },
  mn: {
    campaigns: {
      modes: { predictive: 'Урьдчилан таамагласан' },
      abandonCap: 'Орхигдсон дуудлагын хязгаар (хариулснаас %)', abandonPeriod: 'Хэмжих хугацаа (цаг)', amdAction: 'Автомат хариулагч',
      amdActions: { off: 'Танихгүй (бүх хариултыг ажилтанд)', hangup: 'Утсаа таслах', message: 'Бичлэгтэй мессеж үлдээх' },
      predictiveHint: 'Хэмжсэн хариулалтын хувь ба ярианы үргэлжлэлээр сул ажилтнаас олон үйлчлүүлэгч рүү залгана; хугацааны орхигдсон дуудлагын хувь хязгаараас хэзээ ч хэтрэхгүй. Сул ажилтан байхгүй үед хариулсан үйлчлүүлэгч 2 секундын дотор бичлэгтэй мессеж сонсоно.',
    },
    pacing: {
      title: 'Шууд залгалт', dialLevel: 'Залгалтын түвшин', ringing: 'Дуугарч байна', agentsWaiting: 'Хүлээж буй ажилтан', agentsBusy: 'Ярьж буй ажилтан',
      answered: 'Хариулсан', connected: 'Холбогдсон', abandoned: 'Орхигдсон', abandonRate: 'Орхигдсон хувь', cap: 'хязгаар {cap}',
      period: 'сүүлийн {hours} цаг', recent: 'сүүлийн 30 мин: {rate}', answerRate: 'Хариулалтын хувь',
      reasons: { 'no-agents': 'Нэвтэрсэн ажилтан алга', paced: 'Хэмжсэн үзүүлэлтээр хэмнэл тохируулж байна', 'cap-guard': 'Орхигдлын хязгаараар хязгаарлагдсан',
        'line-limit': 'Шугамын хязгаарт хүрсэн', 'over-cap': 'Хязгаар хэтэрсэн: сул ажилтан бүрт нэг дуудлага' },
    },
  },
  hi: {
    campaigns: {
      modes: { predictive: 'प्रेडिक्टिव' },
      abandonCap: 'छोड़ी गई कॉल की सीमा (उत्तर दी गई का %)', abandonPeriod: 'मापन अवधि (घंटे)', amdAction: 'आंसरिंग मशीन',
      amdActions: { off: 'पहचान नहीं (हर उत्तर एजेंट को)', hangup: 'कॉल काटें', message: 'रिकॉर्ड किया संदेश छोड़ें' },
      predictiveHint: 'मापी गई उत्तर दर और कॉल की अवधि के आधार पर खाली एजेंटों से अधिक ग्राहकों को कॉल करता है; अवधि में छोड़ी गई कॉल की दर कभी सीमा से ऊपर नहीं जाती। कोई एजेंट खाली न होने पर उत्तर देने वाला ग्राहक 2 सेकंड के भीतर रिकॉर्ड किया संदेश सुनता है।',
    },
    pacing: {
      title: 'लाइव डायलिंग', dialLevel: 'डायल स्तर', ringing: 'घंटी बज रही', agentsWaiting: 'प्रतीक्षारत एजेंट', agentsBusy: 'कॉल पर एजेंट',
      answered: 'उत्तर दी गई', connected: 'जुड़ी', abandoned: 'छोड़ी गई', abandonRate: 'छोड़ी गई दर', cap: 'सीमा {cap}',
      period: 'पिछले {hours} घंटे', recent: 'पिछले 30 मिनट: {rate}', answerRate: 'उत्तर दर',
      reasons: { 'no-agents': 'कोई एजेंट लॉग इन नहीं', paced: 'मापी गई दरों के अनुसार गति', 'cap-guard': 'छोड़ी गई कॉल की सीमा से रोका गया',
        'line-limit': 'लाइन सीमा पर', 'over-cap': 'सीमा पार: हर खाली एजेंट के लिए केवल एक कॉल' },
    },
  },
  id: {
    campaigns: {
      modes: { predictive: 'Prediktif' },
      abandonCap: 'Batas panggilan ditinggalkan (% dari dijawab)', abandonPeriod: 'Diukur selama (jam)', amdAction: 'Mesin penjawab',
      amdActions: { off: 'Tanpa deteksi (setiap jawaban ke agen)', hangup: 'Tutup telepon', message: 'Tinggalkan pesan rekaman' },
      predictiveHint: 'Menelepon lebih banyak pelanggan daripada agen yang bebas, berdasarkan tingkat jawaban dan durasi panggilan yang diukur; tingkat panggilan ditinggalkan selama periode tidak pernah melewati batas. Pelanggan yang menjawab saat tidak ada agen bebas mendengar pesan rekaman dalam 2 detik.',
    },
    pacing: {
      title: 'Panggilan langsung', dialLevel: 'Tingkat panggil', ringing: 'Berdering', agentsWaiting: 'Agen menunggu', agentsBusy: 'Agen sedang menelepon',
      answered: 'Dijawab', connected: 'Tersambung', abandoned: 'Ditinggalkan', abandonRate: 'Tingkat ditinggalkan', cap: 'batas {cap}',
      period: '{hours} jam terakhir', recent: '30 menit terakhir: {rate}', answerRate: 'Tingkat jawaban',
      reasons: { 'no-agents': 'Tidak ada agen yang masuk', paced: 'Mengikuti tingkat yang diukur', 'cap-guard': 'Ditahan oleh batas panggilan ditinggalkan',
        'line-limit': 'Di batas jalur', 'over-cap': 'Melewati batas: hanya satu panggilan per agen bebas' },
    },
  },
});
