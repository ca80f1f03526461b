"""The pipeline: one module per stage, all with the same small interface (see base.py)."""
