import { bareReply, msg, ringingReply } from './sipp';

// The carrier refusing the PBX's call as a busy line does: 100 Trying, 486 Busy Here, then the ACK.
export function busyScenario(): string {
  return rejectScenario(486, 'Busy Here');
}

/** A phone or carrier refusing every INVITE with `code` (486 busy, 603 declined, ...): 100 Trying, the code, ACK. */
export function rejectScenario(code: number, reason: string): string {
  return `<?xml version="1.0" encoding="ISO-8859-1" ?>
<scenario name="reject-${code}">
<recv request="INVITE"/>
${bareReply('100 Trying')}
<send><![CDATA[
SIP/2.0 ${code} ${reason}
[last_Via:]
[last_From:]
[last_To:];tag=[pid]reject[call_number]
[last_Call-ID:]
[last_CSeq:]
Content-Length: 0

]]></send>
<recv request="ACK"/>
</scenario>
`;
}

/**
 * A carrier whose customer's phone rings (180) for `ringMs`, then is refused with `code` (486 busy, 603 declined):
 * 100 Trying, 180 Ringing, the code, ACK. The final answer keeps the 180's To tag, as a phone sends it.
 */
export function ringThenRejectScenario(code: number, reason: string, ringMs: number): string {
  const tag = ';tag=[pid]ringreject[call_number]';
  return `<?xml version="1.0" encoding="ISO-8859-1" ?>
<scenario name="ring-reject-${code}">
<recv request="INVITE"/>
${bareReply('100 Trying')}
${ringingReply(tag)}
<pause milliseconds="${ringMs}"/>
${msg(`
SIP/2.0 ${code} ${reason}
[last_Via:]
[last_From:]
[last_To:]${tag}
[last_Call-ID:]
[last_CSeq:]
Content-Length: 0`)}
<recv request="ACK"/>
</scenario>
`;
}
