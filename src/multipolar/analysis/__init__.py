"""Analyst views over the store: dyad series, actor networks, briefs."""
