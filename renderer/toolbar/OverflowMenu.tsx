/** The toolbar's "⋯" button and its menu: the toolbar items that did not fit on the row. */
import { useEffect, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import type { CommandContext } from '../commands/registry';
import { command } from '../commands/registry';
import type { CommandId } from '../commands/catalog';
import { bindingText } from '../commands/keys';

/** A command as a menu entry: its full label and its key, where the toolbar shows an icon. */
export function MenuCommand({ id, ctx }: { id: CommandId; ctx: CommandContext }) {
  const c = command(id);
  const key = c.keys[0];
  return (
    <button onClick={() => c.enabled(ctx) && c.run(ctx)} data-testid={`menu-${id}`} role="menuitem">
      {c.label}
      {key && <span className="key">{bindingText(key)}</span>}
    </button>
  );
}

/** The "⋯" button; its menu holds `children` and closes after a choice, Escape or a click elsewhere. */
export function OverflowMenu({ children }: { children: ReactNode }) {
  const [at, setAt] = useState<{ top: number; right: number } | null>(null);
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!at) return;
    const away = (e: PointerEvent) => {
      const target = e.target as Node;
      if (!menu.current?.contains(target) && !button.current?.contains(target)) setAt(null);
    };
    const escape = (e: KeyboardEvent) => e.key === 'Escape' && setAt(null);
    document.addEventListener('pointerdown', away);
    document.addEventListener('keydown', escape);
    return () => {
      document.removeEventListener('pointerdown', away);
      document.removeEventListener('keydown', escape);
    };
  }, [at]);

  const toggle = () => {
    const r = button.current?.getBoundingClientRect();
    setAt(at || !r ? null : { top: r.bottom + 4, right: Math.max(4, window.innerWidth - r.right) });
  };

  return (
    <>
      <button
        ref={button}
        className="more"
        onClick={toggle}
        title="More commands (what does not fit in the toolbar)"
        aria-haspopup="menu"
        aria-expanded={at !== null}
        data-testid="toolbar-more"
      >
        ⋯
      </button>
      {at && (
        <div
          ref={menu}
          className="toolbar-menu"
          role="menu"
          style={{ top: at.top, right: at.right }}
          data-testid="toolbar-more-menu"
          // A choice closes the menu: a command ran, or a drop-down opened a file.
          onClick={(e) => (e.target as HTMLElement).closest('button') && setAt(null)}
          onChange={() => setAt(null)}
        >
          {children}
        </div>
      )}
    </>
  );
}
