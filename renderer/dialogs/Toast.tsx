/** A short status message over the canvas. */

/** The message, announced politely to screen readers. */
export function Toast({ message }: { message: string }) {
  return (
    <div className="toast" role="status" data-testid="toast">
      {message}
    </div>
  );
}
