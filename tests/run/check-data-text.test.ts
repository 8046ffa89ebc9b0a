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

describe('text data against the negative-sampling graph', () => {
  it('refuses word ids past the output vectors, naming the loss node and the size to set', () => {
    const { graph } = checkGraph(
      parseGraphText(readFileSync('graphs/word2vec-negsampling.json', 'utf8')).doc!,
    );
    const loss = graph!.order.find((id) => graph!.nodes.get(id)!.spec.labelIds)!;
    const count = graph!.nodes.get(loss)!.params.int('vocabSize');
    // One example whose context word is the last id the table has, and one just past it.
    const data: Dataset = {
      name: 'two words',
      count: 2,
      featureShape: [1],
      features: new Float32Array([2, 3]),
      labels: new Float32Array([count - 1, count]),
      labelShape: [],
      task: 'classification',
      numClasses: count + 1,
    };
    const messages = checkData(graph!, data).filter((d) => d.nodeId === loss);
    expect(messages.map((d) => d.message)).toEqual([
      `NegativeSamplingLoss node "${loss}" looks up ids 0 … ${count - 1}, but "two words" has label ${count} in example 2; raise vocabSize to at least ${count + 1} or fix the data`,
    ]);
    expect(messages[0].field).toBe('vocabSize');
  });
});
