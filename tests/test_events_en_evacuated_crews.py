"""Evacuating the crew or the passengers of a ship or a plane in distress is AID.

Codebook 4.6 counts rescue among material help. "Evacuate" was a trigger
only with the wounded, refugees or civilians as companions; a navy taking
off a ship's crew is the same rescue. Evacuating a town's offices stays no
event. Every sentence is our own.
"""

from __future__ import annotations

from events_helpers import event_types


def test_a_navy_evacuating_a_crew_is_aid() -> None:
    text = "The Omani navy evacuates the crew of a burning tanker in the Gulf of Oman."
    assert event_types(text, "en") == ["AID"]


def test_a_coast_guard_evacuating_passengers_is_aid() -> None:
    text = "The Greek coast guard evacuated 300 passengers from a stranded ferry."
    assert event_types(text, "en") == ["AID"]


def test_evacuating_offices_is_still_no_event() -> None:
    text = "The firm evacuated its offices in the city center on Tuesday."
    assert event_types(text, "en") == []
