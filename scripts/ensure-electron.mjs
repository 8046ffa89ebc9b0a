// Makes sure the Electron binary is installed, downloading it when it is missing.
//
// The download is the electron package's own install script (node_modules/electron/install.js),
// run as a child process, so everything a user may have configured for it works as it does for
// `npm install`: ELECTRON_MIRROR, ELECTRON_CUSTOM_DIR, electron_config_cache, proxies, checksums.
// We add what that script lacks: progress from the first second (its own bar waits 30 s and only
// draws on a terminal), a bound on a stalled connection (it has no timeout and would hang), and
// one line with the real reason when it fails.
//
// Used by `npm start` (falls back to web mode on failure) and `npm run dist` (fails). Run alone,
// `node scripts/ensure-electron.mjs` prints the binary's path, or the reason and exits 1.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { clearInterval, setInterval } from 'node:timers';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);

/** Seconds without a byte of progress after which a download is abandoned; env overrides. */
const DEFAULT_STALL_SECONDS = 60;

/** The installed Electron binary's path, or null when it is not there. */
export function electronBinaryPath() {
  try {
    // The package's index.js reads path.txt, which its install script writes after extracting;
    // drop the cached module so a download in this process is seen.
    delete require.cache[require.resolve('electron')];
    const path = require('electron');
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

/** Where the download comes from, for messages only (@electron/get builds the real URL). */
function mirrorDescription() {
  const mirror = process.env.ELECTRON_MIRROR ?? process.env.npm_config_electron_mirror;
  return mirror ? `${mirror} (ELECTRON_MIRROR)` : 'GitHub';
}

function stallSeconds() {
  const raw = process.env.BACKPROP_ELECTRON_STALL_S;
  const value = raw === undefined ? DEFAULT_STALL_SECONDS : Number(raw);
  if (!(value > 0))
    throw new Error(`BACKPROP_ELECTRON_STALL_S must be a positive number of seconds, not "${raw}"`);
  return value;
}

/** Total bytes of the files under `dir` (0 when it does not exist); files may vanish meanwhile. */
function bytesUnder(dir) {
  let total = 0;
  let names;
  try {
    names = readdirSync(dir, { recursive: true });
  } catch {
    return 0;
  }
  for (const name of names) {
    try {
      const s = statSync(join(dir, String(name)));
      if (s.isFile()) total += s.size;
    } catch {
      // Removed between listing and stat: the script cleans up its temporary files.
    }
  }
  return total;
}

/** The URL the script is fetching, from @electron/get's debug line "Downloading <url> to <path>". */
export function downloadUrl(output) {
  const urls = [...output.matchAll(/Downloading (\S+) to /g)];
  return urls.length ? urls[urls.length - 1][1] : null;
}

/** The one line that says why the install script failed, from what it printed. */
export function failureReason(output, exitCode) {
  // eslint-disable-next-line no-control-regex
  const lines = output.split(/\r?\n/).map((l) => l.replace(/\x1b\[[0-9;]*m/g, '').trimEnd());
  // install.js prints err.stack, whose first line is "<Name>Error: <message>", e.g.
  // "HTTPError: Response code 404 (Not Found)" or "RequestError: getaddrinfo ENOTFOUND github.com".
  // The stack was taken before @electron/get added the URL to the message, so add it back.
  const error = lines.find((l) => /^[A-Za-z]*Error\b/.test(l));
  const url = downloadUrl(output);
  if (error) return url && !error.includes(url) ? `${error} for ${url}` : error;
  const last = lines.filter((l) => l.trim() && !l.includes('@electron/get:')).pop();
  return last ?? `the Electron install script exited with code ${exitCode}`;
}

const MB = 1024 * 1024;

/**
 * Returns `{ ok: true, path }` once the binary is installed, downloading it first if needed, or
 * `{ ok: false, reason }` with one line saying why it is not. Never rejects, never hangs: a
 * download that makes no progress for BACKPROP_ELECTRON_STALL_S seconds (default 60) is stopped.
 * `log` receives progress lines; `progress` (a TTY stream or null) gets a self-updating line.
 */
export async function ensureElectronBinary({ log = console.log, progress = null } = {}) {
  const existing = electronBinaryPath();
  if (existing) return { ok: true, path: existing };
  // The user's own switch for the electron package (CI sets it for `npm ci`): respect it.
  if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD)
    return {
      ok: false,
      reason: 'the Electron binary is not installed and ELECTRON_SKIP_BINARY_DOWNLOAD is set',
    };

  let installScript;
  let limit;
  try {
    installScript = require.resolve('electron/install.js');
    limit = stallSeconds();
  } catch (error) {
    return { ok: false, reason: String(error instanceof Error ? error.message : error) };
  }
  const electronDir = dirname(installScript);
  const { version } = require('electron/package.json');
  log(`Backprop Studio: downloading Electron ${version} from ${mirrorDescription()}; this happens once…`);

  // The script downloads into os.tmpdir(); giving it a temporary directory of ours lets us watch
  // the bytes arrive (and then the extraction into electron/dist) without touching the script.
  const scratch = mkdtempSync(join(tmpdir(), 'backprop-electron-'));
  const child = spawn(process.execPath, [installScript], {
    cwd: electronDir,
    env: {
      ...process.env,
      TMPDIR: scratch,
      TMP: scratch,
      TEMP: scratch,
      // @electron/get logs the URL it fetches through `debug`; the messages below name it.
      DEBUG: [process.env.DEBUG, '@electron/get:index'].filter(Boolean).join(','),
    },
    // Piped, not inherited: its stack trace is condensed into one line below.
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let lastActivity = Date.now();
  const onOutput = (chunk) => {
    output += chunk;
    lastActivity = Date.now();
  };
  child.stdout.setEncoding('utf8').on('data', onOutput);
  child.stderr.setEncoding('utf8').on('data', onOutput);

  const started = Date.now();
  let lastBytes = 0;
  let lastReport = started;
  let stalled = false;
  let drewProgress = false;
  const tick = setInterval(
    () => {
      const now = Date.now();
      const bytes = bytesUnder(scratch) + bytesUnder(join(electronDir, 'dist'));
      if (bytes !== lastBytes) {
        lastBytes = bytes;
        lastActivity = now;
      }
      const line = `  ${(bytes / MB).toFixed(1)} MB received after ${Math.round((now - started) / 1000)} s`;
      if (progress) {
        progress.write(`\r${line}   `);
        drewProgress = true;
      } else if (now - lastReport >= 10_000) {
        lastReport = now;
        log(line);
      }
      if (now - lastActivity > limit * 1000) {
        stalled = true;
        child.kill('SIGKILL');
      }
    },
    Math.min(500, (limit * 1000) / 4),
  );

  const [code, signal] = await new Promise((resolve) => {
    child.on('error', (error) => {
      output += `\n${error.name}: ${error.message}\n`;
      resolve([1, null]);
    });
    child.on('close', (c, s) => resolve([c, s]));
  });
  clearInterval(tick);
  if (drewProgress) progress.write('\n');
  rmSync(scratch, { recursive: true, force: true });

  if (stalled)
    return {
      ok: false,
      reason: `no data from ${downloadUrl(output) ?? mirrorDescription()} for ${limit} s (BACKPROP_ELECTRON_STALL_S), so the download was stopped`,
    };
  if (code !== 0) return { ok: false, reason: failureReason(output, code ?? signal) };
  const path = electronBinaryPath();
  if (!path)
    return {
      ok: false,
      reason: `the Electron install script finished, but there is no binary in ${electronDir}`,
    };
  return { ok: true, path };
}

// Run alone (`npm run dist` does): print the path, or the reason and fail.
if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const result = await ensureElectronBinary({ progress: process.stdout.isTTY ? process.stdout : null });
  if (result.ok) console.log(`Electron binary: ${result.path}`);
  else {
    console.error(`Backprop Studio: no Electron binary: ${result.reason}`);
    process.exitCode = 1;
  }
}
