"""The extraction stage: a source item becomes an :class:`~veille.records.Article`.

:func:`extract_article` is the stage's entry point; the modules behind it each
do one step, in the order it calls them:

* ``decoding``: bytes to text (declared charset, BOM, sniffing);
* ``htmlmeta``: an HTML page bounded, parsed, its metadata and main text read;
* ``layout``: a plain text's title, byline, reading time and sections;
* ``dates``: publication dates as written ("il y a 2 jours") made absolute;
* ``language``: the article's language and the detector's confidence;
* ``prefilter``: keyword gates that let a slow case-insensitive regex skip most lines;
* ``textsig``: canonical URL, article id, content hash and MinHash signature.
"""

from __future__ import annotations

from veille.extract.article import WORDS_PER_MINUTE, extract_article

__all__ = ["WORDS_PER_MINUTE", "extract_article"]
