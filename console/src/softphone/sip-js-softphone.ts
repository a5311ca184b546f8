import {
  Invitation, Inviter, Registerer, RegistererState, Session, SessionState, UserAgent, Web,
} from 'sip.js';
import { api } from '../api/endpoints';
import type { SipCredentials } from '../api/types';
import { SoftphoneEmitter, type SoftphoneAdapter } from './softphone-adapter';

const CALL_ID_HEADER = 'X-Warmline-Call-Id';

/**
 * The PBX calling this phone on its own agent's behalf (Warmline's Originate for click-to-dial, campaign dials and
 * supervision adds `Call-Info: <...>;answer-after=0`, server/pbx/ami-pbx-port.ts): picked up at once, with no
 * ringing UI. The server's call events drive what the console shows for such a call (an outgoing call is
 * "attached"); this leg only carries the audio.
 */
export function isAutoAnswer(callInfo: string | undefined): boolean {
  return !!callInfo && /;\s*answer-after\s*=\s*0\b/i.test(callInfo);
}

// sip.js against Asterisk over WSS. The UserAgent and Session objects never leave this module (they are not
// serialisable and Pinia would deep-proxy them); the store only sees the events this class emits.
export class SipJsSoftphone extends SoftphoneEmitter implements SoftphoneAdapter {
  readonly kind = 'sip' as const;
  private ua: UserAgent | null = null;
  private registerer: Registerer | null = null;
  private session: Session | null = null;
  private sessionCallId: number | null = null;
  private audio: HTMLAudioElement | null = null;
  /** From the screen pop: Asterisk may not pass our header through, so the latest offer names the call. */
  private lastOfferedCallId: number | null = null;

  constructor(private readonly creds: SipCredentials) {
    super();
  }

  async register(): Promise<void> {
    const uri = UserAgent.makeURI(`sip:${this.creds.extension}@${this.creds.domain}`);
    if (!uri) throw new Error(`Invalid SIP address for extension ${this.creds.extension}`);
    this.emit('registration', 'registering');
    this.ua = new UserAgent({
      uri,
      transportOptions: { server: this.creds.wssUrl },
      authorizationUsername: this.creds.extension,
      authorizationHa1: this.creds.ha1,
      displayName: this.creds.extension,
      logLevel: 'warn',
      sessionDescriptionHandlerFactoryOptions: { peerConnectionConfiguration: { iceServers: [] } },
      delegate: {
        onInvite: (invitation) => this.onInvite(invitation),
        onDisconnect: (error) => {
          if (error) this.emit('registration', 'failed', error.message);
        },
      },
    });
    this.registerer = new Registerer(this.ua, { expires: 300 });
    this.registerer.stateChange.addListener((state) => {
      if (state === RegistererState.Registered) this.emit('registration', 'registered');
      else if (state === RegistererState.Unregistered) this.emit('registration', 'unregistered');
    });
    try {
      await this.ua.start();
      await this.registerer.register({
        requestDelegate: { onReject: (res) => this.emit('registration', 'failed', `${res.message.statusCode} ${res.message.reasonPhrase}`) },
      });
    } catch (err) {
      this.emit('registration', 'failed', err instanceof Error ? err.message : String(err));
    }
  }

  async unregister(): Promise<void> {
    try {
      if (this.session) await this.hangup();
      await this.registerer?.unregister();
      await this.ua?.stop();
    } finally {
      this.ua = null;
      this.registerer = null;
    }
  }

  offered(callId: number): void {
    this.lastOfferedCallId = callId;
  }

  remoteEnded(): void {
    // SIP hears the BYE itself; the server's view is not needed here.
  }

  setAudioElement(el: HTMLAudioElement | null): void {
    this.audio = el;
  }

  private onInvite(invitation: Invitation): void {
    if (this.session) {
      // one line per agent: Asterisk queues should not ring a busy agent, but a direct dial can
      void invitation.reject({ statusCode: 486 });
      return;
    }
    if (isAutoAnswer(invitation.request.getHeader('Call-Info'))) {
      this.pickUp(invitation);
      return;
    }
    const header = invitation.request.getHeader(CALL_ID_HEADER);
    const callId = header && /^\d+$/.test(header) ? Number(header) : this.lastOfferedCallId;
    const from = invitation.remoteIdentity.uri.user ?? invitation.remoteIdentity.displayName ?? '';
    this.track(invitation, callId, from);
    this.emit('incoming', { callId, from });
  }

  /** Answers the PBX's own call to this phone (see isAutoAnswer): audio only, no events, the server drives the UI. */
  private pickUp(invitation: Invitation): void {
    this.session = invitation;
    this.sessionCallId = null;
    invitation.stateChange.addListener((state) => {
      if (state === SessionState.Established) this.attachRemoteAudio(invitation);
      else if (state === SessionState.Terminated && this.session === invitation) {
        this.session = null;
        if (this.audio) this.audio.srcObject = null;
      }
    });
    void invitation.accept({ sessionDescriptionHandlerOptions: { constraints: { audio: true, video: false } } }).catch(() => {});
  }

  private track(session: Session, callId: number | null, remoteParty: string): void {
    this.session = session;
    this.sessionCallId = callId;
    session.stateChange.addListener((state) => {
      if (state === SessionState.Established) {
        this.attachRemoteAudio(session);
        this.emit('accepted', { callId, remoteParty });
      } else if (state === SessionState.Terminated) {
        if (this.session === session) {
          this.session = null;
          this.sessionCallId = null;
        }
        if (this.audio) this.audio.srcObject = null;
        this.emit('ended', { callId, reason: 'terminated' });
      }
    });
  }

  private attachRemoteAudio(session: Session): void {
    const sdh = session.sessionDescriptionHandler;
    if (!(sdh instanceof Web.SessionDescriptionHandler) || !this.audio) return;
    this.audio.srcObject = sdh.remoteMediaStream;
    void this.audio.play().catch(() => {});
  }

  async answer(): Promise<void> {
    if (!(this.session instanceof Invitation) || this.session.state !== SessionState.Initial) return;
    // The default SessionDescriptionHandler calls getUserMedia with these constraints.
    await this.session.accept({ sessionDescriptionHandlerOptions: { constraints: { audio: true, video: false } } });
  }

  async decline(): Promise<void> {
    if (this.session instanceof Invitation && this.session.state === SessionState.Initial) await this.session.reject({ statusCode: 603 });
  }

  async hangup(): Promise<void> {
    const s = this.session;
    if (!s) return;
    switch (s.state) {
      case SessionState.Initial:
      case SessionState.Establishing:
        if (s instanceof Inviter) await s.cancel();
        else if (s instanceof Invitation) await s.reject();
        break;
      case SessionState.Established:
        await s.bye();
        break;
      default:
        break;
    }
  }

  async hold(): Promise<void> {
    await this.reinvite(true);
  }

  async unhold(): Promise<void> {
    await this.reinvite(false);
  }

  private async reinvite(hold: boolean): Promise<void> {
    const s = this.session;
    if (!s || s.state !== SessionState.Established) return;
    await s.invite({ sessionDescriptionHandlerModifiers: hold ? [Web.holdModifier] : [] });
  }

  mute(): void {
    this.setMicEnabled(false);
  }

  unmute(): void {
    this.setMicEnabled(true);
  }

  private setMicEnabled(enabled: boolean): void {
    const sdh = this.session?.sessionDescriptionHandler;
    if (!(sdh instanceof Web.SessionDescriptionHandler)) return;
    sdh.localMediaStream.getAudioTracks().forEach((t) => { t.enabled = enabled; });
  }

  async blindTransfer(target: string): Promise<void> {
    const s = this.session;
    const uri = UserAgent.makeURI(`sip:${target}@${this.creds.domain}`);
    if (!s || !uri || s.state !== SessionState.Established) return;
    await s.refer(uri);
  }

  sendDtmf(digit: string): void {
    const s = this.session;
    if (!s || s.state !== SessionState.Established) return;
    const sdh = s.sessionDescriptionHandler;
    // RFC 4733 in-band first; SIP INFO for peers that negotiated no telephone-event.
    if (sdh instanceof Web.SessionDescriptionHandler && sdh.sendDtmf(digit)) return;
    void s.info({ requestOptions: { body: { contentDisposition: 'render', contentType: 'application/dtmf-relay', content: `Signal=${digit}\r\nDuration=160` } } });
  }

  async dial(number: string, context: { customerId: number | null; taskId: number | null } = { customerId: null, taskId: null }): Promise<void> {
    // Click-to-dial is the server's Originate, as with every other phone: Warmline records the call with its
    // customer, task and E.164 number, the PBX rings this phone first (answered by itself, see isAutoAnswer) and
    // then the customer through the trunk. A direct INVITE from the browser would bypass all of that.
    if (this.session) return;
    await api.originate(number, context.customerId, context.taskId);
  }

  hasLeg(): boolean {
    return this.session !== null;
  }

  /** The call id the current session belongs to, when known. */
  get currentCallId(): number | null {
    return this.sessionCallId;
  }
}
