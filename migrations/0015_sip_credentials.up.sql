-- One source of truth for SIP credentials: each user with an extension has its own SIP secret, kept only as the
-- digest HA1 = md5(extension:realm:secret) (what RFC 2617 digest needs on both sides; the secret itself is shown
-- once, when it is issued). Asterisk reads its agent endpoints from the views below through realtime
-- (res_config_pgsql + sorcery.conf in pbx-config/), so a user created, rotated or deactivated in Warmline is what
-- the PBX authenticates, with no file to regenerate and no reload.

ALTER TABLE users
  ADD COLUMN sip_realm text,
  ADD COLUMN sip_ha1 text CHECK (sip_ha1 ~ '^[0-9a-f]{32}$'),
  ADD COLUMN sip_rotated_at timestamptz,
  -- What the user's extension registers from: the browser softphone (WebRTC: DTLS-SRTP, ICE, AVPF over WSS) or a
  -- plain SIP phone (desk phone, softphone app: RTP over UDP). One endpoint per extension, so one kind.
  ADD COLUMN sip_phone text NOT NULL DEFAULT 'webrtc' CHECK (sip_phone IN ('webrtc', 'sip'));

UPDATE users SET sip_realm = 'warmline', sip_ha1 = md5(extension || ':warmline:' || sip_password), sip_rotated_at = now()
  WHERE extension IS NOT NULL AND sip_password IS NOT NULL;

ALTER TABLE users DROP COLUMN sip_password;

-- Realtime objects for res_pjsip (column names are PJSIP options). Only active users with an extension and issued
-- credentials exist for the PBX: deactivating a user removes their endpoint at the next lookup.
CREATE VIEW ps_endpoints AS
  SELECT u.extension AS id, u.extension AS aors, u.extension AS auth, 'from-agents'::text AS context,
         'all'::text AS disallow, 'ulaw,alaw'::text AS allow,
         CASE u.sip_phone WHEN 'webrtc' THEN 'yes' ELSE 'no' END AS webrtc,
         CASE u.sip_phone WHEN 'webrtc' THEN 'yes' ELSE 'no' END AS dtls_auto_generate_cert,
         CASE u.sip_phone WHEN 'sip' THEN 'transport-udp' END AS transport,
         -- A browser's WSS contact (an .invalid host) is only reachable over its own connection; a desk phone on the
         -- call center's network is reached at the Contact it registers.
         CASE u.sip_phone WHEN 'webrtc' THEN 'yes' ELSE 'no' END AS rewrite_contact,
         'yes'::text AS rtp_symmetric, 'yes'::text AS force_rport,
         'no'::text AS direct_media, '1'::text AS device_state_busy_at,
         'yes'::text AS allow_subscribe, ('"' || replace(u.display_name, '"', '') || '" <' || u.extension || '>') AS callerid
    FROM users u
   WHERE u.active AND u.extension IS NOT NULL AND u.sip_ha1 IS NOT NULL;

CREATE VIEW ps_auths AS
  SELECT u.extension AS id, 'digest'::text AS auth_type, u.extension AS username, u.sip_realm AS realm,
         u.sip_ha1 AS md5_cred
    FROM users u
   WHERE u.active AND u.extension IS NOT NULL AND u.sip_ha1 IS NOT NULL;

CREATE VIEW ps_aors AS
  SELECT u.extension AS id, NULL::text AS contact, '1'::text AS max_contacts, 'yes'::text AS remove_existing, '30'::text AS qualify_frequency
    FROM users u
   WHERE u.active AND u.extension IS NOT NULL AND u.sip_ha1 IS NOT NULL;
