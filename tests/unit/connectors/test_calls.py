"""Call transcripts: reading a finished JSONL file, and watching a directory of live calls."""

from __future__ import annotations

import json
import os
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from vocradar.connectors.base import ListSink
from vocradar.connectors.calls import CallDirectoryWatcher, read_call_jsonl
from vocradar.models.events import VocEvent, parse_event

HEADER = {
    "call_id": "C-20261123-0042",
    "started_at": "2026-11-23T10:02:11+09:00",
    "customer": {"id": "CUST-88121", "phone": "010-1234-5678", "name": "김민수"},
    "agent": {"id": "A-301", "team": "해지방어"},
    "product": "기가인터넷",
    "lang": "ko",
}
TURNS = [
    {"speaker": "상담원", "text": "네, KT 고객센터 이지은입니다. 무엇을 도와드릴까요?", "offset_s": 0.8},
    {"speaker": "고객", "text": "인터넷 해지하려고요. 벌써 세 번째 전화하는 거예요.", "start": 4.2},
    {"speaker": "A", "text": "해지하시면 위약금이 있는데 요금 할인 혜택 안내해 드릴까요?", "offset_s": 9.5},
    {"speaker": "C", "text": "됐고요, 이 통화 녹음하고 있어요. 해지 처리해 주세요.", "offset_s": 15.0},
]


def line(obj: dict[str, Any]) -> bytes:
    return (json.dumps(obj, ensure_ascii=False) + "\n").encode("utf-8")


def valid(event: dict[str, Any]) -> VocEvent:
    return parse_event(event)


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


# --- read_call_jsonl ---------------------------------------------------------------------------


def test_read_call_with_header_maps_speakers_and_drops_personal_data(tmp_path: Path) -> None:
    f = tmp_path / "C-20261123-0042.jsonl"
    f.write_bytes(line(HEADER) + b"".join(line(t) for t in TURNS) + line({"end": True, "duration_s": 31.2}))

    event = read_call_jsonl(f)
    parsed = valid(event)

    assert event["event_id"] == "C-20261123-0042#final"
    assert event["conversation_id"] == "C-20261123-0042"
    assert event["source"] == "call"
    assert event["occurred_at"] == "2026-11-23T10:02:11+09:00"
    assert [t["speaker"] for t in event["turns"]] == ["agent", "customer", "agent", "customer"]
    assert [t.get("offset_s") for t in event["turns"]] == [0.8, 4.2, 9.5, 15.0]
    assert event["customer"] == {"id": "CUST-88121"}
    assert "010-1234-5678" not in json.dumps(event, ensure_ascii=False)
    assert "김민수" not in json.dumps(event, ensure_ascii=False)
    assert event["agent"] == {"id": "A-301", "team": "해지방어"}
    assert event["product"] == "기가인터넷"
    assert event["meta"]["final"] is True and event["meta"]["partial"] is False
    assert event["meta"]["duration_s"] == 31.2
    assert not parsed.is_partial
    assert parsed.thread_key == "C-20261123-0042"
    assert "녹음하고 있어요" in parsed.body_text()


def test_read_call_without_header_uses_stem_and_file_time(tmp_path: Path) -> None:
    f = tmp_path / "rec_7781.jsonl"
    f.write_bytes(
        line({"speaker": "spk0", "text": "안녕하세요 상담사 박정우입니다.", "start": "0.5"})
        + line({"speaker": "spk1", "text": "요금이 두 번 청구됐어요.", "start": 60})
        + line({"speaker": "SYSTEM", "text": "통화가 연결되었습니다", "offset_s": 61})
        + line({"speaker": "고객", "text": "  ", "offset_s": 62})  # empty STT output is dropped
    )
    os.utime(f, (1_795_000_000, 1_795_000_000))

    event = read_call_jsonl(f)
    parsed = valid(event)

    assert event["conversation_id"] == "rec_7781"
    assert [t["speaker"] for t in event["turns"]] == ["agent", "customer", "system"]
    # started = last modification minus the largest offset
    assert parsed.occurred_at.timestamp() == pytest.approx(1_795_000_000 - 61)


def test_read_call_rejects_unknown_speaker_with_line_number(tmp_path: Path) -> None:
    f = tmp_path / "c.jsonl"
    f.write_bytes(line(TURNS[0]) + line({"speaker": "spk7", "text": "여보세요?"}))
    with pytest.raises(ValueError, match=r"c\.jsonl:2: unknown speaker 'spk7'"):
        read_call_jsonl(f)


def test_read_call_rejects_a_file_without_turns(tmp_path: Path) -> None:
    f = tmp_path / "c.jsonl"
    f.write_bytes(line(HEADER))
    with pytest.raises(ValueError, match="no speaker turns"):
        read_call_jsonl(f)


# --- CallDirectoryWatcher ----------------------------------------------------------------------


def test_live_call_accumulates_partials_then_one_final(tmp_path: Path) -> None:
    sink, clock = ListSink(), FakeClock()
    w = CallDirectoryWatcher(tmp_path, sink, clock=clock)
    f = tmp_path / "live.jsonl"

    with f.open("ab") as out:
        out.write(line(HEADER))
        out.flush()
        assert w.poll_once() == 0  # a header alone says nothing yet
        for i, turn in enumerate(TURNS[:3], start=1):
            out.write(line(turn))
            out.flush()
            clock.now += 1
            assert w.poll_once() == 1
            event = sink.events[-1]
            parsed = valid(event)
            assert event["event_id"] == f"C-20261123-0042#{i}"
            assert event["meta"] == {"partial": True, "final": False, "turn_count": i}
            assert parsed.is_partial
            assert [t["text"] for t in event["turns"]] == [t["text"] for t in TURNS[:i]]
            assert event["occurred_at"] == "2026-11-23T10:02:11+09:00"
        assert w.poll_once() == 0  # nothing new, nothing emitted

        # the last turn and the end marker arrive together: only the final event, no repeat
        out.write(line(TURNS[3]) + line({"end": True}))
        out.flush()
        assert w.poll_once() == 1

    final = sink.events[-1]
    valid(final)
    assert final["event_id"] == "C-20261123-0042#final"
    assert final["meta"]["final"] is True and final["meta"]["ended_by"] == "end_marker"
    assert len(final["turns"]) == 4
    assert [e["event_id"] for e in sink.events] == [
        "C-20261123-0042#1",
        "C-20261123-0042#2",
        "C-20261123-0042#3",
        "C-20261123-0042#final",
    ]
    assert set(sink.keys) == {"C-20261123-0042"}
    assert sink.flushes == 4

    # nothing is emitted twice, even when someone appends after the end
    with f.open("ab") as out:
        out.write(line({"speaker": "agent", "text": "감사합니다."}))
    assert w.poll_once() == 0
    assert len(sink.events) == 4


def test_half_written_line_waits_for_its_newline(tmp_path: Path) -> None:
    sink = ListSink()
    w = CallDirectoryWatcher(tmp_path, sink, clock=FakeClock())
    f = tmp_path / "c-9.jsonl"
    first = line(TURNS[0])
    second = line(TURNS[1])
    # cut in the middle of a Hangul syllable (3 bytes in UTF-8)
    cut = second.index("세 번째".encode()) + 1

    f.write_bytes(first + second[:cut])
    assert w.poll_once() == 1
    assert len(sink.events[-1]["turns"]) == 1

    with f.open("ab") as out:
        out.write(second[cut:-1])  # all but the newline
    assert w.poll_once() == 0

    with f.open("ab") as out:
        out.write(b"\n")
    assert w.poll_once() == 1
    event = sink.events[-1]
    valid(event)
    assert event["event_id"] == "c-9#2"
    assert event["turns"][1]["text"] == TURNS[1]["text"]
    assert "bad_lines" not in event["meta"]


def test_rename_to_done_is_final_and_reads_the_unterminated_last_line(tmp_path: Path) -> None:
    sink = ListSink()
    w = CallDirectoryWatcher(tmp_path, sink, clock=FakeClock())
    f = tmp_path / "c-10.jsonl"
    f.write_bytes(line(TURNS[0]) + line(TURNS[1]).rstrip(b"\n"))
    assert w.poll_once() == 1

    f.rename(tmp_path / "c-10.jsonl.done")
    assert w.poll_once() == 1
    final = sink.events[-1]
    valid(final)
    assert final["event_id"] == "c-10#final"
    assert final["meta"]["ended_by"] == "done_rename"
    assert len(final["turns"]) == 2
    assert w.poll_once() == 0


def test_idle_file_becomes_final(tmp_path: Path) -> None:
    sink, clock = ListSink(), FakeClock()
    w = CallDirectoryWatcher(tmp_path, sink, idle_final_s=60, clock=clock)
    (tmp_path / "c-11.jsonl").write_bytes(line(TURNS[0]))
    assert w.poll_once() == 1
    clock.now += 59
    assert w.poll_once() == 0
    clock.now += 2
    assert w.poll_once() == 1
    assert sink.events[-1]["event_id"] == "c-11#final"
    assert sink.events[-1]["meta"]["ended_by"] == "idle"
    valid(sink.events[-1])


def test_bad_lines_are_skipped_and_counted(tmp_path: Path) -> None:
    sink = ListSink()
    w = CallDirectoryWatcher(tmp_path, sink, clock=FakeClock())
    (tmp_path / "c-12.jsonl").write_bytes(
        line(TURNS[0]) + b"{not json\n" + line({"speaker": "spk9", "text": "??"}) + line(TURNS[1])
    )
    assert w.poll_once() == 1
    event = sink.events[-1]
    valid(event)
    assert event["meta"]["bad_lines"] == 2
    assert len(event["turns"]) == 2


def test_file_first_seen_finished_gives_the_same_final_as_a_batch_read(tmp_path: Path) -> None:
    f = tmp_path / "C-20261123-0042.jsonl.done"
    f.write_bytes(line(HEADER) + b"".join(line(t) for t in TURNS))
    sink = ListSink()
    assert CallDirectoryWatcher(tmp_path, sink, clock=FakeClock()).poll_once() == 1
    assert sink.events[0]["event_id"] == read_call_jsonl(f)["event_id"] == "C-20261123-0042#final"
    assert sink.events[0]["turns"] == read_call_jsonl(f)["turns"]


def test_missing_directory_and_other_files_are_ignored(tmp_path: Path) -> None:
    sink = ListSink()
    assert CallDirectoryWatcher(tmp_path / "nope", sink).poll_once() == 0
    (tmp_path / "notes.txt").write_text("상담 메모", encoding="utf-8")
    (tmp_path / ".c-1.jsonl").write_bytes(line(TURNS[0]))
    assert CallDirectoryWatcher(tmp_path, sink).poll_once() == 0


def test_run_loop_in_a_thread(tmp_path: Path) -> None:
    sink = ListSink()
    w = CallDirectoryWatcher(tmp_path, sink, poll_s=0.01)
    stop = threading.Event()
    t = threading.Thread(target=w.run, args=(stop,), daemon=True)
    t.start()
    try:
        f = tmp_path / "c-13.jsonl"
        with f.open("ab") as out:
            for turn in TURNS:
                out.write(line(turn))
                out.flush()
                time.sleep(0.03)
            out.write(line({"end": True}))
        deadline = time.monotonic() + 5
        while not any(e["meta"]["final"] for e in sink.events) and time.monotonic() < deadline:
            time.sleep(0.01)
    finally:
        stop.set()
        t.join(timeout=5)
    assert not t.is_alive()
    for e in sink.events:
        valid(e)
    ids = [e["event_id"] for e in sink.events]
    assert ids[-1] == "c-13#final"
    assert len(ids) == len(set(ids))
    counts = [len(e["turns"]) for e in sink.events]
    assert counts == sorted(counts)


class DroppingSink(ListSink):
    """Loses what was emitted since the last flush and says so, the next ``failures`` times."""

    def __init__(self, failures: int) -> None:
        super().__init__()
        self.failures = failures
        self._kept = 0

    def flush(self) -> None:
        super().flush()
        if self.failures > 0:
            self.failures -= 1
            del self.events[self._kept :]
            from vocradar.connectors.base import DeliveryError

            raise DeliveryError([ConnectionError("broker gone")])
        self._kept = len(self.events)


def test_call_events_the_broker_did_not_take_are_sent_again(tmp_path: Path) -> None:
    from vocradar.connectors.base import DeliveryError

    sink, clock = DroppingSink(failures=2), FakeClock()
    w = CallDirectoryWatcher(tmp_path, sink, clock=clock)
    f = tmp_path / "live.jsonl"
    f.write_bytes(line(HEADER) + line(TURNS[0]) + line(TURNS[1]))
    for _ in range(2):
        with pytest.raises(DeliveryError):
            w.poll_once()
    assert sink.events == []
    assert w.poll_once() == 1  # the broker is back: the same event again
    with f.open("ab") as out:
        out.write(line(TURNS[2]) + line({"end": True}))
    assert w.poll_once() == 1
    assert [e["event_id"] for e in sink.events] == ["C-20261123-0042#2", "C-20261123-0042#final"]
    assert len(sink.events[-1]["turns"]) == 3
