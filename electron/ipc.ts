/**
 * The one contract between the renderer and the main process: channel names, payload types and
 * the API the preload exposes. The schemas main validates payloads with are in `payloads.ts`
 * (kept apart so the preload bundle stays small).
 */

/** IPC channel names. */
export const Channel = {
  openFile: 'file:open',
  saveFile: 'file:save',
  recentFiles: 'file:recent',
  openRecent: 'file:open-recent',
  writeAutosave: 'autosave:write',
  readAutosave: 'autosave:read',
  clearAutosave: 'autosave:clear',
  menuCommand: 'menu:command',
  initialFile: 'file:initial',
  fileOpened: 'file:opened',
} as const;

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

/** Menu commands main sends to the renderer (same accelerators as the in-app shortcuts). */
export const MENU_COMMANDS = [
  'new',
  'open',
  'save',
  'saveAs',
  'undo',
  'redo',
  'layout',
  'fit',
  'shortcuts',
] as const;
export type MenuCommand = (typeof MENU_COMMANDS)[number];

/** A file opened through main: its path and text. */
export interface OpenedPath {
  path: string;
  name: string;
  text: string;
}

/** The API the preload puts on `window.backpropStudio`. */
export interface DesktopApi {
  openFile(): Promise<OpenedPath | null>;
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
}
