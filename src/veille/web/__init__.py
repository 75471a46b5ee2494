"""The dashboard: the aggregates it shows (:mod:`veille.web.queries`) and its static assets.

``static/`` holds plain HTML, CSS and ES modules written for veille, served
by :mod:`veille.api` at ``/static``; nothing is loaded from a CDN.
"""
