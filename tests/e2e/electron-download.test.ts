/**
 * `npm start` downloads a missing Electron binary through the electron package's own install
 * script, so ELECTRON_MIRROR is honoured: these tests point it at a local HTTP server and check
 * that the request arrives, that a 404 falls back to web mode naming that 404, and that a server
 * which never answers is given up on within the stall limit. No network is needed.
 *
 * ELECTRON_OVERRIDE_DIST_PATH (read by the electron package) points at an empty directory so the
 * binary counts as missing even on a machine that has it; a failed download writes nothing. The
 * successful download extracts into the electron package, so it runs in a scratch copy of the
 * project whose electron package is a copy too.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { arch, platform, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../../scripts/web-mode';

const version = (
  JSON.parse(readFileSync('node_modules/electron/package.json', 'utf8')) as { version: string }
).version;
// The file @electron/get asks a mirror for: <mirror>/v<version>/electron-v<version>-<platform>-<arch>.zip.
const zipPath = `/v${version}/electron-v${version}-${platform()}-${arch()}.zip`;

let server: Server | undefined;
let scratch: string | undefined;

afterEach(() => {
  server?.closeAllConnections();
  server?.close();
  server = undefined;
  if (scratch) rmSync(scratch, { recursive: true, force: true });
  scratch = undefined;
});

/** A mirror on 127.0.0.1 that records request paths and answers with `respond`. */
async function mirror(respond: (req: IncomingMessage, res: ServerResponse) => void) {
  const requests: string[] = [];
  server = createServer((req, res) => {
    requests.push(req.url ?? '');
    respond(req, res);
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}/`, requests };
}

/** The environment `npm start` would see, with the download aimed at `mirrorUrl`. */
function downloadEnv(mirrorUrl: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  scratch ??= mkdtempSync(join(tmpdir(), 'electron-download-test-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ELECTRON_MIRROR: mirrorUrl,
    electron_config_cache: join(scratch, 'cache'),
    ELECTRON_OVERRIDE_DIST_PATH: join(scratch, 'no-binary'),
    ...extra,
  };
  delete env.ELECTRON_SKIP_BINARY_DOWNLOAD;
  delete env.ELECTRON_CUSTOM_DIR;
  delete env.npm_config_electron_mirror;
  return env;
}

/**
 * Runs `node <args>` until it exits or prints a line matching `until` (then stops it and its
 * children), with a hard limit so a regression fails the test instead of hanging it.
 */
function run(args: string[], env: NodeJS.ProcessEnv, until?: RegExp) {
  const started = Date.now();
  return new Promise<{ output: string; code: number | null; seconds: number }>((resolve, reject) => {
    const child = spawn(process.execPath, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const stop = () => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // Already gone.
      }
    };
    const limit = setTimeout(() => {
      stop();
      reject(new Error(`still running after 20 s:\n${output}`));
    }, 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (until?.test(output)) stop();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('close', (code) => {
      clearTimeout(limit);
      resolve({ output, code, seconds: (Date.now() - started) / 1000 });
    });
  });
}

describe('Electron binary download on npm start', () => {
  it('asks ELECTRON_MIRROR for the zip and, on a 404, opens web mode saying so', async () => {
    const { url, requests } = await mirror((_req, res) => {
      res.statusCode = 404;
      res.end('Not Found');
    });
    const port = String(await freePort());
    const { output, seconds } = await run(
      ['scripts/start.mjs'],
      downloadEnv(url, { PORT: port }),
      /opening web mode/,
    );
    expect(requests).toContain(zipPath);
    expect(output).toContain(`downloading Electron ${version} from ${url}`);
    const fallback = output.split('\n').find((l) => l.includes('opening web mode'));
    expect(fallback).toBe(
      `Backprop Studio: no Electron binary (HTTPError: Response code 404 (Not Found) for ${url.slice(0, -1)}${zipPath}); opening web mode at http://localhost:${port}/`,
    );
    expect(seconds).toBeLessThan(10);
  }, 30_000);

  it('gives up on a mirror that accepts the connection and never answers, within the stall limit', async () => {
    // The request is held open and never answered.
    const { url, requests } = await mirror(() => {});
    const { output, code, seconds } = await run(
      ['scripts/ensure-electron.mjs'],
      downloadEnv(url, { BACKPROP_ELECTRON_STALL_S: '1.5' }),
    );
    expect(requests).toContain(zipPath);
    expect(code).toBe(1);
    expect(output).toContain(
      `Backprop Studio: no Electron binary: no data from ${url.slice(0, -1)}${zipPath} for 1.5 s (BACKPROP_ELECTRON_STALL_S), so the download was stopped`,
    );
    expect(seconds).toBeGreaterThanOrEqual(1.5);
    expect(seconds).toBeLessThan(10);
  }, 30_000);

  // The fake zip holds a Linux-named binary ("electron"; macOS and Windows name it differently).
  it.skipIf(platform() !== 'linux')(
    'downloads, checks and unpacks the binary from the mirror, then reports its path',
    async () => {
      // A scratch project: the launcher script, a copy of the electron package (its install script
      // unpacks next to itself), and every other dependency linked from this checkout.
      scratch = mkdtempSync(join(tmpdir(), 'electron-download-test-'));
      const project = join(scratch, 'project');
      mkdirSync(join(project, 'scripts'), { recursive: true });
      mkdirSync(join(project, 'node_modules', 'electron'), { recursive: true });
      copyFileSync('scripts/ensure-electron.mjs', join(project, 'scripts', 'ensure-electron.mjs'));
      for (const file of ['package.json', 'index.js', 'install.js', 'checksums.json'])
        copyFileSync(join('node_modules/electron', file), join(project, 'node_modules', 'electron', file));
      for (const name of readdirSync('node_modules'))
        if (name !== 'electron')
          symlinkSync(resolve('node_modules', name), join(project, 'node_modules', name));

      // The fake zip holds a shell script named "electron"; its checksum comes from the mirror's
      // SHASUMS256.txt, as electron_use_remote_checksums asks, since checksums.json has the real one's.
      const zip = readFileSync('tests/fixtures/fake-electron.zip');
      const sums = `${createHash('sha256').update(zip).digest('hex')} *${zipPath.split('/').pop()}\n`;
      const { url, requests } = await mirror((req, res) => {
        if (req.url === zipPath) res.end(zip);
        else if (req.url === `/v${version}/SHASUMS256.txt`) res.end(sums);
        else {
          res.statusCode = 404;
          res.end();
        }
      });
      const env: NodeJS.ProcessEnv = { ...downloadEnv(url), electron_use_remote_checksums: '1' };
      delete env.ELECTRON_OVERRIDE_DIST_PATH;
      const { output, code } = await run([join(project, 'scripts', 'ensure-electron.mjs')], env);
      const binary = join(project, 'node_modules', 'electron', 'dist', 'electron');
      expect(output).toContain(`Electron binary: ${binary}`);
      expect(code).toBe(0);
      expect(requests).toEqual([zipPath, `/v${version}/SHASUMS256.txt`]);
      expect(existsSync(binary)).toBe(true);
    },
    30_000,
  );
});
