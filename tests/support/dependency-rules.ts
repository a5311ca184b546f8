import { cruise, type IFlattenedRuleSet, type IViolation } from 'dependency-cruiser';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';
import path from 'node:path';

// The import rules of issue #25 (shared/DESIGN.md rules 14-15), checked with dependency-cruiser on the real
// import graph (type-only imports and dynamic import() included, .vue files too):
//   no-circular            no module reaches itself again through its imports;
//   console-via-contract   console/ imports nothing from server/ but the wire contract (server/contract/);
//   contract-by-alias      and that only by the `@contract/*` alias, never by climbing `../../../server`;
//   server-not-console     server/ never imports console/;
//   contract-self-contained the contract imports nothing of the server's (npm packages only): the console
//                          type-checks and bundles whatever it imports.
export function dependencyRules(): IFlattenedRuleSet {
  return {
    forbidden: [
      { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
      { name: 'console-via-contract', severity: 'error', from: { path: '^console/' }, to: { path: '^server/', pathNot: '^server/contract/' } },
      { name: 'contract-by-alias', severity: 'error', from: { path: '^console/' }, to: { path: '^server/contract/', dependencyTypesNot: ['aliased'] } },
      { name: 'server-not-console', severity: 'error', from: { path: '^server/' }, to: { path: '^console/' } },
      { name: 'contract-self-contained', severity: 'error', from: { path: '^server/contract/' }, to: { path: '^(server/(?!contract/)|console/|tests/|bench/)' } },
    ],
  };
}

export interface RuleBreak { rule: string; from: string; to: string; cycle?: string[] }

/** Every import that breaks a rule, in the folders under `baseDir` (its tsconfig.json gives the aliases). */
export async function findRuleBreaks(baseDir: string, folders: string[], rules: IFlattenedRuleSet): Promise<RuleBreak[]> {
  const tsConfigFile = path.join(baseDir, 'tsconfig.json');
  const result = await cruise(folders, {
    baseDir,
    validate: true,
    ruleSet: rules,
    tsPreCompilationDeps: true,
    tsConfig: { fileName: tsConfigFile },
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist)/' },
  }, undefined, { tsConfig: extractTSConfig(tsConfigFile) });
  if (typeof result.output === 'string') throw new Error('dependency-cruiser returned a report, not a result');
  return result.output.summary.violations.map((v: IViolation) => ({
    rule: v.rule.name, from: v.from, to: v.to, ...(v.cycle ? { cycle: v.cycle.map((c) => c.name) } : {}),
  }));
}
