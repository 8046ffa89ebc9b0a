/**
 * The Electron main process: one sandboxed window running the same renderer as web mode, a strict
 * Content-Security-Policy, no navigation or new windows, native dialogs, atomic saves, recent
 * files, remembered window bounds, and the switches that let WebGPU use the GPU where it can.
 */
import { app, BrowserWindow, dialog, ipcMain, Menu, session } from 'electron';
import type { IpcMainInvokeEvent } from 'electron';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { z } from 'zod';
import { Channel } from './ipc';
import { AutosavePayload, OpenRecentPayload, SavePayload } from './payloads';
import type { OpenedPath } from './ipc';
import { pushRecent, readJson, writeAtomic, writeJson } from './files';
import { buildMenu } from './menu';

// WebGPU is behind flags on Linux; Vulkan gives it an adapter where the driver allows.
app.commandLine.appendSwitch('enable-unsafe-webgpu');
if (process.platform === 'linux') app.commandLine.appendSwitch('enable-features', 'Vulkan');

const settingsPath = () => join(app.getPath('userData'), 'settings.json');
const autosavePath = () => join(app.getPath('userData'), 'autosave.json');
interface Settings {
  recent: string[];
  bounds?: { x: number; y: number; width: number; height: number };
}
const loadSettings = (): Settings => readJson<Settings>(settingsPath(), { recent: [] });
const saveSettings = (s: Settings) => writeJson(settingsPath(), s);

const CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self' data: blob:",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Validates an IPC payload; a bad one is refused with the schema's message. */
function parsePayload<T>(schema: z.ZodType<T>, payload: unknown): T {
  const result = schema.safeParse(payload);
  if (!result.success)
    throw new Error(`invalid request: ${result.error.issues[0]?.message ?? 'bad payload'}`);
  return result.data;
}

function readGraphFile(path: string): OpenedPath {
  return { path, name: basename(path), text: readFileSync(path, 'utf8') };
}

let win: BrowserWindow | null = null;

function remember(path: string) {
  const settings = loadSettings();
  settings.recent = pushRecent(settings.recent, path);
  saveSettings(settings);
  app.addRecentDocument(path);
  if (win) Menu.setApplicationMenu(buildMenu(win, settings.recent, openRecentInWindow));
}

/** File → Open Recent: read the file here and hand it to the renderer (which asks about unsaved work). */
function openRecentInWindow(path: string) {
  if (!win || !existsSync(path)) return;
  remember(path);
  win.webContents.send(Channel.fileOpened, readGraphFile(path));
}

function registerIpc() {
  const fromOurWindow = (event: IpcMainInvokeEvent) => {
    if (!win || event.sender !== win.webContents) throw new Error('request from an unknown window');
  };
  const graphFilters = [{ name: 'Backprop Studio graph', extensions: ['json'] }];
  ipcMain.handle(Channel.openFile, async (event) => {
    fromOurWindow(event);
    const result = await dialog.showOpenDialog(win!, { properties: ['openFile'], filters: graphFilters });
    if (result.canceled || !result.filePaths[0]) return null;
    remember(result.filePaths[0]);
    return readGraphFile(result.filePaths[0]);
  });
  ipcMain.handle(Channel.saveFile, async (event, payload: unknown) => {
    fromOurWindow(event);
    const { path, text, ask } = parsePayload(SavePayload, payload);
    let target = path;
    if (ask || !target || !existsSync(resolve(target, '..'))) {
      const result = await dialog.showSaveDialog(win!, {
        defaultPath: target ?? 'graph.json',
        filters: graphFilters,
      });
      if (result.canceled || !result.filePath) return null;
      target = result.filePath;
    }
    writeAtomic(target, text);
    remember(target);
    return target;
  });
  ipcMain.handle(Channel.recentFiles, (event) => {
    fromOurWindow(event);
    return loadSettings().recent;
  });
  ipcMain.handle(Channel.openRecent, (event, payload: unknown) => {
    fromOurWindow(event);
    const { path } = parsePayload(OpenRecentPayload, payload);
    // Only paths this app put on the list may be read this way.
    if (!loadSettings().recent.includes(path) || !existsSync(path)) return null;
    remember(path);
    return readGraphFile(path);
  });
  ipcMain.handle(Channel.writeAutosave, (event, payload: unknown) => {
    fromOurWindow(event);
    writeJson(autosavePath(), parsePayload(AutosavePayload, payload));
  });
  ipcMain.handle(Channel.readAutosave, (event) => {
    fromOurWindow(event);
    const saved = readJson<unknown>(autosavePath(), null);
    const result = AutosavePayload.safeParse(saved);
    return result.success ? result.data : null;
  });
  ipcMain.handle(Channel.clearAutosave, (event) => {
    fromOurWindow(event);
    rmSync(autosavePath(), { force: true });
  });
  ipcMain.handle(Channel.initialFile, (event) => {
    fromOurWindow(event);
    // `backprop-studio-app path/to/graph.json` opens that file.
    const arg = process.argv.slice(app.isPackaged ? 1 : 2).find((a) => a.endsWith('.json') && existsSync(a));
    return arg ? readGraphFile(resolve(arg)) : null;
  });
}

function createWindow() {
  const settings = loadSettings();
  win = new BrowserWindow({
    ...(settings.bounds ?? { width: 1400, height: 900 }),
    title: 'Backprop Studio',
    icon: join(__dirname, '../../assets/icon.png'),
    webPreferences: {
      preload: join(__dirname, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    },
  });
  win.on('close', () => {
    if (win) saveSettings({ ...loadSettings(), bounds: win.getBounds() });
  });
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  // The renderer blocks unloading while there are unsaved changes; ask before closing.
  win.webContents.on('will-prevent-unload', (event) => {
    const choice = dialog.showMessageBoxSync(win!, {
      type: 'question',
      buttons: ['Discard changes', 'Keep editing'],
      defaultId: 1,
      cancelId: 1,
      message: 'The graph has unsaved changes.',
      detail: 'Close anyway and lose them?',
    });
    if (choice === 0) event.preventDefault();
  });
  win.webContents.on('will-navigate', (event) => event.preventDefault());
  Menu.setApplicationMenu(buildMenu(win, settings.recent, openRecentInWindow));
  void win.loadFile(join(__dirname, '../renderer/index.html'));
}

void app.whenReady().then(() => {
  session.defaultSession.webRequest.onHeadersReceived((details, callback) =>
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CSP] } }),
  );
  registerIpc();
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
