/**
 * The command registry without rendering: keys resolve to commands (Ctrl and ⌘ alike, Shift where
 * it matters), enabled-when decides whether a key is taken, commands act on the store, and the
 * native menu template is built from the same catalog.
 */
import { describe, expect, it, vi } from 'vitest';
import { CATALOG, isMenuCommandId, MENU_COMMAND_IDS } from '../../renderer/commands/catalog';
import type { CommandId } from '../../renderer/commands/catalog';
import { accelerator, bindingText } from '../../renderer/commands/keys';
import type { KeyPress } from '../../renderer/commands/keys';
import { COMMANDS, commandForKey, runCommand } from '../../renderer/commands/registry';
import type { CommandContext } from '../../renderer/commands/registry';
import { createRunStore } from '../../renderer/run/runStore';
import type { StepMode } from '../../renderer/run/runStore';
import { createEditorStore } from '../../renderer/store/store';
import { menuTemplate } from '../../electron/menu-template';

const press = (key: string, mods: Partial<Omit<KeyPress, 'key'>> = {}): KeyPress => ({
  key,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  ...mods,
});

/** A context over a real editor store and run store, with every outside action recorded. */
function context(sheetOpen = false) {
  const store = createEditorStore();
  const run = createRunStore();
  const training = { play: vi.fn(), pause: vi.fn(), walk: vi.fn(), seek: vi.fn() };
  const files = {
    newGraph: vi.fn(),
    open: vi.fn(async () => {}),
    save: vi.fn(async () => {}),
    exportJson: vi.fn(),
    exportAs: vi.fn(),
  };
  const view = {
    fit: vi.fn(),
    fitSoon: vi.fn(),
    toggleTheme: vi.fn(),
    toggleShortcuts: vi.fn(),
    closeShortcuts: vi.fn(),
    shortcutsOpen: () => sheetOpen,
  };
  const ctx: CommandContext = {
    store,
    run,
    training,
    files,
    view,
    clipboard: { current: null },
    stepExample: () => 3,
  };
  return { ctx, store, run, training, files, view };
}

const idFor = (ctx: CommandContext, p: KeyPress): CommandId | null => commandForKey(p, ctx)?.id ?? null;

describe('keys → commands', () => {
  it('resolves Ctrl and ⌘ alike, and Shift where it changes the command', () => {
    const { ctx } = context();
    expect(idFor(ctx, press('z', { ctrlKey: true }))).toBe('undo');
    expect(idFor(ctx, press('z', { metaKey: true }))).toBe('undo');
    expect(idFor(ctx, press('Z', { ctrlKey: true, shiftKey: true }))).toBe('redo');
    expect(idFor(ctx, press('y', { ctrlKey: true }))).toBe('redo');
    expect(idFor(ctx, press('s', { ctrlKey: true }))).toBe('save');
    expect(idFor(ctx, press('S', { ctrlKey: true, shiftKey: true }))).toBe('saveAs');
    expect(idFor(ctx, press('c', { metaKey: true }))).toBe('copy');
    expect(idFor(ctx, press('n', { ctrlKey: true }))).toBe('new');
  });

  it('keeps plain keys plain: L, F and Delete need no modifier and refuse one', () => {
    const { ctx } = context();
    expect(idFor(ctx, press('l'))).toBe('layout');
    expect(idFor(ctx, press('F', { shiftKey: true }))).toBe('fit');
    expect(idFor(ctx, press('Delete'))).toBe('delete');
    expect(idFor(ctx, press('Backspace'))).toBe('delete');
    expect(idFor(ctx, press('l', { ctrlKey: true }))).toBeNull();
    expect(idFor(ctx, press('x'))).toBeNull();
    expect(idFor(ctx, press('?', { shiftKey: true }))).toBe('shortcuts');
  });

  it('leaves a key to the page while its command is disabled', () => {
    const { ctx, run } = context();
    // Nothing trainable yet: Space and the arrows keep their default meaning.
    expect(idFor(ctx, press(' '))).toBeNull();
    expect(idFor(ctx, press('ArrowRight'))).toBeNull();
    expect(idFor(ctx, press('Escape'))).toBeNull();
    run.setState({ state: 'ready' });
    expect(idFor(ctx, press(' '))).toBe('trainPause');
    const mode: StepMode = { walk: null, index: 0, example: 0, step: 1 };
    run.setState({ stepMode: mode });
    expect(idFor(ctx, press('ArrowRight'))).toBe('stepNext');
    expect(idFor(ctx, press('ArrowLeft'))).toBe('stepPrevious');
    expect(idFor(context(true).ctx, press('Escape'))).toBe('closeSheet');
  });
});

describe('running commands', () => {
  it('edits the store: select all, delete, undo; copy and paste through the clipboard', () => {
    const { ctx, store } = context();
    store.getState().addNode('Dense', { x: 0, y: 0 });
    store.getState().addNode('Sigmoid', { x: 200, y: 0 });
    runCommand('selectAll', ctx);
    expect(store.getState().selection).toEqual(['dense1', 'sigmoid1']);
    runCommand('copy', ctx);
    runCommand('paste', ctx);
    expect(store.getState().doc.nodes).toHaveLength(4);
    runCommand('delete', ctx);
    expect(store.getState().doc.nodes.map((n) => n.id)).toEqual(['dense1', 'sigmoid1']);
    runCommand('undo', ctx);
    expect(store.getState().doc.nodes).toHaveLength(4);
  });

  it('Space pauses a running run and plays a paused one; Next past the walk walks the next step', () => {
    const { ctx, run, training } = context();
    run.setState({ state: 'running' });
    runCommand('trainPause', ctx);
    expect(training.pause).toHaveBeenCalledOnce();
    run.setState({ state: 'paused' });
    runCommand('trainPause', ctx);
    expect(training.play).toHaveBeenCalledOnce();
    run.setState({ stepMode: { walk: null, index: 0, example: 3, step: 1 } });
    runCommand('stepNext', ctx);
    expect(training.walk).toHaveBeenCalledWith(3);
  });

  it('does not run a disabled command', () => {
    const { ctx, training } = context();
    expect(runCommand('trainPause', ctx)).toBe(false);
    expect(training.play).not.toHaveBeenCalled();
  });

  it('hands file and view actions to the context', () => {
    const { ctx, files, view } = context();
    runCommand('saveAs', ctx);
    expect(files.save).toHaveBeenCalledWith(true);
    runCommand('layout', ctx);
    expect(view.fitSoon).toHaveBeenCalledOnce();
  });
});

describe('one catalog for every surface', () => {
  it('has unique ids, and every command of the catalog is in the registry', () => {
    const ids = CATALOG.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(COMMANDS.map((c) => c.id)).toEqual(ids);
  });

  it('writes keys for the sheet and for Electron', () => {
    expect(bindingText({ key: 'z', mod: true, shift: true })).toBe('Shift Ctrl/⌘ Z');
    expect(accelerator({ key: 'z', mod: true, shift: true })).toBe('Shift+CmdOrCtrl+Z');
    expect(accelerator({ key: '?', mod: 'either' })).toBe('Shift+/');
  });

  it('builds the native menu from the catalog; its items send the ids the preload lets through', () => {
    const sent: string[] = [];
    const menu = menuTemplate(
      [],
      (id) => sent.push(id),
      () => undefined,
    );
    expect(menu.map((m) => m.label)).toEqual(['File', 'Edit', 'View', 'Help']);
    type Item = { label?: string; accelerator?: string; registerAccelerator?: boolean; click?: () => void };
    const items = menu.flatMap((m) => m.submenu as Item[]);
    const save = items.find((i) => i.label === 'Save As…')!;
    expect(save.accelerator).toBe('Shift+CmdOrCtrl+S');
    // Plain keys are shown but not captured, so they still reach text fields.
    expect(items.find((i) => i.label === 'Auto-layout')!.registerAccelerator).toBe(false);
    expect(items.some((i) => i.label === 'Open Recent')).toBe(true);
    for (const i of items) i.click?.();
    expect(sent).toEqual([...MENU_COMMAND_IDS]);
    expect(sent.every(isMenuCommandId)).toBe(true);
    expect(isMenuCommandId('rm -rf')).toBe(false);
  });
});
