/**
 * Main writes without a dialog only to files the user chose this session, so a compromised renderer
 * cannot overwrite arbitrary files (or put them on the recent list) through `file:save`.
 */
import { describe, expect, it } from 'vitest';
import { ChosenPaths, decideSave } from '../../electron/save-paths';

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
