/**
 * Every problem in one place, live: the graph's diagnostics and what stops the run (the data does
 * not fit a node, a data file is missing), from the training worker. Clicking one selects and
 * centres its node.
 */
import { useMemo } from 'react';
import { useStore } from 'zustand';
import { formatOmitted, omittedText } from '../../src/graph/diagnostics';
import type { Diagnostic } from '../../src/graph/diagnostics';
import type { RunStore } from '../run/runStore';
import { mergeProblems, problemsVerdict, problemsView } from '../store/problems';

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
  const { shown, omitted, errors, warnings } = useMemo(() => problemsView(problems), [problems]);
  return (
    <section className="problems" data-testid="problems-panel" data-verdict={verdict}>
      <h3>
        Problems{' '}
        <span className="count">
          {errors} errors · {warnings} warnings
        </span>
      </h3>
      {problems.length === 0 ? (
        <p className="ok">{VERDICT_TEXT[verdict === 'ready' ? 'ready' : 'checking']}</p>
      ) : (
        <ul>
          {shown.map((d, i) => (
            <li key={i} className={d.severity} onClick={() => onPick(d)} data-testid="problem">
              <span className="code">{d.code}</span>
              {d.nodeId && <span className="where">{d.nodeId}</span>}
              <span className="message">{d.message}</span>
            </li>
          ))}
          {omitted.map((o) => (
            <li
              key={`omitted-${o.code}`}
              className={`${o.severity} omitted`}
              data-testid="problems-omitted"
              data-code={o.code}
              data-omitted={o.omitted}
              title={formatOmitted(o)}
            >
              <span className="code">{o.code}</span>
              <span className="message">{omittedText(o)}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
