/**
 * Launches the desktop app with Playwright's Electron driver where the Electron binary exists;
 * elsewhere the test is skipped and says why.
 */
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { _electron } from 'playwright-core';

function electronPath(): string | null {
  try {
    return createRequire(import.meta.url)('electron') as string;
  } catch {
    return null;
  }
}

const binary = electronPath();
if (!binary)
  console.log(
    'skipping Electron launch test: the Electron binary is not installed (it cannot be downloaded on this machine)',
  );

describe.skipIf(!binary)('desktop app', () => {
  it('opens one sandboxed window showing the editor with an example graph', async () => {
    execFileSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'error'], {
      stdio: 'inherit',
    });
    execFileSync(process.execPath, ['scripts/build-electron.mjs'], { stdio: 'inherit' });
    const app = await _electron.launch({ executablePath: binary!, args: ['.', 'graphs/xor-slides.json'] });
    const page = await app.firstWindow();
    await page.waitForSelector('[data-testid="node-E"]');
    expect(await page.evaluate(() => typeof (window as unknown as { require?: unknown }).require)).toBe(
      'undefined',
    );
    expect(
      await page.evaluate(() => typeof (window as unknown as { backpropStudio?: unknown }).backpropStudio),
    ).toBe('object');
    expect(await page.title()).toContain('xor-slides.json');
    await app.close();
  }, 120_000);
});
