/** Toolbar run controls: train, pause, one batch, reset, step mode; and the run's state. */
import { useStore } from 'zustand';
import type { TrainingClient } from '../run/client';

interface Props {
  client: TrainingClient;
  onStepMode: () => void;
}

export function RunControls({ client, onStepMode }: Props) {
  const state = useStore(client.run, (s) => s.state);
  const stepMode = useStore(client.run, (s) => s.stepMode !== null);
  const stepsAfterPause = useStore(client.run, (s) => s.stepsAfterPause);
  const canTrain = state !== 'empty';
  return (
    <div
      className="run-controls"
      data-state={state}
      data-testid="run-state"
      // How promptly the last pause took effect, for tests and benchmarks.
      data-pause-steps={stepsAfterPause ?? ''}
    >
      {state === 'running' ? (
        <button
          data-testid="pause-button"
          className="primary"
          onClick={() => client.pause()}
          title="Pause training"
        >
          ❚❚ Pause
        </button>
      ) : (
        <button
          data-testid="train-button"
          className="primary"
          disabled={!canTrain || state === 'done'}
          onClick={() => {
            if (stepMode) client.leaveStepMode();
            client.play();
          }}
          title="Train on the local backend"
        >
          ▶ Train
        </button>
      )}
      <button
        data-testid="step-batch-button"
        disabled={!canTrain || state === 'running'}
        onClick={() => client.step()}
        title="Train one batch"
      >
        +1 batch
      </button>
      <button
        data-testid="reset-button"
        disabled={!canTrain}
        onClick={() => client.reset()}
        title="Back to the initial weights for the seed"
      >
        ↺ Reset
      </button>
      <button
        data-testid="step-mode-button"
        className={stepMode ? 'active' : ''}
        disabled={!canTrain}
        onClick={onStepMode}
        title="Walk through one step of backprop node by node"
      >
        Step
      </button>
      <span className={`run-state ${state}`}>{state === 'empty' ? 'not trainable' : state}</span>
    </div>
  );
}
