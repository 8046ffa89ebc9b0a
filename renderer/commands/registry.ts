/**
 * The command registry: each catalog entry bound to what it does and when it may run. The toolbar,
 * the keyboard handler, the native menu (through the host) and the shortcuts sheet all read it, so
 * a command is wired once. No React here: commands are resolved and run in tests without rendering.
 */
import type { Clipboard, EditorStore } from '../store/store';
import { redo, undo } from '../store/store';
import type { RunStore } from '../run/runStore';
import type { TrainingClient } from '../run/client';
import { CATALOG } from './catalog';
import type { CommandId, CommandInfo } from './catalog';
import { matchesBinding } from './keys';
import type { KeyPress } from './keys';

/** File actions a command may start; they go through the host. */
export interface FileActions {
  newGraph(): void;
  open(): Promise<void>;
  save(ask: boolean): Promise<void>;
  exportJson(): void;
  /** Opens the Export dialog: every format, what it leaves out, the files' preview. */
  exportAs(): void;
}

/** View actions a command may start. */
export interface ViewActions {
  /** Fits the graph in the view, animated. */
  fit(): void;
  /** Sets the view for the document just loaded or laid out: at once from its positions, refitted once drawn when small. */
  fitSoon(): void;
  toggleTheme(): void;
  toggleShortcuts(): void;
  closeShortcuts(): void;
  shortcutsOpen(): boolean;
}

/** Everything a command acts on. */
export interface CommandContext {
  store: EditorStore;
  run: RunStore;
  training: Pick<TrainingClient, 'play' | 'pause' | 'walk' | 'seek'>;
  files: FileActions;
  view: ViewActions;
  /** What copy put aside for paste. */
  clipboard: { current: Clipboard | null };
  /** Example step mode walks next (null: the next batch). */
  stepExample(): number | null;
}

/** A catalog entry with its behaviour. */
export interface Command extends CommandInfo {
  id: CommandId;
  /** Whether it may run now; a key of a disabled command keeps its default meaning. */
  enabled(ctx: CommandContext): boolean;
  run(ctx: CommandContext): void;
}

type Behaviour = Pick<Command, 'run'> & Partial<Pick<Command, 'enabled'>>;

const always = () => true;
const trainable = (ctx: CommandContext) => ctx.run.getState().state !== 'empty';
const stepping = (ctx: CommandContext) => ctx.run.getState().stepMode !== null;

/** Moves through the current walk; past its end, walks the next training step. */
function stepBy(ctx: CommandContext, delta: number): void {
  const mode = ctx.run.getState().stepMode;
  if (!mode) return;
  const last = (mode.walk?.events.length ?? 1) - 1;
  if (delta > 0 && mode.index >= last) ctx.training.walk(ctx.stepExample());
  else ctx.training.seek(mode.index + delta);
}

const BEHAVIOUR: Record<CommandId, Behaviour> = {
  new: { run: (ctx) => ctx.files.newGraph() },
  open: { run: (ctx) => void ctx.files.open() },
  save: { run: (ctx) => void ctx.files.save(false) },
  saveAs: { run: (ctx) => void ctx.files.save(true) },
  export: { run: (ctx) => ctx.files.exportJson() },
  exportAs: { run: (ctx) => ctx.files.exportAs() },
  undo: { run: (ctx) => undo(ctx.store) },
  redo: { run: (ctx) => redo(ctx.store) },
  copy: { run: (ctx) => void (ctx.clipboard.current = ctx.store.getState().copySelection()) },
  paste: {
    run: (ctx) => void (ctx.clipboard.current && ctx.store.getState().paste(ctx.clipboard.current)),
  },
  duplicate: { run: (ctx) => void ctx.store.getState().duplicateSelection() },
  selectAll: { run: (ctx) => ctx.store.getState().selectAll() },
  delete: { run: (ctx) => ctx.store.getState().removeSelected() },
  layout: {
    run: (ctx) => {
      ctx.store.getState().layout();
      ctx.view.fitSoon();
    },
  },
  fit: { run: (ctx) => ctx.view.fit() },
  theme: { run: (ctx) => ctx.view.toggleTheme() },
  trainPause: {
    enabled: trainable,
    run: (ctx) => (ctx.run.getState().state === 'running' ? ctx.training.pause() : ctx.training.play()),
  },
  stepNext: { enabled: stepping, run: (ctx) => stepBy(ctx, 1) },
  stepPrevious: { enabled: stepping, run: (ctx) => stepBy(ctx, -1) },
  shortcuts: { run: (ctx) => ctx.view.toggleShortcuts() },
  closeSheet: { enabled: (ctx) => ctx.view.shortcutsOpen(), run: (ctx) => ctx.view.closeShortcuts() },
};

/** Every command, in catalog order. */
export const COMMANDS: readonly Command[] = CATALOG.map((info) => ({
  ...info,
  enabled: always,
  ...BEHAVIOUR[info.id],
}));

const BY_ID = new Map(COMMANDS.map((c) => [c.id, c]));

/** The command with this id. */
export function command(id: CommandId): Command {
  return BY_ID.get(id)!;
}

/** The first enabled command bound to this key press, or null (the press keeps its default). */
export function commandForKey(press: KeyPress, ctx: CommandContext): Command | null {
  return COMMANDS.find((c) => c.keys.some((k) => matchesBinding(k, press)) && c.enabled(ctx)) ?? null;
}

/** Runs a command if it is enabled now; whether it ran. */
export function runCommand(id: CommandId, ctx: CommandContext): boolean {
  const c = command(id);
  if (!c.enabled(ctx)) return false;
  c.run(ctx);
  return true;
}
