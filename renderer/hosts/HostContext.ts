/** The host, provided once at the top of the renderer for the few components deep down that ask for files. */
import { createContext, useContext } from 'react';
import type { Host } from '../host';

/** The platform host (browser or Electron). */
export const HostContext = createContext<Host | null>(null);

/** The provided host; components under `App` always have one. */
export function useHost(): Host {
  const host = useContext(HostContext);
  if (!host) throw new Error('useHost outside the HostContext provider');
  return host;
}
