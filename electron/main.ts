/**
 * The Electron main process: one sandboxed window running the same renderer as web mode, a strict
 * Content-Security-Policy, no permissions, navigation, redirects or new windows, native dialogs,
 * atomic saves only to files the user chose, a size limit on files opened, recent files,
 * remembered window bounds, and the switches that let WebGPU use the GPU where it can.
 */
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, session } from 'electron';
import type { IpcMainInvokeEvent } from 'electron';
import { existsSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { z } from 'zod';
import { cspHeader } from './csp';
import { APP_ORIGIN, APP_SCHEME, appFilePath, appResponseHeaders } from './isolation';
import { Channel } from './ipc';
import { folderCache } from '../src/data/download/node-cache';
import {
  AutosavePayload,
  DataGetPayload,
  DataPutPayload,
  OpenFilesPayload,
  OpenRecentPayload,
  SaveExportPayload,
  SavePayload,
} from './payloads';
import type { OpenedPath } from './ipc';
import {
  pushRecent,
  readGraphFile,
  readJson,
  readPickedFiles,
  UnopenableFileError,
  writeAtomic,
  writeJson,
} from './files';
import { planFolder, writeFolder } from './export-folder';
import { buildMenu } from './menu';
import { ChosenPaths, performSave } from './save-paths';
import { denyAllPermissions, lockDownWebContents } from './security';

/** DevTools only where the app runs unpackaged (`npm start`), never in an installed build. */
const devBuild = !app.isPackaged;

// Every renderer sandboxed, whatever a window's own preferences say.
app.enableSandbox();

// The renderer is served over app:// rather than file:// so that it can be cross-origin isolated
// (COOP/COEP headers, see isolation.ts) and train on every core. Standard and secure like https:
// same-origin rules, fetch, workers and WebAssembly streaming work as on a web server.
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

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

/** Validates an IPC payload; a bad one is refused with the schema's message. */
function parsePayload<T>(schema: z.ZodType<T>, payload: unknown): T {
  const result = schema.safeParse(payload);
  if (!result.success)
    throw new Error(`invalid request: ${result.error.issues[0]?.message ?? 'bad payload'}`);
  return result.data;
}

let win: BrowserWindow | null = null;

/** The files the user chose this session: the only ones a save without a dialog may write. */
const chosen = new ChosenPaths();

/**
 * Opens a graph file the user chose: reads it (within the size limit) and records it as chosen.
 * A file main will not open is explained in a message box and gives null.
 */
function openChosen(path: string): OpenedPath | null {
  try {
    const file = readGraphFile(path);
    chosen.allow(path);
    return file;
  } catch (err) {
    if (!(err instanceof UnopenableFileError)) throw err;
    warnUnopenable(err);
    return null;
  }
}

function remember(path: string) {
  const settings = loadSettings();
  settings.recent = pushRecent(settings.recent, path);
  saveSettings(settings);
  app.addRecentDocument(path);
  if (win)
    Menu.setApplicationMenu(buildMenu(win, settings.recent, openRecentInWindow, { devTools: devBuild }));
}

/** Shows why a file cannot be opened, in a message box. */
function warnUnopenable(err: UnopenableFileError) {
  const options = { type: 'warning' as const, message: 'Cannot open this file', detail: err.message };
  void (win ? dialog.showMessageBox(win, options) : dialog.showMessageBox(options));
}

/** File → Open Recent: read the file here and hand it to the renderer (which asks about unsaved work). */
function openRecentInWindow(path: string) {
  if (!win || !existsSync(path)) return;
  const file = openChosen(path);
  if (!file) return;
  remember(path);
  win.webContents.send(Channel.fileOpened, file);
}

function registerIpc() {
  const fromOurWindow = (event: IpcMainInvokeEvent) => {
    if (!win || event.sender !== win.webContents) throw new Error('request from an unknown window');
  };
  const graphFilters = [{ name: 'Backprop Studio graph', extensions: ['json'] }];
  ipcMain.handle(Channel.openFiles, async (event, payload: unknown) => {
    fromOurWindow(event);
    const { extensions } = parsePayload(OpenFilesPayload, payload);
    const models = [...new Set(extensions.map((e) => e.slice(1).toLowerCase()))];
    const result = await dialog.showOpenDialog(win!, {
      // Several files: a TensorFlow.js model.json comes with its weight shards.
      properties: ['openFile', 'multiSelections'],
      filters: [
        { name: 'Graphs and models', extensions: [...new Set(['json', ...models])] },
        ...graphFilters,
        { name: 'All files', extensions: ['*'] },
      ],
    });
    if (result.canceled || !result.filePaths.length) return null;
    let files;
    try {
      files = readPickedFiles(result.filePaths);
    } catch (err) {
      if (!(err instanceof UnopenableFileError)) throw err;
      warnUnopenable(err);
      return null;
    }
    // One graph file becomes the open file: Save may write it again, and it is listed as recent.
    const only = files.length === 1 ? files[0] : null;
    if (only && only.name.toLowerCase().endsWith('.json')) {
      chosen.allow(only.path);
      remember(only.path);
    }
    return files;
  });
  ipcMain.handle(Channel.saveExportFolder, async (event, payload: unknown) => {
    fromOurWindow(event);
    const { name, files } = parsePayload(SaveExportPayload, payload);
    // Refused before any dialog: a bad path is not the renderer we wrote.
    planFolder(app.getPath('temp'), name, files);
    const result = await dialog.showOpenDialog(win!, {
      title: `Save the export as a folder "${name}" in…`,
      buttonLabel: 'Save here',
      properties: ['openDirectory', 'createDirectory'],
    });
    if (result.canceled || !result.filePaths[0]) return null;
    const plan = planFolder(result.filePaths[0], name, files);
    if (plan.existing.length) {
      const choice = await dialog.showMessageBox(win!, {
        type: 'question',
        buttons: ['Replace', 'Cancel'],
        defaultId: 1,
        cancelId: 1,
        message: `${plan.existing.length} file(s) of this export exist in ${plan.folder}.`,
        detail: `Replace ${plan.existing.map((p) => p.slice(plan.folder.length + 1)).join(', ')}?`,
      });
      if (choice.response !== 0) return null;
    }
    writeFolder(plan, files);
    return plan.folder;
  });
  ipcMain.handle(Channel.saveFile, async (event, payload: unknown) => {
    fromOurWindow(event);
    return performSave(parsePayload(SavePayload, payload), chosen, (p) => existsSync(dirname(p)), {
      askWhere: async (defaultPath) => {
        const result = await dialog.showSaveDialog(win!, { defaultPath, filters: graphFilters });
        return result.canceled || !result.filePath ? null : result.filePath;
      },
      write: writeAtomic,
      remember,
    });
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
    const file = openChosen(path);
    if (file) remember(path);
    return file;
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
  // The download cache (Get MNIST): verified files in the user data folder, written atomically.
  const datasets = folderCache(join(app.getPath('userData'), 'datasets'));
  ipcMain.handle(Channel.dataGet, (event, payload: unknown) => {
    fromOurWindow(event);
    return datasets.get(parsePayload(DataGetPayload, payload).key);
  });
  ipcMain.handle(Channel.dataPut, (event, payload: unknown) => {
    fromOurWindow(event);
    const { key, bytes } = parsePayload(DataPutPayload, payload);
    return datasets.put(key, bytes);
  });
  ipcMain.handle(Channel.initialFile, (event) => {
    fromOurWindow(event);
    // `backprop-studio-app path/to/graph.json` opens that file.
    const arg = process.argv.slice(app.isPackaged ? 1 : 2).find((a) => a.endsWith('.json') && existsSync(a));
    return arg ? openChosen(resolve(arg)) : null;
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
      devTools: devBuild,
    },
  });
  win.on('close', () => {
    if (win) saveSettings({ ...loadSettings(), bounds: win.getBounds() });
  });
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
  Menu.setApplicationMenu(buildMenu(win, settings.recent, openRecentInWindow, { devTools: devBuild }));
  void win.loadURL(`${APP_ORIGIN}/index.html`);
}

// Every web contents (the window's and any other) gets no navigation, redirects, new windows or
// webviews; see security.ts.
app.on('web-contents-created', (_event, contents) => lockDownWebContents(contents));

void app.whenReady().then(() => {
  denyAllPermissions(session.defaultSession);
  // The policy is also a meta tag in the built index.html (electron/csp.ts); the header adds
  // frame-ancestors, which only a header can set, wherever a response passes through here.
  const csp = cspHeader();
  session.defaultSession.webRequest.onHeadersReceived((details, callback) =>
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp] } }),
  );
  // The renderer build, with isolation headers and the CSP; nothing outside it is served.
  const root = join(__dirname, '../renderer');
  protocol.handle(APP_SCHEME, async (request) => {
    const file = appFilePath(request.url, root);
    if (!file) return new Response('not found', { status: 404 });
    try {
      return new Response(await readFile(file), { headers: appResponseHeaders(file, csp) });
    } catch {
      return new Response('not found', { status: 404 });
    }
  });
  registerIpc();
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
