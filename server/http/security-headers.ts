import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

/**
 * Where the console's softphone connects besides its own origin: the PBX's WSS (sip.js), or in the demo the PBX
 * simulator's HTTP phones (SIP_WSS_URL=loopback:<url>). Anything unparsable adds nothing.
 */
export function softphoneSources(sipWssUrl: string): string[] {
  const target = sipWssUrl.startsWith('loopback:') ? sipWssUrl.slice('loopback:'.length) : sipWssUrl;
  try {
    const url = new URL(target);
    return /^(wss?|https?):$/.test(url.protocol) ? [url.origin === 'null' ? `${url.protocol}//${url.host}` : url.origin] : [];
  } catch {
    return [];
  }
}

/**
 * helmet with a CSP the built console (Vue 3, Vite bundles, no inline scripts) and sip.js work with: scripts only
 * from our origin; inline styles allowed (Vue style bindings); sockets to our origin and the PBX's WSS; audio
 * from our origin and blobs; no frames of us anywhere (frame-ancestors 'none' + X-Frame-Options DENY) so barge
 * and force-pause buttons cannot be clickjacked; nosniff. upgrade-insecure-requests is off: a console served over
 * plain HTTP on a LAN would otherwise try HTTPS for its own assets.
 */
export async function registerSecurityHeaders(app: FastifyInstance, opts: { sipWssUrl: string }): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        mediaSrc: ["'self'", 'blob:'],
        connectSrc: ["'self'", ...softphoneSources(opts.sipWssUrl)],
        workerSrc: ["'self'", 'blob:'],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    frameguard: { action: 'deny' },
    // The console fetches nothing cross-origin; recordings and API replies stay same-origin.
    crossOriginResourcePolicy: { policy: 'same-origin' },
  });
}
