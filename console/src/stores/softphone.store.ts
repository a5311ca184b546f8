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
  held: boolean;
  error: string | null;
}

export const useSoftphoneStore = defineStore('softphone', {
  state: (): State => ({
    mode: null, registration: 'unregistered', incoming: null, activeCallId: null, inCall: false, remoteParty: null,
    answeredAt: null, muted: false, held: false, error: null,
  }),
  actions: {
    clear(): void {
      this.$reset();
    },
  },
});
