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

/** What a save needs from main: the dialog, the write, and the recent list. */
export interface SaveEffects {
  /** Shows the save dialog at `defaultPath`; the path the user chose, or null when cancelled. */
  askWhere(defaultPath: string): Promise<string | null>;
  /** Writes the file (atomically). */
  write(path: string, text: string): void;
  /** Puts the path on the recent list. */
  remember(path: string): void;
}

/**
 * Carries out a save request: asks where when {@link decideSave} says so (the chosen path becomes
 * writable), writes, then lists the file as recent. A refused request throws before anything is
 * written or listed. Resolves to the path written, or null when the user cancelled.
 */
export async function performSave(
  request: { path: string | null; text: string; ask: boolean },
  chosen: ChosenPaths,
  folderExists: (path: string) => boolean,
  effects: SaveEffects,
): Promise<string | null> {
  const decision = decideSave(request, chosen, folderExists);
  if (decision.action === 'refuse') throw new Error(`save refused: ${decision.reason}`);
  let target: string;
  if (decision.action === 'ask') {
    const picked = await effects.askWhere(decision.defaultPath);
    if (!picked) return null;
    chosen.allow(picked);
    target = picked;
  } else target = decision.path;
  effects.write(target, request.text);
  effects.remember(target);
  return target;
}
