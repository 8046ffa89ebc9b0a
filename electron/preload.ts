/**
 * The preload (bundled as CommonJS, runs sandboxed): exposes exactly the `DesktopApi` on
 * `window.backpropStudio` and nothing of Node or Electron.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { Channel, MENU_COMMANDS } from './ipc';
import type { DesktopApi, MenuCommand, OpenedPath } from './ipc';

const api: DesktopApi = {
  openFiles: (payload) => ipcRenderer.invoke(Channel.openFiles, payload),
  saveExportFolder: (payload) => ipcRenderer.invoke(Channel.saveExportFolder, payload),
  saveFile: (payload) => ipcRenderer.invoke(Channel.saveFile, payload),
  recentFiles: () => ipcRenderer.invoke(Channel.recentFiles),
  openRecent: (path) => ipcRenderer.invoke(Channel.openRecent, { path }),
  writeAutosave: (payload) => ipcRenderer.invoke(Channel.writeAutosave, payload),
  readAutosave: () => ipcRenderer.invoke(Channel.readAutosave),
  clearAutosave: () => ipcRenderer.invoke(Channel.clearAutosave),
  initialFile: () => ipcRenderer.invoke(Channel.initialFile),
  dataGet: (key) => ipcRenderer.invoke(Channel.dataGet, { key }),
  dataPut: (payload) => ipcRenderer.invoke(Channel.dataPut, payload),
  onMenuCommand(listener) {
    const handler = (_event: unknown, command: unknown) => {
      if (MENU_COMMANDS.includes(command as MenuCommand)) listener(command as MenuCommand);
    };
    ipcRenderer.on(Channel.menuCommand, handler);
    return () => ipcRenderer.removeListener(Channel.menuCommand, handler);
  },
  onFileOpened(listener) {
    const handler = (_event: unknown, file: OpenedPath) => listener(file);
    ipcRenderer.on(Channel.fileOpened, handler);
    return () => ipcRenderer.removeListener(Channel.fileOpened, handler);
  },
};

contextBridge.exposeInMainWorld('backpropStudio', api);
