/**
 * The one contract between the renderer and the main process: channel names, payload types and
 * the API the preload exposes. The schemas main validates payloads with are in `payloads.ts`
 * (kept apart so the preload bundle stays small).
 */
import { MENU_COMMAND_IDS } from '../renderer/commands/catalog';
import type { CommandId } from '../renderer/commands/catalog';

/** IPC channel names. */
export const Channel = {
  openFiles: 'file:open-files',
  saveFile: 'file:save',
  recentFiles: 'file:recent',
  openRecent: 'file:open-recent',
  writeAutosave: 'autosave:write',
  readAutosave: 'autosave:read',
  clearAutosave: 'autosave:clear',
  menuCommand: 'menu:command',
  initialFile: 'file:initial',
  fileOpened: 'file:opened',
  saveExportFolder: 'export:save-folder',
  dataGet: 'data:get',
  dataPut: 'data:put',
} as const;

/** Open request: the file endings the dialog offers besides graph files (`.onnx`, `.keras`). */
export interface OpenFilesPayload {
  extensions: string[];
}

/** A file the user picked in the Open dialog (a graph, or a model or one of its files), as bytes. */
export interface PickedPath {
  path: string;
  name: string;
  bytes: Uint8Array;
}

/** An export to save into a folder the user picks: the folder's name and the files in it. */
export interface SaveExportPayload {
  /** Name of the folder made in the place the user picks (`spiral-mlp-pytorch`). */
  name: string;
  /** Paths relative to that folder. */
  files: { path: string; contents: string | Uint8Array }[];
}

/** A file of the download cache (MNIST): its key (`mnist/train-images-idx3-ubyte`) and bytes. */
export interface DataPutPayload {
  key: string;
  bytes: Uint8Array;
}

/** Save request: text, the current path (if any) and whether to ask where. */
export interface SavePayload {
  path: string | null;
  text: string;
  ask: boolean;
}

/** A working copy kept for crash recovery. */
export interface AutosavePayload {
  text: string;
  fileName: string | null;
  savedAt: number;
}

/**
 * Commands the native menu sends to the renderer: the ids of the catalog's commands that have a
 * menu entry (the catalog is plain data shared with the renderer's command registry).
 */
export const MENU_COMMANDS = MENU_COMMAND_IDS;
export type MenuCommand = CommandId;

/** A file opened through main: its path and text. */
export interface OpenedPath {
  path: string;
  name: string;
  text: string;
}

/** The API the preload puts on `window.backpropStudio`. */
export interface DesktopApi {
  /** Open dialog for graphs and models (several files at once); null when cancelled. */
  openFiles(payload: OpenFilesPayload): Promise<PickedPath[] | null>;
  /** Folder dialog, then writes the export into a new folder there; the folder, or null when cancelled. */
  saveExportFolder(payload: SaveExportPayload): Promise<string | null>;
  saveFile(payload: SavePayload): Promise<string | null>;
  recentFiles(): Promise<string[]>;
  openRecent(path: string): Promise<OpenedPath | null>;
  writeAutosave(payload: AutosavePayload): Promise<void>;
  readAutosave(): Promise<AutosavePayload | null>;
  clearAutosave(): Promise<void>;
  initialFile(): Promise<OpenedPath | null>;
  onMenuCommand(listener: (command: MenuCommand) => void): () => void;
  /** A file main opened on its own (File → Open Recent); the renderer loads it. */
  onFileOpened(listener: (file: OpenedPath) => void): () => void;
  /** A file of the download cache in the user data folder, or null. */
  dataGet(key: string): Promise<Uint8Array | null>;
  /** Stores a verified download in the user data folder (temp name, then rename). */
  dataPut(payload: DataPutPayload): Promise<void>;
}
