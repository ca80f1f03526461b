"""The highlighted document view of the dashboard: `multipolar.display` (which Jupyter uses too),
re-exported for the web layer. The dashboard pages pass the lexicon's actor names
(`render_result_html(result, actor_name=lexicon.names.actor_name)`); without them the view shows
actor codes, as Jupyter does (the display module sits below the lexicon).
"""

from __future__ import annotations

from multipolar.display import KINDS, STYLE, Mark, event_anchor, highlight, render_result_html

__all__ = ["KINDS", "STYLE", "Mark", "event_anchor", "highlight", "render_result_html"]
