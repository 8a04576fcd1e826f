"""UUIDs are hidden from the recognizers, in the vectorised screen and in analysed text alike."""

from __future__ import annotations

import pyarrow as pa

from jejak.detection.detector import Detector
from jejak.detection.machine_ids import hide_uuids, hide_uuids_in

#: its first three groups read as 3235 7282 9969 4320, a Luhn-valid card number
EVENT_ID = "32357282-9969-4320-a49c-8c89ba6f7f8b"


def test_a_uuid_is_overwritten_in_place() -> None:
    text = f"event {EVENT_ID} ok {EVENT_ID.upper()}."
    hidden = hide_uuids(text)
    assert len(hidden) == len(text) and EVENT_ID not in hidden.lower()
    assert hidden == f"event {'x' * 36} ok {'x' * 36}."
    assert hide_uuids("call 0812-3456-7890") == "call 0812-3456-7890"
    values = [text, None, "", "3235-7282-9969-4320", "no-uuid-here", EVENT_ID[:-1]]
    assert hide_uuids_in(pa.array(values)).to_pylist() == [
        None if v is None else hide_uuids(v) for v in values
    ]


def test_no_card_number_inside_a_uuid_but_the_same_digits_alone_are_one(detector: Detector) -> None:
    assert not detector.analyze_text(f"request {EVENT_ID} done")
    assert [s.entity_type for s in detector.analyze_text("card 3235 7282 9969 4320")] == ["CREDIT_CARD"]
    column = pa.array([EVENT_ID, "paid with 3235-7282-9969-4320"])
    (candidates,) = detector.screen.candidates([column])
    cards = dict(
        zip(candidates.indices.to_pylist(), candidates.masks["CREDIT_CARD"].to_pylist(), strict=True)
    )
    assert cards.get(0) is not True and cards[1] is True  # the UUID reaches no card recognizer
    found = dict(detector.analyze_values(column, column=detector.column("event_id")))
    assert list(found) == [1] and found[1][0].entity_type == "CREDIT_CARD"
