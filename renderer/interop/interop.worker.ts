/**
 * The interop worker: exports graphs and reads opened or dropped models off the editor's main
 * thread (formats use TensorFlow.js, which only workers load). One request at a time per message;
 * answers carry the request's id.
 */
import { handleInteropRequest, transferables } from './protocol';
import type { InteropReply, InteropRequest } from './protocol';

const scope = self as unknown as {
  postMessage(message: InteropReply, transfer: Transferable[]): void;
  onmessage: ((e: MessageEvent<InteropRequest>) => void) | null;
};

scope.onmessage = (e) =>
  void handleInteropRequest(e.data).then((reply) => scope.postMessage(reply, transferables(reply)));
