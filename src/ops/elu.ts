/** The exponential linear unit. */
import { activation } from './activation-kit';

export const ELU = activation(
  'ELU',
  'ELU',
  'Exponential linear unit: A for A > 0, α(e^A − 1) otherwise. Like ReLU for positive inputs, but negative inputs saturate smoothly at −α, so their gradient never dies and outputs stay closer to zero mean.',
  { forward: 'B = A if A > 0 else α (e^A − 1)', local: 'dB/dA = 1 if A > 0 else B + α' },
  ({ inputs, params, tf }) => {
    const x = inputs.in[0];
    // relu(A) + α(e^min(A,0) − 1): the same values as the case split, with a gradient tfjs can
    // take (a `where` on A > 0 has none for its condition), and e^A never overflows for large A.
    return tf.add(tf.relu(x), tf.mul(params.num('alpha'), tf.sub(tf.exp(tf.minimum(x, 0)), 1)));
  },
  {
    params: [
      {
        name: 'alpha',
        title: 'scale α',
        symbol: 'α',
        kind: 'float',
        default: 1,
        min: 0,
        max: 10,
        doc: 'Value −α that negative inputs saturate at.',
      },
    ],
    layerActivation: { name: 'elu' },
  },
);
