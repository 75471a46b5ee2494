"""Training of veille's learned components (``make train``); needs a source checkout."""
