/** The `?` sheet: every command that has a key, with its keys, read from the command registry. */
import { COMMANDS } from '../commands/registry';
import { bindingText } from '../commands/keys';

const ROWS = COMMANDS.filter((c) => c.keys.length > 0).map((c) => ({
  id: c.id,
  keys: c.keys.map(bindingText).join(', '),
  label: c.label,
}));

/** The sheet; a click anywhere closes it. */
export function ShortcutsSheet({ onClose }: { onClose: () => void }) {
  return (
    <div className="sheet" role="dialog" onClick={onClose} data-testid="shortcuts">
      <div>
        <h2>Keyboard shortcuts</h2>
        <table>
          <tbody>
            {ROWS.map((r) => (
              <tr key={r.id}>
                <td>
                  <kbd>{r.keys}</kbd>
                </td>
                <td>{r.label}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
