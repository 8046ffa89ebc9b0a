/** Every diagnostic of the graph, live; clicking one selects and centres its node. */
import type { Diagnostic } from '../../src/graph/diagnostics';

export function ProblemsPanel({
  diagnostics,
  onPick,
}: {
  diagnostics: Diagnostic[];
  onPick: (d: Diagnostic) => void;
}) {
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  return (
    <section className="problems" data-testid="problems-panel">
      <h3>
        Problems{' '}
        <span className="count">
          {errors} errors · {diagnostics.length - errors} warnings
        </span>
      </h3>
      {diagnostics.length === 0 ? (
        <p className="ok">No problems: the graph is ready to train.</p>
      ) : (
        <ul>
          {diagnostics.map((d, i) => (
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
