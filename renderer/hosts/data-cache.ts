/**
 * The download cache of the app: IndexedDB, in web mode and in Electron alike (Electron keeps a
 * page's IndexedDB in its user data folder, so the files stay with the app's other data). Each file
 * is one `put` in one transaction, so a crash never leaves part of a file under its key.
 */
import type { DataCache } from '../../src/data/download/download';

const DB = 'backprop-studio-data';
const STORE = 'files';

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB is not available'));
    request.onsuccess = () => resolve(request.result);
  });
}

/** Runs one request in its own transaction and closes the database afterwards. */
async function run<T>(mode: IDBTransactionMode, make: (store: IDBObjectStore) => IDBRequest): Promise<T> {
  const db = await open();
  return new Promise<T>((resolve, reject) => {
    const tx = db.transaction(STORE, mode);
    const request = make(tx.objectStore(STORE));
    tx.oncomplete = () => {
      db.close();
      resolve(request.result as T);
    };
    tx.onerror = tx.onabort = () => {
      db.close();
      reject(tx.error ?? request.error ?? new Error('IndexedDB transaction failed'));
    };
  });
}

/** The app's download cache. */
export const browserDataCache: DataCache = {
  async get(key) {
    const value = await run<unknown>('readonly', (s) => s.get(key));
    return value instanceof Uint8Array ? value : value instanceof ArrayBuffer ? new Uint8Array(value) : null;
  },
  put: (key, bytes) => run<void>('readwrite', (s) => s.put(bytes, key)),
};
