/** Optimizer, learning rate and the optimizer's own hyper-parameters, batch size, epochs, seed, split. */
import type { OptimizerSpec, OptimizerType, TrainingSpec } from '../../src/graph/types';
import { OPTIMIZER_FORMULAS } from '../../src/train/optimizer-formulas';
import { NumberField } from '../panels/NumberField';

const OPTIMIZERS: [OptimizerType, string][] = [
  ['sgd', 'SGD'],
  ['momentum', 'SGD with momentum'],
  ['adagrad', 'Adagrad'],
  ['rmsprop', 'RMSProp'],
  ['adam', 'Adam'],
];

/** Extra fields per optimizer: [field, label, min, max, default]. */
const EXTRA: Partial<Record<OptimizerType, [keyof OptimizerSpec, string, number, number, number][]>> = {
  momentum: [['momentum', 'momentum ρ', 0, 0.9999, 0.9]],
  rmsprop: [
    ['decay', 'decay β', 0, 0.9999, 0.9],
    ['momentum', 'momentum', 0, 0.9999, 0],
    ['epsilon', 'ε', 0, 1, 1e-7],
  ],
  adam: [
    ['beta1', 'β₁', 0, 0.9999, 0.9],
    ['beta2', 'β₂', 0, 0.99999, 0.999],
    ['epsilon', 'ε', 0, 1, 1e-7],
  ],
  adagrad: [['initialAccumulatorValue', 'initial accumulator', 0, 10, 0.1]],
};

export function OptimizerFields({
  training: t,
  onChange,
}: {
  training: TrainingSpec;
  onChange: (patch: Partial<TrainingSpec>) => void;
}) {
  const o = t.optimizer;
  const setOptimizer = (patch: Partial<OptimizerSpec>) => onChange({ optimizer: { ...o, ...patch } });
  return (
    <>
      <label className="field">
        <span>optimizer</span>
        <select
          value={o.type}
          data-testid="optimizer-type"
          title={OPTIMIZER_FORMULAS[o.type]}
          onChange={(e) =>
            onChange({ optimizer: { type: e.target.value as OptimizerType, learningRate: o.learningRate } })
          }
        >
          {OPTIMIZERS.map(([k, title]) => (
            <option key={k} value={k}>
              {title}
            </option>
          ))}
        </select>
      </label>
      <NumberField
        label="learning rate μ"
        value={o.learningRate}
        min={1e-9}
        testId="learning-rate"
        onCommit={(v) => setOptimizer({ learningRate: v })}
      />
      {(EXTRA[o.type] ?? []).map(([field, label, min, max, fallback]) => (
        <NumberField
          key={`${o.type}-${field}`}
          label={label}
          value={Number(o[field] ?? fallback)}
          min={min}
          max={max}
          onCommit={(v) => setOptimizer({ [field]: v })}
        />
      ))}
      <NumberField
        label="batch size"
        value={t.batchSize}
        min={1}
        integer
        testId="batch-size"
        onCommit={(v) => onChange({ batchSize: v })}
      />
      <NumberField
        label="epochs"
        value={t.epochs}
        min={1}
        integer
        testId="epochs"
        onCommit={(v) => onChange({ epochs: v })}
      />
      <NumberField
        label="test split"
        value={t.testSplit}
        min={0}
        max={0.95}
        testId="test-split"
        onCommit={(v) => onChange({ testSplit: v })}
      />
      <NumberField
        label="seed"
        value={t.seed}
        min={0}
        integer
        testId="seed"
        onCommit={(v) => onChange({ seed: v })}
      />
      <label className="field check">
        <input
          type="checkbox"
          checked={t.shuffle}
          onChange={(e) => onChange({ shuffle: e.target.checked })}
        />{' '}
        shuffle each epoch
      </label>
    </>
  );
}
