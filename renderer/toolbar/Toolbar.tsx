/** The window's toolbar: file commands and menus, run controls, edit and view commands, the file name. */
import { useStore } from 'zustand';
import type { CommandContext } from '../commands/registry';
import type { EditorFiles } from '../editor/useFileActions';
import type { TrainingClient } from '../run/client';
import { RunControls } from '../training/RunControls';
import { CommandButton } from './CommandButton';
import { ExportMenu, FileMenus } from './FileMenus';

interface Props {
  ctx: CommandContext;
  files: EditorFiles;
  client: TrainingClient;
  onStepMode: () => void;
  dark: boolean;
}

/** The toolbar; every plain button runs a command of the registry. */
export function Toolbar({ ctx, files, client, onStepMode, dark }: Props) {
  const fileName = useStore(ctx.store, (s) => s.fileName);
  const docName = useStore(ctx.store, (s) => s.doc.name);
  const dirty = useStore(ctx.store, (s) => s.dirty);
  return (
    <header className="toolbar">
      <strong className="brand">Backprop Studio</strong>
      <CommandButton id="new" ctx={ctx} text="New" />
      <CommandButton id="open" ctx={ctx} text="Open…" />
      <CommandButton id="save" ctx={ctx} text="Save" />
      <CommandButton id="saveAs" ctx={ctx} text="Save as…" />
      <CommandButton
        id="export"
        ctx={ctx}
        text="Export"
        title="Download the graph as a JSON file"
        testId="export-json"
      />
      <ExportMenu files={files} />
      <FileMenus files={files} />
      <span className="sep" />
      <RunControls client={client} onStepMode={onStepMode} />
      <span className="sep" />
      <CommandButton id="undo" ctx={ctx} text="↶" />
      <CommandButton id="redo" ctx={ctx} text="↷" />
      <CommandButton id="layout" ctx={ctx} text="Layout" />
      <CommandButton id="fit" ctx={ctx} text="Fit" />
      <CommandButton id="theme" ctx={ctx} text={dark ? '☀' : '☾'} />
      <CommandButton id="shortcuts" ctx={ctx} text="?" />
      <span className="file" data-testid="file-name">
        {dirty ? '• ' : ''}
        {fileName ?? docName ?? 'Untitled'}
      </span>
    </header>
  );
}
