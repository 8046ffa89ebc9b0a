/**
 * Catches an error while drawing the canvas, so a graph the canvas cannot draw shows what went
 * wrong and a way out instead of a blank page. The toolbar and panels stay outside it and keep
 * working (Open… another file, Undo).
 */
import { Component } from 'react';
import type { ErrorInfo, ReactNode } from 'react';
import './big-graph.css';

interface Props {
  children: ReactNode;
  /** Replaces the document with an empty graph (the way out that always works). */
  onNewGraph: () => void;
  /** Undoes the last edit (the one that may have broken the canvas). */
  onUndo: () => void;
  /** When this changes (another document), the canvas is tried again. */
  resetKey: unknown;
}

interface State {
  error: Error | null;
  /** The `resetKey` the error happened with. */
  failedKey: unknown;
}

/** Error boundary of the canvas. */
export class CanvasBoundary extends Component<Props, State> {
  override state: State = { error: null, failedKey: undefined };

  static getDerivedStateFromError(error: unknown): Partial<State> {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  /** A new document (opened, undone, new) gets a fresh try: it may well draw. */
  static getDerivedStateFromProps(props: Props, state: State): Partial<State> | null {
    if (state.error && state.failedKey !== props.resetKey && state.failedKey !== undefined)
      return { error: null, failedKey: undefined };
    return null;
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    this.setState({ failedKey: this.props.resetKey });
    console.error('The canvas could not be drawn:', error, info.componentStack);
  }

  override render() {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <div className="canvas canvas-failed" role="alert" data-testid="canvas-failed">
        <h2>The canvas cannot draw this graph</h2>
        <pre>{error.message}</pre>
        <p>The graph itself is unchanged. Undo the last edit, open another graph, or start a new one.</p>
        <div className="canvas-failed-actions">
          <button type="button" onClick={this.props.onUndo}>
            Undo last edit
          </button>
          <button type="button" onClick={this.props.onNewGraph}>
            New empty graph
          </button>
          <button type="button" onClick={() => this.setState({ error: null, failedKey: undefined })}>
            Try again
          </button>
        </div>
      </div>
    );
  }
}
