/**
 * Python of the app's text data sets for `data.py` (`src/data/kinds/text-*.ts`, `src/data/text/`):
 * the tokenizer (lower-cased runs of letters, digits, marks and `_`), the vocabulary (`<pad>` 0,
 * `<unk>` 1, then by frequency, ties in UTF-16 order as JavaScript compares strings), CBOW and
 * skip-gram pairs, padded sequences, TF-IDF with scikit-learn's conventions, the corpus sources
 * (a file of lines, `label<TAB>sentence` lines or CSV; documents in the graph; the built-in texts)
 * and the label order of `encodeLabels`.
 */
import { LECTURE_TRAIN, SENTIMENT_SENTENCES, WORD2VEC_CORPUS } from '../data/text/corpus';
import { PY_CSV_ROWS } from './python-data-csv';
import { pyLiteral } from './python-text';

/** Tokenizer, vocabulary, corpus reading and label encoding, shared by every text kind. */
const PY_TEXT = `import unicodedata

${PY_CSV_ROWS}

def _tokenize(text, min_chars=1):
    """Lower-cased runs of letters, digits, marks and _, as tokenize of src/data/text/tokenize.ts."""
    words, word = [], []
    for ch in text.lower():
        if ch == "_" or unicodedata.category(ch)[0] in "LNM":
            word.append(ch)
        elif word:
            words.append("".join(word))
            word = []
    if word:
        words.append("".join(word))
    return [w for w in words if len(w) >= min_chars]


def _js_order(text):
    """Sort key giving JavaScript's string order (UTF-16 code units)."""
    return text.encode("utf-16-be", "surrogatepass")


def _js_number(text):
    """JavaScript's Number(text) for the label check of encodeLabels."""
    t = text.strip(JS_SPACE)
    if t == "":
        return 0.0
    if _is_number(t):
        return float(t)
    for prefix, base in (("0x", 16), ("0o", 8), ("0b", 2)):
        if t[:2].lower() == prefix:
            try:
                return float(int(t[2:], base)) if t[2:].isalnum() and "_" not in t else math.nan
            except ValueError:
                return math.nan
    return {"Infinity": math.inf, "+Infinity": math.inf, "-Infinity": -math.inf}.get(t, math.nan)


def _vocabulary(documents, max_size):
    """<pad>, <unk>, then the most frequent words, ties in JavaScript's string order."""
    if max_size < 3:
        raise ValueError(f"the vocabulary size must be at least 3 (<pad>, <unk> and one word), got {max_size}")
    counts = {}
    for doc in documents:
        for w in doc:
            counts[w] = counts.get(w, 0) + 1
    if not counts:
        raise ValueError("the text has no words")
    ranked = sorted((w for w in counts if w not in ("<pad>", "<unk>")), key=lambda w: (-counts[w], _js_order(w)))
    words = ["<pad>", "<unk>"] + ranked[: max_size - 2]
    return words, {w: i for i, w in enumerate(words)}


def _encode_corpus(texts, vocab_size):
    """Token ids of each document (unknown words are 1) and the vocabulary's words."""
    tokens = [_tokenize(t) for t in texts]
    words, ids = _vocabulary(tokens, vocab_size)
    return words, [[ids.get(w, 1) for w in doc] for doc in tokens]


def _encode_labels(labels):
    """Class indices, classes sorted numerically when all are numbers, else in string order."""
    names = list(dict.fromkeys(labels))
    numeric = all(n != "" and math.isfinite(_js_number(n)) for n in names)
    names.sort(key=_js_number if numeric else _js_order)
    index = {n: i for i, n in enumerate(names)}
    return np.asarray([index[l] for l in labels], dtype=np.float32), names


def _column(what, col, header, width):
    index = col if isinstance(col, int) else (header.index(col) if header and col in header else -1)
    if index < 0 or index >= width:
        raise ValueError(f"{what} {col!r} is not a column of the file (rows have {width})")
    return index


def _csv_corpus(text, spec, need_labels):
    rows = _csv_rows(text)
    if not rows:
        raise ValueError("the file has no rows")
    named = isinstance(spec.get("textColumn"), str) or isinstance(spec.get("labelColumn"), str)
    header = rows[0] if named else None
    width = len(rows[0])
    text_at = _column("text column", spec.get("textColumn", 0), header, width)
    label_at = _column("label column", spec.get("labelColumn", 1), header, width) if need_labels else -1
    texts, labels = [], []
    for r, row in enumerate(rows[1 if header else 0 :]):
        if len(row) <= max(text_at, label_at):
            raise ValueError(f"row {r + 1}: expected at least {max(text_at, label_at) + 1} columns, got {len(row)}")
        if label_at >= 0 and row[label_at] == "":
            raise ValueError(f"row {r + 1}: the label is empty")
        texts.append(row[text_at])
        labels.append(row[label_at] if label_at >= 0 else None)
    return texts, labels


def _lines_corpus(text, labelled):
    texts, labels = [], []
    for i, line in enumerate(re.split(r"\\r\\n|\\r|\\n", text)):
        if line.strip(JS_SPACE) == "":
            continue
        label, body = None, line
        if labelled:
            tab = line.find("\\t")
            if tab < 0:
                raise ValueError(f'line {i + 1}: expected "label<TAB>sentence", found no tab')
            label, body = line[:tab].strip(JS_SPACE), line[tab + 1 :]
            if label == "":
                raise ValueError(f"line {i + 1}: the label before the tab is empty")
        texts.append(body)
        labels.append(label)
    return texts, labels


def _corpus(spec, builtin, need_labels):
    """Documents and labels: the spec's file, its documents, or the built-in text (readCorpus)."""
    if spec.get("path") is not None:
        path = spec["path"]
        with open(os.path.join(DATA_DIR, path), encoding="utf-8-sig", errors="replace", newline="") as f:
            text = f.read()
        fmt = spec.get("format")
        if not fmt:
            lines = [l for l in re.split(r"\\r\\n|\\r|\\n", text) if l.strip(JS_SPACE) != ""]
            tabbed = sum("\\t" in l for l in lines)
            if path.lower().endswith(".csv"):
                fmt = "csv"
            else:
                fmt = "labelled" if tabbed > 0 and (need_labels or tabbed == len(lines)) else "lines"
        try:
            texts, labels = _csv_corpus(text, spec, need_labels) if fmt == "csv" else _lines_corpus(text, fmt == "labelled")
        except ValueError as err:
            raise ValueError(f"{path}: {err}") from None
    elif spec.get("documents"):
        texts = [d["text"] for d in spec["documents"]]
        labels = [d.get("label") for d in spec["documents"]]
    else:
        texts, labels = builtin
    if not texts:
        raise ValueError("the corpus has no documents")
    if need_labels and None in labels:
        raise ValueError(f"document {labels.index(None)} has no label; a classifier needs labelled documents")
    return texts, labels
`;

/** A built-in corpus as a Python `BUILTIN = (texts, labels)` literal. */
function builtinLiteral(texts: readonly string[], labels: readonly (string | null)[]): string {
  const list = (items: readonly (string | null)[]) =>
    `[\n${items.map((t) => `    ${pyLiteral(t)},`).join('\n')}\n]`;
  return `# The app's built-in text (src/data/text/corpus.ts).\nBUILTIN = (\n${list(texts)},\n${list(labels)},\n)`;
}

const SENTENCES = builtinLiteral(
  SENTIMENT_SENTENCES.map((l) => l.slice(l.indexOf('\t') + 1)),
  SENTIMENT_SENTENCES.map((l) => l.slice(0, l.indexOf('\t'))),
);
const WORDS = builtinLiteral(
  WORD2VEC_CORPUS,
  WORD2VEC_CORPUS.map(() => null),
);
const LECTURE = builtinLiteral(
  LECTURE_TRAIN.map((d) => d.text),
  LECTURE_TRAIN.map((d) => d.label),
);

/** CBOW or skip-gram examples of the word2vec lessons (text-words.ts, examples.ts). */
function wordsGenerator(mode: 'cbow' | 'skipgram'): string {
  const examples =
    mode === 'cbow'
      ? `    width = 2 * window
    features, labels = [], []
    for s in sentences:
        for i, word in enumerate(s):
            row = [0] * width
            for k in range(1, window + 1):
                if i - k >= 0:
                    row[window - k] = s[i - k]
                if i + k < len(s):
                    row[window + k - 1] = s[i + k]
            features.append(row)
            labels.append(word)
    if not labels:
        raise ValueError("the corpus has no words to train on")`
      : `    features, labels = [], []
    for s in sentences:
        for i, word in enumerate(s):
            for j in range(max(0, i - window), min(len(s) - 1, i + window) + 1):
                if j != i:
                    features.append([word])
                    labels.append(s[j])
    if not labels:
        raise ValueError("the corpus has no word pairs within the window to train on")`;
  return `${PY_TEXT}
${WORDS}


def make(spec, seed):
    """word2vec ${mode === 'cbow' ? 'CBOW (context ids → centre word)' : 'skip-gram (centre id → context word)'}; the class is a word id."""
    window = spec["window"]
    texts, _ = _corpus(spec, BUILTIN, False)
    words, sentences = _encode_corpus(texts, spec["vocabSize"])
${examples}
    features = np.asarray(features, dtype=np.float32)
    return features, np.asarray(labels, dtype=np.float32), "classification", len(words)
`;
}

/** Generators of the text kinds. */
export const TEXT_GENERATORS: Record<string, string> = {
  'text-cbow': wordsGenerator('cbow'),
  'text-skipgram': wordsGenerator('skipgram'),
  'text-sentences': `${PY_TEXT}
${SENTENCES}


def make(spec, seed):
    """Labelled sentences as maxLength word ids, cut or filled with <pad> (0) at the end."""
    texts, labels = _corpus(spec, BUILTIN, True)
    words, sentences = _encode_corpus(texts, spec["vocabSize"])
    indices, classes = _encode_labels(labels)
    length = spec["maxLength"]
    features = np.zeros((len(sentences), length), dtype=np.float32)
    for r, s in enumerate(sentences):
        features[r, : min(length, len(s))] = s[:length]
    return features, indices, "classification", len(classes)
`,
  'text-tfidf': `${PY_TEXT}
${LECTURE}


def _terms(text, spec):
    tokens = _tokenize(text, 2)
    return [" ".join(tokens[i : i + n]) for n in range(spec["ngramMin"], spec["ngramMax"] + 1) for i in range(len(tokens) - n + 1)]


def make(spec, seed):
    """TF-IDF (or count) vectors as scikit-learn's TfidfVectorizer makes them (src/data/text/tfidf.ts)."""
    if spec["ngramMax"] < spec["ngramMin"]:
        raise ValueError(f"text-tfidf ngramMax ({spec['ngramMax']}) must not be below ngramMin ({spec['ngramMin']})")
    texts, labels = _corpus(spec, BUILTIN, True)
    df, total = {}, {}
    for doc in texts:
        found = _terms(doc, spec)
        for t in found:
            total[t] = total.get(t, 0) + 1
        for t in dict.fromkeys(found):
            df[t] = df.get(t, 0) + 1
    if not df:
        raise ValueError("the documents have no terms (words of 2 or more letters or digits)")
    kept = list(df)
    if 0 < spec["maxFeatures"] < len(kept):
        kept = sorted(kept, key=lambda t: (-total[t], _js_order(t)))[: spec["maxFeatures"]]
    kept.sort(key=_js_order)
    n = len(texts)
    idf = [math.log((1 + n) / (1 + df[t])) + 1 if spec["idf"] else 1 for t in kept]
    column = {t: j for j, t in enumerate(kept)}
    features = np.zeros((n, len(kept)), dtype=np.float32)
    for d, doc in enumerate(texts):
        row = [0.0] * len(kept)
        for t in _terms(doc, spec):
            if t in column:
                row[column[t]] += 1
        row = [v * w for v, w in zip(row, idf)]
        if spec["normalize"]:
            norm = math.sqrt(sum(v * v for v in row))
            if norm > 0:
                row = [v / norm for v in row]
        features[d] = row
    indices, classes = _encode_labels(labels)
    return features, indices, "classification", len(classes)
`,
};
