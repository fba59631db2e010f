"""Grouping the questions customers keep asking into FAQ candidates (pure; no Streamlit, no SQL).

Texts are masked VOC openings (see :func:`vocradar.dashboards.queries.question_texts`). Identical
texts (digits and masks aside) are counted once and weighted; they are turned into character
n-gram TF-IDF vectors (robust to Korean spacing and endings without a
tokenizer) and grouped with DBSCAN on cosine distance: a group is a set of questions worded
alike. A group becomes an FAQ candidate when several different customers asked it and it is a
question rather than a complaint (mostly ``inquiry``, or phrased as a question).
"""

from __future__ import annotations

import re
from typing import Final

import numpy as np
import pandas as pd

__all__ = ["group_questions"]

EPS: Final = 0.5  # cosine distance within which two questions count as the same
_QUESTION = re.compile(
    r"(\?|까요|나요|인가요|되나요|있나요|어떻게|언제|얼마|어디|무엇|뭐|how|what|when|can i)", re.I
)
_MASK = re.compile(r"[*＊]+|\d+")


def _normalise(text: str) -> str:
    return " ".join(_MASK.sub(" ", text).split())


def group_questions(df: pd.DataFrame, min_size: int = 2, limit: int = 15) -> pd.DataFrame:
    """Group alike texts; the largest groups first.

    Parameters
    ----------
    df
        Rows with ``text``, ``category``, ``source`` and ``customer_key``.
    min_size, limit
        Smallest group kept, and how many groups are returned.

    Returns
    -------
    DataFrame with ``example`` (the member closest to the group's centre), ``asked`` (texts),
    ``customers`` (distinct, known ones), ``category`` (most common), ``sources`` (list),
    ``question_share`` and ``faq`` (True for an FAQ candidate).
    """
    columns = ["example", "asked", "customers", "category", "sources", "question_share", "faq"]
    if df.empty or len(df) < min_size:
        return pd.DataFrame(columns=columns)
    from sklearn.cluster import DBSCAN
    from sklearn.feature_extraction.text import TfidfVectorizer

    df = df.assign(norm=[_normalise(str(t)) for t in df["text"]]).reset_index(drop=True)
    # Identical questions are clustered once, weighted by how often they were asked.
    unique = df.groupby("norm", sort=False).size()
    texts, weights = list(unique.index), unique.to_numpy()
    try:
        vectors = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 3), sublinear_tf=True).fit_transform(
            texts
        )
    except ValueError:  # nothing but empty texts
        return pd.DataFrame(columns=columns)
    labels_u = DBSCAN(eps=EPS, min_samples=min_size, metric="cosine").fit_predict(
        vectors, sample_weight=weights
    )
    label_of = dict(zip(texts, labels_u, strict=True))
    labels = np.array([label_of[t] for t in df["norm"]])
    rows = []
    for label in sorted(set(labels_u) - {-1}):
        members = df[labels == label]
        idx_u = np.flatnonzero(labels_u == label)
        block = vectors[idx_u]
        centre = np.asarray(block.multiply(weights[idx_u][:, None]).sum(axis=0))
        best_norm = texts[idx_u[int(np.argmax(block @ centre.T))]]
        example = str(members.loc[members["norm"] == best_norm, "text"].iloc[0])
        customers = members["customer_key"].astype(str)
        question_share = float(np.mean([bool(_QUESTION.search(str(t))) for t in members["text"]]))
        category = str(members["category"].mode().iloc[0])
        distinct = int(customers[customers != ""].nunique())
        rows.append(
            {
                "example": example,
                "asked": len(members),
                "customers": distinct,
                "category": category,
                "sources": sorted(set(members["source"].astype(str))),
                "question_share": question_share,
                "faq": distinct >= 2 and (category == "inquiry" or question_share >= 0.5),
            }
        )
    if not rows:
        return pd.DataFrame(columns=columns)
    out = pd.DataFrame(rows, columns=columns)
    return out.sort_values(["asked", "customers"], ascending=False, ignore_index=True).head(limit)
