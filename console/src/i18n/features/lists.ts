import { defineFeature } from './define-feature';

// Admin → Lists (issue #21): dispositions, pause reasons, refusal reasons and products with a label per language.
export default defineFeature({
  en: {
    lists: {
      title: 'Lists', intro: 'What agents pick during and after calls. A code never changes once used; retire an item instead of deleting it.',
      tab: { dispositions: 'Dispositions', 'pause-reasons': 'Pause reasons', 'refusal-reasons': 'Refusal reasons', products: 'Products and offers' },
      code: 'Code', label: 'Default label', labelIn: 'Label ({lang})', category: 'Category', kind: 'Kind', price: 'Price', status: 'Status',
      active: 'Active', retired: 'Retired', system: 'set by the system', order: 'Order', up: 'Move up', down: 'Move down',
      save: 'Save', retire: 'Retire', restore: 'Restore', remove: 'Delete', add: 'Add', addTitle: 'New item', saved: 'Saved.',
      confirmRemove: 'Delete {code}? Only an item nothing refers to can be deleted.',
      inUse: '{code} is used in recorded history: retire it instead.', taken: 'This code is already in the list.',
      systemItem: 'The system sets this one itself: it can be relabelled only.',
      cat: { resolved: 'Resolved', unresolved: 'Unresolved', sale: 'Sale', refusal: 'Refusal', callback: 'Callback', no_contact: 'No contact', other: 'Other' },
      kinds: { product: 'Product', service: 'Service' },
    },
  },
  ru: {
    lists: {
      title: 'Справочники', intro: 'То, что операторы выбирают во время и после звонков. Код использованной записи не меняется: выводите запись из употребления вместо удаления.',
      tab: { dispositions: 'Итоги звонков', 'pause-reasons': 'Причины паузы', 'refusal-reasons': 'Причины отказа', products: 'Продукты и предложения' },
      code: 'Код', label: 'Название по умолчанию', labelIn: 'Название ({lang})', category: 'Категория', kind: 'Тип', price: 'Цена', status: 'Статус',
      active: 'Действует', retired: 'Выведен', system: 'задаётся системой', order: 'Порядок', up: 'Выше', down: 'Ниже',
      save: 'Сохранить', retire: 'Вывести', restore: 'Вернуть', remove: 'Удалить', add: 'Добавить', addTitle: 'Новая запись', saved: 'Сохранено.',
      confirmRemove: 'Удалить {code}? Удалить можно только запись, на которую ничто не ссылается.',
      inUse: '{code} есть в истории: выведите её из употребления.', taken: 'Такой код уже есть в списке.',
      systemItem: 'Эту запись задаёт сама система: её можно только переименовать.',
      cat: { resolved: 'Решено', unresolved: 'Не решено', sale: 'Продажа', refusal: 'Отказ', callback: 'Перезвон', no_contact: 'Нет контакта', other: 'Другое' },
      kinds: { product: 'Товар', service: 'Услуга' },
    },
  },
  mn: {
    lists: {
      title: 'Жагсаалтууд', intro: 'Операторууд дуудлагын үеэр болон дараа нь сонгодог зүйлс. Ашиглагдсан кодыг өөрчлөхгүй: устгахын оронд хэрэглээнээс гаргана.',
      tab: { dispositions: 'Дуудлагын үр дүн', 'pause-reasons': 'Түр зогсоох шалтгаан', 'refusal-reasons': 'Татгалзсан шалтгаан', products: 'Бүтээгдэхүүн ба санал' },
      code: 'Код', label: 'Үндсэн нэр', labelIn: 'Нэр ({lang})', category: 'Ангилал', kind: 'Төрөл', price: 'Үнэ', status: 'Төлөв',
      active: 'Идэвхтэй', retired: 'Хэрэглээнээс гарсан', system: 'системээс тогтоодог', order: 'Дараалал', up: 'Дээш', down: 'Доош',
      save: 'Хадгалах', retire: 'Хэрэглээнээс гаргах', restore: 'Сэргээх', remove: 'Устгах', add: 'Нэмэх', addTitle: 'Шинэ бичлэг', saved: 'Хадгаллаа.',
      confirmRemove: '{code}-г устгах уу? Зөвхөн юу ч холбогдоогүй бичлэгийг устгана.',
      inUse: '{code} түүхэнд ашиглагдсан: хэрэглээнээс гаргана уу.', taken: 'Энэ код жагсаалтад аль хэдийн байна.',
      systemItem: 'Үүнийг систем өөрөө тогтоодог: зөвхөн нэрийг нь өөрчилнө.',
      cat: { resolved: 'Шийдвэрлэсэн', unresolved: 'Шийдвэрлээгүй', sale: 'Борлуулалт', refusal: 'Татгалзсан', callback: 'Эргэн залгах', no_contact: 'Холбогдоогүй', other: 'Бусад' },
      kinds: { product: 'Бүтээгдэхүүн', service: 'Үйлчилгээ' },
    },
  },
  hi: {
    lists: {
      title: 'सूचियाँ', intro: 'एजेंट कॉल के दौरान और बाद में जो चुनते हैं। उपयोग हुआ कोड कभी नहीं बदलता: हटाने के बजाय उसे सेवानिवृत्त करें।',
      tab: { dispositions: 'कॉल परिणाम', 'pause-reasons': 'विराम के कारण', 'refusal-reasons': 'इनकार के कारण', products: 'उत्पाद और ऑफ़र' },
      code: 'कोड', label: 'डिफ़ॉल्ट नाम', labelIn: 'नाम ({lang})', category: 'श्रेणी', kind: 'प्रकार', price: 'मूल्य', status: 'स्थिति',
      active: 'सक्रिय', retired: 'सेवानिवृत्त', system: 'सिस्टम द्वारा निर्धारित', order: 'क्रम', up: 'ऊपर', down: 'नीचे',
      save: 'सहेजें', retire: 'सेवानिवृत्त करें', restore: 'पुनः सक्रिय करें', remove: 'हटाएँ', add: 'जोड़ें', addTitle: 'नई प्रविष्टि', saved: 'सहेजा गया।',
      confirmRemove: '{code} हटाएँ? केवल वही प्रविष्टि हटाई जा सकती है जिसका कहीं उपयोग नहीं हुआ।',
      inUse: '{code} इतिहास में उपयोग हुआ है: इसे सेवानिवृत्त करें।', taken: 'यह कोड सूची में पहले से है।',
      systemItem: 'इसे सिस्टम स्वयं सेट करता है: केवल नाम बदला जा सकता है।',
      cat: { resolved: 'हल', unresolved: 'अनसुलझा', sale: 'बिक्री', refusal: 'इनकार', callback: 'कॉलबैक', no_contact: 'संपर्क नहीं', other: 'अन्य' },
      kinds: { product: 'उत्पाद', service: 'सेवा' },
    },
  },
  id: {
    lists: {
      title: 'Daftar', intro: 'Yang dipilih agen selama dan setelah panggilan. Kode yang sudah dipakai tidak pernah berubah: pensiunkan, jangan dihapus.',
      tab: { dispositions: 'Hasil panggilan', 'pause-reasons': 'Alasan jeda', 'refusal-reasons': 'Alasan penolakan', products: 'Produk dan penawaran' },
      code: 'Kode', label: 'Label bawaan', labelIn: 'Label ({lang})', category: 'Kategori', kind: 'Jenis', price: 'Harga', status: 'Status',
      active: 'Aktif', retired: 'Dipensiunkan', system: 'diatur oleh sistem', order: 'Urutan', up: 'Naik', down: 'Turun',
      save: 'Simpan', retire: 'Pensiunkan', restore: 'Aktifkan lagi', remove: 'Hapus', add: 'Tambah', addTitle: 'Item baru', saved: 'Tersimpan.',
      confirmRemove: 'Hapus {code}? Hanya item yang tidak dirujuk apa pun yang dapat dihapus.',
      inUse: '{code} dipakai dalam riwayat: pensiunkan saja.', taken: 'Kode ini sudah ada di daftar.',
      systemItem: 'Sistem mengatur item ini sendiri: hanya labelnya yang dapat diubah.',
      cat: { resolved: 'Selesai', unresolved: 'Belum selesai', sale: 'Penjualan', refusal: 'Penolakan', callback: 'Telepon balik', no_contact: 'Tidak terhubung', other: 'Lainnya' },
      kinds: { product: 'Produk', service: 'Layanan' },
    },
  },
});
