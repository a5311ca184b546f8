import { api } from '../api/endpoints';
import { SoftphoneEmitter, type SoftphoneAdapter } from './softphone-adapter';

// Where no Asterisk runs (the demo, browser tests) the "phone" is the PBX simulator's phone surface, given as
// SIP_WSS_URL=loopback:<url>. Pressing Answer here is like pressing it on a desk phone: the simulator then emits
// the same AMI events a real answer causes, and the Warmline server learns of it only through AMI.
// getUserMedia is still called so browser permission and fake-device paths are exercised exactly like with SIP.
export class LoopbackSoftphone extends SoftphoneEmitter implements SoftphoneAdapter {
  readonly kind = 'loopback' as const;

  constructor(private readonly phoneUrl: string | null, private readonly extension: string | null) {
    super();
  }

  private async press(action: string, body?: Record<string, string>): Promise<void> {
    if (!this.phoneUrl || !this.extension) return;
    const res = await fetch(`${this.phoneUrl}/phones/${encodeURIComponent(this.extension)}/${action}`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body ?? {}),
    });
    if (!res.ok && res.status !== 409) throw new Error(`phone ${action} failed (${res.status})`);
  }
  private local: MediaStream | null = null;
  private ringing: { callId: number; from: string } | null = null;
  private activeCallId: number | null = null;
  private readonly finished = new Set<number>();

  async register(): Promise<void> {
    this.emit('registration', 'registering');
    try {
      this.local = await navigator.mediaDevices?.getUserMedia({ audio: true, video: false }) ?? null;
    } catch {
      // no microphone: the demo line still works, it just has nothing to mute
      this.local = null;
    }
    this.emit('registration', 'registered');
  }

  async unregister(): Promise<void> {
    this.local?.getTracks().forEach((t) => t.stop());
    this.local = null;
    this.emit('registration', 'unregistered');
  }

  offered(callId: number, from: string): void {
    if (this.finished.has(callId) || this.activeCallId === callId || this.ringing?.callId === callId) return;
    this.ringing = { callId, from };
    this.emit('incoming', { callId, from });
  }

  remoteEnded(callId: number): void {
    if (this.ringing?.callId === callId) this.ringing = null;
    else if (this.activeCallId === callId) this.activeCallId = null;
    else return;
    this.finish(callId, 'remote');
  }

  withdrawn(callId: number): void {
    if (this.ringing?.callId !== callId) return;
    this.ringing = null;
    this.emit('ended', { callId, reason: 'withdrawn' });
  }

  async answer(): Promise<void> {
    const call = this.ringing;
    if (!call) return;
    await this.press('answer');
    this.ringing = null;
    this.activeCallId = call.callId;
    this.emit('accepted', { callId: call.callId, remoteParty: call.from });
  }

  async decline(): Promise<void> {
    const call = this.ringing;
    if (!call) return;
    await this.press('hangup');
    this.ringing = null;
    this.finish(call.callId, 'declined');
  }

  async hangup(): Promise<void> {
    const callId = this.activeCallId ?? this.ringing?.callId;
    if (callId === undefined || callId === null) return;
    await this.press('hangup');
    this.activeCallId = null;
    this.ringing = null;
    this.finish(callId, 'local');
  }

  async hold(): Promise<void> {
    if (this.activeCallId !== null) await this.press('hold');
  }

  async unhold(): Promise<void> {
    if (this.activeCallId !== null) await this.press('unhold');
  }

  mute(): void {
    this.local?.getAudioTracks().forEach((t) => { t.enabled = false; });
  }

  unmute(): void {
    this.local?.getAudioTracks().forEach((t) => { t.enabled = true; });
  }

  async blindTransfer(target: string): Promise<void> {
    if (this.activeCallId === null) return;
    const callId = this.activeCallId;
    await this.press('transfer', { to: target });
    this.activeCallId = null;
    this.finish(callId, 'transferred');
  }

  sendDtmf(digits: string): void {
    void this.press('dtmf', { digits }).catch(() => {});
  }

  async dial(number: string, context: { customerId: number | null; taskId: number | null }): Promise<void> {
    // Click-to-dial is a server-side AMI Originate: the PBX rings this phone first, then the customer; the
    // call then arrives like any other through the call:updated pushes.
    await api.originate(number, context.customerId, context.taskId);
  }

  setAudioElement(): void {}

  private finish(callId: number, reason: string): void {
    if (this.finished.has(callId)) return;
    this.finished.add(callId);
    this.emit('ended', { callId, reason });
  }
}
