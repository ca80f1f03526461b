"""Dashboard: HTML templates, static files and the highlighted document view."""
