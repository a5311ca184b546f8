import { defineFeature } from './define-feature';

// Sign-in refusals the server gives with a stable code (docs/SECURITY.md): shown in the user's language.
export default defineFeature({
  en: { login: {
    accountLocked: 'Too many failed sign-ins for this account. Try again in {seconds} s.',
    demoPassword: 'This account still has a demo password. Ask an administrator to set a new one.',
    tooManyAttempts: 'Too many sign-in attempts from this network. Wait a minute and try again.',
  } },
  ru: { login: {
    accountLocked: 'Слишком много неудачных попыток входа в эту учётную запись. Повторите через {seconds} с.',
    demoPassword: 'У этой учётной записи всё ещё демонстрационный пароль. Попросите администратора задать новый.',
    tooManyAttempts: 'Слишком много попыток входа из этой сети. Подождите минуту и повторите.',
  } },
  mn: { login: {
    accountLocked: 'Энэ бүртгэлд нэвтрэх оролдлого хэт олон удаа амжилтгүй боллоо. {seconds} секундын дараа дахин оролдоно уу.',
    demoPassword: 'Энэ бүртгэл туршилтын нууц үгтэй хэвээр байна. Шинэ нууц үг тохируулахыг админаас хүснэ үү.',
    tooManyAttempts: 'Энэ сүлжээнээс нэвтрэх оролдлого хэт олон байна. Нэг минут хүлээгээд дахин оролдоно уу.',
  } },
  hi: { login: {
    accountLocked: 'इस खाते में साइन-इन के बहुत सारे प्रयास विफल रहे। {seconds} सेकंड बाद फिर से प्रयास करें।',
    demoPassword: 'इस खाते में अभी भी डेमो पासवर्ड है। व्यवस्थापक से नया पासवर्ड सेट करने को कहें।',
    tooManyAttempts: 'इस नेटवर्क से साइन-इन के बहुत सारे प्रयास हुए। एक मिनट रुककर फिर से प्रयास करें।',
  } },
  id: { login: {
    accountLocked: 'Terlalu banyak percobaan masuk yang gagal untuk akun ini. Coba lagi dalam {seconds} detik.',
    demoPassword: 'Akun ini masih memakai kata sandi demo. Minta administrator untuk menetapkan yang baru.',
    tooManyAttempts: 'Terlalu banyak percobaan masuk dari jaringan ini. Tunggu satu menit lalu coba lagi.',
  } },
});
