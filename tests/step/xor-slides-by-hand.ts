/**
 * The slides' XOR network worked by hand in float64 — input (1, 0), target 1, μ = 10 — shared by
 * the stepper test and the step-mode browser test so both check against one independent computation.
 */

const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));

/** Every forward value and gradient of one step, unrounded. */
export function slidesByHand() {
  const x = [1, 0];
  const W1 = [
    [3.7, 2.9],
    [3.7, 2.9],
  ];
  const b1 = [-1.5, -4.5];
  const W2 = [4.5, -5.2];
  const b2 = -2.0;
  const t = 1;
  const mu = 10;
  const s1 = [x[0] * W1[0][0] + x[1] * W1[1][0], x[0] * W1[0][1] + x[1] * W1[1][1]];
  const z1 = [s1[0] + b1[0], s1[1] + b1[1]];
  const h = z1.map(sigmoid);
  const s2 = h[0] * W2[0] + h[1] * W2[1];
  const z2 = s2 + b2;
  const y = sigmoid(z2);
  const E = 0.5 * (t - y) ** 2;
  // Backward: the slides' δ terms are the negated gradients dE/dz.
  const dEdy = -(t - y);
  const dydz2 = y * (1 - y);
  const dEdz2 = dEdy * dydz2; // = −δ_G
  const dEdh = [dEdz2 * W2[0], dEdz2 * W2[1]];
  const dhdz1 = h.map((v) => v * (1 - v));
  const dEdz1 = [dEdh[0] * dhdz1[0], dEdh[1] * dhdz1[1]]; // = −δ_D, −δ_E
  const dEdW1 = [
    [x[0] * dEdz1[0], x[0] * dEdz1[1]],
    [x[1] * dEdz1[0], x[1] * dEdz1[1]],
  ];
  const dEdW2 = [h[0] * dEdz2, h[1] * dEdz2];
  return {
    x,
    W1,
    b1,
    W2,
    b2,
    t,
    mu,
    s1,
    z1,
    h,
    s2,
    z2,
    y,
    E,
    dEdy,
    dydz2,
    dEdz2,
    dEdh,
    dhdz1,
    dEdz1,
    dEdW1,
    dEdW2,
  };
}
