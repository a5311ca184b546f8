import type { MessageSchema } from './merge-catalog';

type Leaves<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${K}` : Leaves<T[K], `${P}${K}.`>;
}[keyof T & string];

// Kept apart from use-t.ts (which loads vue-i18n and the catalogs) so plain modules and their unit tests can name keys.
/** Every message key, derived from the en catalog: a typo or a missing key is a compile error. */
export type MessageKey = Leaves<MessageSchema>;
/** A count picks the plural form (and fills {n}); an object fills named placeholders. */
export type MessageArg = number | Record<string, unknown>;
