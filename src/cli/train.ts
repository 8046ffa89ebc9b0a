/** `backprop-studio train`: trains a graph file with its training settings, optionally saving the weights. */
import { Presets, SingleBar } from 'cli-progress';
import { startNodeBackend } from '../backend/node';
import type { BackendChoice } from '../backend/select';
import { serializeGraph } from '../graph/load';
import { writeAtomic } from '../node/write-atomic';
import { prepareRun } from '../run/prepare';
import type { Progress } from '../train/progress';
import { CliFailure, runFailure } from './failure';
import type { Io } from './failure';
import { downloadFor } from './download';
import { graphFileReader } from './files';
import { CLI_HINTS, cliLimits } from './limits';
import type { LimitOptions } from './limits';
import { num } from './format';
import { readDoc } from './graph';

/** Options of `train`. */
export interface TrainOptions extends LimitOptions {
  epochs?: number;
  backend?: string;
  seed?: number;
  batchSize?: number;
  lr?: number;
  json?: boolean;
  save?: string;
  /** Download the graph's image set (MNIST) first when it is not cached. */
  download?: boolean;
}

/** The fields of a progress line. */
function progressFields(p: Progress) {
  return {
    epoch: p.epoch,
    step: p.step,
    loss: p.train?.loss ?? p.loss,
    ...(p.train?.accuracy !== undefined ? { accuracy: p.train.accuracy } : {}),
    ...(p.test ? { testLoss: p.test.loss } : {}),
    ...(p.test?.accuracy !== undefined ? { testAccuracy: p.test.accuracy } : {}),
    examplesPerSecond: Math.round(p.examplesPerSecond),
  };
}

/**
 * Trains a graph file on its data set and prints progress: a bar on a terminal, a line every few
 * epochs otherwise, or one JSON object per epoch. Resolves to 0; failures throw `CliFailure`.
 */
export async function trainCommand(path: string, opts: TrainOptions, io: Io): Promise<number> {
  const doc = readDoc(path, io.err);
  if (opts.download) await downloadFor(doc, io.err);
  // Filled by the hook below, which prepareRun runs once graph and data are known to be good.
  const started: { backend?: BackendChoice } = {};
  const optimizer = opts.lr ? { ...doc.training.optimizer, learningRate: opts.lr } : undefined;
  const limits = cliLimits(opts);
  const reader = graphFileReader(path, { maxBytes: limits.fileBytes, raiseHint: CLI_HINTS.file });
  const prepared = await prepareRun(doc, reader, {
    seed: opts.seed,
    limits,
    raiseHints: CLI_HINTS,
    overrides: {
      ...(opts.epochs ? { epochs: opts.epochs } : {}),
      ...(opts.batchSize ? { batchSize: opts.batchSize } : {}),
      ...(optimizer ? { optimizer } : {}),
    },
    beforeTrainer: async () => (started.backend = await startNodeBackend(opts.backend)),
  });
  if (!prepared.ok) return runFailure(path, prepared, io.err);
  const { graph, dataset, trainer } = prepared;
  const backendName = started.backend?.name ?? 'none';
  const json = Boolean(opts.json);
  const bar =
    !json && io.isTTY
      ? new SingleBar(
          {
            format:
              'epoch {epoch}/{epochs} |{bar}| {percentage}% loss {loss} {acc} {eps} ex/s eta {eta_formatted}',
            hideCursor: true,
          },
          Presets.shades_classic,
        )
      : null;
  if (!json)
    io.out(
      `training ${graph.doc.name ?? path} on ${dataset.name} (${trainer.train.count} train, ${trainer.test?.count ?? 0} test) with ${backendName}`,
    );
  bar?.start(trainer.totalSteps, 0, { epoch: 0, epochs: trainer.spec.epochs, loss: '—', acc: '', eps: 0 });
  let nonFinite: string | null = null;
  let lastPrinted = -1;
  const everyEpochs = Math.max(1, Math.ceil(trainer.spec.epochs / 20));
  let final: Progress;
  try {
    final = await trainer.run(
      (event) => {
        if (event.type === 'nonfinite') {
          nonFinite = event.message;
          trainer.stop();
          return;
        }
        if (event.type !== 'epoch') return;
        const p = event.progress;
        const f = progressFields(p);
        if (json) io.out(JSON.stringify(f));
        else if (bar)
          bar.update(p.step, {
            epoch: p.epoch,
            loss: num(f.loss),
            acc: f.accuracy !== undefined ? `acc ${(f.accuracy * 100).toFixed(1)}%` : '',
            eps: f.examplesPerSecond,
          });
        else if (p.epoch - lastPrinted >= everyEpochs || p.done) {
          lastPrinted = p.epoch;
          io.out(
            `epoch ${p.epoch}/${p.epochs} loss ${num(f.loss)}${f.accuracy !== undefined ? ` accuracy ${(f.accuracy * 100).toFixed(1)}%` : ''}`,
          );
        }
      },
      { progressEveryMs: 1000 },
    );
  } finally {
    bar?.stop();
  }
  if (nonFinite) {
    trainer.dispose();
    throw new CliFailure(`${path}: ${nonFinite}`, 1);
  }
  const metrics = await trainer.evaluate();
  const done = {
    done: true,
    epochs: final.epoch,
    loss: metrics.train.loss,
    ...(metrics.train.accuracy !== undefined ? { accuracy: metrics.train.accuracy } : {}),
    ...(metrics.test ? { testLoss: metrics.test.loss } : {}),
    ...(metrics.test?.accuracy !== undefined ? { testAccuracy: metrics.test.accuracy } : {}),
    backend: backendName,
  };
  if (opts.save) {
    const weights = await trainer.program.exportWeights();
    writeAtomic(opts.save, serializeGraph({ ...doc, weights }));
  }
  trainer.dispose();
  if (json) io.out(JSON.stringify(done));
  else {
    const acc = done.accuracy !== undefined ? `, accuracy ${(done.accuracy * 100).toFixed(1)}%` : '';
    const test = metrics.test
      ? `; test loss ${num(metrics.test.loss)}${metrics.test.accuracy !== undefined ? `, accuracy ${(metrics.test.accuracy * 100).toFixed(1)}%` : ''}`
      : '';
    io.out(
      `done: ${done.epochs} epochs, loss ${num(done.loss)}${acc}${test}${opts.save ? `; saved to ${opts.save}` : ''}`,
    );
  }
  return 0;
}
