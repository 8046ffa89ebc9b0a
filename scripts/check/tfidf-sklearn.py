"""Our TF-IDF features against scikit-learn's TfidfVectorizer (the lecture's tool).

Run from the repository root with a Python that has scikit-learn:
    python scripts/check/tfidf-sklearn.py
Prints one line per case and exits 1 on any difference. Not part of `npm test` (needs Python).
"""
import json
import subprocess
import sys

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

ours = json.loads(subprocess.run(["npx", "tsx", "scripts/check/tfidf-features.ts"], check=True,
                                 capture_output=True, text=True).stdout)
bad = 0
for case in ours:
    o = case["options"]
    v = TfidfVectorizer(ngram_range=(o["ngramMin"], o["ngramMax"]), use_idf=o["useIdf"])
    train = v.fit_transform(case["docs"]).toarray()
    test = v.transform(case["test"]).toarray()
    terms = list(v.get_feature_names_out())
    same_terms = terms == case["terms"]
    d_train = np.abs(train - np.array(case["train"]).reshape(train.shape)).max() if same_terms else np.inf
    d_test = np.abs(test - np.array(case["testFeatures"]).reshape(test.shape)).max() if same_terms else np.inf
    ok = same_terms and d_train < 1e-12 and d_test < 1e-12
    bad += not ok
    print(f"{'ok  ' if ok else 'FAIL'} {case['name']:8} ngrams {o['ngramMin']}-{o['ngramMax']} idf={o['useIdf']!s:5} "
          f"{len(terms)} terms, max |diff| train {d_train:.1e} test {d_test:.1e}"
          + ("" if same_terms else f"\n     sklearn terms {terms}\n     our terms     {case['terms']}"))
sys.exit(1 if bad else 0)
