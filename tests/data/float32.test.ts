/**
 * Numbers float32 cannot hold are reported where they are written, instead of becoming infinities
 * that the run then blames on the learning rate ("loss became NaN at step 1").
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/data/csv';
import { DatasetError } from '../../src/data/dataset';
import { parseIdx, writeIdx } from '../../src/data/idx';
import { checkGraph } from '../../src/graph/check';
import { parseGraphText } from '../../src/graph/load';
import type { GraphDoc } from '../../src/graph/types';

function csvError(text: string): DatasetError {
  try {
    parseCsv(text);
  } catch (err) {
    if (err instanceof DatasetError) return err;
    throw err;
  }
  throw new Error('expected a DatasetError');
}

describe('CSV cells outside float32', () => {
  it.each(['1e39', '1e999', '-1e39'])('%s is an error naming its line and column', (cell) => {
    const e = csvError(`a,b,label\n1,2,0\n3,${cell},1\n`);
    expect(e.message).toMatch(new RegExp(`^line 3, column .*b.*: "${cell}" is outside the float32 range`));
    expect(e.line).toBe(3);
    expect(e.column).toBe('b');
  });

  it('a label of 1e39 with numeric labels too', () => {
    const e = csvError('a,label\n1,0.5\n2,1e39\n');
    expect(e).toMatchObject({ line: 3, column: 'label' });
  });

  it('Infinity is not a number, named by line and column', () => {
    const e = csvError('a,b,label\n1,Infinity,0\n');
    expect(e).toMatchObject({ line: 2, column: 'b' });
  });

  it('3.4e38 and 1e-50 (which rounds to 0) are accepted', () => {
    expect(parseCsv('a,label\n3.4e38,0\n1e-50,1\n').count).toBe(2);
  });
});

describe('IDX double values outside float32', () => {
  it('are an error naming the value', () => {
    const bytes = writeIdx([2], [1, 1e39], 'double');
    expect(() => parseIdx(bytes)).toThrow(/value 1 is 1e\+39, outside the float32 range/);
  });
});

function xorSlides(edit: (d: GraphDoc) => void): GraphDoc {
  const d = parseGraphText(readFileSync('graphs/xor-slides.json', 'utf8')).doc!;
  edit(d);
  return d;
}

describe('Parameter values and stored weights outside float32', () => {
  it('value −1e308 of init "constant" is a bad-param on the node and field', () => {
    const d = xorSlides((g) => {
      const w = g.nodes.find((n) => n.id === 'b1')!;
      w.params = { ...w.params, init: 'constant', value: -1e308 };
      delete w.params.values;
    });
    const r = checkGraph(d);
    expect(r.graph).toBeNull();
    const e = r.diagnostics.find((x) => x.nodeId === 'b1' && x.severity === 'error');
    expect(e).toMatchObject({ code: 'bad-param', field: 'value' });
    expect(e!.message).toMatch(/float32 range.*-1e\+308/);
  });

  it('an item of "values" over 3.4e38 names the item', () => {
    const d = xorSlides((g) => {
      const w = g.nodes.find((n) => n.id === 'b1')!;
      (w.params.values as number[])[1] = 1e39;
    });
    const e = checkGraph(d).diagnostics.find((x) => x.nodeId === 'b1');
    expect(e).toMatchObject({ code: 'bad-param', field: 'values', severity: 'error' });
    expect(e!.message).toMatch(/item 1: .*float32 range.*1e\+39/);
  });

  it('a stored weight of 1e39 is a bad-weights error on its node', () => {
    const d = xorSlides((g) => {
      g.weights = { b1: { value: { shape: [2], values: [0, 1e39] } } };
    });
    const r = checkGraph(d);
    expect(r.graph).toBeNull();
    const e = r.diagnostics.find((x) => x.code === 'bad-weights');
    expect(e).toMatchObject({ nodeId: 'b1', path: 'weights.b1.value' });
    expect(e!.message).toMatch(/value 1 is 1e\+39, outside the float32 range/);
  });
});
