"""Lexicons: data files inside the package and readers for them (ours and PETRARCH's)."""
