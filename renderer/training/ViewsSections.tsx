/**
 * The Training tab's views of what the network sees, each shown when the graph and data have it:
 * the fitted curve (one-feature regression), the confusion matrix with mistakes (classifiers),
 * a drawing pad (image data) and the embedding projection (graphs with a lookup table).
 */
import { useStore } from 'zustand';
import type { TrainingClient } from '../run/client';
import { ConfusionView } from './ConfusionView';
import { DrawDigit } from './DrawDigit';
import { EmbeddingView } from './EmbeddingView';
import { RegressionView } from './RegressionView';
import './views.css';

export function ViewsSections({ client }: { client: TrainingClient }) {
  const views = useStore(client.run, (s) => s.views);
  const dataset = useStore(client.run, (s) => s.dataset);
  const image = dataset?.task === 'classification' || views?.confusion ? dataset?.image : undefined;
  // Digits (MNIST, or classes without names) get the lesson's title; other image sets a plainer one.
  const names = dataset?.classNames;
  const digits = !names || names.every((n) => /^\d$/.test(n));
  return (
    <>
      {views?.curve && (
        <section data-testid="regression-section">
          <h3>Fitted curve</h3>
          <RegressionView curve={views.curve} />
        </section>
      )}
      {views?.confusion && (
        <section data-testid="confusion-section">
          <h3>Confusion matrix</h3>
          <ConfusionView report={views.confusion} vocabulary={dataset?.vocabulary} />
        </section>
      )}
      {image && (
        <section data-testid="draw-section">
          <h3>{digits ? 'Draw a digit' : 'Draw an example'}</h3>
          <DrawDigit client={client} image={image} />
        </section>
      )}
      {views?.embedding && (
        <section data-testid="embedding-section">
          <h3>Embeddings</h3>
          <EmbeddingView report={views.embedding} vocabulary={dataset?.vocabulary} />
        </section>
      )}
    </>
  );
}
