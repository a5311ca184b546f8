// Channel / interface / device name parsing. Asterisk spells the same endpoint several ways:
// interface `PJSIP/1002`, channel `PJSIP/1002-0000000a`, device `PJSIP/1002`, queue member `Local/1002@agents/n`,
// chan_sip `SIP/1002-00000009` (the captures were taken with chan_sip).

export interface TrunkDetection {
  /** Dialplan contexts where calls from the outside world arrive (pbx-config: from-trunk). */
  trunkContexts: readonly string[];
  /** Channel/endpoint name patterns that are trunks, tested against `TECH/endpoint`. */
  trunkChannelPatterns: readonly RegExp[];
  /** What a dialled number must look like to be an internal extension (else dialling it is outbound). */
  internalExtensionPattern: RegExp;
}

export const DEFAULT_TRUNK_DETECTION: TrunkDetection = Object.freeze({
  trunkContexts: ['from-trunk', 'from-pstn', 'from-external'],
  trunkChannelPatterns: [/^(?:PJSIP|SIP|IAX2)\/(?:trunk|carrier|provider|pstn|gw)[^/]*$/i, /^DAHDI\//i],
  internalExtensionPattern: /^\d{2,6}$/,
});

const CHANNEL_SUFFIX = /-[0-9a-f]{6,8}(?:;[12])?$/i;

export function isLocalChannel(channel: string | null | undefined): boolean {
  return typeof channel === 'string' && /^Local\//i.test(channel);
}

/** `PJSIP/1002-0000000a` -> `PJSIP/1002`; `Local/1002@agents-00000001;1` -> `Local/1002@agents`. */
export function channelEndpoint(channel: string): string {
  return channel.replace(CHANNEL_SUFFIX, '');
}

export function isTrunkChannel(channel: string | null | undefined, opts: TrunkDetection): boolean {
  if (!channel) return false;
  const endpoint = channelEndpoint(channel);
  return opts.trunkChannelPatterns.some((re) => re.test(endpoint));
}

/**
 * The agent extension behind an interface/channel/device name, or null for trunks and unparsable names.
 * Accepts `SIP/1002`, `PJSIP/1002`, `PJSIP/1002-0000001`, `Local/1002@agents/n`, `Agent/1002`.
 */
export function extensionOf(name: string | null | undefined, opts: TrunkDetection = DEFAULT_TRUNK_DETECTION): string | null {
  if (typeof name !== 'string' || name.length === 0 || name.length > 256) return null;
  if (isTrunkChannel(name, opts)) return null;
  const m = /^(?:PJSIP|SIP|IAX2|Local|Agent)\/([^@/;]+)/i.exec(channelEndpoint(name));
  if (!m || !m[1]) return null;
  const ext = m[1];
  return /^[A-Za-z0-9_.+]+$/.test(ext) ? ext : null;
}
