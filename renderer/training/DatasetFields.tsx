/**
 * The data-set chooser: built-in data sets with their options, and CSV files through the import
 * dialog. Kinds, titles, option fields, bounds and defaults all come from the data-set registry.
 */
import { datasetChoices, datasetFields } from '../../src/data/fields';
import type { DatasetSpec } from '../../src/graph/types';
import { NumberField } from '../panels/NumberField';
import type { TrainingClient } from '../run/client';
import { IdxFilesChooser } from './IdxFilesChooser';
import { ImageSetFields } from './ImageSetFields';
import { TextCorpusChooser } from './TextCorpusChooser';

interface Props {
  spec: DatasetSpec;
  onChange: (spec: DatasetSpec) => void;
  onImportCsv: () => void;
  /** The CSV named by the graph is not loaded in this window. */
  csvMissing: boolean;
  /** Where data files go (IDX files chosen here, MNIST downloaded or cached). */
  client: TrainingClient;
}

export function DatasetFields({ spec, onChange, onImportCsv, csvMissing, client }: Props) {
  // A field's key is one the registry declares for this kind, so the spread spec stays of its kind.
  const withValue = (key: string, value: number | boolean) =>
    onChange({ ...spec, [key]: value } as DatasetSpec);
  return (
    <>
      <label className="field">
        <span>data set</span>
        <select
          value={spec.kind}
          data-testid="dataset-kind"
          onChange={(e) => {
            if (e.target.value === 'csv') onImportCsv();
            // Every option of a built-in kind is optional, so the bare kind is a complete spec.
            else onChange({ kind: e.target.value } as DatasetSpec);
          }}
        >
          {datasetChoices(spec.kind).map(({ kind, title }) => (
            <option key={kind} value={kind}>
              {title}
            </option>
          ))}
          <option value="csv">{spec.kind === 'csv' ? `CSV: ${spec.path}` : 'Import a CSV file…'}</option>
        </select>
      </label>
      {spec.kind === 'mnist' && <ImageSetFields spec={spec} client={client} onChange={onChange} />}
      {datasetFields(spec).map((field) =>
        field.type === 'boolean' ? (
          <label key={`${spec.kind}-${field.key}`} className="field check" title={field.doc}>
            <input
              type="checkbox"
              checked={field.value}
              data-testid={`dataset-${field.key}`}
              onChange={(e) => withValue(field.key, e.target.checked)}
            />{' '}
            {field.label}
          </label>
        ) : (
          <NumberField
            key={`${spec.kind}-${field.key}`}
            label={field.label}
            value={field.value}
            min={field.min}
            max={field.max}
            integer={field.type === 'int'}
            testId={`dataset-${field.key}`}
            onCommit={(v) => withValue(field.key, v)}
          />
        ),
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
      {spec.kind === 'idx' && <IdxFilesChooser spec={spec} client={client} />}
      <TextCorpusChooser spec={spec} client={client} onChange={onChange} />
    </>
  );
}
