import { defineFeature } from './define-feature';

// Issue #22.4: the server's validation errors shown under the field they belong to, in the user's language.
// `kw` follows Ajv's keywords (the schema errors), `reason` the service rules' stable reasons, `code` the API's
// error codes (kebab codes in camelCase: vue-i18n paths hold no dashes). console/src/api/form-errors.ts reads them.
export default defineFeature({
  en: { formErr: {
    summary: 'Check the highlighted fields',
    kw: {
      required: 'Required', minLength: 'At least {limit} characters', maxLength: 'At most {limit} characters',
      minimum: 'At least {limit}', maximum: 'At most {limit}', exclusiveMinimum: 'More than {limit}', exclusiveMaximum: 'Less than {limit}',
      pattern: 'Not in the expected format', format: 'Not in the expected format', type: 'Not a valid value',
      enum: 'Not one of the allowed values', minItems: 'Choose at least {limit}', maxItems: 'At most {limit} items', invalid: 'This value is not accepted',
    },
    reason: {
      published: 'This password is published with Warmline; choose another', username: 'The password must not be the user name',
      same: 'The new password must differ from the current one', empty: 'Required', withheld: 'The number is withheld',
      invalidCharacters: 'Only digits and separators', tooShort: 'The number is too short', tooLong: 'The number is too long',
      invalid: 'Not a valid phone number', sameTimes: 'Start and end cannot be the same time',
    },
    code: {
      campaignNameTaken: 'A campaign with this name already exists', segmentNameTaken: 'A segment with this name already exists',
      offerNameTaken: 'An offer with this name already exists', usernameTaken: 'This user name is taken', extensionTaken: 'This extension is taken',
      listCodeTaken: 'This code is taken', segmentRulesInvalid: 'The segment rules are incomplete', forbidden: 'You do not have permission for this action',
      networkError: 'The server cannot be reached', rateLimited: 'Too many attempts; wait a moment and try again', campaignInvalidState: 'The campaign cannot be changed in its current state',
      unauthorized: 'Wrong user name or password',
    },
  } },
  ru: { formErr: {
    summary: 'Проверьте выделенные поля',
    kw: {
      required: 'Обязательное поле', minLength: 'Не меньше {limit} символов', maxLength: 'Не больше {limit} символов',
      minimum: 'Не меньше {limit}', maximum: 'Не больше {limit}', exclusiveMinimum: 'Больше {limit}', exclusiveMaximum: 'Меньше {limit}',
      pattern: 'Неверный формат', format: 'Неверный формат', type: 'Недопустимое значение',
      enum: 'Нет среди допустимых значений', minItems: 'Выберите хотя бы {limit}', maxItems: 'Не больше {limit} элементов', invalid: 'Это значение не принимается',
    },
    reason: {
      published: 'Этот пароль опубликован вместе с Warmline; выберите другой', username: 'Пароль не должен совпадать с именем пользователя',
      same: 'Новый пароль должен отличаться от текущего', empty: 'Обязательное поле', withheld: 'Номер скрыт',
      invalidCharacters: 'Только цифры и разделители', tooShort: 'Номер слишком короткий', tooLong: 'Номер слишком длинный',
      invalid: 'Недействительный номер телефона', sameTimes: 'Начало и конец не могут совпадать',
    },
    code: {
      campaignNameTaken: 'Кампания с таким названием уже есть', segmentNameTaken: 'Сегмент с таким названием уже есть',
      offerNameTaken: 'Предложение с таким названием уже есть', usernameTaken: 'Это имя пользователя занято', extensionTaken: 'Этот внутренний номер занят',
      listCodeTaken: 'Этот код занят', segmentRulesInvalid: 'Правила сегмента не заполнены', forbidden: 'У вас нет прав на это действие',
      networkError: 'Сервер недоступен', rateLimited: 'Слишком много попыток; подождите и повторите', campaignInvalidState: 'В текущем состоянии кампанию нельзя изменить',
      unauthorized: 'Неверное имя пользователя или пароль',
    },
  } },
  mn: { formErr: {
    summary: 'Тодруулсан талбаруудыг шалгана уу',
    kw: {
      required: 'Заавал бөглөнө', minLength: 'Хамгийн багадаа {limit} тэмдэгт', maxLength: 'Хамгийн ихдээ {limit} тэмдэгт',
      minimum: 'Хамгийн багадаа {limit}', maximum: 'Хамгийн ихдээ {limit}', exclusiveMinimum: '{limit}-с их', exclusiveMaximum: '{limit}-с бага',
      pattern: 'Хэлбэр буруу', format: 'Хэлбэр буруу', type: 'Зөвшөөрөгдөхгүй утга',
      enum: 'Зөвшөөрөгдсөн утгуудын нэг биш', minItems: 'Хамгийн багадаа {limit}-г сонгоно уу', maxItems: 'Хамгийн ихдээ {limit} зүйл', invalid: 'Энэ утгыг хүлээн авахгүй',
    },
    reason: {
      published: 'Энэ нууц үг Warmline-тэй хамт нийтлэгдсэн; өөрийг сонгоно уу', username: 'Нууц үг хэрэглэгчийн нэртэй ижил байж болохгүй',
      same: 'Шинэ нууц үг одоогийнхоос өөр байх ёстой', empty: 'Заавал бөглөнө', withheld: 'Дугаар нууцлагдсан',
      invalidCharacters: 'Зөвхөн цифр ба тусгаарлагч', tooShort: 'Дугаар хэт богино', tooLong: 'Дугаар хэт урт',
      invalid: 'Утасны дугаар буруу', sameTimes: 'Эхлэх, дуусах цаг ижил байж болохгүй',
    },
    code: {
      campaignNameTaken: 'Ийм нэртэй кампанит ажил аль хэдийн байна', segmentNameTaken: 'Ийм нэртэй сегмент аль хэдийн байна',
      offerNameTaken: 'Ийм нэртэй санал аль хэдийн байна', usernameTaken: 'Энэ хэрэглэгчийн нэр эзэлсэн', extensionTaken: 'Энэ дотуур дугаар эзэлсэн',
      listCodeTaken: 'Энэ код эзэлсэн', segmentRulesInvalid: 'Сегментийн дүрэм дутуу байна', forbidden: 'Танд энэ үйлдлийн эрх алга',
      networkError: 'Сервертэй холбогдож чадсангүй', rateLimited: 'Хэт олон оролдлого; түр хүлээгээд дахин оролдоно уу', campaignInvalidState: 'Одоогийн төлөвт кампанит ажлыг өөрчлөх боломжгүй',
      unauthorized: 'Хэрэглэгчийн нэр эсвэл нууц үг буруу',
    },
  } },
  hi: { formErr: {
    summary: 'चिह्नित फ़ील्ड जाँचें',
    kw: {
      required: 'आवश्यक', minLength: 'कम से कम {limit} अक्षर', maxLength: 'अधिकतम {limit} अक्षर',
      minimum: 'कम से कम {limit}', maximum: 'अधिकतम {limit}', exclusiveMinimum: '{limit} से अधिक', exclusiveMaximum: '{limit} से कम',
      pattern: 'अपेक्षित प्रारूप में नहीं', format: 'अपेक्षित प्रारूप में नहीं', type: 'मान्य मान नहीं',
      enum: 'अनुमत मानों में से नहीं', minItems: 'कम से कम {limit} चुनें', maxItems: 'अधिकतम {limit} आइटम', invalid: 'यह मान स्वीकार नहीं है',
    },
    reason: {
      published: 'यह पासवर्ड Warmline के साथ प्रकाशित है; कोई और चुनें', username: 'पासवर्ड उपयोगकर्ता नाम नहीं हो सकता',
      same: 'नया पासवर्ड मौजूदा से अलग होना चाहिए', empty: 'आवश्यक', withheld: 'नंबर छिपा हुआ है',
      invalidCharacters: 'केवल अंक और विभाजक', tooShort: 'नंबर बहुत छोटा है', tooLong: 'नंबर बहुत लंबा है',
      invalid: 'मान्य फ़ोन नंबर नहीं', sameTimes: 'शुरुआत और अंत का समय एक नहीं हो सकता',
    },
    code: {
      campaignNameTaken: 'इस नाम का अभियान पहले से है', segmentNameTaken: 'इस नाम का सेगमेंट पहले से है',
      offerNameTaken: 'इस नाम का ऑफ़र पहले से है', usernameTaken: 'यह उपयोगकर्ता नाम लिया जा चुका है', extensionTaken: 'यह एक्सटेंशन लिया जा चुका है',
      listCodeTaken: 'यह कोड लिया जा चुका है', segmentRulesInvalid: 'सेगमेंट के नियम अधूरे हैं', forbidden: 'आपको यह करने की अनुमति नहीं है',
      networkError: 'सर्वर तक नहीं पहुँच सके', rateLimited: 'बहुत अधिक प्रयास; थोड़ा रुककर फिर कोशिश करें', campaignInvalidState: 'अभियान को उसकी मौजूदा स्थिति में बदला नहीं जा सकता',
      unauthorized: 'गलत उपयोगकर्ता नाम या पासवर्ड',
    },
  } },
  id: { formErr: {
    summary: 'Periksa kolom yang ditandai',
    kw: {
      required: 'Wajib diisi', minLength: 'Minimal {limit} karakter', maxLength: 'Maksimal {limit} karakter',
      minimum: 'Minimal {limit}', maximum: 'Maksimal {limit}', exclusiveMinimum: 'Lebih dari {limit}', exclusiveMaximum: 'Kurang dari {limit}',
      pattern: 'Format tidak sesuai', format: 'Format tidak sesuai', type: 'Nilai tidak valid',
      enum: 'Bukan salah satu nilai yang diizinkan', minItems: 'Pilih minimal {limit}', maxItems: 'Maksimal {limit} item', invalid: 'Nilai ini tidak diterima',
    },
    reason: {
      published: 'Kata sandi ini dipublikasikan bersama Warmline; pilih yang lain', username: 'Kata sandi tidak boleh sama dengan nama pengguna',
      same: 'Kata sandi baru harus berbeda dari yang sekarang', empty: 'Wajib diisi', withheld: 'Nomor disembunyikan',
      invalidCharacters: 'Hanya angka dan pemisah', tooShort: 'Nomor terlalu pendek', tooLong: 'Nomor terlalu panjang',
      invalid: 'Bukan nomor telepon yang valid', sameTimes: 'Awal dan akhir tidak boleh sama',
    },
    code: {
      campaignNameTaken: 'Kampanye dengan nama ini sudah ada', segmentNameTaken: 'Segmen dengan nama ini sudah ada',
      offerNameTaken: 'Penawaran dengan nama ini sudah ada', usernameTaken: 'Nama pengguna ini sudah dipakai', extensionTaken: 'Ekstensi ini sudah dipakai',
      listCodeTaken: 'Kode ini sudah dipakai', segmentRulesInvalid: 'Aturan segmen belum lengkap', forbidden: 'Anda tidak berwenang melakukan tindakan ini',
      networkError: 'Server tidak dapat dihubungi', rateLimited: 'Terlalu banyak percobaan; tunggu sebentar lalu coba lagi', campaignInvalidState: 'Kampanye tidak dapat diubah dalam keadaannya sekarang',
      unauthorized: 'Nama pengguna atau kata sandi salah',
    },
  } },
});
