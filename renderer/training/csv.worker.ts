/**
 * The CSV import dialog's worker: reads CSV files off the main thread, so a big file neither
 * freezes the editor nor keeps Cancel from working (Cancel terminates this worker). It imports
 * only the CSV reader, never tfjs: the training worker is the one that carries that.
 */
import { handleCsvRequest } from './csv-protocol';
import type { CsvReply, CsvRequest } from './csv-protocol';

const scope = self as unknown as {
  postMessage(message: CsvReply, transfer: Transferable[]): void;
  onmessage: ((e: MessageEvent<CsvRequest>) => void) | null;
};

scope.onmessage = (e) =>
  handleCsvRequest(e.data, (reply, transfer) => scope.postMessage(reply, transfer ?? []));
