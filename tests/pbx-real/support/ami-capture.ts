import path from 'node:path';
import { recordAmi, type AmiRecorder } from './ami-recorder';
import { waitFor, type RealStack } from './real-stack';
import { rawHeadersToFrame } from '../../../server/pbx/ami-frame';
import { createTranslatorState, translate } from '../../../server/pbx/ami-translator';
import type { PbxEvent } from '../../../server/pbx/pbx-events';

// Issue #26.5: one fixture scenario played on the lab's Asterisk while a separate AMI session records every frame in
// wire order; with WARMLINE_AMI_CAPTURE_DIR set the recording is written there (`<name>.raw.jsonl` + `.meta.json`),
// to be copied to tests/fixtures/ami (PROVENANCE.json: source real-asterisk, recordedBy, scenario, sha256).
const CAPTURE_DIR = process.env.WARMLINE_AMI_CAPTURE_DIR;

export const noChannels = async (stack: RealStack) => /^0 active channels/m.test(await stack.pbx.cli('core show channels count'));
export const seen = (rec: AmiRecorder, event: string) => rec.records.some((r) => r.kind === 'event' && r.name === event);

/** Records one scenario from before it starts until Asterisk has no channel left; returns what the translator made of it. */
export async function captureScenario(stack: RealStack, name: string, scenario: string, run: (rec: AmiRecorder) => Promise<void>): Promise<PbxEvent[]> {
  await waitFor('no channel left from before', () => noChannels(stack), 20_000);
  const rec = await recordAmi();
  await run(rec);
  await waitFor(`the ${name} channels gone`, () => noChannels(stack), 60_000, async () => stack.pbx.cli('core show channels'));
  await new Promise((r) => setTimeout(r, 1000));
  await rec.stop();
  if (CAPTURE_DIR) rec.save(path.resolve(CAPTURE_DIR), name, { scenario, asterisk: (await stack.pbx.cli('core show version')).trim() });
  return translateRecords(rec);
}

export function translateRecords(rec: Pick<AmiRecorder, 'records'>): PbxEvent[] {
  let state = createTranslatorState();
  const events: PbxEvent[] = [];
  for (const r of rec.records.filter((x) => x.kind === 'event')) {
    const out = translate(state, rawHeadersToFrame(r.headers), 'main', new Date());
    state = out.state;
    events.push(...out.events);
  }
  return events;
}

/** The call events of a translation, with only the fields the fixture tests compare. */
export const pickCallEvents = (events: PbxEvent[]) => events.filter((e) => e.type.startsWith('call.') || e.type === 'originate.failed').map((e) => {
  const o = e as unknown as Record<string, unknown>;
  const keep: Record<string, unknown> = { type: e.type };
  for (const k of ['extension', 'queue', 'reason', 'toExtension', 'hungUpBy', 'failure', 'cause', 'direction', 'kind']) if (k in o) keep[k] = o[k];
  return keep;
});
