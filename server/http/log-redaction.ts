// Credentials that can appear in a URL (a recording link, or a token someone still sends as ?token=) never reach
// the request log: the value is replaced, the parameter name kept so the log still says what was sent.
const URL_SECRETS = /([?&](?:token|link|access_token|jwt)=)[^&#]*/gi;

export function redactUrl(url: string): string {
  return url.replace(URL_SECRETS, '$1[redacted]');
}

/** pino serializer for `req` (fastify's fields, URL redacted; headers are not logged at all). */
export function redactedRequest(req: { method?: string; url?: string; ip?: string; host?: string; socket?: { remotePort?: number } }) {
  return {
    method: req.method,
    url: redactUrl(req.url ?? ''),
    host: req.host,
    remoteAddress: req.ip,
    remotePort: req.socket?.remotePort,
  };
}
