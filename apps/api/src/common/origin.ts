/**
 * Whether a browser page from `origin` may open a WebSocket here. Browsers do not apply CORS to
 * WebSocket upgrades, so the server checks: the configured origins, and the page's own origin
 * (the Origin's host equals the Host the request was sent to, as behind a proxy that keeps Host).
 * Clients without an Origin header (servers, tests, native apps) are not browsers and pass.
 */
export function isAllowedOrigin(origin: string | undefined, host: string | undefined, allowed: ReadonlySet<string>): boolean {
  if (origin === undefined) return true;
  if (allowed.has(origin)) return true;
  try {
    return host !== undefined && new URL(origin).host === host;
  } catch {
    return false;
  }
}
