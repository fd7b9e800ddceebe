"""ipywidgets panels, one per step, on the shared :mod:`mocmo.ui.core` session and layout.

Importing this package pulls in ipywidgets; ``import mocmo`` does not.
"""
