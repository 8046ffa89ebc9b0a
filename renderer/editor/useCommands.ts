/**
 * Wires the command registry to the window: keys go to the first enabled command bound to them,
 * the native menu's command ids (through the host) run the same commands, and files the platform
 * opened are loaded. Returns the context the toolbar runs commands with.
 */
import { useEffect, useMemo } from 'react';
import type { Clipboard, EditorStore } from '../store/store';
import type { TrainingClient } from '../run/client';
import type { Host } from '../host';
import { commandForKey, runCommand } from '../commands/registry';
import type { CommandContext, ViewActions } from '../commands/registry';
import type { EditorFiles } from './useFileActions';

interface Options {
  store: EditorStore;
  client: TrainingClient;
  host: Host;
  files: EditorFiles;
  view: ViewActions;
  clipboard: { current: Clipboard | null };
  stepExample: number | null;
}

/** The command context of this window, with keys, menu and platform files wired to it. */
export function useCommands({ store, client, host, files, view, clipboard, stepExample }: Options) {
  const ctx = useMemo(
    (): CommandContext => ({
      store,
      run: client.run,
      training: client,
      files,
      view,
      clipboard,
      stepExample: () => stepExample,
    }),
    [store, client, files, view, clipboard, stepExample],
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      // Typing in a field is not a command.
      if ((e.target as HTMLElement).closest('input, select, textarea')) return;
      const command = commandForKey(e, ctx);
      if (!command) return;
      e.preventDefault();
      command.run(ctx);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [ctx]);

  useEffect(() => {
    const offMenu = host.onMenuCommand((id) => void runCommand(id, ctx));
    const offFile = host.onFileOpened((file) => files.takeFile(file));
    return () => {
      offMenu();
      offFile();
    };
  }, [host, ctx, files]);

  return ctx;
}
