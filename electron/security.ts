/**
 * Main-process lockdown, per Electron's security checklist: no permission is ever granted, and web
 * contents never navigate, redirect, open windows or attach webviews. The app needs none of these:
 * it loads one local page, asks the OS for nothing through the web platform (files go through
 * main's dialogs), and links it shows are text. Only types come from Electron, so these are tested
 * with stand-ins.
 */
import type { Session, WebContents } from 'electron';

/** The parts of a session whose permission handlers are set. */
export type PermissionSession = Pick<
  Session,
  'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler'
>;

/**
 * Denies every permission request and check (camera, microphone, notifications, geolocation,
 * clipboard reads, HID/serial/USB devices, …): Electron grants them all when no handler is set.
 */
export function denyAllPermissions(session: PermissionSession): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}

/** An event the handlers below cancel. */
interface Cancelable {
  preventDefault(): void;
}

/** Cancels the event: used for every navigation, redirect and webview attach. */
const cancel = (event: Cancelable): void => event.preventDefault();

/**
 * Locks down one web contents: navigation of the page or any frame, server redirects and webview
 * attaches are cancelled, and `window.open` / target=_blank are denied. (Loads main starts itself,
 * `loadFile`, do not emit these events, so the app's own page still loads.)
 */
export function lockDownWebContents(contents: WebContents): void {
  contents.on('will-navigate', cancel);
  contents.on('will-frame-navigate', cancel);
  contents.on('will-redirect', cancel);
  contents.on('will-attach-webview', cancel);
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}
