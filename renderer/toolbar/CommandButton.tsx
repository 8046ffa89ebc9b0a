/** A toolbar button that runs a registry command: its tooltip names the command and its key. */
import type { CommandContext } from '../commands/registry';
import { command } from '../commands/registry';
import type { CommandId } from '../commands/catalog';
import { bindingText } from '../commands/keys';

interface Props {
  id: CommandId;
  ctx: CommandContext;
  /** What the button shows (an icon or a short word). */
  text: string;
  /** Tooltip, when the command's label and key do not say enough. */
  title?: string;
  testId?: string;
}

/** The button of command `id`. */
export function CommandButton({ id, ctx, text, title, testId }: Props) {
  const c = command(id);
  const key = c.keys[0];
  return (
    <button
      onClick={() => c.enabled(ctx) && c.run(ctx)}
      title={title ?? (key ? `${c.label} (${bindingText(key)})` : c.label)}
      data-testid={testId}
    >
      {text}
    </button>
  );
}
