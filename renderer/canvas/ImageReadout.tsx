/**
 * A node's image-shaped values on the canvas (CNN Explainer's view): the first example's output as
 * a grid of small grey images, one per channel (the input digit, a conv layer's feature maps), its
 * gradient in blue–white–red, and a conv layer's kernels with their gradient. The enlarge button
 * (or a double-click on the images) opens them large in a panel that follows training live.
 */
import { memo, useEffect, useState } from 'react';
import { createPortal } from 'react-dom';
import { useStore } from 'zustand';
import type { ImageStack, NodeImages } from '../../src/trace/types';
import { ownValue } from '../../src/graph/own';
import type { RunStore } from '../run/runStore';
import { StackCanvas } from '../views/StackCanvas';
import { num } from '../run/format';
import { stackRange } from '../views/paint';
import './image-readout.css';

/** CSS width of each grid on the node (two side by side in the 180 px node). */
const SMALL = 78;
/** CSS width of one channel in the enlarged panel. */
const LARGE = 120;

function shown(stack: ImageStack): string {
  return stack.count < stack.channels
    ? `${stack.count} of ${stack.channels} channels`
    : `${stack.count} channel${stack.count === 1 ? '' : 's'}`;
}

function rangeText(stack: ImageStack): string {
  const [lo, hi] = stackRange(stack.pixels);
  return `${num(lo, 3)} … ${num(hi, 3)}`;
}

/** The images of one node, from the canvas view (latest frame, walk or drawn example). */
function useNodeImages(id: string, run: RunStore): NodeImages | undefined {
  return useStore(run, (s) => ownValue(s.view, id)?.images);
}

function Small({ id, run }: { id: string; run: RunStore }) {
  const images = useNodeImages(id, run);
  const [open, setOpen] = useState(false);
  if (!images || !(images.value || images.kernel)) return null;
  const { value, grad, kernel, kernelGrad } = images;
  return (
    <div
      className="image-readout"
      data-testid={`node-images-${id}`}
      title="Double-click (or ⤢) to see these images large"
      onDoubleClick={(e) => {
        e.stopPropagation();
        setOpen(true);
      }}
    >
      {value && (
        <figure>
          <StackCanvas
            stack={value}
            mode="grey"
            width={SMALL}
            testId={`node-image-value-${id}`}
            title={`output of the first example, ${shown(value)}: ${rangeText(value)}`}
          />
          <figcaption>{value.count > 1 ? `${shown(value)}` : 'image'}</figcaption>
        </figure>
      )}
      {grad && (
        <figure>
          <StackCanvas
            stack={grad}
            mode="diverging"
            width={SMALL}
            testId={`node-image-grad-${id}`}
            title={`dE/d(output), first example: ${rangeText(grad)}`}
          />
          <figcaption>∇ output</figcaption>
        </figure>
      )}
      {kernel && (
        <figure>
          <StackCanvas
            stack={kernel}
            mode="diverging"
            width={SMALL}
            testId={`node-image-kernel-${id}`}
            title={`kernels (input channel 1), ${shown(kernel)}: ${rangeText(kernel)}`}
          />
          <figcaption>{value ? 'kernels' : 'weights per unit'}</figcaption>
        </figure>
      )}
      {kernelGrad && (
        <figure>
          <StackCanvas
            stack={kernelGrad}
            mode="diverging"
            width={SMALL}
            testId={`node-image-kernel-grad-${id}`}
            title={`dE/d(kernel): ${rangeText(kernelGrad)}`}
          />
          <figcaption>{value ? '∇ kernels' : '∇ weights'}</figcaption>
        </figure>
      )}
      <button
        type="button"
        className="image-enlarge nodrag"
        data-testid={`node-images-enlarge-${id}`}
        title="Show these images large"
        aria-label={`show the images of ${id} large`}
        onClick={(e) => {
          e.stopPropagation();
          setOpen(true);
        }}
      >
        ⤢
      </button>
      {open && createPortal(<ImagePanel id={id} run={run} onClose={() => setOpen(false)} />, document.body)}
    </div>
  );
}

function Section({
  title,
  stack,
  mode,
  id,
}: {
  title: string;
  stack?: ImageStack;
  mode: 'grey' | 'diverging';
  id: string;
}) {
  if (!stack) return null;
  return (
    <section>
      <h4>
        {title}{' '}
        <span>
          ({shown(stack)}, {stack.height}×{stack.width}, {rangeText(stack)})
        </span>
      </h4>
      <div className="image-panel-grid">
        {Array.from({ length: stack.count }, (_, i) => (
          <figure key={i}>
            <StackCanvas stack={stack} mode={mode} only={i} width={LARGE} testId={`image-panel-${id}-${i}`} />
            <figcaption>{stack.count > 1 ? `channel ${i + 1}` : ''}</figcaption>
          </figure>
        ))}
      </div>
    </section>
  );
}

/** The enlarged images of one node, live. */
export function ImagePanel({ id, run, onClose }: { id: string; run: RunStore; onClose: () => void }) {
  const images = useNodeImages(id, run);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
  return (
    <div className="image-panel" role="dialog" aria-label={`images of ${id}`} data-testid="image-panel">
      <header>
        <h3>{id}</h3>
        <p>Grey: value (white = lowest, black = highest). Blue–white–red: negative, 0, positive.</p>
        <button type="button" onClick={onClose} aria-label="close" data-testid="image-panel-close">
          ×
        </button>
      </header>
      {images ? (
        <>
          <Section title="Output, first example" stack={images.value} mode="grey" id={id} />
          <Section title="Gradient dE/d(output)" stack={images.grad} mode="diverging" id={`${id}-grad`} />
          <Section
            title={images.value ? 'Kernels (input channel 1)' : 'Weights of each unit over the pixels'}
            stack={images.kernel}
            mode="diverging"
            id={`${id}-kernel`}
          />
          <Section
            title={images.value ? 'Kernel gradients' : 'Gradients of those weights'}
            stack={images.kernelGrad}
            mode="diverging"
            id={`${id}-kgrad`}
          />
        </>
      ) : (
        <p>No images yet: train a step.</p>
      )}
    </div>
  );
}

/** Memoized by node id; reads that node's images only. */
export const ImageReadout = memo(Small);
