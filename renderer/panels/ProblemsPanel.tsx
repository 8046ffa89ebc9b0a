/**
 * Every problem in one place, live: the graph's diagnostics and what stops the run (the data does
 * not fit a node, a data file is missing), from the training worker. Clicking one selects and
 * centres its node.
 */
import { useMemo } from 'react';
import { useStore } from 'zustand';
import type { Diagnostic } from '../../src/graph/diagnostics';
import type { RunStore } from '../run/runStore';
import { mergeProblems, problemsVerdict } from '../store/problems';

const VERDICT_TEXT = {
  ready: 'No problems: the graph is ready to train.',
  checking: 'No problems in the graph; checking it against its data…',
} as const;

export function ProblemsPanel({
  diagnostics,
  run,
  onPick,
}: {
  diagnostics: Diagnostic[];
  /** The run, whose blocking diagnostics (data fit) join the graph's. */
  run: RunStore;
  onPick: (d: Diagnostic) => void;
}) {
  const blocked = useStore(run, (s) => s.blocked);
  const trainable = useStore(run, (s) => s.state !== 'empty');
  const problems = useMemo(() => mergeProblems(diagnostics, blocked), [diagnostics, blocked]);
  const verdict = problemsVerdict(problems, trainable);
  const errors = problems.filter((d) => d.severity === 'error').length;
  return (
    <section className="problems" data-testid="problems-panel" data-verdict={verdict}>
      <h3>
        Problems{' '}
        <span className="count">
          {errors} errors · {problems.length - errors} warnings
        </span>
      </h3>
      {problems.length === 0 ? (
        <p className="ok">{VERDICT_TEXT[verdict === 'ready' ? 'ready' : 'checking']}</p>
      ) : (
        <ul>
          {problems.map((d, i) => (
            <li key={i} className={d.severity} onClick={() => onPick(d)} data-testid="problem">
              <span className="code">{d.code}</span>
              {d.nodeId && <span className="where">{d.nodeId}</span>}
              <span className="message">{d.message}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
