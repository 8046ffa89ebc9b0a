/**
 * How a run in the worker learns that the UI sent a request without stopping to look: the UI adds 1
 * to a counter in shared memory before posting each request, the session counts the requests it
 * received, and while the two differ a request is on its way. Needs `SharedArrayBuffer`, which a
 * page has only when cross-origin isolated (COOP/COEP); without it runs yield after every step.
 */

/** The UI's side: a counter in shared memory, or null where there is no shared memory. */
export function createRequestCounter(): Int32Array | null {
  const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated;
  if (typeof SharedArrayBuffer !== 'function' || isolated === false) return null;
  try {
    return new Int32Array(new SharedArrayBuffer(4));
  } catch {
    return null;
  }
}

/** Notes one request about to be posted. */
export function countRequest(counter: Int32Array | null): void {
  if (counter) Atomics.add(counter, 0, 1);
}

/** The worker's side: requests received against the UI's counter. */
export class RequestsSeen {
  private counter: Int32Array | null = null;
  private received = 0;

  /** The UI shared its counter; every request from now on was counted there before it was posted. */
  attach(counter: Int32Array): void {
    if (!(counter instanceof Int32Array) || !(counter.buffer instanceof SharedArrayBuffer))
      throw new Error('the request counter must be an Int32Array on a SharedArrayBuffer');
    this.counter = counter;
    this.received = 0;
  }

  /** A request (other than the one sharing the counter) arrived. */
  arrived(): void {
    if (this.counter) this.received++;
  }

  /**
   * Whether a request was posted that has not arrived; undefined while no counter is shared (the
   * run cannot know, and yields after every step).
   */
  get waiting(): (() => boolean) | undefined {
    const counter = this.counter;
    return counter ? () => Atomics.load(counter, 0) > this.received : undefined;
  }
}
