/** The host inside Electron: native dialogs and atomic saves in the main process, through the preload's API. */
import type { DesktopApi } from '../../electron/ipc';
import type { Host } from '../host';
import { downloadText } from './download';
import { pickFile } from './pick-file';

/** The desktop API the Electron preload exposes, when running in Electron. */
export function desktopApi(): DesktopApi | null {
  return (window as unknown as { backpropStudio?: DesktopApi }).backpropStudio ?? null;
}

/** The host inside Electron: native dialogs and atomic saves in the main process. */
export function electronHost(api: DesktopApi): Host {
  let currentPath: string | null = null;
  return {
    kind: 'electron',
    async openFiles(accept) {
      const extensions = accept.filter((a) => /^\.[A-Za-z0-9]{1,12}$/.test(a) && a !== '.json');
      const files = await api.openFiles({ extensions });
      if (!files) return null;
      // One graph file picked is the file Save writes again; a model imported is saved elsewhere
      // (its graph gets another name, so the check in saveFile never matches the model's path).
      currentPath = files.length === 1 ? files[0].path : null;
      return files.map((f) => ({ name: f.name, bytes: f.bytes }));
    },
    async saveExport(name, files) {
      return api.saveExportFolder({
        name,
        files: files.map((f) => ({ path: f.path, contents: f.contents })),
      });
    },
    // Downloads are kept in the user data folder by main (`datasets/`), written atomically there.
    dataCache: {
      get: (key) => api.dataGet(key),
      put: (key, bytes) => api.dataPut({ key, bytes }),
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
    // Electron hands a download to its own save dialog.
    exportFile: downloadText,
    openDataFile: pickFile,
    async initialFile() {
      const file = await api.initialFile();
      if (!file) return null;
      currentPath = file.path;
      return { name: file.name, text: file.text };
    },
    onMenuCommand: (listener) => api.onMenuCommand(listener),
    // Remembering the path of a file taken makes the next Save write to the file main opened.
    onFileOpened: (listener) =>
      api.onFileOpened((file) => {
        if (listener({ name: file.name, text: file.text })) currentPath = file.path;
      }),
  };
}
