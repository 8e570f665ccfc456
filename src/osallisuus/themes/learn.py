"""Learning from the answers staff have confirmed (scikit-learn), on top of the rules.

Once at least ``MIN_CONFIRMED`` answers are confirmed, a model per theme (logistic regression
on the answers' lemmas and lemma pairs, TF-IDF weighted, classes balanced) is trained on them
for every theme with at least ``MIN_EXAMPLES`` confirmed answers with and without it. The
model only *adds* themes the rules did not find, when its probability is at least
``THRESHOLD``; such themes are listed in the ``learned`` column, so staff see which
suggestions came from the rules and which from learning. The effect direction stays with the
rules. Everything runs on this machine; nothing is saved but the confirmed coding itself.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from .coding import _forms, tokenize

MIN_CONFIRMED = 50
MIN_EXAMPLES = 5
THRESHOLD = 0.8  # chosen by 5-fold cross-validation on the evaluation set's dev part (bench_themes.py)


def lemmas(text: str, language: str) -> list[str]:
    """The answer's words as lemmas, the features the model sees.

    >>> lemmas("Kavereita on tullut.", "fi")
    ['kaveri', 'olla', 'tulla']
    """
    import simplemma

    out = []
    for token in tokenize(text):
        if token.isalnum() or "'" in token:
            try:
                out.append(simplemma.lemmatize(token, lang=language).lower())
            except ValueError:
                out.append(_forms(token, language)[0])
    return out


class ThemeLearner:
    """One logistic regression per theme, trained on confirmed answers."""

    def __init__(self, min_examples: int = MIN_EXAMPLES, threshold: float = THRESHOLD):
        self.min_examples, self.threshold = min_examples, threshold
        self.models: dict[str, object] = {}

    def fit(self, texts: Sequence[str], languages: Sequence[str], themes: Sequence[str]) -> ThemeLearner:
        """Train on confirmed answers (``themes``: keys separated by ``;``)."""
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import make_pipeline

        docs = [" ".join(lemmas(t, lang)) for t, lang in zip(texts, languages)]
        labels = [set(filter(None, str(k).split(";"))) for k in themes]
        for key in sorted(set().union(*labels)) if labels else []:
            y = np.array([key in ls for ls in labels])
            if min(y.sum(), (~y).sum()) < self.min_examples:
                continue
            model = make_pipeline(TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, token_pattern=r"\S+"),
                                  LogisticRegression(class_weight="balanced", C=4.0, max_iter=1000))
            self.models[key] = model.fit(docs, y)
        return self

    def predict(self, texts: Sequence[str], languages: Sequence[str]) -> pd.DataFrame:
        """Probability of each learned theme per answer (rows in the order given)."""
        docs = [" ".join(lemmas(t, lang)) for t, lang in zip(texts, languages)]
        return pd.DataFrame({k: m.predict_proba(docs)[:, 1] for k, m in self.models.items()})

    def add_to(self, coded: pd.DataFrame, texts: Sequence[str], languages: Sequence[str],
               keys: Sequence[str]) -> pd.DataFrame:
        """``coded`` (rule coding) with learned themes added and listed in ``learned``."""
        out = coded.copy()
        out["learned"] = ""
        if not self.models or not len(out):
            return out
        probs = self.predict(texts, languages)
        for i, (rules, row) in enumerate(zip(out["themes"], probs.itertuples(index=False))):
            have = set(filter(None, rules.split(";")))
            new = [k for k, p in zip(probs.columns, row) if p >= self.threshold and k not in have]
            if new:
                out.iloc[i, out.columns.get_loc("themes")] = ";".join(k for k in keys if k in have | set(new))
                out.iloc[i, out.columns.get_loc("learned")] = ";".join(new)
        return out
