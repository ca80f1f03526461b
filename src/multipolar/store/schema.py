"""The DuckDB schema of the event store.

Tables (one row per …):

- `documents`: ingested document (id = content hash of the text); `story_id` groups copies of
  the same story carried by several outlets (near-duplicate texts, see `stories.py`);
  `minhash` is the text's MinHash signature used for that grouping; `tone` columns come from the
  tone stage.
- `copies`: each (outlet, URL) that carried a document's exact text: syndicated copies of one
  text are one document (one content hash) but several articles and sources for the counts.
  `source_key`/`url_key` are the source and URL, or "" when missing.
- `mentions`: event found in one sentence of one document, one row per (source, target) pair
  (GDELT's Mentions table). `event_id` links it to its deduplicated event.
- `events`: deduplicated dyadic event (GDELT's Event table): the same who-did-what-to-whom on the
  same day is one event however many articles report it, with `num_mentions`, `num_sources`,
  `num_articles` computed from `mentions` and `copies`.
- `actors`, `amounts`, `quotations`, `places`, `date_mentions`, `themes`: the other records of
  each document, keyed by (doc_id, idx) where idx is the record's position in the result.
- `sentences`: the sentence classifier's labels of each sentence (`relevant` probability, `root`,
  `root_probability`, `quad_class`), keyed by (doc_id, idx = sentence index); no rows when the
  classifier is off. A mention's `confidence` and `second_opinion` are its second opinion on
  the rule's event (pipeline/classifier.py); `rule` is "classifier" for an event it added.
- `story_bands`: locality-sensitive-hashing bands of each document's MinHash signature, to find
  candidate near-duplicates quickly.
- `reviews`: analysts' judgements of events (who, when, why; "wrong: not an event", "wrong:
  this code or these actors", "right"). Kept apart from the coded data: re-ingesting never
  touches it, and every recompute of an event applies its latest review again (`reviewed` in
  `events`; an event reviewed "not an event" leaves `events`), so every view and export sees
  the corrections. `multipolar review export` turns them into a gold file for `multipolar eval`.
- `store_meta`: key/value facts about the store (schema version).

`historical` (mentions, events): the event is dated to a past year the text mentions ("the
1967 war", "in 1980"), not to the days around publication; see
`multipolar.model.is_historical`. Time series and maps leave such events out unless asked.
"""

from __future__ import annotations

SCHEMA_VERSION = "3"

TABLES: dict[str, str] = {
    "store_meta": """
        key VARCHAR PRIMARY KEY,
        value VARCHAR NOT NULL
    """,
    "documents": """
        id VARCHAR PRIMARY KEY,
        story_id VARCHAR NOT NULL,
        title VARCHAR,
        url VARCHAR,
        source VARCHAR,
        published DATE,
        language VARCHAR,
        metadata JSON,
        text VARCHAR NOT NULL,
        n_chars INTEGER NOT NULL,
        n_sentences INTEGER NOT NULL,
        tone DOUBLE,
        tone_positive DOUBLE,
        tone_negative DOUBLE,
        tone_polarity DOUBLE,
        word_count INTEGER,
        minhash UBIGINT[],
        added_at TIMESTAMP NOT NULL
    """,
    "mentions": """
        id VARCHAR PRIMARY KEY,
        event_id VARCHAR NOT NULL,
        doc_id VARCHAR NOT NULL,
        idx INTEGER NOT NULL,
        record_id VARCHAR NOT NULL,
        actor1 VARCHAR,
        actor1_name VARCHAR,
        actor1_country VARCHAR,
        actor1_sector VARCHAR,
        actor2 VARCHAR,
        actor2_name VARCHAR,
        actor2_country VARCHAR,
        actor2_sector VARCHAR,
        sources VARCHAR[] NOT NULL,
        targets VARCHAR[] NOT NULL,
        code VARCHAR NOT NULL,
        label VARCHAR,
        quad_class TINYINT NOT NULL,
        goldstein DOUBLE NOT NULL,
        plover_event VARCHAR,
        plover_mode VARCHAR,
        plover_context VARCHAR,
        modality VARCHAR NOT NULL,
        date DATE,
        sentence_index INTEGER NOT NULL,
        sentence VARCHAR NOT NULL,
        sentence_start INTEGER NOT NULL,
        sentence_end INTEGER NOT NULL,
        trigger VARCHAR NOT NULL,
        trigger_start INTEGER NOT NULL,
        trigger_end INTEGER NOT NULL,
        source_text VARCHAR,
        target_text VARCHAR,
        reported_by VARCHAR[] NOT NULL,
        location VARCHAR,
        geo_country VARCHAR,
        geo_feature VARCHAR,
        geo_lat DOUBLE,
        geo_lon DOUBLE,
        geo_id BIGINT,
        rule VARCHAR NOT NULL,
        historical BOOLEAN NOT NULL,
        confidence DOUBLE,
        second_opinion VARCHAR
    """,
    "events": """
        id VARCHAR PRIMARY KEY,
        global_id BIGINT NOT NULL,
        date DATE,
        actor1 VARCHAR,
        actor1_name VARCHAR,
        actor1_country VARCHAR,
        actor1_sector VARCHAR,
        actor2 VARCHAR,
        actor2_name VARCHAR,
        actor2_country VARCHAR,
        actor2_sector VARCHAR,
        code VARCHAR NOT NULL,
        base_code VARCHAR NOT NULL,
        root_code VARCHAR NOT NULL,
        label VARCHAR,
        quad_class TINYINT NOT NULL,
        goldstein DOUBLE NOT NULL,
        plover_event VARCHAR,
        plover_mode VARCHAR,
        plover_context VARCHAR,
        modality VARCHAR NOT NULL,
        is_root BOOLEAN NOT NULL,
        num_mentions INTEGER NOT NULL,
        num_sources INTEGER NOT NULL,
        num_articles INTEGER NOT NULL,
        avg_tone DOUBLE,
        location VARCHAR,
        geo_country VARCHAR,
        geo_feature VARCHAR,
        geo_lat DOUBLE,
        geo_lon DOUBLE,
        geo_id BIGINT,
        first_doc_id VARCHAR NOT NULL,
        source_url VARCHAR,
        evidence VARCHAR NOT NULL,
        added_at TIMESTAMP NOT NULL,
        historical BOOLEAN NOT NULL,
        reviewed BOOLEAN NOT NULL
    """,
    "copies": """
        doc_id VARCHAR NOT NULL,
        source_key VARCHAR NOT NULL,
        url_key VARCHAR NOT NULL,
        title VARCHAR,
        published DATE,
        metadata JSON,
        added_at TIMESTAMP NOT NULL,
        PRIMARY KEY (doc_id, source_key, url_key)
    """,
    "reviews": """
        id VARCHAR PRIMARY KEY,
        event_id VARCHAR NOT NULL,
        verdict VARCHAR NOT NULL,
        code VARCHAR,
        actor1 VARCHAR,
        actor2 VARCHAR,
        reviewer VARCHAR NOT NULL,
        reason VARCHAR NOT NULL,
        reviewed_at TIMESTAMP NOT NULL,
        original_code VARCHAR NOT NULL,
        original_actor1 VARCHAR,
        original_actor2 VARCHAR,
        doc_id VARCHAR NOT NULL,
        sentence VARCHAR NOT NULL,
        date DATE
    """,
    "story_bands": """
        band BIGINT NOT NULL,
        doc_id VARCHAR NOT NULL
    """,
    "actors": """
        doc_id VARCHAR NOT NULL,
        idx INTEGER NOT NULL,
        code VARCHAR,
        text VARCHAR NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        sentence INTEGER NOT NULL,
        kind VARCHAR,
        country VARCHAR,
        sector VARCHAR,
        name VARCHAR,
        resolution VARCHAR,
        entry VARCHAR,
        confidence DOUBLE,
        refers_to INTEGER,
        PRIMARY KEY (doc_id, idx)
    """,
    "amounts": """
        doc_id VARCHAR NOT NULL,
        idx INTEGER NOT NULL,
        text VARCHAR NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        sentence INTEGER NOT NULL,
        value DOUBLE,
        unit VARCHAR,
        measure VARCHAR,
        qualifier VARCHAR,
        period VARCHAR,
        actors VARCHAR[] NOT NULL,
        PRIMARY KEY (doc_id, idx)
    """,
    "quotations": """
        doc_id VARCHAR NOT NULL,
        idx INTEGER NOT NULL,
        text VARCHAR NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        sentence INTEGER NOT NULL,
        speaker VARCHAR,
        speaker_code VARCHAR,
        verb VARCHAR,
        kind VARCHAR,
        PRIMARY KEY (doc_id, idx)
    """,
    "places": """
        doc_id VARCHAR NOT NULL,
        idx INTEGER NOT NULL,
        name VARCHAR NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        sentence INTEGER NOT NULL,
        country VARCHAR,
        lat DOUBLE,
        lon DOUBLE,
        feature VARCHAR,
        geonameid BIGINT,
        PRIMARY KEY (doc_id, idx)
    """,
    "date_mentions": """
        doc_id VARCHAR NOT NULL,
        idx INTEGER NOT NULL,
        text VARCHAR NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        sentence INTEGER NOT NULL,
        value DATE,
        granularity VARCHAR,
        kind VARCHAR,
        PRIMARY KEY (doc_id, idx)
    """,
    "sentences": """
        doc_id VARCHAR NOT NULL,
        idx INTEGER NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        relevant DOUBLE NOT NULL,
        root VARCHAR,
        root_probability DOUBLE NOT NULL,
        quad_class TINYINT NOT NULL,
        PRIMARY KEY (doc_id, idx)
    """,
    "themes": """
        doc_id VARCHAR NOT NULL,
        idx INTEGER NOT NULL,
        name VARCHAR NOT NULL,
        sentence INTEGER,
        triggers VARCHAR[] NOT NULL,
        score DOUBLE,
        PRIMARY KEY (doc_id, idx)
    """,
}

# Tables whose rows belong to one document (deleted/replaced together with it).
DOCUMENT_TABLES = ("actors", "amounts", "quotations", "places", "date_mentions", "themes",
                   "sentences")

# Columns added after a schema version was released: stores written before them gain them
# when opened for writing (`upgrades`), so the version does not change.
ADDED_COLUMNS = (
    ("mentions", "confidence", "DOUBLE"),
    ("mentions", "second_opinion", "VARCHAR"),
)

INDEXES = (
    "CREATE INDEX IF NOT EXISTS mentions_event ON mentions (event_id)",
    "CREATE INDEX IF NOT EXISTS mentions_doc ON mentions (doc_id)",
    "CREATE INDEX IF NOT EXISTS documents_story ON documents (story_id)",
    "CREATE INDEX IF NOT EXISTS copies_doc ON copies (doc_id)",
    "CREATE INDEX IF NOT EXISTS story_bands_band ON story_bands (band)",
    "CREATE INDEX IF NOT EXISTS reviews_event ON reviews (event_id)",
)


def ddl() -> list[str]:
    """The statements that create the schema (idempotent)."""
    statements = [f"CREATE TABLE IF NOT EXISTS {name} ({body.strip()})"
                  for name, body in TABLES.items()]
    statements.extend(INDEXES)
    return statements


def upgrades(existing: dict[str, set[str]]) -> list[str]:
    """Statements that add the ADDED_COLUMNS a store lacks, given its tables' column names.
    DuckDB cannot alter a table that has an index, so the table's indexes are dropped first
    and created again after."""
    statements: list[str] = []
    for table in dict.fromkeys(t for t, _, _ in ADDED_COLUMNS):
        missing = [(c, k) for t, c, k in ADDED_COLUMNS
                   if t == table and c not in existing.get(table, set())]
        if not missing:
            continue
        indexes = [i for i in INDEXES if f" ON {table} (" in i]
        statements.extend(f"DROP INDEX IF EXISTS {i.split()[5]}" for i in indexes)
        statements.extend(f"ALTER TABLE {table} ADD COLUMN {c} {k}" for c, k in missing)
        statements.extend(indexes)
    return statements


def columns(table: str) -> list[str]:
    """Column names of `table`, in schema order."""
    names = []
    for line in TABLES[table].strip().splitlines():
        line = line.strip()
        if not line or line.startswith("PRIMARY KEY"):
            continue
        names.append(line.split()[0].strip('"'))
    return names
