/** Reading the data files a spec names, with errors that name the file. */
import { DatasetError } from '../dataset';
import type { FileReader } from '../kind';

/** The reader, or an error saying that this kind needs one. */
export function needReader(readFile: FileReader | undefined): FileReader {
  if (!readFile) throw new DatasetError('CSV/IDX data sets need a file reader');
  return readFile;
}

/** Runs a read of file `path`, turning I/O failures into a DatasetError that names the path. */
export function orFail<T>(path: string, read: () => T): T {
  try {
    return read();
  } catch (err) {
    if (err instanceof DatasetError) throw err;
    const reason = err instanceof Error ? err.message : String(err);
    throw new DatasetError(`cannot read data file "${path}": ${reason}`);
  }
}

/** Reads a file, turning I/O failures into a DatasetError that names the path. */
export function readOrFail(readFile: FileReader, path: string): Uint8Array {
  return orFail(path, () => readFile(path));
}

/** Prefixes a data-file error with its path, keeping `line` and `column`. */
export function inFile<T>(path: string, parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    if (err instanceof DatasetError) throw new DatasetError(`${path}: ${err.message}`, err.line, err.column);
    throw err;
  }
}
