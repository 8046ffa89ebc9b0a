/**
 * The native menu as a template, built from the command catalog the renderer's toolbar, keys and
 * shortcuts sheet also read: each command item shows the catalog's label and first key, and sends
 * the command's id. Only types come from Electron, so the template is tested without it.
 */
import type { MenuItemConstructorOptions } from 'electron';
import { CATALOG, MENU_SECTIONS } from '../renderer/commands/catalog';
import type { CommandId, MenuSection } from '../renderer/commands/catalog';
import { accelerator } from '../renderer/commands/keys';

/**
 * Items of each section that are Electron's own, after the commands. DevTools are added only in
 * development builds: in a packaged app they would hand anyone at the keyboard a console in the
 * renderer (and its preload API).
 */
function roles(section: MenuSection, devTools: boolean): MenuItemConstructorOptions['role'][] {
  switch (section) {
    case 'File':
      return ['quit'];
    case 'Edit':
      return ['cut', 'copy', 'paste'];
    case 'View':
      return devTools ? ['togglefullscreen', 'toggleDevTools'] : ['togglefullscreen'];
    case 'Help':
      return [];
  }
}

/** How the menu is built. */
export interface MenuOptions {
  /** Whether View offers Toggle Developer Tools (and its shortcut): development builds only. */
  devTools: boolean;
}

/**
 * The menu bar: the catalog's commands with a menu entry, File → Open Recent, and Electron's roles.
 *
 * @param recent - Recently used paths, newest first.
 * @param send - Sends a command id to the renderer.
 * @param openRecent - Opens a recent path (main reads the file itself).
 * @param options - Development-only items; without them, none (a packaged app's menu).
 */
export function menuTemplate(
  recent: readonly string[],
  send: (id: CommandId) => void,
  openRecent: (path: string) => void,
  options: MenuOptions = { devTools: false },
): MenuItemConstructorOptions[] {
  const recentItem: MenuItemConstructorOptions = {
    label: 'Open Recent',
    submenu: recent.length
      ? recent.map((path) => ({ label: path, click: () => openRecent(path) }))
      : [{ label: 'No recent files', enabled: false }],
  };
  return MENU_SECTIONS.map((section): MenuItemConstructorOptions => {
    const items: MenuItemConstructorOptions[] = [];
    for (const c of CATALOG) {
      if (!('menu' in c) || c.menu.section !== section) continue;
      if ('separatorBefore' in c.menu) items.push({ type: 'separator' });
      const key = c.keys[0];
      items.push({
        label: 'label' in c.menu ? c.menu.label : c.label,
        ...(key ? { accelerator: accelerator(key) } : {}),
        // A key without Ctrl/⌘ (L, F, ?) must still reach text fields: show it, do not capture it.
        ...(key && key.mod !== true ? { registerAccelerator: false } : {}),
        click: () => send(c.id),
      });
      // The recent list is main's own (it reads the file), not a renderer command.
      if (c.id === 'open') items.push(recentItem);
    }
    const own = roles(section, options.devTools);
    if (own.length) items.push({ type: 'separator' }, ...own.map((role) => ({ role })));
    return { label: section, submenu: items };
  });
}
