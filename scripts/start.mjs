// `npm start`: launch the desktop app where Electron can run; otherwise say why in one line and
// open web mode (the same renderer as a plain web page).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

function electronBinary() {
  try {
    // The electron package exports the path of its binary, which it downloads on first install.
    const path = require('electron');
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

const port = process.env.PORT ?? '5173';
const binary = electronBinary();
if (binary) {
  // Build the renderer and the main/preload bundles, then launch the desktop app.
  const build = spawn(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'], {
    stdio: 'inherit',
  });
  build.on('exit', (code) => {
    if (code) process.exit(code);
    spawn(process.execPath, ['scripts/build-electron.mjs'], { stdio: 'inherit' }).on('exit', (c) => {
      if (c) process.exit(c);
      spawn(binary, ['.', ...process.argv.slice(2)], { stdio: 'inherit' }).on('exit', (e) =>
        process.exit(e ?? 0),
      );
    });
  });
} else {
  const why = 'the Electron binary is not installed (it cannot be downloaded here)';
  console.log(`Backprop Studio: ${why}; opening web mode at http://localhost:${port}/`);
  spawn(process.execPath, ['node_modules/vite/bin/vite.js', '--port', port, '--strictPort'], {
    stdio: 'inherit',
  }).on('exit', (code) => process.exit(code ?? 0));
}
