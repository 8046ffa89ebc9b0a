/** Swish, also called SiLU (sigmoid-weighted linear unit). */
import { activation } from './activation-kit';

export const Swish = activation(
  'Swish',
  'Swish (SiLU)',
  'Swish, or SiLU: A · σ(A), the input weighted by its own sigmoid. Smooth and non-monotonic: close to ReLU for large |A|, with a small negative dip around A ≈ −1.3.',
  { forward: 'B = A · σ(A)', local: 'dB/dA = σ(A) + B · (1 − σ(A))' },
  ({ inputs, tf }) => tf.mul(inputs.in[0], tf.sigmoid(inputs.in[0])),
  { layerActivation: { name: 'swish' } },
);
