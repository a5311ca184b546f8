import { defineStore } from 'pinia';

export type RegistrationState = 'unregistered' | 'registering' | 'registered' | 'failed';

// Plain, serialisable state only: the sip.js UserAgent and sessions live in softphone/softphone-service.ts.
interface State {
  mode: 'sip' | 'loopback' | null;
  registration: RegistrationState;
  incoming: { callId: number | null; from: string } | null;
  activeCallId: number | null;
  inCall: boolean;
  remoteParty: string | null;
  answeredAt: string | null;
  muted: boolean;
  /**
   * The call is known from the server, not from this browser's phone (after a reload, or an outbound call placed by
   * the PBX): it is controlled through the server (hang up over AMI), issue #20.2/#20.3.
   */
  attached: boolean;
  held: boolean;
  /** An attended transfer's consultation is going on (the caller is held by the PBX): Complete or Cancel it. */
  consulting: boolean;
  error: string | null;
}

export const useSoftphoneStore = defineStore('softphone', {
  state: (): State => ({
    mode: null, registration: 'unregistered', incoming: null, activeCallId: null, inCall: false, remoteParty: null,
    answeredAt: null, muted: false, attached: false, held: false, consulting: false, error: null,
  }),
  actions: {
    clear(): void {
      this.$reset();
    },
  },
});
