/**
 * Draw a digit: a pad to draw on with the mouse, pen or finger. Each stroke's end turns the drawing
 * into an input image the way MNIST's were made (`src/views/digit.ts`: scaled to a 20/28 box,
 * centred by mass, ink 0 … 1) and sends it through the trained graph in the worker; the answer
 * shows here as class probabilities and on the canvas as every node's value for it.
 */
import { useEffect, useRef, useState } from 'react';
import { useStore } from 'zustand';
import { digitInput } from '../../src/views/digit';
import type { GreyImage } from '../../src/views/digit';
import type { TrainingClient } from '../run/client';
import { StackCanvas } from '../views/StackCanvas';

/** The pad's size in canvas (and CSS) pixels. */
const PAD = 150;
/** Brush width: about MNIST's stroke width relative to the digit. */
const BRUSH = 12;

/** The pad's ink as a grey image (0 paper … 1 ink), from its red channel (it draws black on white). */
function padImage(canvas: HTMLCanvasElement): GreyImage {
  const ctx = canvas.getContext('2d')!;
  const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
  const pixels = new Float32Array(canvas.width * canvas.height);
  for (let k = 0; k < pixels.length; k++) pixels[k] = 1 - data[4 * k] / 255;
  return { width: canvas.width, height: canvas.height, pixels };
}

function clearPad(canvas: HTMLCanvasElement): void {
  const ctx = canvas.getContext('2d')!;
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
}

export function DrawDigit({ client, image }: { client: TrainingClient; image: [number, number] }) {
  const pad = useRef<HTMLCanvasElement>(null);
  const last = useRef<[number, number] | null>(null);
  const [input, setInput] = useState<GreyImage | null>(null);
  const probe = useStore(client.run, (s) => s.probe);
  const [h, w] = image;

  useEffect(() => {
    if (pad.current) clearPad(pad.current);
  }, []);

  const at = (e: React.PointerEvent<HTMLCanvasElement>): [number, number] => {
    const r = e.currentTarget.getBoundingClientRect();
    return [((e.clientX - r.left) / r.width) * PAD, ((e.clientY - r.top) / r.height) * PAD];
  };
  const line = (from: [number, number], to: [number, number]) => {
    const ctx = pad.current?.getContext('2d');
    if (!ctx) return;
    ctx.strokeStyle = '#000000';
    ctx.lineWidth = BRUSH;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    ctx.beginPath();
    ctx.moveTo(...from);
    ctx.lineTo(...to);
    ctx.stroke();
  };
  const send = () => {
    if (!pad.current) return;
    const img = digitInput(padImage(pad.current), w, h);
    setInput(img);
    client.probe(img.pixels.slice());
  };

  const shown = probe && input ? probe : null;
  const order = shown ? shown.probabilities.map((p, i) => [p, i] as const).sort((a, b) => b[0] - a[0]) : [];
  return (
    <div className="draw-digit">
      <div className="draw-pad-column">
        <canvas
          ref={pad}
          width={PAD}
          height={PAD}
          className="draw-pad"
          data-testid="draw-pad"
          onPointerDown={(e) => {
            e.currentTarget.setPointerCapture(e.pointerId);
            last.current = at(e);
            line(last.current, last.current);
          }}
          onPointerMove={(e) => {
            if (!last.current) return;
            const p = at(e);
            line(last.current, p);
            last.current = p;
          }}
          onPointerUp={() => {
            if (!last.current) return;
            last.current = null;
            send();
          }}
        />
        <div className="draw-buttons">
          <button
            type="button"
            data-testid="draw-clear"
            onClick={() => {
              if (pad.current) clearPad(pad.current);
              setInput(null);
            }}
          >
            Clear
          </button>
          <button type="button" data-testid="draw-predict" disabled={!input} onClick={send}>
            Predict again
          </button>
        </div>
      </div>
      <div className="draw-result">
        {input && (
          <figure>
            <StackCanvas
              stack={{ height: h, width: w, count: 1, channels: 1, pixels: input.pixels }}
              mode="grey"
              width={64}
              testId="draw-input"
            />
            <figcaption>
              what the network sees ({h}×{w})
            </figcaption>
          </figure>
        )}
        {shown && shown.predicted >= 0 && (
          <div data-testid="draw-prediction" data-class={shown.predicted}>
            <p className="draw-answer">
              <strong>{shown.classes[shown.predicted]}</strong> (
              {(100 * shown.probabilities[shown.predicted]).toFixed(1)} %)
            </p>
            <ul className="draw-probs">
              {order.slice(0, 10).map(([p, i]) => (
                <li key={i} data-testid={`draw-prob-${i}`} data-value={p}>
                  <span>{shown.classes[i]}</span>
                  <span className="bar">
                    <span style={{ width: `${Math.max(0, Math.min(1, p)) * 100}%` }} />
                  </span>
                  <span>{(100 * p).toFixed(1)} %</span>
                </li>
              ))}
            </ul>
            <p className="doc">Every node on the canvas now shows its value for this drawing.</p>
          </div>
        )}
        {!input && <p className="doc">Draw on the pad: the trained network says what it sees.</p>}
      </div>
    </div>
  );
}
