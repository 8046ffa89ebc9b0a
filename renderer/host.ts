/**
 * What the renderer needs from its surroundings, so one renderer runs both in Electron and as a
 * plain web page. Every file action of the editor goes through a `Host`: the browser host uses a
 * file picker, downloads and IndexedDB (`hosts/browser.ts`); the Electron host native dialogs and
 * atomic saves in the main process (`hosts/electron.ts`).
 */
import type { ExportFile } from '../src/export/types';
import type { DataCache } from '../src/data/download/download';
import type { CommandId } from './commands/catalog';
import { browserHost } from './hosts/browser';
import { desktopApi, electronHost } from './hosts/electron';

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

/** A data file the user chose (CSV, IDX…): its name and its bytes. */
export interface PickedFile {
  name: string;
  bytes: Uint8Array;
}

/** The renderer's view of the platform. */
export interface Host {
  kind: 'browser' | 'electron';
  /**
   * Asks the user for a graph file or a model with the files it needs (one or more of the `accept`
   * types); null when cancelled. Throws (with a message for the user) when a file is too big.
   */
  openFiles(accept: readonly string[]): Promise<PickedFile[] | null>;
  /** Asks the user for a data file of the given types (`.csv`, `text/csv`); null when cancelled. */
  openDataFile(accept: readonly string[]): Promise<PickedFile | null>;
  /** Saves text under a name (asking where when `ask` or no name yet); the name used, or null when cancelled. */
  saveFile(name: string | null, text: string, ask: boolean): Promise<string | null>;
  /** Hands the graph over as a downloaded JSON file, without making it the open file. */
  exportFile(name: string, contents: string | Uint8Array): void;
  /**
   * Saves every file of an export together: a `<name>.zip` download in web mode, a folder the user
   * picks in Electron. Resolves to what was written (a name or a folder), null when cancelled.
   */
  saveExport(name: string, files: readonly ExportFile[]): Promise<string | null>;
  /** The file named on the command line at start (Electron), or null. */
  initialFile(): Promise<OpenedFile | null>;
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
  /** Commands chosen in a native menu; returns the unsubscribe function. */
  onMenuCommand(listener: (id: CommandId) => void): () => void;
  /**
   * Files the platform opened on its own (File → Open Recent of the native menu); the listener
   * says whether it took the file (the user may keep unsaved work instead).
   */
  onFileOpened(listener: (file: OpenedFile) => boolean): () => void;
  /** Where downloaded data sets (MNIST) are kept: IndexedDB in web mode, the user data folder in Electron. */
  dataCache: DataCache;
}

/** The host for where the renderer runs. */
export function detectHost(): Host {
  const api = desktopApi();
  return api ? electronHost(api) : browserHost();
}
