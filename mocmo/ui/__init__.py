"""ipywidgets panels, one per step, on the shared :mod:`mocmo.ui.core` session and layout.

Importing this package pulls in ipywidgets; ``import mocmo`` does not.
"""

__all__: list[str] = []  # the panels are imported by name (mocmo.ui.audiences …)
