/**
 * The app's Content-Security-Policy, in one place for both ways it is delivered: a `<meta>` tag the
 * renderer build puts in index.html (the page Electron loads is a `file://` page, for which
 * `onHeadersReceived` is not a dependable way to set headers; the meta tag also covers web mode) and
 * the response header main adds where it can. Plain data, so vite.config.ts imports it too.
 *
 * Styles need no `'unsafe-inline'`: the build links its CSS as files, and React's `style` props
 * and uPlot's sizing are set through the CSSOM (`element.style`), which CSP does not restrict; only
 * `<style>` elements and `style="…"` markup would need it, and the UI has neither.
 */

/** Directives and their sources. `'wasm-unsafe-eval'` lets the WASM backend compile its module. */
export const CSP_DIRECTIVES: ReadonlyArray<readonly [string, string]> = [
  ['default-src', "'self'"],
  ['script-src', "'self' 'wasm-unsafe-eval'"],
  ['style-src', "'self'"],
  ['img-src', "'self' data: blob:"],
  ['font-src', "'self' data:"],
  // The mirror "Get MNIST" downloads from (MNIST and Fashion-MNIST); nothing else leaves the machine.
  ['connect-src', "'self' data: blob: https://storage.googleapis.com"],
  ['worker-src', "'self' blob:"],
  ['object-src', "'none'"],
  ['base-uri', "'none'"],
  ['form-action', "'none'"],
  ['frame-ancestors', "'none'"],
];

/** Directives browsers ignore (with a console warning) when the policy comes from a meta tag. */
const HEADER_ONLY = new Set(['frame-ancestors', 'report-uri', 'sandbox']);

/** The policy as a response header value. */
export function cspHeader(): string {
  return CSP_DIRECTIVES.map(([name, sources]) => `${name} ${sources}`).join('; ');
}

/** The policy as the content of a `<meta http-equiv="Content-Security-Policy">` tag. */
export function cspMetaContent(): string {
  return CSP_DIRECTIVES.filter(([name]) => !HEADER_ONLY.has(name))
    .map(([name, sources]) => `${name} ${sources}`)
    .join('; ');
}
