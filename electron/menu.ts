/** Native menus with the same accelerators as the in-app shortcuts; each item sends a command. */
import { Menu } from 'electron';
import type { BrowserWindow, MenuItemConstructorOptions } from 'electron';
import { Channel } from './ipc';
import type { MenuCommand } from './ipc';

export function buildMenu(win: BrowserWindow, recent: string[], openRecent: (path: string) => void): Menu {
  const send = (command: MenuCommand) => () => win.webContents.send(Channel.menuCommand, command);
  const template: MenuItemConstructorOptions[] = [
    {
      label: 'File',
      submenu: [
        { label: 'New', accelerator: 'CmdOrCtrl+N', click: send('new') },
        { label: 'Open…', accelerator: 'CmdOrCtrl+O', click: send('open') },
        {
          label: 'Open Recent',
          submenu: recent.length
            ? recent.map((path) => ({ label: path, click: () => openRecent(path) }))
            : [{ label: 'No recent files', enabled: false }],
        },
        { type: 'separator' },
        { label: 'Save', accelerator: 'CmdOrCtrl+S', click: send('save') },
        { label: 'Save As…', accelerator: 'Shift+CmdOrCtrl+S', click: send('saveAs') },
        { type: 'separator' },
        { role: 'quit' },
      ],
    },
    {
      label: 'Edit',
      submenu: [
        { label: 'Undo', accelerator: 'CmdOrCtrl+Z', click: send('undo') },
        { label: 'Redo', accelerator: 'Shift+CmdOrCtrl+Z', click: send('redo') },
        { type: 'separator' },
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
      ],
    },
    {
      label: 'View',
      submenu: [
        { label: 'Auto-layout', accelerator: 'L', click: send('layout'), registerAccelerator: false },
        { label: 'Fit View', accelerator: 'F', click: send('fit'), registerAccelerator: false },
        { type: 'separator' },
        { role: 'togglefullscreen' },
        { role: 'toggleDevTools' },
      ],
    },
    {
      label: 'Help',
      submenu: [
        {
          label: 'Keyboard Shortcuts',
          accelerator: 'Shift+/',
          click: send('shortcuts'),
          registerAccelerator: false,
        },
      ],
    },
  ];
  return Menu.buildFromTemplate(template);
}
