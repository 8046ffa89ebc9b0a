/**
 * The Training tab: backend, data set, optimizer and schedule (all stored in the graph file's
 * training section), progress, live metrics, charts and the decision boundary.
 */
import { useState } from 'react';
import type { ComponentProps } from 'react';
import { CoachPanel } from '../coach/CoachPanel';
import { useStore } from 'zustand';
import { formatDiagnostic } from '../../src/graph/diagnostics';
import type { EditorStore } from '../store/store';
import type { TrainingClient } from '../run/client';
import { BackendSection } from './BackendSection';
import { BoundaryPlaneFields, BoundaryView } from './BoundaryView';
import { CsvImport } from './CsvImport';
import { DatasetFields } from './DatasetFields';
import { MetricChart } from './MetricChart';
import type { Series } from './MetricChart';
import { LimitsFields } from './LimitsFields';
import { OptimizerFields } from './OptimizerFields';
import { ProgressBar } from './ProgressBar';
import { ViewsSections } from './ViewsSections';

const LOSS_SERIES: Series[] = [
  { label: 'batch', field: 'loss', color: '#98a2b3' },
  { label: 'train', field: 'trainLoss', color: '#2f6fd6' },
  { label: 'test', field: 'testLoss', color: '#e8731e' },
];
const ACCURACY_SERIES: Series[] = [
  { label: 'train', field: 'trainAccuracy', color: '#2f6fd6' },
  { label: 'test', field: 'testAccuracy', color: '#e8731e' },
];

function pct(x: number | undefined): string {
  return x === undefined ? '—' : `${(x * 100).toFixed(1)} %`;
}

interface Props {
  store: EditorStore;
  client: TrainingClient;
  /** Save trained weights with the graph. */
  saveWeights: boolean;
  onSaveWeightsChange: (v: boolean) => void;
  /** The training coach's advice and what its buttons do. */
  coach: ComponentProps<typeof CoachPanel>;
}

export function TrainingPanel({ store, client, saveWeights, onSaveWeightsChange, coach }: Props) {
  const training = useStore(store, (s) => s.doc.training);
  const run = client.run;
  const dataset = useStore(run, (s) => s.dataset);
  const blocked = useStore(run, (s) => s.blocked);
  const progress = useStore(run, (s) => s.progress);
  const history = useStore(run, (s) => s.history);
  const boundary = useStore(run, (s) => s.boundary);
  const nonfinite = useStore(run, (s) => s.nonfinite);
  const error = useStore(run, (s) => s.error);
  const weightsRestored = useStore(run, (s) => s.weightsRestored);
  const stepsPerEpoch = useStore(run, (s) => s.stepsPerEpoch);
  const [csvOpen, setCsvOpen] = useState(false);
  // What the last CSV import changed in the graph, shown under the data set until the next import.
  const [csvChanges, setCsvChanges] = useState<string[] | null>(null);
  const setTraining = store.getState().setTraining;
  const last = history[history.length - 1];
  const accuracy = progress?.test?.accuracy ?? progress?.train?.accuracy;

  return (
    <div className="training" data-testid="training-panel">
      <BackendSection client={client} />
      <CoachPanel {...coach} />

      {blocked.length > 0 && (
        <section className="blocked" data-testid="training-blocked">
          <h3>Cannot train yet</h3>
          <ul>
            {blocked.slice(0, 6).map((d, i) => (
              <li key={i}>{formatDiagnostic(d)}</li>
            ))}
          </ul>
          {/* The same diagnostics are in the Problems panel, with the graph's, clickable to their node. */}
          <p className="doc">Every problem is listed in the Problems panel (Inspector tab).</p>
        </section>
      )}
      {error && (
        <p className="error" role="alert" data-testid="run-error">
          {error}
        </p>
      )}
      {nonfinite && (
        <section className="nonfinite-report" role="alert" data-testid="nonfinite-report">
          <h3>Training paused at step {nonfinite.step}</h3>
          <p>{nonfinite.message}</p>
        </section>
      )}

      <section>
        <h3>Progress</h3>
        <ProgressBar
          progress={progress}
          examplesPerStep={dataset && stepsPerEpoch ? dataset.trainCount / stepsPerEpoch : 0}
        />
        <div className="metrics">
          <div>
            <span>loss</span>
            <strong data-testid="loss-value" data-value={last?.loss ?? ''}>
              {last ? last.loss.toPrecision(4) : '—'}
            </strong>
          </div>
          <div>
            <span>{progress?.test ? 'test accuracy' : 'accuracy'}</span>
            <strong data-testid="accuracy-value" data-value={accuracy ?? ''}>
              {pct(accuracy)}
            </strong>
          </div>
          {progress?.test && (
            <div>
              <span>train accuracy</span>
              <strong>{pct(progress.train?.accuracy)}</strong>
            </div>
          )}
        </div>
        {weightsRestored && <p className="doc">Weights restored from the file.</p>}
        <label className="field check">
          <input
            type="checkbox"
            data-testid="save-weights"
            checked={saveWeights}
            onChange={(e) => onSaveWeightsChange(e.target.checked)}
          />{' '}
          save trained weights with the graph
        </label>
      </section>

      {dataset?.points && (
        <section>
          <h3>Decision boundary</h3>
          <BoundaryView grid={boundary} points={dataset.points} task={dataset.task} />
          {dataset.slice && (
            <BoundaryPlaneFields
              slice={dataset.slice}
              featureNames={dataset.featureNames}
              plane={boundary?.plane}
              onChange={(plane) => client.setBoundaryPlane(plane)}
            />
          )}
        </section>
      )}

      <ViewsSections client={client} />

      <section>
        <MetricChart title="Loss" history={history} series={LOSS_SERIES} log testId="loss-chart" />
        {(dataset?.task === 'classification' || history.some((h) => h.trainAccuracy !== undefined)) && (
          <MetricChart title="Accuracy" history={history} series={ACCURACY_SERIES} testId="accuracy-chart" />
        )}
      </section>

      <details open className="settings">
        <summary>Data</summary>
        <DatasetFields
          spec={training.dataset}
          onChange={(dataset) => setTraining({ dataset })}
          onImportCsv={() => setCsvOpen(true)}
          csvMissing={training.dataset.kind === 'csv' && !client.hasFile(training.dataset.path)}
          client={client}
        />
        {dataset && (
          <p className="doc" data-testid="dataset-summary">
            {dataset.name}: {dataset.trainCount} training
            {dataset.testCount ? ` + ${dataset.testCount} test` : ''} examples,{' '}
            {dataset.featureShape.join('×')} features
            {dataset.numClasses ? `, ${dataset.numClasses} classes` : ''}.
          </p>
        )}
        {csvChanges && (
          <p className="doc" data-testid="csv-changes">
            {csvChanges.length
              ? `Changed to fit the data (undo takes it back): ${csvChanges.join('; ')}.`
              : 'The graph already fits the data.'}
          </p>
        )}
      </details>

      <details open className="settings">
        <summary>Optimizer and schedule</summary>
        <OptimizerFields training={training} onChange={setTraining} />
      </details>
      <LimitsFields client={client} />

      {csvOpen && (
        <CsvImport
          doc={store.getState().doc}
          onClose={() => setCsvOpen(false)}
          onApply={(spec, bytes, fit) => {
            client.addFile(spec.path, bytes);
            // The data set and the params that fit it in one edit, so one undo takes both back.
            store.getState().applyDataset(spec, fit.changes);
            setCsvChanges(fit.summary);
            setCsvOpen(false);
          }}
        />
      )}
    </div>
  );
}
