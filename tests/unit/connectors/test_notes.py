"""CRM note exports (CSV in UTF-8, UTF-8 with BOM and CP949; JSONL) to ``note`` events."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from vocradar.connectors.base import ListSink
from vocradar.connectors.notes import detect_encoding, read_notes, send_notes
from vocradar.models.events import BadEvent, parse_event

KOREAN_CSV = (
    "메모ID,작성일시,고객ID,고객명,연락처,상담원ID,팀,상품,채널,내용\r\n"
    "N-000123,2026-11-23 14:05,C-88121,김민수,010-1234-5678,A-301,해지방어팀,기가인터넷,전화,"
    '"고객 해지 요청 3회째. 위약금 안내했으나 강하게 항의, 통화 녹음 중이라고 언급함."\r\n'
    "N-000124,2026.11.23 15:30:12,C-77002,이서연,010-2222-3333,A-415,요금팀,5G 프리미엄,채팅,"
    '"이중 청구 건 환불 접수.\n다음 청구서에서 차감 예정 안내."\r\n'
)


def test_korean_headers_in_cp949(tmp_path: Path) -> None:
    f = tmp_path / "crm_memo_20261123.csv"
    f.write_bytes(KOREAN_CSV.encode("cp949"))
    assert detect_encoding(f) == "cp949"

    events = list(read_notes(f))
    for e in events:
        parse_event(e)
    assert [e["event_id"] for e in events] == ["note-N-000123", "note-N-000124"]
    first, second = events
    assert first == {
        "source": "note",
        "event_id": "note-N-000123",
        "occurred_at": "2026-11-23T14:05:00+09:00",
        "text": "고객 해지 요청 3회째. 위약금 안내했으나 강하게 항의, 통화 녹음 중이라고 언급함.",
        "customer": {"id": "C-88121"},
        "agent": {"id": "A-301", "team": "해지방어팀"},
        "product": "기가인터넷",
        "meta": {"channel": "전화"},
    }
    assert second["occurred_at"] == "2026-11-23T15:30:12+09:00"
    assert second["text"] == "이중 청구 건 환불 접수.\n다음 청구서에서 차감 예정 안내."
    dumped = json.dumps(events, ensure_ascii=False)
    for personal in ("김민수", "이서연", "010-1234-5678"):
        assert personal not in dumped


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig"])
def test_korean_headers_in_utf8_with_and_without_bom(tmp_path: Path, encoding: str) -> None:
    f = tmp_path / "memo.csv"
    f.write_bytes(KOREAN_CSV.encode(encoding))
    assert detect_encoding(f) == encoding
    events = list(read_notes(f))
    assert [e["event_id"] for e in events] == ["note-N-000123", "note-N-000124"]
    assert events[0]["meta"] == {"channel": "전화"}
    for e in events:
        parse_event(e)


def test_english_headers_excel_time_and_offsets(tmp_path: Path) -> None:
    f = tmp_path / "notes.csv"
    f.write_text(
        "note_id,created_at,customer_id,agent_id,team,product,channel,text\n"
        "501,2026-11-23 오후 3:05:00,C-1,A-9,기술지원팀,IPTV,전화,"
        "셋톱박스 재부팅 안내. 증상 지속 시 기사 방문 예약.\n"
        "502,2026-11-23T06:05:00Z,C-2,,,,,Customer asked about roaming plans.\n",
        encoding="utf-8",
    )
    a, b = list(read_notes(f))
    parse_event(a)
    parse_event(b)
    assert a["occurred_at"] == "2026-11-23T15:05:00+09:00"
    assert b["occurred_at"] == "2026-11-23T06:05:00+00:00"
    assert "agent" not in b and "product" not in b and b["meta"] == {}


def test_rows_that_cannot_be_mapped_are_yielded_for_the_dead_letter_path(tmp_path: Path) -> None:
    f = tmp_path / "notes.csv"
    f.write_text(
        "메모ID,작성일시,내용\n"
        "N-1,어제 오후쯤,요금 문의\n"
        "N-2,2026-11-23 10:00,\n"
        ",2026-11-23 10:00,번호 없는 메모\n"
        ",,\n",
        encoding="utf-8",
    )
    events = list(read_notes(f))
    assert len(events) == 3  # the blank row at the end is not a note
    reasons = []
    for e in events:
        with pytest.raises(BadEvent) as exc:
            parse_event(e)
        reasons.append(exc.value.reason)
    assert reasons == ["invalid_field:occurred_at", "invalid_field:event", "missing_field:event_id"]


def test_missing_required_column(tmp_path: Path) -> None:
    f = tmp_path / "notes.csv"
    f.write_text("메모ID,고객명,내용\nN-1,김민수,문의\n", encoding="utf-8")
    with pytest.raises(ValueError, match="no column for created_at"):
        list(read_notes(f))


def test_tab_separated(tmp_path: Path) -> None:
    f = tmp_path / "notes.tsv"
    f.write_text(
        "메모 ID\t작성 일시\t내용\nN-7\t2026-11-23 09:00\t공유기 교체, 신규 모델 발송\n", encoding="utf-8"
    )
    [event] = list(read_notes(f))
    parse_event(event)
    assert event["text"] == "공유기 교체, 신규 모델 발송"


def test_jsonl_export_and_send_notes(tmp_path: Path) -> None:
    f = tmp_path / "notes.jsonl"
    first = {
        "note_id": 9001,
        "created_at": "2026-11-23 11:20",
        "customer_id": "C-5",
        "call_id": "C-20261123-0042",
        "text": "해지 방어 실패, 해지 접수 완료.",
    }
    third = {"메모ID": "9002", "작성일시": 1795400000, "내용": "명의 도용 의심 건 보안팀 이관."}
    lines = [json.dumps(first, ensure_ascii=False), "{broken", json.dumps(third, ensure_ascii=False)]
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")

    with pytest.raises(ValueError, match=r"notes\.jsonl:2: not a JSON object"):
        list(read_notes(f))

    sink = ListSink()
    assert send_notes(f, sink) == 3
    assert sink.raw == [b"{broken"]
    assert [e["event_id"] for e in sink.events] == ["note-9001", "note-9002"]
    for e in sink.events:
        parse_event(e)
    assert sink.events[0]["conversation_id"] == "C-20261123-0042"
    assert sink.keys[0] == "C-20261123-0042"
    assert sink.events[1]["occurred_at"] == datetime.fromtimestamp(1795400000, UTC).isoformat()
    assert sink.flushes == 1


def test_json_array_export(tmp_path: Path) -> None:
    f = tmp_path / "notes.json"
    notes = [
        {"note_id": "A1", "created_at": "2026-11-23 09:10", "text": "약정 위반 위약금 문의, 안내 완료."},
        "not a note",
    ]
    f.write_text(json.dumps(notes, ensure_ascii=False), encoding="utf-8-sig")
    sink = ListSink()
    assert send_notes(f, sink) == 2
    assert [e["event_id"] for e in sink.events] == ["note-A1"]
    assert sink.raw == [b'"not a note"']
    parse_event(sink.events[0])


def test_cp949_jsonl(tmp_path: Path) -> None:
    f = tmp_path / "export.ndjson"
    f.write_bytes(
        json.dumps(
            {"메모ID": "1", "작성일시": "2026-11-23 09:00", "내용": "개통 일정 변경 요청"}, ensure_ascii=False
        ).encode("cp949")
        + b"\n"
    )
    [event] = list(read_notes(f))
    parse_event(event)
    assert event["text"] == "개통 일정 변경 요청"
