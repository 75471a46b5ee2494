"""French "alerte": forces put on alert are MOBILIZE, raising the alarm is not (issue 17).

Codebook MOBILIZE lists raised alert levels and forces put on alert. A
relative who "donne l'alerte" to rescuers, or a weather alert, calls out
no force. Every sentence here is our own.
"""

from __future__ import annotations

from events_helpers import pipeline_events


def _types(text: str) -> list[str]:
    return [e.event_type for e in pipeline_events(text, "fr")]


def test_troops_on_alert_mobilise() -> None:
    text = "La Chine a placé ses troupes en état d'alerte maximale près de la frontière."
    assert "MOBILIZE" in _types(text)


def test_raising_the_alarm_is_no_mobilisation() -> None:
    text = "Inquiète de ne pas le voir rentrer, sa sœur a donné l'alerte vers minuit."
    assert "MOBILIZE" not in _types(text)


def test_a_weather_alert_is_no_mobilisation() -> None:
    assert "MOBILIZE" not in _types("Une alerte orange aux orages a été émise pour le Var.")
