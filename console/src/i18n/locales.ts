export const LOCALES = [
  { code: 'en', label: 'English' },
  { code: 'ru', label: 'Русский' },
  { code: 'mn', label: 'Монгол' },
  { code: 'hi', label: 'हिन्दी' },
  { code: 'id', label: 'Bahasa Indonesia' },
] as const;
export type LocaleCode = (typeof LOCALES)[number]['code'];
