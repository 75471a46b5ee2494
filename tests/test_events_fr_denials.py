"""French denials of a claim are REJECT; a denied act stays that act, negated (issue 17).

Codebook §4.10 and §12: "a rejeté les accusations de X" is REJECT, and so is
denying the facts, a version or an involvement ("a nié les faits", "dément
toute implication"). A denial whose object is the act itself ("a démenti
avoir bombardé") is still coded as the act with ``negated`` (§5.6, §8.1).
Every sentence here is our own.
"""

from __future__ import annotations

from events_helpers import pipeline_events


def _types(text: str) -> list[tuple[str, bool]]:
    return [(e.event_type, e.negated) for e in pipeline_events(text, "fr")]


def test_denying_the_facts_is_a_rejection() -> None:
    assert _types("Le suspect a nié les faits devant le juge.") == [("REJECT", False)]


def test_denying_press_reports_is_a_rejection() -> None:
    text = "Le gouvernement algérien a démenti les informations parues dans la presse."
    assert _types(text) == [("REJECT", False)]


def test_refuting_allegations_is_a_rejection() -> None:
    text = "Le ministre a réfuté les allégations de l'opposition."
    assert [t for t, _ in _types(text)] == ["REJECT"]


def test_a_denied_act_stays_the_act_negated() -> None:
    assert _types("Moscou a démenti avoir bombardé un hôpital.") == [("ASSAULT", True)]


def test_denying_responsibility_is_no_rejection() -> None:
    # Denying one's part in an act denies the act (§5.6), not someone's claim.
    text = "Le ministre a nié toute responsabilité dans le choix du prestataire."
    assert "REJECT" not in [t for t, _ in _types(text)]
