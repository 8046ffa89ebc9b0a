/**
 * Python source of the app's data layer, ported line by line so that an exported `train.py` sees
 * the very examples, split and batch order the app trains on: seedrandom's ARC4 generator (the
 * library `src/data/random.ts` uses), the Box–Muller normals, the shuffles, and one generator per
 * built-in data-set kind (`src/data/kinds/*.ts`; CSV, images and text in their own modules). Plain
 * Python and numpy, no other dependency.
 */
import { CSV_GENERATORS } from './python-data-csv';
import { IMAGE_GENERATORS } from './python-data-images';
import { TEXT_GENERATORS } from './python-data-text';

/** The random-number part: seedrandom ARC4, `Rng`, `shuffled_indices`, the split and batch order. */
export const PY_RANDOM = `import math
import os

import numpy as np


class _ARC4:
    """seedrandom's ARC4 stream (the generator the app's data layer uses)."""

    def __init__(self, key):
        keylen = len(key)
        if not keylen:
            key, keylen = [0], 1
        s = list(range(256))
        j = 0
        for i in range(256):
            t = s[i]
            j = (j + key[i % keylen] + t) & 255
            s[i] = s[j]
            s[j] = t
        self.i = 0
        self.j = 0
        self.s = s
        self.g(256)  # seedrandom discards the first 256 bytes

    def g(self, count):
        r, i, j, s = 0, self.i, self.j, self.s
        for _ in range(count):
            i = (i + 1) & 255
            t = s[i]
            j = (j + t) & 255
            s[i] = s[j]
            s[j] = t
            r = r * 256 + s[(s[i] + s[j]) & 255]
        self.i, self.j = i, j
        return r


class Rng:
    """The app's seeded generator: createRng(seed, stream) of src/data/random.ts."""

    def __init__(self, seed, stream=None):
        text = str(seed) if stream is None else f"{seed}/{stream}"
        key = []
        smear = 0
        for j, ch in enumerate(text):
            k = j & 255
            old = key[k] if k < len(key) else 0
            smear ^= old * 19
            value = (smear + ord(ch)) & 255
            if k < len(key):
                key[k] = value
            else:
                key.append(value)
        self._arc4 = _ARC4(key)
        self._spare = None

    def next(self):
        """Uniform in [0, 1), exactly seedrandom's double()."""
        n = self._arc4.g(6)
        d = float(256**6)
        x = 0
        while n < 2**52:
            n = (n + x) * 256
            d *= 256
            x = self._arc4.g(1)
        while n >= 2**53:
            n //= 2
            d /= 2
            x >>= 1
        return (n + x) / d

    def uniform(self, low=0.0, high=1.0):
        return low + (high - low) * self.next()

    def normal(self, mean=0.0, std=1.0):
        if self._spare is not None:
            z, self._spare = self._spare, None
            return mean + std * z
        u1 = 1 - self.next()
        u2 = self.next()
        radius = math.sqrt(-2 * math.log(u1))
        self._spare = radius * math.sin(2 * math.pi * u2)
        return mean + std * radius * math.cos(2 * math.pi * u2)

    def int(self, low, high=None):
        lo, hi = (0, low) if high is None else (low, high)
        return lo + math.floor(self.next() * (hi - lo))


def shuffled_indices(n, rng):
    """Fisher-Yates, as shuffledIndices of src/data/random.ts."""
    indices = list(range(n))
    for i in range(n - 1, 0, -1):
        j = rng.int(i + 1)
        indices[i], indices[j] = indices[j], indices[i]
    return indices


def split(count, test_fraction, seed):
    """Train and test example indices, as splitDataset of src/data/load.ts."""
    if test_fraction == 0:
        return list(range(count)), []
    test_count = min(count - 1, max(1, math.floor(count * test_fraction + 0.5)))
    order = shuffled_indices(count, Rng(seed, "split"))
    return order[test_count:], order[:test_count]


def epoch_order(count, epoch, seed, shuffle):
    """Example order of one epoch, as BatchSchedule of src/train/batch-schedule.ts."""
    if not shuffle:
        return list(range(count))
    return shuffled_indices(count, Rng(seed, f"epoch-{epoch}"))


def linspace(start, stop, n, i):
    return start if n == 1 else start + ((stop - start) * i) / (n - 1)


def _classification(points, labels, classes):
    features = np.asarray(points, dtype=np.float32).reshape(-1, 2)
    return features, np.asarray(labels, dtype=np.float32), "classification", classes
`;

/** Generators by data-set kind; each is `def make(spec, seed)` returning features, labels, task, classes. */
export const PY_GENERATORS: Record<string, string> = {
  spiral: `def make(spec, seed):
    k, n, noise = spec["classes"], spec["pointsPerClass"], spec["noise"]
    rng = Rng(seed, "spiral")
    points, labels = [], []
    for j in range(k):
        for i in range(n):
            r = linspace(0, 1, n, i)
            t = linspace(4 * j, 4 * (j + 1), n, i) + rng.normal() * noise
            points += [r * math.sin(t), r * math.cos(t)]
            labels.append(j)
    return _classification(points, labels, k)
`,
  circles: `def make(spec, seed):
    samples, noise, factor = spec["samples"], spec["noise"], spec["factor"]
    rng = Rng(seed, "circles")
    outer = samples // 2
    points, labels = [], []
    for i in range(samples):
        inner = i >= outer
        index, size, radius = (i - outer, samples - outer, factor) if inner else (i, outer, 1)
        angle = (2 * math.pi * index) / size
        px = radius * math.cos(angle) + rng.normal(0, noise)
        py = radius * math.sin(angle) + rng.normal(0, noise)
        points += [px, py]
        labels.append(1 if inner else 0)
    return _classification(points, labels, 2)
`,
  moons: `def make(spec, seed):
    samples, noise = spec["samples"], spec["noise"]
    rng = Rng(seed, "moons")
    outer = samples // 2
    points, labels = [], []
    for i in range(samples):
        inner = i >= outer
        if inner:
            angle = linspace(0, math.pi, samples - outer, i - outer)
            px, py = 1 - math.cos(angle), 0.5 - math.sin(angle)
        else:
            angle = linspace(0, math.pi, outer, i)
            px, py = math.cos(angle), math.sin(angle)
        qx = px + rng.normal(0, noise)
        qy = py + rng.normal(0, noise)
        points += [qx, qy]
        labels.append(1 if inner else 0)
    return _classification(points, labels, 2)
`,
  blobs: `def make(spec, seed):
    k, n, spread = spec["classes"], spec["pointsPerClass"], spec["spread"]
    rng = Rng(seed, "blobs")
    centres = []
    for _ in range(k):
        cx = rng.uniform(-10, 10)
        cy = rng.uniform(-10, 10)
        centres.append((cx, cy))
    points, labels = [], []
    for j, (cx, cy) in enumerate(centres):
        for _ in range(n):
            px = rng.normal(cx, spread)
            py = rng.normal(cy, spread)
            points += [px, py]
            labels.append(j)
    return _classification(points, labels, k)
`,
  checkerboard: `def make(spec, seed):
    k, samples, noise = spec["cells"], spec["samples"], spec["noise"]
    rng = Rng(seed, "checkerboard")
    size = 2 / k
    by_class = [[], []]
    for column in range(k):
        for row in range(k):
            by_class[(column + row) % 2].append((column, row))
    first_of_class1 = samples // 2
    points, labels = [], []
    for i in range(samples):
        label = 0 if i < first_of_class1 else 1
        cells = by_class[label]
        column, row = cells[rng.int(len(cells))]
        px = -1 + (column + rng.next()) * size
        py = -1 + (row + rng.next()) * size
        qx = px + rng.normal(0, noise)
        qy = py + rng.normal(0, noise)
        points += [qx, qy]
        labels.append(label)
    return _classification(points, labels, 2)
`,
  sine: `def make(spec, seed):
    samples, noise = spec["samples"], spec["noise"]
    rng = Rng(seed, "sine")
    scale = 1 / (samples - 1) if spec["normalize"] and samples > 1 else 1
    features = np.zeros((samples, 1), dtype=np.float32)
    labels = np.zeros((samples, 1), dtype=np.float32)
    for x in range(samples):
        features[x, 0] = x * scale
        labels[x, 0] = math.sin((math.pi * x) / 50) + (rng.next() - 0.5) * 2 * noise
    return features, labels, "regression", None
`,
  linear: `def make(spec, seed):
    samples, width, noise = spec["samples"], spec["features"], spec["noise"]
    rng = Rng(seed, "linear")
    w = [rng.normal() for _ in range(width)]
    b = rng.normal()
    features = np.zeros((samples, width), dtype=np.float32)
    labels = np.zeros((samples, 1), dtype=np.float32)
    for i in range(samples):
        y = b
        for f in range(width):
            x = rng.uniform(-1, 1)
            features[i, f] = x
            y += w[f] * x
        labels[i, 0] = y + rng.normal(0, noise)
    return features, labels, "regression", None
`,
  xor: truthTable('a ^ b'),
  or: truthTable('a | b'),
  and: truthTable('a & b'),
  inline: `def make(spec, seed):
    features = np.asarray(spec["features"], dtype=np.float32)
    labels = np.asarray(spec["labels"], dtype=np.float32)
    return features, labels, "regression", None
`,
  ...CSV_GENERATORS,
  ...IMAGE_GENERATORS,
  ...TEXT_GENERATORS,
};

function truthTable(op: string): string {
  return `def make(spec, seed):
    pairs = [(0, 0), (0, 1), (1, 0), (1, 1)]
    features = np.asarray(pairs, dtype=np.float32)
    labels = np.asarray([[${op}] for a, b in pairs], dtype=np.float32)
    return features, labels, "regression", None
`;
}
