/**
 * The data check on the text examples: a corpus whose vocabulary outgrows the graph is refused
 * with the node and the number to change, before a class index past the scores silently counts
 * nothing in the loss.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadDataset } from '../../src/data/load';
import type { DatasetSpec } from '../../src/data/registry';
import type { Dataset } from '../../src/data/dataset';
import { checkGraph } from '../../src/graph/check';
import { parseGraphText } from '../../src/graph/load';
import { checkData } from '../../src/run/check-data';

/** The data check of example `name`'s graph against `data`. */
function checkRun(name: string, data: Dataset) {
  const { graph } = checkGraph(parseGraphText(readFileSync(`graphs/${name}.json`, 'utf8')).doc!);
  return checkData(graph!, data);
}

describe('text data against the word2vec graph', () => {
  it('fits the built-in corpus', () => {
    expect(checkRun('word2vec-cbow', loadDataset({ kind: 'text-cbow' } as DatasetSpec, 1))).toEqual([]);
  });

  it('names the scores node when there are more words than scores, and the lookup when ids outgrow it', () => {
    const texts = Array.from({ length: 30 }, (_, i) => `word${i} and word${i + 1} meet in town${i}`);
    const data = loadDataset(
      { kind: 'text-cbow', documents: texts.map((text) => ({ text })) } as DatasetSpec,
      1,
    );
    const messages = checkRun('word2vec-cbow', data).map((d) => `${d.nodeId}: ${d.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^scores: node "scores" gives 33 scores per example, .*give node "scores" \d+ outputs$/,
        ),
        expect.stringMatching(/^theta: .*raise inputDim to at least \d+/),
      ]),
    );
  });
});
