/**
 * Main writes without a dialog only to files the user chose this session, so a compromised renderer
 * cannot overwrite arbitrary files (or put them on the recent list) through `file:save`.
 */
import { describe, expect, it } from 'vitest';
import { ChosenPaths, decideSave, performSave } from '../../electron/save-paths';

const folders = () => true;

describe('save paths', () => {
  it('refuses a save without a dialog to a path the user never chose', () => {
    const chosen = new ChosenPaths();
    chosen.allow('/home/u/graphs/xor.json');
    for (const path of ['/home/u/.bashrc', '/etc/passwd', 'xor.json', 'graphs/xor.json'])
      expect(decideSave({ path, ask: false }, chosen, folders).action).toBe('refuse');
  });

  it('writes to a path chosen this session, also when spelled with . or ..', () => {
    const chosen = new ChosenPaths();
    chosen.allow('/home/u/graphs/xor.json');
    expect(decideSave({ path: '/home/u/graphs/xor.json', ask: false }, chosen, folders)).toEqual({
      action: 'write',
      path: '/home/u/graphs/xor.json',
    });
    expect(decideSave({ path: '/home/u/other/../graphs/./xor.json', ask: false }, chosen, folders)).toEqual({
      action: 'write',
      path: '/home/u/graphs/xor.json',
    });
    // A traversal that leaves the chosen file is another path.
    expect(
      decideSave({ path: '/home/u/graphs/xor.json/../../.bashrc', ask: false }, chosen, folders).action,
    ).toBe('refuse');
  });

  it('asks where to save for Save As, a new graph, or a chosen file whose folder is gone', () => {
    const chosen = new ChosenPaths();
    chosen.allow('/home/u/graphs/xor.json');
    expect(decideSave({ path: null, ask: false }, chosen, folders)).toEqual({
      action: 'ask',
      defaultPath: 'graph.json',
    });
    expect(decideSave({ path: '/home/u/graphs/xor.json', ask: true }, chosen, folders)).toEqual({
      action: 'ask',
      defaultPath: '/home/u/graphs/xor.json',
    });
    expect(decideSave({ path: '/home/u/graphs/xor.json', ask: false }, chosen, () => false).action).toBe(
      'ask',
    );
    // Save As with a path main never gave out still asks, but does not suggest that path.
    expect(decideSave({ path: '/etc/passwd', ask: true }, chosen, folders)).toEqual({
      action: 'ask',
      defaultPath: 'graph.json',
    });
  });
});

describe('performSave', () => {
  /** Effects that record what main would do; the dialog answers `picked`. */
  const effects = (picked: string | null) => {
    const log = { asked: [] as string[], written: [] as string[], recent: [] as string[] };
    return {
      log,
      fx: {
        askWhere: async (defaultPath: string) => (log.asked.push(defaultPath), picked),
        write: (path: string) => void log.written.push(path),
        remember: (path: string) => void log.recent.push(path),
      },
    };
  };

  it('a refused save writes nothing and lists nothing', async () => {
    const { log, fx } = effects('/never');
    await expect(
      performSave({ path: '/home/u/.bashrc', text: 'x', ask: false }, new ChosenPaths(), folders, fx),
    ).rejects.toThrow('save refused');
    expect(log).toEqual({ asked: [], written: [], recent: [] });
  });

  it('a path picked in the save dialog is written, listed, and then saved to without asking', async () => {
    const chosen = new ChosenPaths();
    const first = effects('/home/u/new.json');
    await expect(performSave({ path: null, text: 'a', ask: false }, chosen, folders, first.fx)).resolves.toBe(
      '/home/u/new.json',
    );
    expect(first.log).toEqual({
      asked: ['graph.json'],
      written: ['/home/u/new.json'],
      recent: ['/home/u/new.json'],
    });
    const again = effects(null);
    await performSave({ path: '/home/u/new.json', text: 'b', ask: false }, chosen, folders, again.fx);
    expect(again.log).toEqual({ asked: [], written: ['/home/u/new.json'], recent: ['/home/u/new.json'] });
  });

  it('a cancelled dialog writes nothing', async () => {
    const { log, fx } = effects(null);
    await expect(
      performSave({ path: null, text: 'a', ask: true }, new ChosenPaths(), folders, fx),
    ).resolves.toBeNull();
    expect(log.written).toEqual([]);
    expect(log.recent).toEqual([]);
  });
});
