import type { LocaleCode } from '../locales';

/**
 * A feature's messages in every UI language, side by side in one file. `en` gives the shape; every other
 * language must have exactly the same keys (a missing or extra key is a compile error). Keeping each feature's
 * five languages together means two features never edit the same lines of the base catalogs.
 */
export function defineFeature<T extends object>(catalog: { en: T } & { [L in Exclude<LocaleCode, 'en'>]: NoInfer<T> }) {
  return catalog;
}
