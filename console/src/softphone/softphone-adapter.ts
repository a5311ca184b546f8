import type { RegistrationState } from '../stores/softphone.store';

export type { RegistrationState };

export interface IncomingCall { callId: number | null; from: string }

export interface SoftphoneEvents {
  incoming: (call: IncomingCall) => void;
  accepted: (call: { callId: number | null; remoteParty: string }) => void;
  ended: (call: { callId: number | null; reason: string }) => void;
  registration: (state: RegistrationState, error?: string) => void;
}

/** One phone, two engines: sip.js against Asterisk, or the loopback that drives the PBX simulator over HTTP. */
export interface SoftphoneAdapter {
  readonly kind: 'sip' | 'loopback';
  register(): Promise<void>;
  unregister(): Promise<void>;
  answer(): Promise<void>;
  decline(): Promise<void>;
  hangup(): Promise<void>;
  hold(): Promise<void>;
  unhold(): Promise<void>;
  mute(): void;
  unmute(): void;
  blindTransfer(target: string): Promise<void>;
  sendDtmf(digit: string): void;
  dial(number: string, context: { customerId: number | null; taskId: number | null }): Promise<void>;
  /** The server says a call rings for this agent (screen pop / call:updated). SIP learns it from the INVITE. */
  offered(callId: number, from: string): void;
  /** The server says the call is over (caller hung up, transfer done). */
  remoteEnded(callId: number): void;
  /** The server says the ring stopped at this agent without an answer (the call itself goes on, and may ring again). */
  withdrawn?(callId: number): void;
  /** This phone carries a call leg right now (hanging up is then the phone's own, not a request to the server). */
  hasLeg?(): boolean;
  /** Attach the element remote audio plays through. */
  setAudioElement(el: HTMLAudioElement | null): void;
  on<K extends keyof SoftphoneEvents>(event: K, handler: SoftphoneEvents[K]): () => void;
}

export class SoftphoneEmitter {
  private readonly handlers: { [K in keyof SoftphoneEvents]: Array<SoftphoneEvents[K]> } = {
    incoming: [], accepted: [], ended: [], registration: [],
  };

  on<K extends keyof SoftphoneEvents>(event: K, handler: SoftphoneEvents[K]): () => void {
    this.handlers[event].push(handler);
    return () => {
      const list = this.handlers[event] as Array<SoftphoneEvents[K]>;
      const i = list.indexOf(handler);
      if (i >= 0) list.splice(i, 1);
    };
  }

  emit<K extends keyof SoftphoneEvents>(event: K, ...args: Parameters<SoftphoneEvents[K]>): void {
    for (const h of [...this.handlers[event]]) (h as (...a: Parameters<SoftphoneEvents[K]>) => void)(...args);
  }
}

export const DTMF_DIGITS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'] as const;

export function isDtmfDigit(d: string): boolean {
  return (DTMF_DIGITS as readonly string[]).includes(d) || /^[A-D]$/.test(d);
}
