/**
 * The window's toolbar: file commands and menus, run controls, edit and view commands, the file
 * name. It stays one row: items that do not fit go, least needed first, into the "⋯" menu.
 */
import type { ReactNode } from 'react';
import { useStore } from 'zustand';
import type { CommandContext } from '../commands/registry';
import type { EditorFiles } from '../editor/useFileActions';
import type { TrainingClient } from '../run/client';
import { RunControls } from '../training/RunControls';
import { CommandButton } from './CommandButton';
import { ExamplesMenu, ExportAsButton, RecentMenu } from './FileMenus';
import { MenuCommand, OverflowMenu } from './OverflowMenu';
import { useOverflow } from './useOverflow';
import './toolbar.css';

interface Props {
  ctx: CommandContext;
  files: EditorFiles;
  client: TrainingClient;
  onStepMode: () => void;
  dark: boolean;
}

/** Items that may leave the row, in the order they leave it (the least needed first). */
const OPTIONAL = [
  'brand',
  'shortcuts',
  'theme',
  'fit',
  'layout',
  'recent',
  'examples',
  'saveAs',
  'redo',
  'undo',
] as const;
type Optional = (typeof OPTIONAL)[number];

/** The toolbar; every plain button runs a command of the registry. */
export function Toolbar({ ctx, files, client, onStepMode, dark }: Props) {
  const fileName = useStore(ctx.store, (s) => s.fileName);
  const docName = useStore(ctx.store, (s) => s.doc.name);
  const dirty = useStore(ctx.store, (s) => s.dirty);
  const [ref, moved] = useOverflow<HTMLElement>(OPTIONAL.length);
  const inMenu = new Set<Optional>(OPTIONAL.slice(0, moved));
  /** An optional item: in the row unless it has moved into the menu. */
  const row = (item: Optional, node: ReactNode) => (inMenu.has(item) ? null : node);
  // The menu lists its items in the order of the row, as full labels.
  const menuItems: [Optional, ReactNode][] = [
    ['saveAs', <MenuCommand key="saveAs" id="saveAs" ctx={ctx} />],
    ['examples', <ExamplesMenu key="examples" files={files} />],
    ['recent', <RecentMenu key="recent" files={files} />],
    ['undo', <MenuCommand key="undo" id="undo" ctx={ctx} />],
    ['redo', <MenuCommand key="redo" id="redo" ctx={ctx} />],
    ['layout', <MenuCommand key="layout" id="layout" ctx={ctx} />],
    ['fit', <MenuCommand key="fit" id="fit" ctx={ctx} />],
    ['theme', <MenuCommand key="theme" id="theme" ctx={ctx} />],
    ['shortcuts', <MenuCommand key="shortcuts" id="shortcuts" ctx={ctx} />],
  ];
  const menu = menuItems.filter(([item]) => inMenu.has(item)).map(([, node]) => node);
  return (
    <header className="toolbar" ref={ref} data-testid="toolbar">
      {row('brand', <strong className="brand">Backprop Studio</strong>)}
      <CommandButton id="new" ctx={ctx} text="New" />
      <CommandButton id="open" ctx={ctx} text="Open…" />
      <CommandButton id="save" ctx={ctx} text="Save" />
      {row('saveAs', <CommandButton id="saveAs" ctx={ctx} text="Save as…" />)}
      <CommandButton
        id="export"
        ctx={ctx}
        text="Export"
        title="Download the graph as a JSON file"
        testId="export-json"
      />
      <ExportAsButton ctx={ctx} />
      {row('examples', <ExamplesMenu files={files} />)}
      {row('recent', <RecentMenu files={files} />)}
      <span className="sep" />
      <RunControls client={client} onStepMode={onStepMode} />
      <span className="sep" />
      {row('undo', <CommandButton id="undo" ctx={ctx} text="↶" />)}
      {row('redo', <CommandButton id="redo" ctx={ctx} text="↷" />)}
      {row('layout', <CommandButton id="layout" ctx={ctx} text="Layout" />)}
      {row('fit', <CommandButton id="fit" ctx={ctx} text="Fit" />)}
      {row('theme', <CommandButton id="theme" ctx={ctx} text={dark ? '☀' : '☾'} />)}
      {row('shortcuts', <CommandButton id="shortcuts" ctx={ctx} text="?" />)}
      {menu.length > 0 && <OverflowMenu>{menu}</OverflowMenu>}
      <span className="file" data-testid="file-name">
        {dirty ? '• ' : ''}
        {fileName ?? docName ?? 'Untitled'}
      </span>
    </header>
  );
}
