/**
 * For a graph whose data set is a pair of IDX files (`idx` kind): choose them in the app, like a
 * CSV import, instead of the CLI reading them from disk. The files go to the worker under the
 * paths the graph names.
 */
import { useState } from 'react';
import { gunzipSync } from 'fflate';
import type { DatasetSpec } from '../../src/graph/types';
import { pickFiles } from '../hosts/pick-files';
import type { TrainingClient } from '../run/client';

type IdxSpec = Extract<DatasetSpec, { kind: 'idx' }>;

/** Images have 3 dimensions in their header, labels 1 (the 4th byte of an IDX file). */
const dims = (bytes: Uint8Array) => (bytes.length > 4 && bytes[0] === 0 && bytes[1] === 0 ? bytes[3] : -1);
const gunzipped = (bytes: Uint8Array) => (bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes);

export function IdxFilesChooser({ spec, client }: { spec: IdxSpec; client: TrainingClient }) {
  const [error, setError] = useState<string | null>(null);
  const [, setTick] = useState(0);
  const loaded = client.hasFile(spec.images) && client.hasFile(spec.labels);
  const choose = async () => {
    const chosen = await pickFiles(['*']);
    if (!chosen.length) return;
    setError(null);
    try {
      const files: Record<string, Uint8Array> = {};
      for (const f of chosen) {
        const bytes = gunzipped(f.bytes);
        const d = dims(bytes);
        if (d === 3 || d === 2) files[spec.images] = bytes;
        else if (d === 1) files[spec.labels] = bytes;
        else throw new Error(`${f.name} is not an IDX file of images (3 dimensions) or labels (1 dimension)`);
      }
      client.addFiles(files);
      setTick((t) => t + 1);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <p className="doc" data-testid="idx-files">
      {spec.images} + {spec.labels}
      {spec.limit ? ` (first ${spec.limit})` : ''}:{' '}
      {loaded ? 'loaded in this window. ' : <strong className="error">not loaded in this window. </strong>}
      <button className="link" data-testid="choose-idx" onClick={() => void choose()}>
        Choose the images and labels files…
      </button>
      {error && (
        <span className="error" role="alert">
          {' '}
          {error}
        </span>
      )}
    </p>
  );
}
