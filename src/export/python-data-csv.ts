/**
 * Python of the app's CSV reading for `data.py`: rows split as `src/data/csv-rows.ts` splits them
 * with papaparse (its delimiter guess ported, blank rows skipped, cells trimmed like JavaScript's
 * `trim`), and the `csv` kind's generator. The text kinds reuse {@link PY_CSV_ROWS} for corpus CSVs.
 */

/** `_csv_rows(text)`: the non-blank, trimmed rows of a CSV text, as `readRows` gives them. */
export const PY_CSV_ROWS = `import csv
import io
import re

NUMBER = re.compile(r"[+-]?(\\d+\\.?\\d*|\\.\\d+)(e[+-]?\\d+)?", re.IGNORECASE)
# What JavaScript's String.prototype.trim() removes (Python's strip() differs on a few characters).
JS_SPACE = "\\t\\n\\v\\f\\r \\u00a0\\u1680\\u2000\\u2001\\u2002\\u2003\\u2004\\u2005\\u2006\\u2007\\u2008\\u2009\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff"
csv.field_size_limit(1 << 30)


def _is_number(cell):
    return NUMBER.fullmatch(cell) is not None


def _parse_csv(body, delimiter, limit=None):
    """Rows as papaparse splits them: a blank line is one empty cell, and so is the end after a final line break."""
    rows = []
    for row in csv.reader(io.StringIO(body, newline=""), delimiter=delimiter):
        rows.append(row or [""])
        if limit and len(rows) >= limit:
            return rows
    if body.endswith("\\n"):
        rows.append([""])
    return rows[:limit] if limit else rows


def _guess_delimiter(body):
    """papaparse's guess: the delimiter whose first 10 rows have the steadiest cell count (2 or more)."""
    best, best_delta, best_average = ",", None, 0
    for delimiter in [",", "\\t", "|", ";", "\\x1e", "\\x1f"]:
        counts = [len(r) for r in _parse_csv(body, delimiter, 10)]
        delta, previous = 0, None
        for count in counts:
            if previous is None:
                previous = count
            elif count > 0:
                delta += abs(count - previous)
                previous = count
        average = sum(counts) / len(counts) if counts else 0
        if average > 1.99 and (best_delta is None or delta < best_delta or (delta == best_delta and average > best_average)):
            best, best_delta, best_average = delimiter, delta, average
    return best


def _csv_rows(text):
    """Non-blank rows of trimmed cells, as readRows of src/data/csv-rows.ts."""
    body = text[1:] if text.startswith("\\ufeff") else text
    body = body.replace("\\r\\n", "\\n").replace("\\r", "\\n")
    rows = [[c.strip(JS_SPACE) for c in row] for row in _parse_csv(body, _guess_delimiter(body))]
    return [r for r in rows if any(c != "" for c in r)]
`;

/** The `csv` kind's generator. */
export const CSV_GENERATORS: Record<string, string> = {
  csv: `${PY_CSV_ROWS}

def make(spec, seed):
    """A CSV file read as src/data/csv.ts reads it (header guess, columns, labels, normalization)."""
    with open(os.path.join(DATA_DIR, spec["path"]), encoding="utf-8-sig", errors="replace", newline="") as f:
        rows = _csv_rows(f.read())
    header = spec.get("header", "auto")
    if header == "auto":
        first, second = rows[0], rows[1] if len(rows) > 1 else None
        if second is None:
            header = all(not _is_number(c) for c in first)
        else:
            header = any(not _is_number(c) and i < len(second) and _is_number(second[i]) for i, c in enumerate(first))
    names = rows[0] if header else None
    body = rows[1:] if header else rows
    width = len(rows[0])

    def col(ref):
        if isinstance(ref, int):
            return ref
        return names.index(ref.strip()) if names else int(ref)

    label = col(spec.get("labelColumn", width - 1))
    feature_cols = [col(c) for c in spec.get("featureColumns", [i for i in range(width) if i != label])]
    values = np.asarray([[float(r[c]) for c in feature_cols] for r in body], dtype=np.float64)
    cells = [r[label] for r in body]
    mode = spec.get("normalize", "none")
    if mode == "standard":
        spread = values.std(axis=0)
        values = (values - values.mean(axis=0)) / np.where(spread > 0, spread, 1)
    elif mode == "minmax":
        low, spread = values.min(axis=0), values.max(axis=0) - values.min(axis=0)
        values = (values - low) / np.where(spread > 0, spread, 1)
    features = values.astype(np.float32)
    encoding = spec.get("labelEncoding") or ("numeric" if all(_is_number(c) for c in cells) else "index")
    if encoding == "numeric":
        return features, np.asarray([[float(c)] for c in cells], dtype=np.float32), "regression", None
    classes = {}
    labels = [classes.setdefault(c, len(classes)) for c in cells]
    return features, np.asarray(labels, dtype=np.float32), "classification", len(classes)
`,
};
