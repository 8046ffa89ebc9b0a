/**
 * How many of the toolbar's optional items go into its "⋯" menu: as few as possible, as many as
 * needed for the rest to fit on one row. Measured, not guessed from breakpoints, so fonts, zoom,
 * a long run state or a translated label can never push a button out of sight.
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { RefObject } from 'react';

/**
 * The number of optional items moved into the menu (the first `count` of the priority order).
 *
 * @param max - How many optional items there are.
 * @returns A ref for the toolbar element, and that number.
 */
export function useOverflow<T extends HTMLElement>(max: number): [RefObject<T | null>, number] {
  const ref = useRef<T | null>(null);
  const [count, setCount] = useState(0);

  // After each render and before paint: one more item into the menu while the row overflows.
  // React re-runs this synchronously, so the toolbar is never painted overflowing.
  useLayoutEffect(() => {
    const el = ref.current;
    if (el && el.scrollWidth > el.clientWidth && count < max) setCount(count + 1);
  });

  // A wider window starts again from everything in the row (the layout effect then moves items
  // out); contents that grow on their own (the run state) move one more item out. Never a reset on
  // overflow: with every item already in the menu that would loop.
  useEffect(() => {
    const el = ref.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    let width = el.clientWidth;
    const observer = new ResizeObserver(() => {
      const now = el.clientWidth;
      if (now > width) setCount(0);
      else if (el.scrollWidth > el.clientWidth) setCount((c) => Math.min(max, c + 1));
      width = now;
    });
    observer.observe(el);
    for (const child of Array.from(el.children)) observer.observe(child);
    return () => observer.disconnect();
  }, [max]);

  return [ref, count];
}
