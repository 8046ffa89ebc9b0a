/** One image stack painted as a grid (see `paint.ts`), redrawn when the stack changes. */
import { useEffect, useRef } from 'react';
import type { CSSProperties } from 'react';
import type { ImageStack } from '../../src/trace/types';
import { paintStack } from './paint';
import type { ColourMode } from './paint';

interface Props {
  stack: ImageStack;
  mode: ColourMode;
  /** Paint only this image of the stack. */
  only?: number;
  /** CSS width in pixels (the height follows the aspect). */
  width: number;
  title?: string;
  testId?: string;
  className?: string;
}

export function StackCanvas({ stack, mode, only, width, title, testId, className }: Props) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (ref.current) paintStack(ref.current, stack, mode, only);
  }, [stack, mode, only]);
  const style: CSSProperties = { width, imageRendering: 'pixelated' };
  return (
    <canvas
      ref={ref}
      className={className}
      style={style}
      title={title}
      data-testid={testId}
      data-mode={mode}
      data-count={only === undefined ? stack.count : 1}
    />
  );
}
