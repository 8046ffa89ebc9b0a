/**
 * Key bindings as text: matching a keyboard event, the shortcuts sheet's wording and Electron's
 * accelerator syntax. Framework-free, like the catalog, so the main process can use it.
 */
import type { KeyBinding, Modifier } from './catalog';

/** The parts of a keyboard event a binding looks at. */
export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
}

const holds = (wanted: Modifier | undefined, held: boolean, fallback: Modifier) => {
  const w = wanted ?? fallback;
  return w === 'either' || w === held;
};

/** Whether a key press is this binding (Ctrl and ⌘ count the same). */
export function matchesBinding(binding: KeyBinding, press: KeyPress): boolean {
  return (
    press.key.toLowerCase() === binding.key &&
    holds(binding.mod, press.ctrlKey || press.metaKey, false) &&
    holds(binding.shift, press.shiftKey, 'either')
  );
}

const DISPLAY: Record<string, string> = {
  ' ': 'Space',
  arrowright: '→',
  arrowleft: '←',
  delete: 'Delete',
  backspace: 'Backspace',
  escape: 'Esc',
};

/** How the shortcuts sheet and tooltips write a binding: `Shift Ctrl/⌘ Z`. */
export function bindingText(binding: KeyBinding): string {
  const key = DISPLAY[binding.key] ?? binding.key.toUpperCase();
  return [binding.shift === true ? 'Shift' : '', binding.mod === true ? 'Ctrl/⌘' : '', key]
    .filter(Boolean)
    .join(' ');
}

const ACCELERATOR_KEYS: Record<string, string> = {
  ' ': 'Space',
  arrowright: 'Right',
  arrowleft: 'Left',
  delete: 'Delete',
  backspace: 'Backspace',
  escape: 'Escape',
  // Electron names the key, not the character: ? is Shift and the / key.
  '?': 'Shift+/',
};

/** Electron's accelerator for a binding: `Shift+CmdOrCtrl+S`. */
export function accelerator(binding: KeyBinding): string {
  const key = ACCELERATOR_KEYS[binding.key] ?? binding.key.toUpperCase();
  return [binding.shift === true ? 'Shift' : '', binding.mod === true ? 'CmdOrCtrl' : '', key]
    .filter(Boolean)
    .join('+');
}
