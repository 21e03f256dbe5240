"""The sentence classifier of acts with word vectors beside its words: measured by the protocol of
``sentence_choose.py`` (``python -m kg.extract.positions.sentence_train --cv-only --embeddings``), not shipped.

Each sentence's features are the shipped classifier's (``sentence_model.sentence_features``) and its WordLlama
vector (``embedding.py``: the mean of its tokens' rows, length 1) times ``WEIGHT``, in one logistic regression per
act (scikit-learn, liblinear, L2, balanced class weights, as ``sentence_train.fit_all``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from kg.extract.positions.embedding import load_embedder
from kg.extract.positions.sentence_choose import Example, Scored

WEIGHT = 1.0  # the vector's scale beside the 0/1 word features
MIN_COUNT = 2  # as the shipped classifier's


def vectors_scorer(c: float, train: Sequence[Example], scored: Sequence[Example]) -> Scored:
    """Fit on ``train`` (inverse penalty ``c``) and score ``scored``: each example's score per act."""
    import numpy as np
    from scipy.sparse import csr_matrix, hstack
    from sklearn.linear_model import LogisticRegression

    embedder = load_embedder()
    if embedder is None:
        raise ImportError("the word vectors need the wordllama and tokenizers packages: pip install wordllama")
    counts = Counter(f for e in train for f in set(e.features))
    vocab = {f: k for k, f in enumerate(sorted(f for f, n in counts.items() if n >= MIN_COUNT))}

    def matrix(examples: Sequence[Example]) -> csr_matrix:
        rows, cols = [], []
        for r, e in enumerate(examples):
            for f in sorted({vocab[f] for f in e.features if f in vocab}):
                rows.append(r)
                cols.append(f)
        words = csr_matrix(([1.0] * len(rows), (rows, cols)), shape=(len(examples), len(vocab)))
        vectors = np.array([embedder.vector(e.text) for e in examples], dtype=np.float64) * WEIGHT
        return hstack([words, csr_matrix(vectors)]).tocsr()

    x, y = matrix(train), matrix(scored)
    out: list[dict[str, float]] = [{} for _ in scored]
    for act in sorted({a for e in train for a in e.labels}):
        lr = LogisticRegression(C=c, class_weight="balanced", solver="liblinear", random_state=0, max_iter=1000)
        lr.fit(x, [int(act in e.labels) for e in train])
        for k, p in enumerate(lr.predict_proba(y)[:, 1]):
            out[k][act] = float(p)
    return list(zip(scored, out, strict=True))
