"""veille: geopolitical news intelligence with evidence spans.

The public API is what ``__all__`` lists; every other module is private and may change.
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
