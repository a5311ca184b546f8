import type { MessageSchema as BaseSchema } from './en';
import type { FeatureSchema } from './features';

/** Every message: the base catalogs (en.ts …) and the feature catalogs (features/). */
export type MessageSchema = BaseSchema & FeatureSchema;

function deepMerge(into: Record<string, unknown>, from: object): Record<string, unknown> {
  for (const [key, value] of Object.entries(from)) {
    const current = into[key];
    into[key] = value && typeof value === 'object' && current && typeof current === 'object'
      ? deepMerge({ ...(current as Record<string, unknown>) }, value)
      : value;
  }
  return into;
}

/** A base catalog with one language's feature messages merged in (features may extend a base section). */
export function mergeCatalog(base: BaseSchema, features: object[]): MessageSchema {
  return features.reduce<Record<string, unknown>>((all, f) => deepMerge(all, f), { ...base }) as MessageSchema;
}

/**
 * The feature files as one language's catalog chunk imports them: `?locale=xx` makes the build keep only that
 * language of each file (console/vite-locale-split.ts), the module still being `{ xx: {...} }`.
 */
export function featuresOf(modules: Record<string, unknown>, locale: string): object[] {
  return Object.keys(modules).sort().map((k) => (modules[k] as Record<string, object>)[locale]!).filter(Boolean);
}
