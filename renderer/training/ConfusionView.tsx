/**
 * The confusion matrix (rows: true class, columns: predicted class; cells shaded by their share of
 * the row, the diagonal green and mistakes red) and a gallery of examples the model gets wrong,
 * each with its true and predicted class, drawn as an image when the examples are images.
 */
import type { ConfusionReport, WrongExample } from '../../src/views/types';
import { num } from '../run/format';
import { StackCanvas } from '../views/StackCanvas';

/** More classes than this are summarised instead of drawn as a table. */
const MAX_TABLE = 20;

function cellStyle(share: number, diagonal: boolean) {
  const a = Math.min(1, share) * 0.75;
  return { background: diagonal ? `rgba(46, 158, 91, ${a})` : `rgba(214, 47, 47, ${a})` };
}

export function ConfusionView({ report, vocabulary }: { report: ConfusionReport; vocabulary?: string[] }) {
  const k = report.classes.length;
  const rowTotals = report.classes.map((_, t) => {
    let s = 0;
    for (let p = 0; p < k; p++) s += report.counts[t * k + p];
    return s;
  });
  let correct = 0;
  for (let c = 0; c < k; c++) correct += report.counts[c * k + c];
  return (
    <div className="confusion" data-testid="confusion" data-total={report.total} data-step={report.step}>
      <p className="doc">
        {report.total} {report.split} examples{report.skipped ? ` (of ${report.total + report.skipped})` : ''}
        , {correct} right ({num((100 * correct) / Math.max(1, report.total), 3)} %), step {report.step}. Rows:
        true class; columns: predicted.
      </p>
      {k <= MAX_TABLE && (
        <table className="confusion-matrix" data-testid="confusion-matrix">
          <thead>
            <tr>
              <th />
              {report.classes.map((c) => (
                <th key={c} scope="col">
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {report.classes.map((c, t) => (
              <tr key={c}>
                <th scope="row">{c}</th>
                {report.classes.map((_, p) => {
                  const n = report.counts[t * k + p];
                  return (
                    <td
                      key={p}
                      data-testid={`confusion-${t}-${p}`}
                      data-count={n}
                      style={n ? cellStyle(n / Math.max(1, rowTotals[t]), t === p) : undefined}
                      title={`true ${c}, predicted ${report.classes[p]}: ${n}`}
                    >
                      {n}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Mistakes report={report} vocabulary={vocabulary} />
    </div>
  );
}

/** Token ids as their words, when every value is an id of the vocabulary. */
function asWords(values: Float32Array, vocabulary?: string[]): string | null {
  if (!vocabulary) return null;
  const words: string[] = [];
  for (const v of values) {
    if (!Number.isInteger(v) || v < 0 || v >= vocabulary.length) return null;
    if (vocabulary[v] !== '<pad>') words.push(vocabulary[v]);
  }
  return words.join(' ');
}

function Mistake({
  report,
  w,
  vocabulary,
}: {
  report: ConfusionReport;
  w: WrongExample;
  vocabulary?: string[];
}) {
  const [h, width] = report.featureShape.length === 2 ? report.featureShape : [0, 0];
  const label = `true ${report.classes[w.truth]} → ${report.classes[w.predicted]}`;
  return (
    <figure
      data-testid="mistake"
      title={`example ${w.index} of the ${report.split} split: ${label} (${num(100 * w.confidence, 3)} % sure)`}
    >
      {w.features && h > 0 ? (
        <StackCanvas
          stack={{ height: h, width, count: 1, channels: 1, pixels: w.features }}
          mode="grey"
          width={56}
        />
      ) : (
        w.features && (
          <code>
            {asWords(w.features, vocabulary) ?? `[${Array.from(w.features, (v) => num(v, 3)).join(', ')}]`}
          </code>
        )
      )}
      <figcaption>
        <strong>{report.classes[w.predicted]}</strong> <span>(is {report.classes[w.truth]})</span>
      </figcaption>
    </figure>
  );
}

function Mistakes({ report, vocabulary }: { report: ConfusionReport; vocabulary?: string[] }) {
  if (report.wrong.length === 0) return <p className="doc">No mistakes among these examples.</p>;
  return (
    <>
      <h4 className="mistakes-title">Some examples it gets wrong (predicted, true class)</h4>
      <div className="mistakes" data-testid="mistakes">
        {report.wrong.map((w) => (
          <Mistake key={w.index} report={report} w={w} vocabulary={vocabulary} />
        ))}
      </div>
    </>
  );
}
