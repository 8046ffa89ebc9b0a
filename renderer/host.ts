import type { DesktopApi } from '../electron/ipc';

/**
 * What the renderer needs from its surroundings, so one renderer runs both in Electron and as a
 * plain web page. The browser host uses a file picker, downloads and IndexedDB.
 */

/** A file the user opened. */
export interface OpenedFile {
  name: string;
  text: string;
}

/** A working copy kept for crash recovery. */
export interface Autosave {
  text: string;
  /** File name the work belonged to, if any. */
  fileName: string | null;
  /** Milliseconds since the epoch. */
  savedAt: number;
}

/** The renderer's view of the platform. */
export interface Host {
  kind: 'browser' | 'electron';
  /** Asks the user for a graph file; null when cancelled. */
  openFile(): Promise<OpenedFile | null>;
  /** Saves text under a name (asking where when `ask` or no name yet); the name used, or null when cancelled. */
  saveFile(name: string | null, text: string, ask: boolean): Promise<string | null>;
  /** Keeps the working graph for recovery after a crash. */
  writeAutosave(save: Autosave): Promise<void>;
  readAutosave(): Promise<Autosave | null>;
  clearAutosave(): Promise<void>;
  /** Recently opened or saved files, newest first. */
  recentFiles(): Promise<string[]>;
  /** Opens a file from the recent list; null when it is gone. */
  openRecent(name: string): Promise<OpenedFile | null>;
  /** Puts a file at the top of the recent list (the browser keeps its text, having no paths). */
  addRecent(file: OpenedFile): Promise<void>;
}

const RECENT_KEY = 'backprop-studio.recent';
const readRecent = (): OpenedFile[] => {
  try {
    return JSON.parse(localStorage.getItem(RECENT_KEY) ?? '[]') as OpenedFile[];
  } catch {
    return [];
  }
};

const DB = 'backprop-studio';
const STORE = 'autosave';
const KEY = 'working-graph';

function withStore<T>(mode: IDBTransactionMode, run: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(DB, 1);
    open.onupgradeneeded = () => open.result.createObjectStore(STORE);
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const request = run(db.transaction(STORE, mode).objectStore(STORE));
      request.onsuccess = () => {
        resolve(request.result);
        db.close();
      };
      request.onerror = () => {
        reject(request.error);
        db.close();
      };
    };
  });
}

/** Hands text to the browser as a downloaded JSON file. */
export function downloadText(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  URL.revokeObjectURL(url);
}

/** The host of web mode. */
export function browserHost(): Host {
  return {
    kind: 'browser',
    openFile() {
      return new Promise((resolve) => {
        const input = document.createElement('input');
        input.type = 'file';
        input.accept = '.json,application/json';
        input.onchange = async () => {
          const file = input.files?.[0];
          resolve(file ? { name: file.name, text: await file.text() } : null);
        };
        input.oncancel = () => resolve(null);
        input.click();
      });
    },
    async saveFile(name, text, ask) {
      const chosen = ask || !name ? window.prompt('Save as', name ?? 'graph.json') : name;
      if (!chosen) return null;
      const file = chosen.endsWith('.json') ? chosen : `${chosen}.json`;
      downloadText(file, text);
      return file;
    },
    async writeAutosave(save) {
      await withStore('readwrite', (s) => s.put(save, KEY));
    },
    async readAutosave() {
      return ((await withStore('readonly', (s) => s.get(KEY))) as Autosave | undefined) ?? null;
    },
    async clearAutosave() {
      await withStore('readwrite', (s) => s.delete(KEY));
    },
    async recentFiles() {
      return readRecent().map((f) => f.name);
    },
    async openRecent(name) {
      return readRecent().find((f) => f.name === name) ?? null;
    },
    async addRecent(file) {
      // Small graphs only: localStorage is a few megabytes.
      if (file.text.length > 1_000_000) return;
      const list = [file, ...readRecent().filter((f) => f.name !== file.name)].slice(0, 8);
      try {
        localStorage.setItem(RECENT_KEY, JSON.stringify(list));
      } catch {
        // Storage full: the recent list is a convenience, not data.
      }
    },
  };
}

/** The desktop API the Electron preload exposes, when running in Electron. */
export function desktopApi(): DesktopApi | null {
  return (window as unknown as { backpropStudio?: DesktopApi }).backpropStudio ?? null;
}

/** The host inside Electron: native dialogs and atomic saves in the main process. */
export function electronHost(api: DesktopApi): Host {
  let currentPath: string | null = null;
  return {
    kind: 'electron',
    async openFile() {
      const file = await api.openFile();
      if (!file) return null;
      currentPath = file.path;
      return { name: file.name, text: file.text };
    },
    async saveFile(name, text, ask) {
      // A name without a known path (a new graph or an example) asks where to save.
      const path = await api.saveFile({
        path: currentPath && name && currentPath.endsWith(name) ? currentPath : null,
        text,
        ask,
      });
      if (!path) return null;
      currentPath = path;
      return path.split(/[\\/]/).pop() ?? path;
    },
    writeAutosave: (save) => api.writeAutosave(save),
    readAutosave: () => api.readAutosave(),
    clearAutosave: () => api.clearAutosave(),
    recentFiles: () => api.recentFiles(),
    async openRecent(path) {
      const file = await api.openRecent(path);
      if (!file) return null;
      currentPath = file.path;
      return { name: file.name, text: file.text };
    },
    // Main records paths itself when it opens or saves.
    addRecent: async () => undefined,
  };
}

/** The host for where the renderer runs. */
export function detectHost(): Host {
  const api = desktopApi();
  return api ? electronHost(api) : browserHost();
}
