/** The application menu of a window: the catalog's template, each command sent to that window. */
import { Menu } from 'electron';
import type { BrowserWindow } from 'electron';
import { Channel } from './ipc';
import { menuTemplate } from './menu-template';
import type { MenuOptions } from './menu-template';

/**
 * Builds the menu bar for `win`; File → Open Recent lists `recent` and calls `openRecent`;
 * `options` says whether development items (DevTools) are shown.
 */
export function buildMenu(
  win: BrowserWindow,
  recent: string[],
  openRecent: (path: string) => void,
  options: MenuOptions,
): Menu {
  return Menu.buildFromTemplate(
    menuTemplate(recent, (id) => win.webContents.send(Channel.menuCommand, id), openRecent, options),
  );
}
