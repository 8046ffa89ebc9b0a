/**
 * Launches the desktop app with Playwright's Electron driver wherever the Electron binary is
 * installed; only where it is missing is the test skipped, saying so. (`npm start` downloads a
 * missing binary; tests do not, as they must not need a network.)
 */
import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, describe, expect, it } from 'vitest';
import { _electron } from 'playwright-core';

/** Where the electron package says its binary is (null when it has not been installed at all). */
function electronPath(): string | null {
  try {
    return createRequire(import.meta.url)('electron') as string;
  } catch {
    return null;
  }
}

const binary = electronPath();
const installed = binary !== null && existsSync(binary);
if (!installed)
  console.log(
    `skipping Electron launch test: the Electron binary is not installed${binary ? ` (no ${binary})` : ''}; \`npm start\` or \`node scripts/ensure-electron.mjs\` downloads it`,
  );

let xvfb: ChildProcess | undefined;
afterAll(() => {
  xvfb?.kill();
});

/**
 * Electron on Linux needs an X or Wayland display; without one (CI, a container) start Xvfb, which
 * picks a free display number and writes it to fd 3. Where there is neither, launching fails with
 * Electron's own message rather than being skipped.
 */
async function display(): Promise<Record<string, string>> {
  if (process.platform !== 'linux' || process.env.DISPLAY || process.env.WAYLAND_DISPLAY) return {};
  const child = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '1400x900x24', '-nolisten', 'tcp'], {
    stdio: ['ignore', 'ignore', 'ignore', 'pipe'],
  });
  xvfb = child;
  const number = await new Promise<string | null>((resolve) => {
    let text = '';
    child.on('error', () => resolve(null));
    child.stdio[3]!.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      if (text.includes('\n')) resolve(text.trim());
    });
  });
  return number ? { DISPLAY: `:${number}` } : {};
}

describe.skipIf(!installed)('desktop app', () => {
  it('opens one sandboxed window showing the editor with an example graph', async () => {
    execFileSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'error'], {
      stdio: 'inherit',
    });
    execFileSync(process.execPath, ['scripts/build-electron.mjs'], { stdio: 'inherit' });
    const env = { ...process.env, ...(await display()) } as Record<string, string>;
    // Chromium refuses to run as root with its OS sandbox (containers, CI); the renderer keeps
    // Electron's `sandbox: true` (no Node, preload bridge only), which the checks below verify.
    const rootArgs = process.getuid?.() === 0 ? ['--no-sandbox'] : [];
    const app = await _electron.launch({
      executablePath: binary!,
      args: [...rootArgs, '.', 'graphs/xor-slides.json'],
      env,
    });
    const page = await app.firstWindow();
    await page.waitForSelector('[data-testid="node-E"]');
    expect(await page.evaluate(() => typeof (window as unknown as { require?: unknown }).require)).toBe(
      'undefined',
    );
    expect(
      await page.evaluate(() => typeof (window as unknown as { backpropStudio?: unknown }).backpropStudio),
    ).toBe('object');
    expect(await page.title()).toContain('xor-slides.json');
    // Served over app:// with COOP/COEP, so the training worker may use WASM threads.
    expect(page.url()).toMatch(/^app:\/\/bundle\//);
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    await app.close();
  }, 120_000);
});
