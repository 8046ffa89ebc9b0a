/**
 * Every editor command as plain data: id, label, key bindings and native menu entry. Framework-free
 * (no React, no DOM, no Electron) because both sides read it: the renderer's registry binds each
 * entry to what it does, and Electron's main process builds the native menu from it.
 */

/** Sections of the native menu bar, in order. */
export const MENU_SECTIONS = ['File', 'Edit', 'View', 'Help'] as const;
export type MenuSection = (typeof MENU_SECTIONS)[number];

/** Whether a modifier must be held (true), must not be (false), or does not matter ('either'). */
export type Modifier = boolean | 'either';

/** One key combination. */
export interface KeyBinding {
  /** `KeyboardEvent.key` lower-cased: 'z', 'delete', 'arrowright', ' ', '?', 'escape'. */
  key: string;
  /** Ctrl (or ⌘ on macOS); not held unless said. */
  mod?: Modifier;
  /** Shift; either unless said. */
  shift?: Modifier;
}

/** Where a command sits in the native menu. */
export interface MenuEntry {
  section: MenuSection;
  /** Menu wording when it differs from the label (menus use title case). */
  label?: string;
  /** Starts a new group within its section. */
  separatorBefore?: boolean;
}

/** What both the renderer and the native menu know about a command. */
export interface CommandInfo {
  id: string;
  /** Wording of the shortcuts sheet and the toolbar's tooltips. */
  label: string;
  /** Key combinations, the first one shown in menus and tooltips. */
  keys: readonly KeyBinding[];
  menu?: MenuEntry;
}

const mod = (key: string, shift: Modifier = 'either'): KeyBinding => ({ key, mod: true, shift });
const plain = (key: string): KeyBinding => ({ key });

/** The commands, in the order of the shortcuts sheet and the menus. */
export const CATALOG = [
  { id: 'new', label: 'New', keys: [mod('n')], menu: { section: 'File' } },
  { id: 'open', label: 'Open…', keys: [mod('o')], menu: { section: 'File' } },
  { id: 'save', label: 'Save', keys: [mod('s', false)], menu: { section: 'File', separatorBefore: true } },
  { id: 'saveAs', label: 'Save as…', keys: [mod('s', true)], menu: { section: 'File', label: 'Save As…' } },
  { id: 'export', label: 'Export', keys: [] },
  {
    id: 'exportAs',
    label: 'Export as…',
    keys: [mod('e', false)],
    menu: { section: 'File', label: 'Export As…', separatorBefore: true },
  },
  { id: 'undo', label: 'Undo', keys: [mod('z', false)], menu: { section: 'Edit' } },
  { id: 'redo', label: 'Redo', keys: [mod('z', true), mod('y')], menu: { section: 'Edit' } },
  { id: 'copy', label: 'Copy', keys: [mod('c')] },
  { id: 'paste', label: 'Paste', keys: [mod('v')] },
  { id: 'duplicate', label: 'Duplicate', keys: [mod('d')] },
  { id: 'selectAll', label: 'Select all', keys: [mod('a')] },
  { id: 'delete', label: 'Delete selection', keys: [plain('delete'), plain('backspace')] },
  { id: 'layout', label: 'Auto-layout', keys: [plain('l')], menu: { section: 'View' } },
  { id: 'fit', label: 'Fit view', keys: [plain('f')], menu: { section: 'View', label: 'Fit View' } },
  { id: 'theme', label: 'Dark or light theme', keys: [] },
  { id: 'trainPause', label: 'Train / pause', keys: [plain(' ')] },
  { id: 'stepNext', label: 'Step mode: next', keys: [plain('arrowright')] },
  { id: 'stepPrevious', label: 'Step mode: previous', keys: [plain('arrowleft')] },
  {
    id: 'shortcuts',
    label: 'Keyboard shortcuts',
    keys: [{ key: '?', mod: 'either' }],
    menu: { section: 'Help', label: 'Keyboard Shortcuts' },
  },
  { id: 'closeSheet', label: 'Close this sheet', keys: [{ key: 'escape', mod: 'either' }] },
] as const satisfies readonly CommandInfo[];

/** A command's id. */
export type CommandId = (typeof CATALOG)[number]['id'];

/** The ids the native menu may send to the renderer. */
export const MENU_COMMAND_IDS: readonly CommandId[] = CATALOG.filter((c) => 'menu' in c).map((c) => c.id);

/** Whether `value` is the id of a command the native menu sends (the preload checks every message). */
export function isMenuCommandId(value: unknown): value is CommandId {
  return typeof value === 'string' && (MENU_COMMAND_IDS as readonly string[]).includes(value);
}
