import { SIP_PORT } from './asterisk-lab';
import { registerScenario, runSipp } from './sipp';

// One REGISTER (digest) from a desk phone, for the tests of what the PBX accepts: resolves to how it ended.

let nextPort = 7100;

/** A REGISTER refused after the challenge: the answer to the authenticated request is 401 or 403, never 200. */
export function registerRefusedScenario(ext: string, contactPort: number): string {
  const register = (cseq: number, auth: string) => `<send retrans="500"><![CDATA[
REGISTER sip:[remote_ip]:[remote_port] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch];rport
From: <sip:${ext}@[remote_ip]>;tag=[pid]reg${cseq}
To: <sip:${ext}@[remote_ip]>
Call-ID: [call_id]
CSeq: ${cseq} REGISTER
Contact: <sip:${ext}@[local_ip]:${contactPort}>
${auth}Max-Forwards: 70
Expires: 600
User-Agent: warmline-test-phone
Content-Length: 0

]]></send>`;
  return `<?xml version="1.0" encoding="ISO-8859-1" ?>
<scenario name="register-refused">
${register(1, '')}
<recv response="401" auth="true"/>
${register(2, '[authentication]\n')}
<recv response="403" optional="true"/>
<recv response="401"/>
</scenario>
`;
}

/**
 * Registers `ext` with `secret` and says whether the PBX took it: 'registered' (200), 'refused' (401/403 after the
 * challenge) or 'no-answer' with sipp's output.
 */
export async function tryRegister(ext: string, secret: string): Promise<{ result: 'registered' | 'refused' | 'other'; output: string }> {
  const port = nextPort;
  nextPort += 2;
  const opts = { remote: `127.0.0.1:${SIP_PORT}`, localIp: '127.0.0.1', localPort: port, auth: { user: ext, password: secret }, timeoutS: 10 };
  const ok = await runSipp(registerScenario(ext, port + 1, 60), opts).done;
  if (ok.code === 0) return { result: 'registered', output: ok.output };
  const refused = await runSipp(registerRefusedScenario(ext, port + 1), { ...opts, localPort: port }).done;
  return { result: refused.code === 0 ? 'refused' : 'other', output: `${ok.output}\n---\n${refused.output}` };
}
