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
if (binary && existsSync('electron/main.ts')) {
  spawn(binary, ['.'], { stdio: 'inherit' }).on('exit', (code) => process.exit(code ?? 0));
} else {
  const why = binary ? 'the Electron shell is not built yet' : 'the Electron binary is not installed (it cannot be downloaded here)';
  console.log(`Backprop Studio: ${why}; opening web mode at http://localhost:${port}/`);
  spawn(process.execPath, ['node_modules/vite/bin/vite.js', '--port', port, '--strictPort'], { stdio: 'inherit' }).on('exit', (code) =>
    process.exit(code ?? 0),
  );
}
