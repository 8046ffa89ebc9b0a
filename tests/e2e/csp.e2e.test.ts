/**
 * The built renderer under its own Content-Security-Policy (the `<meta>` tag the build adds): the
 * editor, the WASM backend in its worker, training and the charts run without a single violation,
 * while an injected inline script or `<style>` is blocked. Web mode in Debian's Chromium; skips
 * (saying why) where none is installed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { CHROMIUM_PATH, chromiumAvailable, launchChromium, startWebMode } from '../../scripts/web-mode';

const available = chromiumAvailable();
if (!available) console.log(`skipping CSP end-to-end test: no Chromium at ${CHROMIUM_PATH}`);

let web: { url: string; stop: () => void } | undefined;
let browser: Browser | undefined;

/** Violations the page has reported so far (recorded from before the app's first script). */
const violations = (page: Page) =>
  page.evaluate(() => (window as unknown as { __csp: string[] }).__csp.splice(0));

describe.skipIf(!available)('Content-Security-Policy in the built renderer', () => {
  beforeAll(async () => {
    web = await startWebMode();
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    web?.stop();
  });

  it('runs the editor, WASM training and charts with no violation, and blocks injected inline code', async () => {
    const page = await browser!.newPage({ viewport: { width: 1400, height: 860 } });
    await page.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { __csp: string[] }).__csp = seen;
      document.addEventListener('securitypolicyviolation', (e) =>
        seen.push(
          `${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} ${e.sourceFile}:${e.lineNumber}:${e.columnNumber}`,
        ),
      );
      localStorage.setItem('backprop-studio.backend', 'wasm');
    });
    await page.goto(`${web!.url}?example=xor-slides`);
    await page.waitForSelector('[data-testid="canvas"]');
    const policy = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
    expect(policy).toContain("script-src 'self' 'wasm-unsafe-eval'");

    await page.getByTestId('tab-training').click();
    await expect.poll(() => page.getByTestId('backend-name').textContent(), { timeout: 60_000 }).toBe('WASM');
    await page.waitForSelector('[data-testid=run-state][data-state=ready]', { timeout: 60_000 });
    await page.getByTestId('train-button').click();
    const step = async () => Number(await page.getByTestId('progress').getAttribute('data-step'));
    await expect.poll(step, { timeout: 60_000 }).toBeGreaterThan(10);
    // zod runs jitless (renderer/zod-jitless.ts), so not even its eval probe is refused.
    expect(await violations(page)).toEqual([]);

    // The policy is in force: inline script and <style> added at run time are refused.
    await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.__inlineRan = true';
      document.head.append(script);
      const style = document.createElement('style');
      style.textContent = 'body { color: red }';
      document.head.append(style);
    });
    await page.waitForTimeout(200);
    expect(
      await page.evaluate(() => (window as unknown as { __inlineRan?: boolean }).__inlineRan),
    ).toBeUndefined();
    const blocked = await violations(page);
    expect(blocked.some((v) => v.startsWith('script-src'))).toBe(true);
    expect(blocked.some((v) => v.startsWith('style-src'))).toBe(true);
    await page.close();
  }, 180_000);
});
