// `npm start`: launch the desktop app, downloading the Electron binary first if it is missing;
// where that fails, say why in one line and open web mode (the same renderer as a plain web page).
import { spawn } from 'node:child_process';
import { ensureElectronBinary } from './ensure-electron.mjs';

const port = process.env.PORT ?? '5173';

/** Runs node with `args`, inheriting the terminal; resolves when it exits successfully. */
function node(args) {
  return new Promise((resolve) => {
    spawn(process.execPath, args, { stdio: 'inherit' }).on('exit', (code) => {
      if (code) process.exit(code);
      resolve();
    });
  });
}

const electron = await ensureElectronBinary({ progress: process.stdout.isTTY ? process.stdout : null });
if (electron.ok) {
  // Build the renderer and the main/preload bundles, then launch the desktop app.
  await node(['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn']);
  await node(['scripts/build-electron.mjs']);
  spawn(electron.path, ['.', ...process.argv.slice(2)], { stdio: 'inherit' }).on('exit', (code) =>
    process.exit(code ?? 0),
  );
} else {
  console.log(
    `Backprop Studio: no Electron binary (${electron.reason}); opening web mode at http://localhost:${port}/`,
  );
  spawn(process.execPath, ['node_modules/vite/bin/vite.js', '--port', port, '--strictPort'], {
    stdio: 'inherit',
  }).on('exit', (code) => process.exit(code ?? 0));
}
