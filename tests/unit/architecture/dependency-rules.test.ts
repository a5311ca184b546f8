import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { dependencyRules, findRuleBreaks } from '../../support/dependency-rules';

// Issue #25: no import cycles anywhere, and console/ reaches server/ only through the wire contract by its alias
// (rules in tests/support/dependency-rules.ts). Part of `npm test`, so CI fails when a cycle or a climb comes back.
const repo = fileURLToPath(new URL('../../..', import.meta.url));

describe('import rules', () => {
  it('the repository has no import cycle and no import across the console/server boundary but the contract', async () => {
    const breaks = await findRuleBreaks(repo, ['server', 'console/src', 'tests', 'bench'], dependencyRules());
    expect(breaks).toEqual([]);
  }, 300_000); // reads every module's imports: about half a minute on a busy two-core machine

  // A small tree with each kind of break once (the three cycles the issue named had these shapes), so that a rule
  // that stopped matching anything cannot pass the check above for the wrong reason.
  const fixture = mkdtempSync(path.join(os.tmpdir(), 'warmline-deps-'));
  afterAll(() => rmSync(fixture, { recursive: true, force: true }));

  it('each rule catches its kind of break', async () => {
    const files: Record<string, string> = {
      'tsconfig.json': JSON.stringify({ compilerOptions: { module: 'ESNext', moduleResolution: 'Bundler', baseUrl: '.', paths: { '@contract/*': ['./server/contract/*'] } } }),
      'server/contract/wire.ts': "import type { Row } from '../db/row';\nexport interface Wire { row: Row }\n",
      'server/db/row.ts': 'export interface Row { id: number }\n',
      'server/sim/simulator.ts': "import { act } from './actions';\nexport class Simulator { run(): void { act(this); } }\n",
      'server/sim/actions.ts': "import type { Simulator } from './simulator';\nexport function act(s: Simulator): void { void s; }\n",
      'server/peek.ts': "import type { Shown } from '../console/src/shown';\nexport type Peek = Shown;\n",
      'console/src/shown.ts': 'export type Shown = string;\n',
      'console/src/by-alias.ts': "import type { Wire } from '@contract/wire';\nexport type ByAlias = Wire;\n",
      'console/src/climbs.ts': "import type { Wire } from '../../server/contract/wire';\nexport type Climbs = Wire;\n",
      'console/src/internal.ts': "import type { Row } from '../../server/db/row';\nexport type Internal = Row;\n",
      'console/src/router.ts': "export const routes = [() => import('./session')];\n",
      'console/src/session.ts': "import { routes } from './router';\nexport const started = routes.length;\n",
    };
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(fixture, file)), { recursive: true });
      writeFileSync(path.join(fixture, file), text);
    }
    const breaks = await findRuleBreaks(fixture, ['server', 'console/src'], dependencyRules());
    const by = (rule: string) => breaks.filter((b) => b.rule === rule).map((b) => `${b.from} -> ${b.to}`).sort();
    // A cycle is reported once, from one of its modules; what it goes through identifies it.
    const cycles = breaks.filter((b) => b.rule === 'no-circular').map((b) => [...new Set([b.from, ...(b.cycle ?? [])])].sort().join(' '));
    expect([...new Set(cycles)].sort()).toEqual([
      'console/src/router.ts console/src/session.ts',
      'server/sim/actions.ts server/sim/simulator.ts',
    ]);
    expect(by('console-via-contract')).toEqual(['console/src/internal.ts -> server/db/row.ts']);
    expect(by('contract-by-alias')).toEqual(['console/src/climbs.ts -> server/contract/wire.ts']);
    expect(by('server-not-console')).toEqual(['server/peek.ts -> console/src/shown.ts']);
    expect(by('contract-self-contained')).toEqual(['server/contract/wire.ts -> server/db/row.ts']);
  }, 120_000);
});
