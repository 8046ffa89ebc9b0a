/**
 * Python of the app's image data sets for `data.py`: the drawn `shapes` (`src/data/kinds/shapes.ts`,
 * same random draws in the same order, V8's `Math.hypot` so pixels round alike), IDX files
 * (`src/data/idx.ts`) and the downloadable MNIST sets (`src/data/kinds/mnist.ts`): read from the
 * app's cache folder, or fetched from the catalog's mirror, checked against its SHA-256 and cached
 * there the way the app caches them, so the app and `data.py` share one download.
 */
import { IMAGE_SETS, setFiles } from '../data/download/catalog';
import { SHAPE_CLASSES } from '../data/kinds/shapes';
import { pyLiteral } from './python-text';

/** `_read_idx` and `_idx_dataset`: IDX decoding with the app's checks and its scale/flatten rules. */
const PY_IDX = `IDX_TYPES = {8: ">u1", 9: ">i1", 11: ">i2", 12: ">i4", 13: ">f4", 14: ">f8"}


def _read_idx(path, limit=None):
    """An IDX file as readIdx of src/data/idx.ts decodes it: (values as float32, declared count)."""
    with open(path, "rb") as f:
        raw = f.read()
    if raw[:2] == b"\\x1f\\x8b":
        raise ValueError(f"{path}: the IDX file is gzip-compressed (.gz); decompress it first")
    if len(raw) < 4 or raw[0] != 0 or raw[1] != 0 or raw[2] not in IDX_TYPES or raw[3] == 0:
        raise ValueError(f"{path}: not an IDX file (bad magic number, type byte or rank)")
    rank = raw[3]
    dims = [int.from_bytes(raw[4 + 4 * i : 8 + 4 * i], "big") for i in range(rank)]
    dtype = np.dtype(IDX_TYPES[raw[2]])
    expected = 4 + 4 * rank + int(np.prod(dims)) * dtype.itemsize
    if len(raw) != expected:
        raise ValueError(f"{path}: IDX size mismatch: shape {dims} needs {expected} bytes, file has {len(raw)}")
    data = np.frombuffer(raw, dtype=dtype, offset=4 + 4 * rank).reshape(dims)
    return data[:limit].astype(np.float32), dims[0]


def _idx_dataset(images_path, labels_path, limit, scale, flatten):
    """Features, labels and class count of an IDX image/label pair, as idxDataset of src/data/idx.ts."""
    images, image_count = _read_idx(images_path, limit)
    labels, label_count = _read_idx(labels_path, limit)
    if images.ndim < 2 or labels.ndim != 1:
        raise ValueError(f"IDX files: expected images [n, h, w] and labels [n], got {list(images.shape)} and {list(labels.shape)}")
    if image_count != label_count:
        raise ValueError(f"IDX files disagree: {image_count} images but {label_count} labels")
    if np.any(labels < 0) or np.any(labels != np.floor(labels)):
        raise ValueError("IDX labels: a label is not a class index")
    if scale:
        images = images / np.float32(255)
    if flatten:
        images = images.reshape(len(images), -1)
    elif images.ndim == 3:
        images = images[..., None]
    return images, labels, int(labels.max()) + 1
`;

/** The catalog's sets as a Python literal: id → title, mirror, decompressed name → SHA-256 of its `.gz`. */
function imageSetsLiteral(): string {
  const sets = Object.values(IMAGE_SETS).map((set) => {
    const hashes = Object.fromEntries(setFiles(set).map((f) => [f.name, f.sha256]));
    return `    ${pyLiteral(set.id)}: {"title": ${pyLiteral(set.title)}, "mirror": ${pyLiteral(set.mirror)}, "sha256": {\n${Object.entries(
      hashes,
    )
      .map(([name, sha]) => `        ${pyLiteral(name)}: ${pyLiteral(sha)},`)
      .join('\n')}\n    }},`;
  });
  return `IMAGE_SETS = {\n${sets.join('\n')}\n}`;
}

const PY_MNIST = `import gzip
import hashlib
import sys
import urllib.request

${PY_IDX}
# The app's download catalog (src/data/download/catalog.ts): where each set's files come from and
# the SHA-256 of each .gz file. BACKPROP_MNIST_MIRROR points at another copy of the same files.
${imageSetsLiteral()}


def _cache_dir():
    """The app's download cache: $XDG_CACHE_HOME/backprop-studio or ~/.cache/backprop-studio."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "backprop-studio")


def _image_set_file(set_id, name):
    """A decompressed file of a set: from the app's cache, else downloaded, checked and cached there."""
    path = os.path.join(_cache_dir(), set_id, name)
    if os.path.isfile(path):
        return path
    image_set = IMAGE_SETS[set_id]
    url = (os.environ.get("BACKPROP_MNIST_MIRROR") or image_set["mirror"]).rstrip("/") + "/" + name + ".gz"
    print(f"downloading {url}", file=sys.stderr)
    try:
        with urllib.request.urlopen(url, timeout=120) as response:
            body = response.read()
    except OSError as err:
        raise RuntimeError(f"{image_set['title']}: cannot download {url}: {err}") from err
    expected, got = image_set["sha256"][name], hashlib.sha256(body).hexdigest()
    if got != expected:
        raise RuntimeError(f"{image_set['title']}: {url}: SHA-256 mismatch: expected {expected}, got {got}")
    data = gzip.decompress(body)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    # Written under a temporary name, then renamed: a reader never sees part of a file.
    temp = f"{path}.{os.getpid()}.part"
    try:
        with open(temp, "wb") as f:
            f.write(data)
        os.replace(temp, path)
    finally:
        if os.path.exists(temp):
            os.remove(temp)
    return path


def make(spec, seed):
    """MNIST digits or Fashion-MNIST, as src/data/kinds/mnist.ts loads them."""
    set_id = spec.get("set") or "mnist"
    prefix = "train" if (spec.get("split") or "train") == "train" else "t10k"
    images = _image_set_file(set_id, f"{prefix}-images-idx3-ubyte")
    labels = _image_set_file(set_id, f"{prefix}-labels-idx1-ubyte")
    features, labels, _ = _idx_dataset(images, labels, spec["limit"], spec["scale"], spec["flatten"])
    return features, labels, "classification", 10
`;

const PY_SHAPES = `SHAPE_CLASSES = ${pyLiteral([...SHAPE_CLASSES])}


def _hypot(dx, dy):
    """V8's Math.hypot (each value over the larger magnitude, squared, summed, root, times it)."""
    ax, ay = np.abs(dx), np.abs(dy)
    big = np.maximum(ax, ay)
    safe = np.where(big == 0, 1.0, big)
    nx, ny = ax / safe, ay / safe
    return np.where(big == 0, 0.0, np.sqrt(nx * nx + ny * ny) * big)


def _segment_distance(px, py, a, b):
    dx, dy = b[0] - a[0], b[1] - a[1]
    len2 = dx * dx + dy * dy
    t = 0.0 if len2 == 0 else np.maximum(0, np.minimum(1, ((px - a[0]) * dx + (py - a[1]) * dy) / len2))
    return _hypot(px - (a[0] + t * dx), py - (a[1] + t * dy))


def _polygon(c, r, t, n):
    at = [(c[0] + r * math.cos(t + (2 * math.pi * i) / n), c[1] + r * math.sin(t + (2 * math.pi * i) / n)) for i in range(n + 1)]
    return [(at[i], at[i + 1]) for i in range(n)]


def _diameter(c, r, t):
    d = (r * math.cos(t), r * math.sin(t))
    return ((c[0] - d[0], c[1] - d[1]), (c[0] + d[0], c[1] + d[1]))


def _outline(name, c, r, t):
    if name == "square":
        return _polygon(c, r, t, 4)
    if name == "triangle":
        return _polygon(c, r, t, 3)
    if name == "cross":
        return [_diameter(c, r, t), _diameter(c, r, t + math.pi / 2)]
    if name == "line":
        return [_diameter(c, r, t)]
    return []


def _draw(size, label, rng, noise):
    """One image of class label (row-major, values in 0..1), as draw() of src/data/kinds/shapes.ts."""
    r = size * (0.25 + 0.17 * rng.next())
    margin = r + 1
    cx = margin + rng.next() * (size - 2 * margin)
    cy = margin + rng.next() * (size - 2 * margin)
    t = rng.next() * 2 * math.pi
    stroke = (size / 28) * (1.5 + 1.5 * rng.next())
    name = SHAPE_CLASSES[label]
    py, px = np.meshgrid(np.arange(size) + 0.5, np.arange(size) + 0.5, indexing="ij")
    d = np.abs(_hypot(px - cx, py - cy) - r) if name == "circle" else np.full((size, size), np.inf)
    for a, b in _outline(name, (cx, cy), r, t):
        d = np.minimum(d, _segment_distance(px, py, a, b))
    ink = np.maximum(0, np.minimum(1, stroke / 2 - d + 0.5))
    z = np.asarray([rng.normal() for _ in range(size * size)]).reshape(size, size)
    return np.maximum(0, np.minimum(1, ink + noise * z)).astype(np.float32)


def make(spec, seed):
    """perClass images of each class, classes interleaved, as shapes() of src/data/kinds/shapes.ts."""
    per_class, size, noise = spec["perClass"], spec["size"], spec["noise"]
    rng = Rng(seed, "shapes")
    k = len(SHAPE_CLASSES)
    images = np.stack([_draw(size, i % k, rng, noise) for i in range(per_class * k)])
    labels = np.asarray([i % k for i in range(per_class * k)], dtype=np.float32)
    features = images.reshape(len(images), -1) if spec["flatten"] else images[..., None]
    return features, labels, "classification", k
`;

/** Generators of the image kinds. */
export const IMAGE_GENERATORS: Record<string, string> = {
  shapes: PY_SHAPES,
  mnist: PY_MNIST,
  idx: `${PY_IDX}

def make(spec, seed):
    """A pair of IDX files (MNIST format) named relative to the graph, as src/data/kinds/idx.ts reads them."""
    features, labels, classes = _idx_dataset(
        os.path.join(DATA_DIR, spec["images"]),
        os.path.join(DATA_DIR, spec["labels"]),
        spec.get("limit"),
        spec["scale"],
        spec["flatten"],
    )
    return features, labels, "classification", classes
`,
};
