"""Watchlists and alerts: rules over events and full text, raised once per story, delivered.

- :mod:`veille.alerts.rules`: what a watchlist asks for, checked against the
  ontology, the actor knowledge base and the gazetteer;
- :mod:`veille.alerts.match`: which watchlists an event or article matches
  (an index, so the cost per event does not grow with the watchlists);
- :mod:`veille.alerts.matcher`: raises alerts for newly stored articles;
- :mod:`veille.alerts.tension`: a dyad's daily tension and its band;
- :mod:`veille.alerts.deliver`: webhooks (signed; JSON or Slack/Mattermost
  text) and e-mail, with retries;
- :mod:`veille.alerts.atom`: the Atom feed of a watchlist;
- :mod:`veille.alerts.api`: the HTTP routes, :mod:`veille.alerts.commands`
  the CLI commands.

State (watchlists, alerts, delivery) lives in the store
(:mod:`veille.store.monitoring`); how it is kept and the tension method are
described in ``docs/watch.md``.
"""

from __future__ import annotations

from veille.alerts.deliver import Deliverer, alert_json, signature
from veille.alerts.matcher import AlertMatcher, MatchReport
from veille.alerts.rules import Rule, rule_from_json
from veille.alerts.watchlists import add_watchlist, delivery_from_json, watchlist_json
from veille.errors import WatchlistError

__all__ = [
    "AlertMatcher",
    "Deliverer",
    "MatchReport",
    "Rule",
    "WatchlistError",
    "add_watchlist",
    "alert_json",
    "delivery_from_json",
    "rule_from_json",
    "signature",
    "watchlist_json",
]
