/**
 * The installers flip Electron's fuses: no ELECTRON_RUN_AS_NODE, NODE_OPTIONS or --inspect (each
 * would run arbitrary code in the app's name), encrypted cookies, and code loaded only from the
 * app's ASAR, whose integrity is checked.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/**
 * The `key: value` lines of a top-level block of a YAML file (enough for electron-builder.yml's
 * flat blocks; no YAML parser is a dependency of the project).
 */
function block(yaml: string, name: string): Record<string, string> {
  const lines = yaml.split('\n');
  const start = lines.findIndex((l) => l.trimEnd() === `${name}:`);
  const out: Record<string, string> = {};
  if (start < 0) return out;
  for (const line of lines.slice(start + 1)) {
    if (!/^\s/.test(line) && line.trim() !== '') break;
    const m = /^\s+([A-Za-z]+):\s*([^#\s]+)/.exec(line);
    if (m) out[m[1]!] = m[2]!;
  }
  return out;
}

describe('electron-builder.yml', () => {
  const yaml = readFileSync('electron-builder.yml', 'utf8');

  it('sets the fuses the security checklist asks for', () => {
    expect(block(yaml, 'electronFuses')).toMatchObject({
      runAsNode: 'false',
      enableCookieEncryption: 'true',
      enableNodeOptionsEnvironmentVariable: 'false',
      enableNodeCliInspectArguments: 'false',
      enableEmbeddedAsarIntegrityValidation: 'true',
      onlyLoadAppFromAsar: 'true',
    });
  });

  it('packages the app as an ASAR, which onlyLoadAppFromAsar needs', () => {
    expect(yaml).toMatch(/^asar: true$/m);
  });

  it('names only fuses electron-builder knows', () => {
    const types = readFileSync('node_modules/app-builder-lib/out/configuration.d.ts', 'utf8');
    const known = /interface FuseOptionsV1 \{([\s\S]*?)\n\}/.exec(types)?.[1] ?? '';
    for (const key of Object.keys(block(yaml, 'electronFuses'))) expect(known).toContain(`${key}?: boolean`);
  });
});
