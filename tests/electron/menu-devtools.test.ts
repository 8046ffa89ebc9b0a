/** DevTools (the menu item and its shortcut, which comes with the role) only in development builds. */
import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { menuTemplate } from '../../electron/menu-template';

const roles = (menu: MenuItemConstructorOptions[]): string[] =>
  menu.flatMap((m) => [...(m.role ? [m.role] : []), ...(Array.isArray(m.submenu) ? roles(m.submenu) : [])]);

const noop = () => undefined;

describe('native menu DevTools', () => {
  it('has no DevTools in a production menu, nor by default', () => {
    expect(roles(menuTemplate([], noop, noop, { devTools: false }))).not.toContain('toggleDevTools');
    expect(roles(menuTemplate([], noop, noop))).not.toContain('toggleDevTools');
    expect(roles(menuTemplate([], noop, noop))).toContain('togglefullscreen');
  });

  it('offers DevTools in a development build', () => {
    expect(roles(menuTemplate([], noop, noop, { devTools: true }))).toContain('toggleDevTools');
  });
});
