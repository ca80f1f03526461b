"""Scoring against hand-coded gold files: events, actors, facts."""
