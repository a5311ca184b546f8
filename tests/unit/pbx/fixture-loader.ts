import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { rawHeadersToFrame, type AmiFrame, type RawHeaders } from '../../../server/pbx/ami-frame';
import { createTranslatorState, translate, type TranslatorState } from '../../../server/pbx/ami-translator';
import type { PbxEvent } from '../../../server/pbx/pbx-events';
import { serializeFrame } from '../../../server/pbx/simulator/sim-frames';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const fixturesDir = path.join(projectRoot, 'tests/fixtures/ami');
export const sharedCapturesDir = path.resolve(projectRoot, '../shared/ami-captures');

/** Prefers the checked-in fixture copy; falls back to ../shared/ami-captures. */
export function fixturePath(file: string): string {
  const local = path.join(fixturesDir, file);
  return existsSync(local) ? local : path.join(sharedCapturesDir, file);
}

export interface RawLine { kind?: string; name?: string; headers?: RawHeaders; comment?: string }

/** Events of a `*.raw.jsonl` file as wire-order header lists; comment lines and responses are skipped. */
export function loadRawHeaders(file: string): RawHeaders[] {
  return readFileSync(fixturePath(file), 'utf8').split('\n').filter((l) => l.trim())
    .map((l) => JSON.parse(l) as RawLine)
    .filter((l) => l.kind === 'event' && Array.isArray(l.headers))
    .map((l) => l.headers!);
}

/** Every `*.raw.jsonl` fixture: the real captures and the hand-built scenarios. */
export function rawFixtureFiles(): string[] {
  return readdirSync(fixturesDir).filter((f) => f.endsWith('.raw.jsonl'));
}

/** An event as Asterisk writes it on the AMI socket (`Key: value` lines, then an empty line). */
export function wireText(headers: RawHeaders): string {
  return serializeFrame(headers.map(([k, v]) => [k, String(v)] as [string, string]));
}

/** Frames of a `*.raw.jsonl` file (see loadRawHeaders). */
export function loadRawFrames(file: string): AmiFrame[] {
  return loadRawHeaders(file).map(rawHeadersToFrame);
}

/** Frames of a parsed `*.jsonl` capture (asterisk-manager objects), events only. */
export function loadParsedFrames(file: string): AmiFrame[] {
  return readFileSync(fixturePath(file), 'utf8').split('\n').filter((l) => l.trim())
    .map((l) => JSON.parse(l) as { type: string; data: AmiFrame })
    .filter((l) => l.type === 'event').map((l) => l.data);
}

export function replay(frames: AmiFrame[], pbxId = 'main', state: TranslatorState = createTranslatorState()):
  { events: PbxEvent[]; state: TranslatorState } {
  const events: PbxEvent[] = [];
  for (const f of frames) {
    const r = translate(state, f, pbxId, new Date('2030-01-01T00:00:00Z'));
    state = r.state;
    events.push(...r.events);
  }
  return { events, state };
}
