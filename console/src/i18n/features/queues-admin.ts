import { defineFeature } from './define-feature';

// Admin → Queues (issue #21): queues, their members and penalties.
export default defineFeature({
  en: {
    queues: {
      title: 'Queues', intro: 'Who answers which queue. A lower penalty is rung first (0 first). Changes reach the PBX at once.',
      strategy: 'Strategy', wrapup: 'Wrap-up (s)', wrapupDefault: 'as in settings', serviceLevel: 'Service level (s)',
      active: 'Active', retired: 'Retired', retire: 'Retire', restore: 'Restore',
      agent: 'Agent', extension: 'Extension', penalty: 'Penalty', save: 'Save', remove: 'Remove', addMember: 'Add to queue',
      pickAgent: 'Choose an agent', noMembers: 'Nobody serves this queue.', memberInactive: 'deactivated',
      newQueue: 'New queue', name: 'Name (for the PBX)', displayName: 'Display name', create: 'Create', saved: 'Saved.',
      nameTaken: 'Another queue has this name.', invalid: 'Check the values: a name of lowercase letters, digits, - or _; a penalty from 0 to 1000.',
      strategies: { ringall: 'Ring all', leastrecent: 'Least recent', fewestcalls: 'Fewest calls', random: 'Random', rrmemory: 'Round robin',
        linear: 'In order', wrandom: 'Weighted random', rrordered: 'Round robin, in order' },
    },
  },
  ru: {
    queues: {
      title: 'Очереди', intro: 'Кто отвечает в какой очереди. Меньший штраф звонит первым (0 — первым). Изменения сразу доходят до АТС.',
      strategy: 'Стратегия', wrapup: 'Постобработка (с)', wrapupDefault: 'как в настройках', serviceLevel: 'Уровень сервиса (с)',
      active: 'Действует', retired: 'Выведена', retire: 'Вывести', restore: 'Вернуть',
      agent: 'Оператор', extension: 'Номер', penalty: 'Штраф', save: 'Сохранить', remove: 'Убрать', addMember: 'Добавить в очередь',
      pickAgent: 'Выберите оператора', noMembers: 'Эту очередь никто не обслуживает.', memberInactive: 'отключён',
      newQueue: 'Новая очередь', name: 'Имя (для АТС)', displayName: 'Название', create: 'Создать', saved: 'Сохранено.',
      nameTaken: 'Очередь с таким именем уже есть.', invalid: 'Проверьте значения: имя из строчных букв, цифр, - или _; штраф от 0 до 1000.',
      strategies: { ringall: 'Всем сразу', leastrecent: 'Давно не отвечавшему', fewestcalls: 'Меньше всего звонков', random: 'Случайно', rrmemory: 'По кругу',
        linear: 'По порядку', wrandom: 'Случайно с весом', rrordered: 'По кругу, по порядку' },
    },
  },
  mn: {
    queues: {
      title: 'Дараалал', intro: 'Аль дараалалд хэн хариулах. Бага торгуультай нь түрүүлж дуугарна (0 хамгийн түрүүнд). Өөрчлөлт АТС-д шууд хүрнэ.',
      strategy: 'Стратеги', wrapup: 'Дуудлагын дараах ажил (с)', wrapupDefault: 'тохиргооны дагуу', serviceLevel: 'Үйлчилгээний түвшин (с)',
      active: 'Идэвхтэй', retired: 'Хэрэглээнээс гарсан', retire: 'Хэрэглээнээс гаргах', restore: 'Сэргээх',
      agent: 'Оператор', extension: 'Дотуур дугаар', penalty: 'Торгууль', save: 'Хадгалах', remove: 'Хасах', addMember: 'Дараалалд нэмэх',
      pickAgent: 'Оператор сонгоно уу', noMembers: 'Энэ дараалалд хэн ч үйлчлэхгүй байна.', memberInactive: 'идэвхгүй',
      newQueue: 'Шинэ дараалал', name: 'Нэр (АТС-д)', displayName: 'Харагдах нэр', create: 'Үүсгэх', saved: 'Хадгаллаа.',
      nameTaken: 'Ийм нэртэй дараалал байна.', invalid: 'Утгыг шалгана уу: нэр нь жижиг үсэг, цифр, - эсвэл _; торгууль 0-ээс 1000.',
      strategies: { ringall: 'Бүгдэд нэг зэрэг', leastrecent: 'Удаан хариулаагүйд', fewestcalls: 'Хамгийн цөөн дуудлагатайд', random: 'Санамсаргүй', rrmemory: 'Ээлжээр',
        linear: 'Дарааллаар', wrandom: 'Жинтэй санамсаргүй', rrordered: 'Ээлжээр, дарааллаар' },
    },
  },
  hi: {
    queues: {
      title: 'कतारें', intro: 'कौन किस कतार का उत्तर देता है। कम पेनल्टी वाले को पहले रिंग होती है (0 सबसे पहले)। बदलाव तुरंत PBX तक पहुँचते हैं।',
      strategy: 'रणनीति', wrapup: 'रैप-अप (से.)', wrapupDefault: 'सेटिंग्स के अनुसार', serviceLevel: 'सेवा स्तर (से.)',
      active: 'सक्रिय', retired: 'सेवानिवृत्त', retire: 'सेवानिवृत्त करें', restore: 'पुनः सक्रिय करें',
      agent: 'एजेंट', extension: 'एक्सटेंशन', penalty: 'पेनल्टी', save: 'सहेजें', remove: 'हटाएँ', addMember: 'कतार में जोड़ें',
      pickAgent: 'एजेंट चुनें', noMembers: 'इस कतार में कोई नहीं है।', memberInactive: 'निष्क्रिय',
      newQueue: 'नई कतार', name: 'नाम (PBX के लिए)', displayName: 'प्रदर्शित नाम', create: 'बनाएँ', saved: 'सहेजा गया।',
      nameTaken: 'इस नाम की कतार पहले से है।', invalid: 'मान जाँचें: नाम में छोटे अक्षर, अंक, - या _; पेनल्टी 0 से 1000।',
      strategies: { ringall: 'सभी को एक साथ', leastrecent: 'सबसे पहले खाली हुए को', fewestcalls: 'सबसे कम कॉल वाले को', random: 'यादृच्छिक', rrmemory: 'बारी-बारी',
        linear: 'क्रम से', wrandom: 'भारित यादृच्छिक', rrordered: 'बारी-बारी, क्रम से' },
    },
  },
  id: {
    queues: {
      title: 'Antrean', intro: 'Siapa yang menjawab antrean mana. Penalti lebih kecil dibunyikan lebih dulu (0 paling awal). Perubahan langsung sampai ke PBX.',
      strategy: 'Strategi', wrapup: 'Wrap-up (dtk)', wrapupDefault: 'sesuai pengaturan', serviceLevel: 'Tingkat layanan (dtk)',
      active: 'Aktif', retired: 'Dipensiunkan', retire: 'Pensiunkan', restore: 'Pulihkan',
      agent: 'Agen', extension: 'Ekstensi', penalty: 'Penalti', save: 'Simpan', remove: 'Keluarkan', addMember: 'Tambahkan ke antrean',
      pickAgent: 'Pilih agen', noMembers: 'Tidak ada yang melayani antrean ini.', memberInactive: 'dinonaktifkan',
      newQueue: 'Antrean baru', name: 'Nama (untuk PBX)', displayName: 'Nama tampilan', create: 'Buat', saved: 'Tersimpan.',
      nameTaken: 'Sudah ada antrean dengan nama ini.', invalid: 'Periksa nilainya: nama dari huruf kecil, angka, - atau _; penalti 0 sampai 1000.',
      strategies: { ringall: 'Semua sekaligus', leastrecent: 'Yang paling lama tidak menjawab', fewestcalls: 'Panggilan paling sedikit', random: 'Acak', rrmemory: 'Bergiliran',
        linear: 'Berurutan', wrandom: 'Acak berbobot', rrordered: 'Bergiliran, berurutan' },
    },
  },
});
