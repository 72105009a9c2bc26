// The Content-Security-Policy of the UI: no inline scripts or styles anywhere, no framing, no plugins.
export const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "object-src 'none'",
].join('; ');

/**
 * The policy the queue board's route needs, measured in Chromium 156 with bull-board 9.10.1: the app's
 * policy with `base-uri 'self'` (the page sets `<base href>`; with 'none' nothing loads). No 'unsafe-inline'
 * and no nonce: its scripts are files; what the strict style-src blocks is cosmetic only (the loading
 * spinner's inline styles, the Redis logo's colour) and the Google font (the board falls back to local fonts).
 */
export const QUEUE_BOARD_CSP = CSP.replace("base-uri 'none'", "base-uri 'self'");
