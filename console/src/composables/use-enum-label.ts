import { useI18n } from 'vue-i18n';

export type EnumGroup = 'callStatus' | 'caseStatus' | 'caseKind' | 'productKind' | 'productStatus' | 'phoneKind' | 'alertKind';

/** A fixed enum's code in the user's language (i18n/features/enums.ts); an unknown code shows as it is. */
export function useEnumLabel() {
  const { t, te } = useI18n({ useScope: 'global' });
  return (group: EnumGroup, code: string | null | undefined): string => {
    if (!code) return '';
    // Case kinds already have their labels in the wrap-up catalog.
    const key = group === 'caseKind' ? `wrapup.kind.${code}` : `enums.${group}.${code}`;
    return te(key) || te(key, 'en') ? t(key) : code;
  };
}
