import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { describe, expect, it } from 'vitest';

// The production image installs `dependencies` only (npm ci --omit=dev) and runs dist/server/main.js, which esbuild
// bundles from server/main.ts with every package left external (npm run build:server). So the packages that bundle
// imports are exactly what the server needs at run time. Mutations caught: a server module importing a console-only
// package (vue, pinia, sip.js...) or a dev tool; a package the server uses moved to devDependencies (the image would
// crash at start); a console-only package put back in dependencies.
const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
  dependencies: Record<string, string>; devDependencies: Record<string, string>;
};
const packageOf = (spec: string) => (spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);

async function runtimeImports(): Promise<string[]> {
  const result = await build({
    entryPoints: ['server/main.ts'], bundle: true, platform: 'node', format: 'esm', packages: 'external', write: false, metafile: true, logLevel: 'silent',
    outfile: 'dist/server/main.js',
  });
  const output = Object.values(result.metafile.outputs)[0]!;
  const builtins = new Set(builtinModules);
  return [...new Set(output.imports.filter((i) => i.external).map((i) => i.path)
    .filter((p) => !p.startsWith('node:') && !builtins.has(p.split('/')[0]!))
    .map(packageOf))].sort();
}

describe('runtime dependencies', () => {
  it('every package the built server imports is in dependencies (installed in the image)', async () => {
    const imports = await runtimeImports();
    expect(imports.length).toBeGreaterThan(5);
    expect(imports.filter((name) => !(name in pkg.dependencies))).toEqual([]);
  });

  it('dependencies hold only what the built server imports, plus patch-package (postinstall applies patches/)', async () => {
    const imports = new Set(await runtimeImports());
    // Needed in the image without being imported: patch-package runs as npm ci's postinstall. Type-only imports
    // (@fastify/type-provider-typebox) vanish from the bundle and belong in devDependencies.
    const notImported = new Set(['patch-package']);
    expect(Object.keys(pkg.dependencies).filter((name) => !imports.has(name) && !notImported.has(name))).toEqual([]);
  });
});
