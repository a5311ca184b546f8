import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { PbxSimulator } from './pbx-simulator';

// MixMonitor's part of the simulated PBX: when a recording starts, a real WAV file appears at the path Asterisk
// would write, so recordings can be played back (with seeking) in the demo and the browser tests.
export function attachRecorder(sim: PbxSimulator, dir: string): () => void {
  mkdirSync(dir, { recursive: true });
  return sim.onFrame((frame) => {
    const get = (k: string) => frame.find(([key]) => key === k)?.[1];
    if (get('Event') !== 'VarSet' || get('Variable') !== 'MIXMONITOR_FILENAME') return;
    const file = path.join(dir, path.basename(get('Value') ?? ''));
    if (!/\.wav$/.test(file)) return;
    try {
      writeFileSync(file, toneWav(4 + (file.length % 5), 330 + (file.length % 7) * 40));
    } catch {
      // a recording that cannot be written is a missing file on playback (404), never a simulator crash
    }
  });
}

/** 8 kHz mono 16-bit PCM: a soft two-tone "conversation" of `seconds`. */
export function toneWav(seconds: number, hz: number): Buffer {
  const rate = 8000;
  const n = rate * seconds;
  const buf = Buffer.alloc(44 + n * 2);
  buf.write('RIFF', 0); buf.writeUInt32LE(36 + n * 2, 4); buf.write('WAVE', 8); buf.write('fmt ', 12);
  buf.writeUInt32LE(16, 16); buf.writeUInt16LE(1, 20); buf.writeUInt16LE(1, 22); buf.writeUInt32LE(rate, 24);
  buf.writeUInt32LE(rate * 2, 28); buf.writeUInt16LE(2, 32); buf.writeUInt16LE(16, 34); buf.write('data', 36); buf.writeUInt32LE(n * 2, 40);
  for (let i = 0; i < n; i++) {
    const speaker = Math.floor(i / (rate * 1.5)) % 2;
    const v = Math.sin((2 * Math.PI * (speaker ? hz * 1.5 : hz) * i) / rate) * 0.2 * (0.6 + 0.4 * Math.sin(i / 900));
    buf.writeInt16LE(Math.round(v * 32767), 44 + i * 2);
  }
  return buf;
}
