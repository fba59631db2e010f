"""Readers of the openly licensed Korean text used to distil the encoder (tiny files in their formats)."""

from __future__ import annotations

import json

import pytest

from vocradar.models.corpus.public import read_chatbot, read_kote, read_nsmc_raw, read_public


def test_kote_rows_keep_text_and_source(tmp_path):
    path = tmp_path / "val.tsv"
    path.write_text(
        "5954\t음료가 몇푼이나 한다고..  어이없네요\t0,6,10\n26060\t응원합니다.\t1,2\n", encoding="utf-8"
    )
    rows = list(read_kote([path]))
    assert [r.text for r in rows] == ["음료가 몇푼이나 한다고.. 어이없네요", "응원합니다."]
    assert rows[0].source == "repo:searle-j/KOTE/val.tsv#5954" and rows[0].licence == "MIT"


def test_kote_refuses_another_format(tmp_path):
    path = tmp_path / "x.tsv"
    path.write_text("just one column\n", encoding="utf-8")
    with pytest.raises(ValueError, match="not a KOTE row"):
        list(read_kote([path]))


def test_nsmc_raw_takes_a_few_reviews_per_movie_up_to_the_limit(tmp_path):
    for movie in range(5):
        reviews = [{"review": f"영화 {movie} 리뷰 {k}", "rating": "10"} for k in range(12)] + [
            {"review": " "}
        ]
        (tmp_path / f"{movie}.json").write_text(json.dumps(reviews, ensure_ascii=False), encoding="utf-8")
    rows = list(read_nsmc_raw(tmp_path))
    assert len(rows) == 5 * 8 and all(r.licence == "CC0-1.0" for r in rows)
    assert len(list(read_nsmc_raw(tmp_path, limit=11))) == 11
    assert [r.text for r in read_nsmc_raw(tmp_path, limit=3)] == [
        r.text for r in read_nsmc_raw(tmp_path, limit=3)
    ]


def test_nsmc_raw_needs_json_files(tmp_path):
    with pytest.raises(FileNotFoundError):
        list(read_nsmc_raw(tmp_path))


def test_chatbot_questions(tmp_path):
    path = tmp_path / "ChatbotData.csv"
    path.write_text(
        'Q,A,label\n12시 땡!,하루가 또 가네요.,0\n"요금제, 뭐가 좋을까",글쎄요,0\n', encoding="utf-8"
    )
    rows = list(read_chatbot(path))
    assert [r.text for r in rows] == ["12시 땡!", "요금제, 뭐가 좋을까"]
    assert rows[1].source.endswith("ChatbotData.csv#L3")
    bad = tmp_path / "other.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(ValueError, match="no Q column"):
        list(read_chatbot(bad))


def test_read_public_dispatches_by_shape(tmp_path):
    with pytest.raises(ValueError, match="not a KOTE"):
        read_public(tmp_path / "x.txt")
