/**
 * The empty first screen: the lessons (each example with the one line it teaches) and a three-step
 * hint for building a first graph. Shown over an empty canvas only, so it goes away with the first
 * node and comes back after New.
 */
import { useStore } from 'zustand';
import { exampleLesson, exampleNames, exampleTitle } from '../examples';
import type { EditorStore } from '../store/store';
import '../canvas/canvas.css';

interface Props {
  store: EditorStore;
  /** Opens example `name` (the toolbar's Examples menu does the same). */
  onOpenExample: (name: string) => void;
}

/** The lessons and the hint, or nothing once the canvas has a node. */
export function EmptyStart({ store, onOpenExample }: Props) {
  const empty = useStore(store, (s) => s.doc.nodes.length === 0);
  if (!empty) return null;
  return (
    <div className="empty-start" data-testid="empty-start">
      <div className="empty-start-card">
        <h2>Build a first graph</h2>
        <ol className="steps" data-testid="empty-start-steps">
          <li>
            Drag an <b>Input</b>, a <b>Dense</b>, a <b>Target</b> and a loss (e.g. <b>L2Error</b>) from the
            palette onto the canvas.
          </li>
          <li>Connect them: drag from a node’s right port to the next node’s left port.</li>
          <li>
            Choose the data in the <b>Training</b> tab and press <b>Train</b> (or <b>Step</b> to walk one
            step).
          </li>
        </ol>
        <h2>…or open a lesson</h2>
        <ul className="lessons">
          {exampleNames().map((name) => (
            <li key={name}>
              <button onClick={() => onOpenExample(name)} data-testid={`lesson-${name}`}>
                <span className="lesson-title">{exampleTitle(name)}</span>
                <span className="lesson-line">{exampleLesson(name) ?? ''}</span>
              </button>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
