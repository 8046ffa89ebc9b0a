/** The data-set chooser: built-in data sets with their options, and CSV files through the import dialog. */
import type { DatasetSpec } from '../../src/graph/types';
import { NumberField } from '../panels/NumberField';

/** Built-in kinds the chooser offers, with a one-line description. */
export const DATASET_KINDS: [DatasetSpec['kind'], string][] = [
  ['xor', 'XOR truth table (4 examples)'],
  ['or', 'OR truth table (4 examples)'],
  ['and', 'AND truth table (4 examples)'],
  ['spiral', 'Spiral arms (CS231n)'],
  ['circles', 'Two concentric circles'],
  ['moons', 'Two half moons'],
  ['blobs', 'Gaussian blobs'],
  ['sine', 'Noisy sine (regression)'],
  ['linear', 'Linear with noise (regression)'],
];

/** Numeric options per kind: [field, label, min, max, integer]. */
const OPTIONS: Partial<Record<DatasetSpec['kind'], [string, string, number, number | undefined, boolean][]>> =
  {
    spiral: [
      ['classes', 'classes', 2, 8, true],
      ['pointsPerClass', 'points per class', 2, 5000, true],
      ['noise', 'noise', 0, 5, false],
    ],
    circles: [
      ['samples', 'samples', 4, 20000, true],
      ['noise', 'noise', 0, 5, false],
      ['factor', 'inner radius', 0.01, 0.99, false],
    ],
    moons: [
      ['samples', 'samples', 4, 20000, true],
      ['noise', 'noise', 0, 5, false],
    ],
    blobs: [
      ['classes', 'classes', 2, 8, true],
      ['pointsPerClass', 'points per class', 1, 5000, true],
      ['spread', 'spread', 0, 10, false],
    ],
    sine: [
      ['samples', 'samples', 2, 20000, true],
      ['noise', 'noise', 0, 5, false],
    ],
    linear: [
      ['samples', 'samples', 2, 20000, true],
      ['features', 'features', 1, 1000, true],
      ['noise', 'noise', 0, 100, false],
    ],
  };

/** Defaults shown when a spec leaves an option out (the generators' own defaults). */
const DEFAULTS: Record<string, number> = {
  classes: 3,
  pointsPerClass: 100,
  noise: 0.2,
  samples: 200,
  factor: 0.5,
  spread: 1,
  features: 1,
};

interface Props {
  spec: DatasetSpec;
  onChange: (spec: DatasetSpec) => void;
  onImportCsv: () => void;
  /** The CSV named by the graph is not loaded in this window. */
  csvMissing: boolean;
}

export function DatasetFields({ spec, onChange, onImportCsv, csvMissing }: Props) {
  const options = OPTIONS[spec.kind] ?? [];
  const values = spec as unknown as Record<string, unknown>;
  return (
    <>
      <label className="field">
        <span>data set</span>
        <select
          value={spec.kind}
          data-testid="dataset-kind"
          onChange={(e) => {
            if (e.target.value === 'csv') onImportCsv();
            else onChange({ kind: e.target.value } as DatasetSpec);
          }}
        >
          {DATASET_KINDS.map(([k, title]) => (
            <option key={k} value={k}>
              {title}
            </option>
          ))}
          {spec.kind === 'inline' && <option value="inline">Examples written in the file</option>}
          {spec.kind === 'idx' && <option value="idx">IDX files (MNIST format)</option>}
          <option value="csv">{spec.kind === 'csv' ? `CSV: ${spec.path}` : 'Import a CSV file…'}</option>
        </select>
      </label>
      {options.map(([field, label, min, max, integer]) => (
        <NumberField
          key={`${spec.kind}-${field}`}
          label={label}
          value={Number(values[field] ?? (spec.kind === 'sine' && field === 'noise' ? 0.5 : DEFAULTS[field]))}
          min={min}
          max={max}
          integer={integer}
          testId={`dataset-${field}`}
          onCommit={(v) => onChange({ ...spec, [field]: v } as DatasetSpec)}
        />
      ))}
      {spec.kind === 'sine' && (
        <label className="field check">
          <input
            type="checkbox"
            checked={spec.normalize ?? true}
            onChange={(e) => onChange({ ...spec, normalize: e.target.checked })}
          />{' '}
          scale x into [0, 1]
        </label>
      )}
      {spec.kind === 'csv' && (
        <p className="doc">
          {spec.path}: features {spec.featureColumns ? spec.featureColumns.join(', ') : 'all but the label'},
          label {String(spec.labelColumn ?? 'last column')}.{' '}
          {csvMissing && <strong className="error">Not loaded in this window — import it again. </strong>}
          <button className="link" onClick={onImportCsv}>
            Change…
          </button>
        </p>
      )}
      {spec.kind === 'idx' && (
        <p className="doc">
          {spec.images} + {spec.labels}
          {spec.limit ? ` (first ${spec.limit})` : ''}: IDX files are read from disk by the CLI.
        </p>
      )}
    </>
  );
}
