/**
 * Which paths main may write without asking: only those the user chose this session. The renderer
 * sends the path to save to; were main to trust it, a compromised renderer could overwrite any file
 * the user can write (and have it put on the recent list). So main keeps the set of paths the user
 * picked in an open or save dialog, plus the file named on the command line and files opened from
 * the recent list (the user picked those too), and refuses a save without a dialog to any other.
 */
import { isAbsolute, resolve } from 'node:path';

/** What to do with a save request. */
export type SaveDecision =
  | { action: 'write'; path: string }
  | { action: 'ask'; defaultPath: string }
  | { action: 'refuse'; reason: string };

/** The paths the user chose this session, compared in resolved form. */
export class ChosenPaths {
  private readonly paths = new Set<string>();

  /** Records a path the user chose (an open or save dialog, the command line, the recent list). */
  allow(path: string): void {
    this.paths.add(resolve(path));
  }

  /** Whether the user chose `path` this session; only absolute paths can have been chosen. */
  has(path: string): boolean {
    return isAbsolute(path) && this.paths.has(resolve(path));
  }
}

/**
 * Decides a save request: with `ask`, without a path, or when the path's folder is gone, show the
 * save dialog; to a path the user chose this session, write; to any other path, refuse.
 *
 * @param request - The renderer's request (already validated for shape).
 * @param chosen - The paths the user chose this session.
 * @param folderExists - Whether a path's folder exists (the file system, or a stand-in in tests).
 */
export function decideSave(
  request: { path: string | null; ask: boolean },
  chosen: ChosenPaths,
  folderExists: (path: string) => boolean,
): SaveDecision {
  const { path, ask } = request;
  if (path === null) return { action: 'ask', defaultPath: 'graph.json' };
  if (!chosen.has(path)) {
    // Even a dialog is not offered at a path main never gave out: the renderer learns paths only
    // from main, so an unknown one means it is not the renderer we wrote.
    if (!ask) return { action: 'refuse', reason: 'not a file chosen in this session' };
    return { action: 'ask', defaultPath: 'graph.json' };
  }
  if (ask || !folderExists(path)) return { action: 'ask', defaultPath: resolve(path) };
  return { action: 'write', path: resolve(path) };
}
