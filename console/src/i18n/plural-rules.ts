// vue-i18n picks a plural form by index. Catalogs here write "zero | one | other" (3 forms), and Russian
// "zero | one | few | many" (4 forms); CLDR decides the category, so 21 is "one" and 22 "few" in Russian.
export function russianPlural(choice: number, choicesLength: number): number {
  const n = Math.abs(choice);
  if (choicesLength < 4) return n === 0 ? 0 : n === 1 ? 1 : Math.min(2, choicesLength - 1);
  if (n === 0) return 0;
  const category = new Intl.PluralRules('ru').select(n);
  if (category === 'one') return 1;
  if (category === 'few') return 2;
  return 3;
}

/** Default for the other locales: zero, exactly one, everything else. */
export function zeroOneOther(choice: number, choicesLength: number): number {
  const n = Math.abs(choice);
  if (choicesLength === 2) return n === 1 ? 0 : 1;
  if (n === 0) return 0;
  return n === 1 ? 1 : Math.min(2, choicesLength - 1);
}
