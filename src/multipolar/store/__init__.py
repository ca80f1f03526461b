"""The event store: one embedded DuckDB file (default `multipolar.duckdb`), no server.

    >>> from multipolar.store import open_store
    >>> with open_store("multipolar.duckdb") as store:
    ...     store.add(results)                      # AnalysisResults, one transaction per call
    ...     df = store.events(dyad="CHN:RUS", since="2025-01-01").to_pandas()

Tables (see `schema.py` for every column):

- `documents` (id = content hash of the text, so re-ingesting is idempotent; `story_id` groups
  near-duplicate copies of one story; published, title, url, source, text, tone…).
- `events`: deduplicated dyadic events, GDELT-style: one row per (day, actor1, actor2, CAMEO
  code, modality) with `num_mentions`, `num_sources`, `num_articles`, `avg_tone`, `goldstein`,
  `quad_class`, PLOVER fields, action geo, `first_doc_id`, `evidence` (a sentence). A compound
  source or target gives one row per actor pair; a missing side is NULL.
- `mentions`: each event found in a sentence of a document (doc_id, sentence, trigger offsets,
  rule), linked to `events` by `event_id`.
- `actors`, `amounts`, `quotations`, `places`, `date_mentions`, `themes`: the other records of
  each document, keyed by (doc_id, idx).

Query API (all values are passed as parameters, never formatted into SQL):

- `store.events(actor=, dyad=, undirected=, code=, quad_class=, modality=, since=, until=,
  doc_id=, limit=, offset=)` → `Frame`;
- `store.mentions(event_id=, doc_id=)`, `store.documents(since=, until=, story_id=)`,
  `store.table(name)`, `store.sql(query, params)` → `Frame`;
- `store.document(doc_id)` → dict with the document and everything found in it;
- `store.stats()` → dict of counts.

A `Frame` is a lazy DuckDB relation: `.to_arrow()`, `.to_pandas()`, `.to_polars()`,
`.to_dicts()`, `.count()`, and `.relation` for further DuckDB work.

Exports (`multipolar.store.export`): GDELT 2.0 Event (61 columns), PLOVER JSONL, Parquet
partitioned by date, CSV.
"""

from __future__ import annotations

from multipolar.store.core import DEFAULT_PATH, AddSummary, Store, open_store
from multipolar.store.frame import Frame

__all__ = ["DEFAULT_PATH", "AddSummary", "Frame", "Store", "open_store"]
