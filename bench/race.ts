/**
 * Side-by-side timing: contenders are warmed up, then run in alternating rounds (the order flips
 * every round) so that drift of the machine affects all of them alike.
 */
import * as tf from '@tensorflow/tfjs';
import { median } from './util';

/** One thing being timed. */
export interface Contender {
  name: string;
  /** Runs `steps` steps, waits for the backend, and returns the number of examples processed. */
  round(steps: number): Promise<number>;
}

/** How a race is run. */
export interface RaceOptions {
  /** Rounds per contender after warm-up. */
  rounds: number;
  /** Steps of each of the four warm-up rounds; the fastest of the last three calibrates the rounds. */
  warmupSteps: number;
  /** Wanted duration of one round of one contender, in milliseconds. */
  roundMs: number;
  /** All contenders take the same number of steps per round (from their mean speed). */
  sameSteps: boolean;
  /** Fewest steps of a round. */
  minSteps?: number;
}

/** What a race measured for one contender. */
export interface RaceResult {
  name: string;
  steps: number;
  /** Examples per second of each round. */
  perRound: number[];
  median: number;
  /** Best round: the least disturbed by other load on the machine. */
  best: number;
  /** (max − min) / median over the rounds. */
  spread: number;
  /** Tensors alive after the timed rounds minus before them (0 when nothing leaks). */
  leaked: number;
}

/** Runs the race and returns one result per contender, in the given order. */
export async function race(contenders: readonly Contender[], options: RaceOptions): Promise<RaceResult[]> {
  const msPerStep: number[] = [];
  for (const c of contenders) {
    await c.round(options.warmupSteps);
    // The fastest of three timed warm-up rounds: a burst of other load must not shrink the rounds.
    let fastest = Infinity;
    for (let i = 0; i < 3; i++) {
      const start = performance.now();
      await c.round(options.warmupSteps);
      fastest = Math.min(fastest, performance.now() - start);
    }
    msPerStep.push(fastest / options.warmupSteps);
  }
  const mean = msPerStep.reduce((a, b) => a + b, 0) / msPerStep.length;
  const steps = msPerStep.map((ms) =>
    Math.max(options.minSteps ?? 5, Math.round(options.roundMs / (options.sameSteps ? mean : ms))),
  );
  const perRound: number[][] = contenders.map(() => []);
  const leaked = contenders.map(() => 0);
  for (let r = 0; r < options.rounds; r++) {
    const order = contenders.map((_, i) => i);
    if (r % 2) order.reverse();
    for (const i of order) {
      const tensorsBefore = tf.memory().numTensors;
      const start = performance.now();
      const examples = await contenders[i].round(steps[i]);
      perRound[i].push((examples / (performance.now() - start)) * 1000);
      leaked[i] += tf.memory().numTensors - tensorsBefore;
    }
  }
  return contenders.map((c, i) => {
    const m = median(perRound[i]);
    return {
      name: c.name,
      steps: steps[i],
      perRound: perRound[i],
      median: m,
      best: Math.max(...perRound[i]),
      spread: (Math.max(...perRound[i]) - Math.min(...perRound[i])) / m,
      leaked: leaked[i],
    };
  });
}
