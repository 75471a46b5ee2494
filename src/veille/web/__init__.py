"""The dashboard's static assets and the API's wiring helpers (bearer token, reader threads).

``static/`` holds plain HTML, CSS and ES modules written for veille, served
by :mod:`veille.api` at ``/static``; nothing is loaded from a CDN. What the
dashboard shows is computed in the query layer (:mod:`veille.queries`).
"""
