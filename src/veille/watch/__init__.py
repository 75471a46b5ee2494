"""Monitoring: ``veille watch`` polls a list of sources on a schedule and feeds the alerts.

- :mod:`veille.watch.config`: ``watch.toml`` and ``--source``/``--every``;
- :mod:`veille.watch.schedule`: intervals, jittered backoff, Retry-After, hosts;
- :mod:`veille.watch.watcher`: the loop (:class:`~veille.watch.watcher.Watcher`).

How to run it as a service or in a container: ``docs/watch.md``.
"""
