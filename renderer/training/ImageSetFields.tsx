/**
 * The Training tab's fields for MNIST / Fashion-MNIST: which set and split, and the data itself —
 * "Get MNIST" downloads it once (progress, SHA-256 check, cached in IndexedDB), "Choose IDX files…"
 * takes files the user already has. Cached data goes to the worker without asking.
 */
import { useEffect, useRef, useState } from 'react';
import { IMAGE_SETS, setFiles } from '../../src/data/download/catalog';
import type { ImageSetId } from '../../src/data/download/catalog';
import { sortChosenIdx } from '../../src/data/download/chosen';
import type { DownloadProgress } from '../../src/data/download/download';
import type { DatasetSpec } from '../../src/graph/types';
import { useHost } from '../hosts/HostContext';
import { pickFiles } from '../hosts/pick-files';
import type { TrainingClient } from '../run/client';
import {
  downloadImageSet,
  hasImageSet,
  loadCachedImageSet,
  mirrorSetting,
  setMirrorSetting,
} from './image-sets';

type MnistSpec = Extract<DatasetSpec, { kind: 'mnist' }>;

interface Props {
  spec: MnistSpec;
  client: TrainingClient;
  onChange: (spec: DatasetSpec) => void;
}

type Status =
  | { kind: 'checking' }
  | { kind: 'missing' }
  | { kind: 'ready'; how: 'cache' | 'download' | 'chosen' }
  | { kind: 'downloading'; progress: DownloadProgress | null }
  | { kind: 'failed'; message: string };

const megabytes = (n: number) => `${(n / 1e6).toFixed(1)} MB`;

export function ImageSetFields({ spec, client, onChange }: Props) {
  const setId: ImageSetId = spec.set ?? 'mnist';
  const set = IMAGE_SETS[setId];
  const [status, setStatus] = useState<Status>({ kind: 'checking' });
  const [mirror, setMirror] = useState(() => mirrorSetting(setId) ?? '');
  const abort = useRef<AbortController | null>(null);
  const cache = useHost().dataCache;

  useEffect(() => {
    let current = true;
    setMirror(mirrorSetting(setId) ?? '');
    if (hasImageSet(client, setId)) setStatus({ kind: 'ready', how: 'cache' });
    else {
      setStatus({ kind: 'checking' });
      void loadCachedImageSet(client, setId, cache).then((found) => {
        if (current) setStatus(found ? { kind: 'ready', how: 'cache' } : { kind: 'missing' });
      });
    }
    return () => {
      current = false;
    };
  }, [client, setId, cache]);
  useEffect(() => () => abort.current?.abort(), []);

  const download = () => {
    const controller = new AbortController();
    abort.current = controller;
    setStatus({ kind: 'downloading', progress: null });
    downloadImageSet(
      client,
      setId,
      cache,
      (progress) => setStatus({ kind: 'downloading', progress }),
      controller.signal,
    ).then(
      () => setStatus({ kind: 'ready', how: 'download' }),
      (e: unknown) =>
        setStatus(
          controller.signal.aborted
            ? { kind: 'missing' }
            : { kind: 'failed', message: e instanceof Error ? e.message : String(e) },
        ),
    );
  };

  const choose = async () => {
    const chosen = await pickFiles([
      '.gz',
      '.idx',
      '.idx1-ubyte',
      '.idx3-ubyte',
      'application/octet-stream',
      '*',
    ]);
    if (!chosen.length) return;
    try {
      const files = sortChosenIdx(setId, chosen);
      client.addFiles(files);
      // Kept like a download, so the next open has them; the keys are the set's file names.
      for (const [path, bytes] of Object.entries(files)) await cache.put(path.replace(/^cache:/, ''), bytes);
      setStatus(hasImageSet(client, setId) ? { kind: 'ready', how: 'chosen' } : { kind: 'missing' });
    } catch (e) {
      setStatus({ kind: 'failed', message: e instanceof Error ? e.message : String(e) });
    }
  };

  const total = setFiles(set).reduce((n, f) => n + f.bytes, 0);
  return (
    <>
      <label className="field">
        <span>set</span>
        <select
          value={setId}
          data-testid="dataset-set"
          onChange={(e) => onChange({ ...spec, set: e.target.value as ImageSetId })}
        >
          {Object.values(IMAGE_SETS).map((s) => (
            <option key={s.id} value={s.id}>
              {s.title}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>split</span>
        <select
          value={spec.split ?? 'train'}
          data-testid="dataset-split"
          onChange={(e) => onChange({ ...spec, split: e.target.value as 'train' | 'test' })}
        >
          <option value="train">train (60,000)</option>
          <option value="test">test (10,000)</option>
        </select>
      </label>
      <div className="image-set" data-testid="image-set-status" data-status={status.kind}>
        {status.kind === 'checking' && <p className="doc">Looking for {set.title} on this machine…</p>}
        {status.kind === 'ready' && (
          <p className="doc">
            {set.title} is on this machine
            {status.how === 'download'
              ? ' (downloaded and checked)'
              : status.how === 'chosen'
                ? ' (your files)'
                : ''}
            .
          </p>
        )}
        {(status.kind === 'missing' || status.kind === 'failed') && (
          <>
            <p className="doc">
              {set.title} is not on this machine yet: get it once ({megabytes(total)}, each file checked by
              SHA-256 and kept for next time), or choose the IDX files you have.
            </p>
            <button className="primary" data-testid="get-image-set" onClick={download}>
              Get {set.title}
            </button>{' '}
            <button data-testid="choose-idx" onClick={() => void choose()}>
              Choose IDX files…
            </button>
          </>
        )}
        {status.kind === 'downloading' && (
          <>
            <progress
              max={status.progress?.total ?? total}
              value={status.progress?.received ?? 0}
              data-testid="image-set-progress"
            />
            <p className="doc">
              {status.progress
                ? `${status.progress.file}: ${megabytes(status.progress.received)} of ${megabytes(status.progress.total)}`
                : 'Connecting…'}{' '}
              <button className="link" onClick={() => abort.current?.abort()}>
                Cancel
              </button>
            </p>
          </>
        )}
        {status.kind === 'failed' && (
          <p className="error" role="alert" data-testid="image-set-error">
            {status.message}
          </p>
        )}
        <details>
          <summary>Mirror</summary>
          <label className="field">
            <span>base URL</span>
            <input
              type="url"
              value={mirror}
              placeholder={set.mirror}
              data-testid="image-set-mirror"
              onChange={(e) => setMirror(e.target.value)}
              onBlur={() => setMirrorSetting(setId, mirror.trim())}
            />
          </label>
        </details>
      </div>
    </>
  );
}
