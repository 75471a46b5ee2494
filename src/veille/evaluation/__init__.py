"""Evaluation: what veille finds, scored against gold.

* :mod:`veille.evaluation.events`: coded events against gold JSONL (event
  type, actors, quantities, negation, conditions, places), the scorer of
  ``veille eval`` and of the eval gate;
* :mod:`veille.evaluation.stories`: story clustering against gold
  happenings (pairwise precision and recall, cross-language recall, merged
  events per real event), the scorer of ``veille eval-stories``;
* :mod:`veille.evaluation.metadata`: article metadata on real pages (title,
  authors, organisation, the page's day, body token F1), the scorer of
  ``benchmarks/bench_metadata.py`` and of the gate's ``metadata-`` part.

Evaluation sits above the engine: it runs the engine on gold inputs and
reads the stages' data (the knowledge base, the gazetteer) to compare codes
and names; no stage imports it.
"""
