/// <reference lib="dom" />
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM_PATH } from '../../e2e/support/browser';

/**
 * Headless Chromium for the real softphone: fake microphone (a tone) granted without a prompt, and the lab's
 * self-signed WSS certificate accepted (a deployment uses a certificate the agents' browsers trust).
 */
export async function launchSoftphoneBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream',
      '--ignore-certificate-errors', '--autoplay-policy=no-user-gesture-required',
    ],
  });
}

export interface ChannelStats { channel: string; codec: string; rx: number; tx: number }

const count = (v: string) => (v.endsWith('K') ? Number(v.slice(0, -1)) * 1000 : Number(v));

/**
 * `pjsip show channelstats`: per PJSIP channel, the codec and the RTP packets Asterisk received from (rx) and sent
 * to (tx) that leg. Rows are " <bridge> <channel without PJSIP/> <hh:mm:ss> <codec> <rx> <rxlost> <pct> <jitter>
 * <tx> ..." (channels/pjsip/cli_commands.c); the bridge id is blank outside a bridge.
 */
export function parseChannelStats(output: string): ChannelStats[] {
  const rows: ChannelStats[] = [];
  for (const line of output.split('\n')) {
    const m = /(\S+)\s+(\d\d:\d\d:\d\d)\s+(\S+)\s+(\d+K?)\s+\d+K?\s+\d+\s+[\d.]+\s+(\d+K?)\s/.exec(line);
    if (m) rows.push({ channel: `PJSIP/${m[1]}`, codec: m[3]!, rx: count(m[4]!), tx: count(m[5]!) });
  }
  return rows;
}

/**
 * For `page.addInitScript`: keeps every RTCPeerConnection the page makes in `window.__pcs`, where a test can ask them
 * for their RTP statistics (sip.js keeps its own out of reach). Runs in the page, so it is self-contained.
 */
export function capturePeerConnections(): void {
  const Native = window.RTCPeerConnection;
  const seen: RTCPeerConnection[] = [];
  (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs = seen;
  window.RTCPeerConnection = class extends Native {
    constructor(config?: RTCConfiguration) {
      super(config);
      seen.push(this);
    }
  };
}
