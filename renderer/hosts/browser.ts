/** The host of web mode: a file picker, downloads, IndexedDB autosave, a recent list in localStorage. */
import type { Autosave, Host, OpenedFile } from '../host';
import { browserDataCache } from './data-cache';
import { downloadText } from './download';
import { zipExport } from '../export/zip';
import { pickFile, pickFiles } from './pick-file';

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

/** The host of web mode. */
export function browserHost(): Host {
  return {
    kind: 'browser',
    dataCache: browserDataCache,
    openFiles: pickFiles,
    async saveFile(name, text, ask) {
      const chosen = ask || !name ? window.prompt('Save as', name ?? 'graph.json') : name;
      if (!chosen) return null;
      const file = chosen.endsWith('.json') ? chosen : `${chosen}.json`;
      downloadText(file, text);
      return file;
    },
    exportFile: downloadText,
    async saveExport(name, files) {
      downloadText(`${name}.zip`, zipExport(name, files));
      return `${name}.zip`;
    },
    openDataFile: pickFile,
    // A web page has no command line, native menu or files opened behind its back.
    initialFile: async () => null,
    onMenuCommand: () => () => undefined,
    onFileOpened: () => () => undefined,
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
