/**
 * Main's lockdown, tested with stand-ins for Electron's session and web contents: every permission
 * denied, every navigation, redirect, webview and new window refused.
 */
import type { WebContents } from 'electron';
import { describe, expect, it } from 'vitest';
import { denyAllPermissions } from '../../electron/security';
import type { PermissionSession } from '../../electron/security';
import { lockDownWebContents } from '../../electron/security';

type RequestHandler = NonNullable<Parameters<PermissionSession['setPermissionRequestHandler']>[0]>;
type CheckHandler = NonNullable<Parameters<PermissionSession['setPermissionCheckHandler']>[0]>;
type DeviceHandler = NonNullable<Parameters<PermissionSession['setDevicePermissionHandler']>[0]>;

describe('permissions', () => {
  it('denies every permission request, check and device', () => {
    const set: { request?: RequestHandler; check?: CheckHandler; device?: DeviceHandler } = {};
    denyAllPermissions({
      setPermissionRequestHandler: (h) => (set.request = h ?? undefined),
      setPermissionCheckHandler: (h) => (set.check = h ?? undefined),
      setDevicePermissionHandler: (h) => (set.device = h ?? undefined),
    });
    const contents = {} as WebContents;
    const permissions = [
      'media',
      'geolocation',
      'notifications',
      'clipboard-read',
      'fileSystem',
      'openExternal',
    ];
    for (const permission of permissions) {
      const answers: boolean[] = [];
      set.request!(
        contents,
        permission as Parameters<RequestHandler>[1],
        (granted) => answers.push(granted),
        {} as Parameters<RequestHandler>[3],
      );
      expect(answers).toEqual([false]);
    }
    for (const permission of ['hid', 'serial', 'usb', 'media', 'clipboard-read'])
      expect(
        set.check!(
          contents,
          permission as Parameters<CheckHandler>[1],
          'file://',
          {} as Parameters<CheckHandler>[3],
        ),
      ).toBe(false);
    expect(set.device!({} as Parameters<DeviceHandler>[0])).toBe(false);
  });
});

describe('web contents', () => {
  it('cancels navigation, frame navigation, redirects and webviews, and denies new windows', () => {
    const listeners = new Map<string, (event: { preventDefault(): void }) => void>();
    let openHandler: (() => { action: string }) | undefined;
    const fake = {
      on(event: string, listener: (event: { preventDefault(): void }) => void) {
        listeners.set(event, listener);
        return fake;
      },
      setWindowOpenHandler(handler: () => { action: string }) {
        openHandler = handler;
      },
    };
    lockDownWebContents(fake as unknown as WebContents);
    for (const name of ['will-navigate', 'will-frame-navigate', 'will-redirect', 'will-attach-webview']) {
      let prevented = false;
      expect(listeners.has(name), name).toBe(true);
      listeners.get(name)!({ preventDefault: () => (prevented = true) });
      expect(prevented, name).toBe(true);
    }
    expect(openHandler?.()).toEqual({ action: 'deny' });
  });
});
