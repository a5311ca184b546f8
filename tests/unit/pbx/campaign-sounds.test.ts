import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// Issue #24.5: the predictive dialplan plays a recorded message to a customer abandoned for want of an agent (who
// called, a number to call back) and, with amd_action = message, to an answering machine. They ship as real speech
// in the format Asterisk's format_wav reads without transcoding (8 kHz, 16-bit signed PCM, mono): this checks the
// files are that, are short, and sound like speech rather than the one-second tones they replaced (speech has pauses
// between words: many quiet 50 ms frames among loud ones; a tone has none).

const SOUNDS = new URL('../../../pbx-config/sounds/', import.meta.url);
const DIALPLAN = readFileSync(new URL('../../../pbx-config/extensions.conf', import.meta.url), 'utf8');

function readWav(name: string) {
  const b = readFileSync(new URL(name, SOUNDS));
  expect(b.toString('ascii', 0, 4)).toBe('RIFF');
  expect(b.toString('ascii', 8, 12)).toBe('WAVE');
  let at = 12;
  let fmt: { format: number; channels: number; rate: number; bits: number } | undefined;
  let data: Buffer | undefined;
  while (at + 8 <= b.length) {
    const id = b.toString('ascii', at, at + 4);
    const size = b.readUInt32LE(at + 4);
    if (id === 'fmt ') fmt = { format: b.readUInt16LE(at + 8), channels: b.readUInt16LE(at + 10), rate: b.readUInt32LE(at + 12), bits: b.readUInt16LE(at + 22) };
    if (id === 'data') data = b.subarray(at + 8, at + 8 + size);
    at += 8 + size + (size % 2);
  }
  return { fmt, samples: data ? new Int16Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.length)) : new Int16Array() };
}

describe('the recorded messages of predictive dials', () => {
  for (const [variable, file] of [['CAMPAIGN_ABANDON_MESSAGE', 'campaign-abandoned.wav'], ['CAMPAIGN_MACHINE_MESSAGE', 'campaign-machine-message.wav']] as const) {
    it(`${file}: played by the dialplan, 8 kHz 16-bit mono PCM, 4-15 s of speech`, () => {
      expect(DIALPLAN).toContain(`${variable}=warmline/${file.replace(/\.wav$/, '')}`);
      expect(DIALPLAN).toContain(`Playback(\${${variable}})`);
      const sut = readWav(file);
      expect(sut.fmt).toEqual({ format: 1, channels: 1, rate: 8000, bits: 16 });
      const seconds = sut.samples.length / 8000;
      expect(seconds).toBeGreaterThan(4);
      expect(seconds).toBeLessThan(15);
      const frames: number[] = [];
      for (let i = 0; i + 400 <= sut.samples.length; i += 400) {
        let sum = 0;
        for (let j = i; j < i + 400; j++) sum += sut.samples[j]! * sut.samples[j]!;
        frames.push(Math.sqrt(sum / 400));
      }
      const peak = Math.max(...frames);
      const quiet = frames.filter((r) => r < peak * 0.05).length / frames.length;
      const loud = frames.filter((r) => r > peak * 0.2).length / frames.length;
      expect(quiet).toBeGreaterThan(0.05);
      expect(loud).toBeGreaterThan(0.3);
    });
  }
});
