import { createHash, randomBytes } from 'node:crypto';

// SIP digest credentials (RFC 2617/8760, MD5 as every SIP phone and Asterisk's md5_cred support). Warmline keeps
// only HA1 = md5(username:realm:secret): Asterisk authenticates with it (ps_auths.md5_cred, migration 0015) and the
// browser softphone answers challenges with it (sip.js authorizationHa1), so the secret itself is needed only by a
// desk phone, and is shown once when it is issued.

/** 20 random bytes, base64url: what a person types into a desk phone's configuration once. */
export function newSipSecret(): string {
  return randomBytes(20).toString('base64url');
}

export function sipHa1(username: string, realm: string, secret: string): string {
  return createHash('md5').update(`${username}:${realm}:${secret}`).digest('hex');
}
