import { describe, expect, it } from 'vitest';
import ts from 'typescript';
import path from 'node:path';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { findLateHooks } from '../../support/late-hooks';

// Rule 14 (shared/DESIGN.md): services get their collaborators in their constructors, in dependency order
// (server/services.ts); nothing in server/ sets a hook or property on another service after it is built.
const repo = fileURLToPath(new URL('../../..', import.meta.url));
const options: ts.CompilerOptions = { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, strict: true, skipLibCheck: true, noEmit: true, types: ['node'] };

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => path.join(e.parentPath, e.name));
}

// The shapes issue #25 removed from server/services.ts and startScreenPop, kept here so the checker is shown to
// catch each of them: a checker that found nothing would pass the real check below for the wrong reason.
const before = {
  '/virtual/server/services.ts': `
    import { ScreenPopService } from './screenpop';
    import { WrapupsService } from './wrapups';
    import { CallsService } from './calls';
    const screenPop = new ScreenPopService();
    const wrapups = new WrapupsService();
    const calls = new CallsService();
    screenPop.setCampaignHook(async (id) => ({ id }));
    wrapups.campaignOutcome = async () => undefined;
    screenPop.setLinkOrder((k, write) => calls.after(k, write));
    calls.setArrivalGate((k) => screenPop.lookAheadOf(k));`,
  '/virtual/server/screenpop.ts': `
    export type Hook = (id: number) => Promise<unknown>;
    export class ScreenPopService {
      private campaignHook: Hook | undefined;
      private linkAfter: ((k: string, w: () => Promise<unknown>) => Promise<void>) | undefined;
      setCampaignHook(hook: Hook | undefined): void { this.campaignHook = hook; }
      setLinkOrder(after: ((k: string, w: () => Promise<unknown>) => Promise<void>) | undefined): void { this.linkAfter = after; }
      lookAheadOf(k: string): Promise<void> | undefined { return undefined; }
    }`,
  '/virtual/server/wrapups.ts': `
    export class WrapupsService {
      campaignOutcome: (() => Promise<void>) | null = null;
    }`,
  '/virtual/server/calls.ts': `
    export class CallsService {
      private arrivalGate: { gate: (k: string) => Promise<void> | undefined; boundMs: number } | undefined;
      setArrivalGate(gate: ((k: string) => Promise<void> | undefined) | undefined, boundMs = 50): void {
        this.arrivalGate = gate ? { gate, boundMs } : undefined;
      }
      async after(k: string, write: () => Promise<unknown>): Promise<void> { await write(); }
    }`,
};

function virtualProgram(files: Record<string, string>): ts.Program {
  const host = ts.createCompilerHost(options);
  const read = host.readFile.bind(host);
  const exists = host.fileExists.bind(host);
  const source = host.getSourceFile.bind(host);
  host.readFile = (f) => files[f] ?? read(f);
  host.fileExists = (f) => f in files || exists(f);
  const dirExists = host.directoryExists?.bind(host);
  host.directoryExists = (d) => d.startsWith('/virtual') || (dirExists?.(d) ?? true);
  host.getSourceFile = (f, v) => (f in files ? ts.createSourceFile(f, files[f]!, v) : source(f, v));
  return ts.createProgram(Object.keys(files), options, host);
}

describe('composition without late hooks', () => {
  it('nothing in server/ sets a collaborator on a service after construction', () => {
    const sut = ts.createProgram(tsFiles(path.join(repo, 'server')), options);
    expect(findLateHooks(sut, path.join(repo, 'server'))).toEqual([]);
  }, 180_000); // type-checks all of server/: tens of seconds on a busy two-core machine

  it('the check catches each way a hook used to be set (setter call, public field, setter method)', () => {
    const found = findLateHooks(virtualProgram(before), '/virtual/server');
    const at = (rule: string) => found.filter((f) => f.rule === rule).map((f) => `${f.file}: ${f.text.split(/[=(]/)[0]!.trim()}`);
    expect(at('assigns-another-object')).toEqual(['services.ts: wrapups.campaignOutcome']);
    expect(at('public-mutable-field')).toEqual(['wrapups.ts: campaignOutcome:']);
    expect(at('setter-injection')).toEqual(['screenpop.ts: this.campaignHook', 'screenpop.ts: this.linkAfter', 'calls.ts: this.arrivalGate']);
  }, 60_000);
});
