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
}

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
      const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = chosen.endsWith('.json') ? chosen : `${chosen}.json`;
      a.click();
      URL.revokeObjectURL(url);
      return a.download;
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
  };
}
