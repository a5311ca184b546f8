import { defineFeature } from './define-feature';

// Issue #24: the predictive campaign reports: abandon rate per hour of day and AMD outcomes (report names, tables,
// the campaign filter, the AMD results and the columns they add).
export default defineFeature({
  en: {
    reports: {
      analyticalKind: { 'campaign-abandons': 'Predictive: abandon rate by hour of day', 'campaign-amd': 'Predictive: answering machine outcomes' },
      table: { 'campaign-abandons': 'Abandon rate by hour of day', 'campaign-amd': 'Answering machine detection: results and outcomes' },
      campaign: 'Campaign', chooseCampaign: 'Choose a campaign', overCap: 'Over the cap',
      amdResult: { human: 'Person', notsure: 'Not sure', machine: 'Answering machine', hangup: 'Hung up during detection', none: 'No detection' },
    },
    columns: {
      hourOfDay: 'Hour', dials: 'Dials', liveAnswers: 'Live answers', connected: 'Connected', overCap: 'Over the cap',
      amdResult: 'Detection result', answers: 'Answers', share: 'Share', machineDropped: 'Machine: hung up',
      machineMessage: 'Machine: message left', hungUp: 'Customer hung up', undecided: 'Not decided yet',
    },
  },
  ru: {
    reports: {
      analyticalKind: { 'campaign-abandons': 'Предиктивный: доля брошенных по часам', 'campaign-amd': 'Предиктивный: результаты распознавания автоответчика' },
      table: { 'campaign-abandons': 'Доля брошенных по часам суток', 'campaign-amd': 'Распознавание автоответчика: результаты и исходы' },
      campaign: 'Кампания', chooseCampaign: 'Выберите кампанию', overCap: 'Выше предела',
      amdResult: { human: 'Человек', notsure: 'Не определено', machine: 'Автоответчик', hangup: 'Положили трубку при распознавании', none: 'Без распознавания' },
    },
    columns: {
      hourOfDay: 'Час', dials: 'Наборы', liveAnswers: 'Живые ответы', connected: 'Соединено', overCap: 'Выше предела',
      amdResult: 'Результат распознавания', answers: 'Ответы', share: 'Доля', machineDropped: 'Автоответчик: сброс',
      machineMessage: 'Автоответчик: оставлено сообщение', hungUp: 'Клиент положил трубку', undecided: 'Ещё не решено',
    },
  },
  mn: {
    reports: {
      analyticalKind: { 'campaign-abandons': 'Урьдчилан таамагласан: цагаар орхигдсон хувь', 'campaign-amd': 'Урьдчилан таамагласан: автомат хариулагч илрүүлэлтийн үр дүн' },
      table: { 'campaign-abandons': 'Өдрийн цаг тутмын орхигдсон хувь', 'campaign-amd': 'Автомат хариулагч илрүүлэлт: үр дүн ба төгсгөл' },
      campaign: 'Кампанит ажил', chooseCampaign: 'Кампанит ажил сонгоно уу', overCap: 'Хязгаараас дээш',
      amdResult: { human: 'Хүн', notsure: 'Тодорхойгүй', machine: 'Автомат хариулагч', hangup: 'Илрүүлэх үед тасалсан', none: 'Илрүүлэлтгүй' },
    },
    columns: {
      hourOfDay: 'Цаг', dials: 'Залгалт', liveAnswers: 'Амьд хариулт', connected: 'Холбогдсон', overCap: 'Хязгаараас дээш',
      amdResult: 'Илрүүлэлтийн үр дүн', answers: 'Хариулт', share: 'Эзлэх хувь', machineDropped: 'Хариулагч: тасалсан',
      machineMessage: 'Хариулагч: мессеж үлдээсэн', hungUp: 'Үйлчлүүлэгч тасалсан', undecided: 'Шийдэгдээгүй',
    },
  },
  hi: {
    reports: {
      analyticalKind: { 'campaign-abandons': 'प्रेडिक्टिव: दिन के घंटे के अनुसार छोड़ी गई दर', 'campaign-amd': 'प्रेडिक्टिव: आंसरिंग मशीन पहचान के परिणाम' },
      table: { 'campaign-abandons': 'दिन के घंटे के अनुसार छोड़ी गई दर', 'campaign-amd': 'आंसरिंग मशीन पहचान: परिणाम और नतीजे' },
      campaign: 'अभियान', chooseCampaign: 'अभियान चुनें', overCap: 'सीमा से ऊपर',
      amdResult: { human: 'व्यक्ति', notsure: 'निश्चित नहीं', machine: 'आंसरिंग मशीन', hangup: 'पहचान के दौरान कॉल काटी', none: 'पहचान नहीं' },
    },
    columns: {
      hourOfDay: 'घंटा', dials: 'डायल', liveAnswers: 'लाइव उत्तर', connected: 'जुड़ी', overCap: 'सीमा से ऊपर',
      amdResult: 'पहचान परिणाम', answers: 'उत्तर', share: 'हिस्सा', machineDropped: 'मशीन: कॉल काटी',
      machineMessage: 'मशीन: संदेश छोड़ा', hungUp: 'ग्राहक ने कॉल काटी', undecided: 'अभी तय नहीं',
    },
  },
  id: {
    reports: {
      analyticalKind: { 'campaign-abandons': 'Prediktif: tingkat panggilan terabaikan per jam', 'campaign-amd': 'Prediktif: hasil deteksi mesin penjawab' },
      table: { 'campaign-abandons': 'Tingkat panggilan terabaikan per jam', 'campaign-amd': 'Deteksi mesin penjawab: hasil dan akhir panggilan' },
      campaign: 'Kampanye', chooseCampaign: 'Pilih kampanye', overCap: 'Di atas batas',
      amdResult: { human: 'Orang', notsure: 'Tidak pasti', machine: 'Mesin penjawab', hangup: 'Ditutup saat deteksi', none: 'Tanpa deteksi' },
    },
    columns: {
      hourOfDay: 'Jam', dials: 'Panggilan keluar', liveAnswers: 'Jawaban langsung', connected: 'Tersambung', overCap: 'Di atas batas',
      amdResult: 'Hasil deteksi', answers: 'Jawaban', share: 'Porsi', machineDropped: 'Mesin: ditutup',
      machineMessage: 'Mesin: pesan ditinggalkan', hungUp: 'Pelanggan menutup', undecided: 'Belum diputuskan',
    },
  },
});
