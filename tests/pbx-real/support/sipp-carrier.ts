// The carrier refusing the PBX's call as a busy line does: 100 Trying, 486 Busy Here, then the ACK.
export function busyScenario(): string {
  return `<?xml version="1.0" encoding="ISO-8859-1" ?>
<scenario name="carrier-busy">
<recv request="INVITE"/>
<send><![CDATA[
SIP/2.0 100 Trying
[last_Via:]
[last_From:]
[last_To:]
[last_Call-ID:]
[last_CSeq:]
Content-Length: 0

]]></send>
<send><![CDATA[
SIP/2.0 486 Busy Here
[last_Via:]
[last_From:]
[last_To:];tag=[pid]busy[call_number]
[last_Call-ID:]
[last_CSeq:]
Content-Length: 0

]]></send>
<recv request="ACK"/>
</scenario>
`;
}
