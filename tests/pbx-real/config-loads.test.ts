import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { AMI_PORT, AMI_SECRET, AMI_USER, PBX_CONFIG, justifiedWarnings, realPbxDescribe, startAsterisk, type AsteriskLab } from './support/asterisk-lab';
import { amiLogin } from './support/ami-login';
import { CARRIER_PORT } from './support/real-stack';
import { createTestDb, type TestDb } from '../support/test-db';
import { seedReferenceData } from '../../server/db/seed-reference';
import { sipHa1 } from '../../server/sip/sip-credentials';

// pbx-config/ as shipped, on a real Asterisk 20 (issue #18): it loads with no ERROR and no WARNING except those
// pbx-config/README.md lists and justifies ("Warnings at start"), every module of modules.conf is running, the
// agents' endpoints come from Warmline's database through realtime as a member of warmline_pbx (the read-only role
// of migration 0030), and the AMI user has no secret but the one deployed beside the config (docker-compose's
// AMI_SECRET): without it, no login works. Before #18 the config logged unknown queue keywords, missing .conf
// files, a dropped trunk identify and MOH without files; the old manager.conf shipped a working demo secret.

realPbxDescribe('real Asterisk: pbx-config/ loads clean', () => {
  let db: TestDb;
  let pbx: AsteriskLab;

  beforeAll(async () => {
    db = await createTestDb();
    await seedReferenceData(db.db);
    // One agent with issued SIP credentials, so realtime has a row to read.
    await db.db.insertInto('users').values({ username: 'rp-cfg1', display_name: 'Config Check', password_hash: 'x', role: 'operator',
      extension: '1004', sip_realm: 'warmline', sip_ha1: sipHa1('1004', 'warmline', 'unused'), sip_rotated_at: new Date() }).execute();
    pbx = await startAsterisk({ databaseUrl: db.url, carrierPort: CARRIER_PORT });
  });

  afterAll(async () => {
    await pbx?.stop();
    await db?.drop();
  });

  it('boots with no errors and only the warnings pbx-config/README.md justifies', async () => {
    const allowed = justifiedWarnings();
    expect(allowed.length).toBeGreaterThan(0);
    // Exercise what logs lazily too: realtime lookups, the dialplan, queues, MOH, the HTTP/WSS server.
    for (const cmd of ['pjsip show endpoints', 'pjsip show endpoint 1004', 'dialplan show from-agents', 'queue show', 'moh show files', 'http show status']) await pbx.cli(cmd);
    const problems = pbx.problems();
    const errors = problems.filter((l) => /\bERROR\[/.test(l));
    const unexplained = problems.filter((l) => /\bWARNING\[/.test(l) && !allowed.some((a) => l.includes(a)));
    expect(errors, pbx.output().slice(-6000)).toEqual([]);
    // Missing files are reported outside the logger too (before it starts, or as NOTICEs): stasis.conf and
    // queuerules.conf were missing before this test existed.
    const missing = pbx.output().split('\n').filter((l) => /Unable to load config file|No \S+\.conf file found|Could not load \S+ configuration/i.test(l));
    expect(missing).toEqual([]);
    expect(unexplained, pbx.output().slice(-6000)).toEqual([]);
  });

  it('has the predictive dialing contexts, AMD and their recorded messages (issue #24)', async () => {
    const predictive = await pbx.cli('dialplan show campaign-predictive');
    expect(predictive).toMatch(/AMD\(\)/);
    expect(predictive).toMatch(/CAMPAIGN_STAGE=live/);
    expect(predictive).toMatch(/CAMPAIGN_STAGE=abandoned/);
    expect(await pbx.cli('dialplan show campaign-connect')).toMatch(/Dial\(PJSIP\/\$\{EXTEN\},10/);
    expect(await pbx.cli('core show application AMD')).toMatch(/AMDSTATUS/);
    expect(await pbx.cli('dialplan show globals')).toMatch(/CAMPAIGN_ABANDON_MESSAGE=warmline\/campaign-abandoned/);
    const problems = pbx.problems().filter((l) => /\bERROR\[/.test(l));
    expect(problems).toEqual([]);
  });

  it('runs every module modules.conf loads', async () => {
    const wanted = [...readFileSync(path.join(PBX_CONFIG, 'modules.conf'), 'utf8').matchAll(/^load\s*=>?\s*(\S+)\.so/gm)].map((m) => m[1]!);
    const running = await pbx.cli('module show');
    const missing = wanted.filter((m) => !new RegExp(`^${m}\\.so\\s`, 'm').test(running));
    expect(missing).toEqual([]);
  });

  it('reads the agents\' endpoints through realtime as the read-only PBX role', async () => {
    const endpoint = await pbx.cli('pjsip show endpoint 1004');
    expect(endpoint).toMatch(/Endpoint:\s+1004/);
    expect(endpoint).toMatch(/allow\s*:\s*\(ulaw\|alaw\)/);
    // WebRTC as the browser softphone needs it: DTLS-SRTP, ICE, AVPF, rtcp-mux.
    expect(endpoint).toMatch(/webrtc\s*:\s*yes/);
    expect(endpoint).toMatch(/media_encryption\s*:\s*dtls/);
    expect(endpoint).toMatch(/ice_support\s*:\s*true/);
    expect(endpoint).toMatch(/use_avpf\s*:\s*true/);
    expect(endpoint).toMatch(/rtcp_mux\s*:\s*true/);
    expect(endpoint).toMatch(/context\s*:\s*from-agents/);
    // The trunk's identify survived (its address resolves), so carrier calls are recognised.
    expect(await pbx.cli('pjsip show identifies')).toMatch(/Identify:\s+trunk\/trunk/);
  });

  it('accepts only the deployed AMI secret, and none without it', async () => {
    expect(await amiLogin(AMI_PORT, AMI_USER, AMI_SECRET)).toBe('Success');
    expect(await amiLogin(AMI_PORT, AMI_USER, 'warmline-demo-secret')).toBe('Error');
    // The same pbx-config/ without the secret file: the user exists, and no secret (not even an empty one) logs in.
    await pbx.stop();
    pbx = await startAsterisk({ databaseUrl: db.url, carrierPort: CARRIER_PORT, amiSecret: null });
    for (const secret of ['', 'warmline-demo-secret', AMI_SECRET]) expect(await amiLogin(AMI_PORT, AMI_USER, secret)).toBe('Error');
  });
});
