/**
 * The Content-Security-Policy reaches the page as a `<meta>` tag in the built index.html (the
 * header main adds is not dependable for a `file://` page), in build only (the dev server needs
 * inline scripts), and allows no inline scripts, eval or inline styles.
 */
import type { IndexHtmlTransformHook, Plugin } from 'vite';
import { describe, expect, it } from 'vitest';
import { CSP_DIRECTIVES, cspHeader, cspMetaContent } from '../../electron/csp';
import viteConfig from '../../vite.config';

describe('Content-Security-Policy', () => {
  it('allows no inline code or eval; only WASM compilation', () => {
    const policy = cspHeader();
    expect(policy).not.toContain("'unsafe-inline'");
    expect(policy).not.toContain("'unsafe-eval'");
    expect(policy).toContain("script-src 'self' 'wasm-unsafe-eval'");
    expect(policy).toContain("object-src 'none'");
    expect(policy).toContain("frame-ancestors 'none'");
  });

  it('leaves out of the meta tag only what browsers ignore there', () => {
    const meta = cspMetaContent();
    expect(meta).not.toContain('frame-ancestors');
    for (const [name] of CSP_DIRECTIVES) if (name !== 'frame-ancestors') expect(meta).toContain(`${name} `);
  });

  it('the renderer build puts the policy first in <head>, and the dev server does not', () => {
    const plugins = (viteConfig.plugins ?? []).flat() as Plugin[];
    const plugin = plugins.find((p) => p?.name === 'bps-csp-meta');
    expect(plugin, 'CSP meta plugin in vite.config.ts').toBeDefined();
    expect(plugin!.apply).toBe('build');
    const hook = plugin!.transformIndexHtml as IndexHtmlTransformHook;
    // The hook uses no plugin context; call it with an empty one.
    const tags = hook.call({} as ThisParameterType<IndexHtmlTransformHook>, '<html></html>', {
      path: '/index.html',
      filename: 'index.html',
    });
    expect(tags).toEqual([
      {
        tag: 'meta',
        attrs: { 'http-equiv': 'Content-Security-Policy', content: cspMetaContent() },
        injectTo: 'head-prepend',
      },
    ]);
  });
});
