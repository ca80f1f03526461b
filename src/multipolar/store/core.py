"""The Store: opens the DuckDB file, writes analysis results, answers queries."""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa

from multipolar.errors import InvalidArgument, StoreError
from multipolar.model import AnalysisResult, Document
from multipolar.serialize import plain
from multipolar.store import reviews, rows, schema, stories
from multipolar.store.frame import Frame

DEFAULT_PATH = "multipolar.duckdb"
# The one id-prefix rule (CLI, API, dashboard): a document or event id may be given by a
# unique prefix of at least this many hexadecimal characters.
MIN_ID_PREFIX = 8

# Recompute deduplicated events from their mentions and the copies of their documents.
# Deterministic whatever the order in which documents arrived: the representative mention
# (evidence, SOURCEURL) is from an article with a URL if any, then the earliest published, then
# the smallest document id. Each copy of a document (another outlet or URL carrying the same
# text) counts as one more article, and its mentions as more mentions. An outlet is the source
# name, else the URL's host, else the document.
_RECOMPUTE_EVENTS = """
INSERT OR REPLACE INTO events
WITH m AS (
    SELECT m.*, d.published, d.url AS doc_url, d.tone AS doc_tone, d.added_at AS doc_added
    FROM mentions m JOIN documents d ON d.id = m.doc_id
    WHERE m.event_id IN (SELECT unnest($ids::VARCHAR[]))
),
c AS (
    SELECT doc_id, source_key, url_key,
           coalesce(nullif(source_key, ''),
                    nullif(regexp_extract(url_key, '^[A-Za-z][A-Za-z0-9+.-]*://([^/?#]+)', 1),
                           ''),
                    doc_id) AS outlet
    FROM copies WHERE doc_id IN (SELECT DISTINCT doc_id FROM m)
),
per_doc AS (
    SELECT doc_id, count(*) AS n_copies FROM c GROUP BY doc_id
),
rep AS (
    SELECT * FROM m
    QUALIFY row_number() OVER (PARTITION BY event_id
                               ORDER BY doc_url IS NULL, published NULLS LAST, doc_id,
                                        idx, id) = 1
),
agg AS (
    SELECT event_id, sum(per_doc.n_copies)::INTEGER AS num_mentions,
           min(sentence_index) < $lead AS is_root, min(doc_added) AS added_at
    FROM m JOIN per_doc USING (doc_id) GROUP BY event_id
),
arts AS (
    SELECT e.event_id, count(*)::INTEGER AS num_articles,
           count(DISTINCT c.outlet)::INTEGER AS num_sources
    FROM (SELECT DISTINCT event_id, doc_id FROM m) e JOIN c USING (doc_id)
    GROUP BY e.event_id
),
tone AS (
    SELECT event_id, avg(doc_tone) AS avg_tone
    FROM (SELECT DISTINCT event_id, doc_id, doc_tone FROM m) GROUP BY event_id
)
SELECT rep.event_id, ('0x' || left(rep.event_id, 15))::BIGINT, rep.date,
       rep.actor1, rep.actor1_name, rep.actor1_country, rep.actor1_sector,
       rep.actor2, rep.actor2_name, rep.actor2_country, rep.actor2_sector,
       rep.code, left(rep.code, 3), left(rep.code, 2), rep.label, rep.quad_class,
       rep.goldstein, rep.plover_event, rep.plover_mode, rep.plover_context, rep.modality,
       agg.is_root, agg.num_mentions, arts.num_sources, arts.num_articles, tone.avg_tone,
       rep.location, rep.geo_country, rep.geo_feature, rep.geo_lat, rep.geo_lon, rep.geo_id,
       rep.doc_id, rep.doc_url, rep.sentence, agg.added_at, rep.historical, false
FROM rep JOIN agg USING (event_id) JOIN arts USING (event_id) JOIN tone USING (event_id)
"""


@dataclass(frozen=True, slots=True)
class AddSummary:
    """What one `Store.add` call wrote."""

    documents: int  # new documents stored
    skipped: int  # nothing new: same text from an outlet and URL already recorded
    mentions: int
    events: int  # deduplicated events created or updated
    copies: int = 0  # new outlets/URLs for documents already stored (syndicated copies)
    new_events: int = 0  # deduplicated events the store did not hold before this call


class Store:
    """An event store in one DuckDB file. Use `open_store(path)`; close it (or use `with`)."""

    def __init__(self, path: str | Path = DEFAULT_PATH, *, read_only: bool = False) -> None:
        self.path = str(path)
        try:
            self.con = duckdb.connect(self.path, read_only=read_only)
        except duckdb.Error as exc:
            raise StoreError(f"cannot open the store {self.path!r}: {exc}; check the path, "
                             "or close the other process that has it open") from None
        self.read_only = read_only
        if read_only:
            self._check_schema()
        else:
            self._create()

    # -- lifecycle -------------------------------------------------------------------------

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<Store {self.path}>"

    def _create(self) -> None:
        self.con.execute("BEGIN")
        try:
            self._upgrade()
            for statement in schema.ddl():
                self.con.execute(statement)
            existing: dict[str, set[str]] = {}
            for table, column in self.con.execute(
                    "SELECT table_name, column_name FROM information_schema.columns").fetchall():
                existing.setdefault(table, set()).add(column)
            for statement in schema.upgrades(existing):
                self.con.execute(statement)
            self.con.execute(
                "INSERT INTO store_meta VALUES ('schema_version', ?) ON CONFLICT DO NOTHING",
                [schema.SCHEMA_VERSION])
            self.con.execute("COMMIT")
        except duckdb.Error:
            self.con.execute("ROLLBACK")
            raise
        self._check_schema()

    def _upgrade(self) -> None:
        """Bring a store written by schema version 2 to version 3 in place (inside the caller's
        transaction): the `historical` flags (computed by the one rule from the stored dates),
        `events.reviewed`, and the `reviews` table (created by the DDL that follows)."""
        if not self.con.execute("SELECT count(*) FROM duckdb_tables() "
                                "WHERE table_name = 'store_meta'").fetchall()[0][0]:
            return  # a new store
        row = _first(self.con.execute(
            "SELECT value FROM store_meta WHERE key = 'schema_version'"))
        if row is None or row[0] != "2":
            return
        for table in ("mentions", "events"):
            self.con.execute(f"ALTER TABLE {table} ADD COLUMN historical BOOLEAN DEFAULT false")
        self.con.execute("ALTER TABLE events ADD COLUMN reviewed BOOLEAN DEFAULT false")
        # the rule of multipolar.model.is_historical, on the stored dates
        self.con.execute("""
            UPDATE mentions SET historical = coalesce(year(mentions.date) < year(d.published) - 1,
                                                      false)
            FROM documents d WHERE d.id = mentions.doc_id""")
        self.con.execute("""
            UPDATE events SET historical = coalesce((SELECT bool_or(m.historical)
                FROM mentions m WHERE m.event_id = events.id), false)""")
        self.con.execute("UPDATE store_meta SET value = ? WHERE key = 'schema_version'",
                         [schema.SCHEMA_VERSION])

    def _check_schema(self) -> None:
        try:
            row = _first(self.con.execute(
                "SELECT value FROM store_meta WHERE key = 'schema_version'"))
        except duckdb.CatalogException:
            raise StoreError(f"{self.path!r} is not a multipolar store (no store_meta table); "
                             "give another --db file") from None
        if row is None or row[0] != schema.SCHEMA_VERSION:
            found = row[0] if row else "none"
            upgrade = (" open it once for writing to upgrade it in place (python -c \"import "
                       f"multipolar; multipolar.open_store('{self.path}').close()\");"
                       if found == "2" else "")
            raise StoreError(f"{self.path!r} has store schema version {found}, this multipolar "
                             f"uses {schema.SCHEMA_VERSION};{upgrade} export it with the version "
                             "that wrote it, or ingest into a new --db file")

    @functools.cached_property
    def _arrow_types(self) -> dict[str, dict[str, pa.DataType]]:
        types: dict[str, dict[str, pa.DataType]] = {}
        for table in schema.TABLES:
            arrow_schema = self.con.sql(f"SELECT * FROM {table} LIMIT 0").to_arrow_table().schema
            types[table] = {f.name: _plain_type(f.type) for f in arrow_schema}
        return types

    # -- writes ----------------------------------------------------------------------------

    def known(self, ids: Iterable[str]) -> set[str]:
        """The ids among `ids` of documents already stored."""
        wanted = sorted(set(ids))
        if not wanted:
            return set()
        found = self.con.execute(
            "SELECT id FROM documents WHERE id IN (SELECT unnest($1::VARCHAR[]))", [wanted]
        ).fetchall()
        return {r[0] for r in found}

    def add(self, results: Sequence[AnalysisResult], *, copies: Sequence[Document] = (),
            added_at: dt.datetime | None = None) -> AddSummary:
        """Store a batch of results in one transaction (documents and their events together).

        A result whose document is already stored (same content hash) is not stored again;
        if it comes from another outlet or URL it is recorded as a copy, which raises the
        article, source and mention counts of its events. `copies` are more such documents,
        already analysed (so not re-analysed). Re-adding the same input changes nothing.
        A crash before the commit leaves the store as it was before the call.
        """
        if self.read_only:
            raise StoreError(f"the store {self.path!r} was opened read-only")
        when = added_at or dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
        stored = self.known([r.document.id for r in results] + [d.id for d in copies])
        fresh: list[AnalysisResult] = []
        others: list[Document] = []
        seen: set[str] = set()
        for result in results:
            doc_id = result.document.id
            if doc_id in stored or doc_id in seen:
                others.append(result.document)
            else:
                seen.add(doc_id)
                fresh.append(result)
        others.extend(d for d in copies if d.id in stored or d.id in seen)

        sigs = [stories.signature(r.document.text) for r in fresh]
        band_keys = [stories.bands(s) for s in sigs]
        story_ids = self._assign_stories(fresh, sigs, band_keys) if fresh else []
        tables = rows.empty_tables()
        touched: set[str] = set()
        for result, sig, keys, story in zip(fresh, sigs, band_keys, story_ids, strict=True):
            touched.update(rows.add_result(tables, result, story_id=story, signature=sig,
                                           band_keys=keys, added_at=when))
        copy_keys = {(r.document.id, r.document.source or "", r.document.url or "")
                     for r in fresh}
        fresh_copies = 0  # more copies of documents new in this batch
        for doc in others:
            key = (doc.id, doc.source or "", doc.url or "")
            if key not in copy_keys:
                copy_keys.add(key)
                rows.add_copy(tables, doc, added_at=when)
                fresh_copies += doc.id in seen
        copied_docs = sorted({d.id for d in others if d.id in stored})
        self.con.execute("BEGIN")
        try:
            events_before = self._count_events()
            before = self._count_copies(copied_docs)
            for name, columns in tables.items():
                if len(columns):
                    self._insert(name, columns.to_arrow(self._arrow_types[name]),
                                 ignore_existing=name == "copies")
            old_copies = self._count_copies(copied_docs) - before
            new_copies = old_copies + fresh_copies
            if old_copies:
                touched.update(r[0] for r in self.con.execute(
                    "SELECT DISTINCT event_id FROM mentions WHERE doc_id IN "
                    "(SELECT unnest($1::VARCHAR[]))", [copied_docs]).fetchall())
            if touched:
                self._recompute(sorted(touched))
            new_events = self._count_events() - events_before
            self.con.execute("COMMIT")
        except duckdb.Error as exc:
            self.con.execute("ROLLBACK")
            raise StoreError(f"writing to {self.path!r} failed: {exc}") from exc
        offered = len(results) + len(copies)
        return AddSummary(len(fresh), offered - len(fresh) - new_copies,
                          len(tables["mentions"]), len(touched), new_copies, new_events)

    def _count_events(self) -> int:
        return int(self.con.execute("SELECT count(*) FROM events").fetchall()[0][0])

    def _count_copies(self, doc_ids: list[str]) -> int:
        if not doc_ids:
            return 0
        found = self.con.execute("SELECT count(*) FROM copies WHERE doc_id IN "
                                 "(SELECT unnest($1::VARCHAR[]))", [doc_ids]).fetchall()
        return int(found[0][0])

    def _insert(self, table: str, data: pa.Table, *, ignore_existing: bool = False) -> None:
        view = f"_incoming_{table}"
        self.con.register(view, data)
        verb = "INSERT OR IGNORE" if ignore_existing else "INSERT"
        try:
            self.con.execute(f"{verb} INTO {table} SELECT * FROM {view}")
        finally:
            self.con.unregister(view)

    def _recompute(self, event_ids: list[str]) -> None:
        self.con.execute(_RECOMPUTE_EVENTS, {"ids": event_ids, "lead": rows.LEAD_SENTENCES})
        reviews.apply(self.con, event_ids)  # analysts' corrections survive any re-ingest

    # -- reviews ---------------------------------------------------------------------------

    def review(self, event_id: str, verdict: str, *, reviewer: str, reason: str = "",
               code: str | None = None, actor1: str | None = None, actor2: str | None = None,
               when: dt.datetime | None = None) -> dict[str, Any]:
        """Record an analyst's review of an event (see `multipolar.store.reviews`) and apply
        it to every view at once. `event_id` may be a unique prefix (MIN_ID_PREFIX chars)."""
        if self.read_only:
            raise StoreError(f"the store {self.path!r} was opened read-only")
        full = self.resolve_event_id(event_id, include_reviewed=True)
        if full is None:
            raise InvalidArgument(f"no event {event_id!r} in the store; list ids with "
                                  "`multipolar events --json`")
        checked = reviews.check(reviews.Review(full, verdict, reviewer, reason, code, actor1,
                                               actor2))
        self.con.execute("BEGIN")
        try:
            row = reviews.add(self.con, checked, when=when)
            self.con.execute("COMMIT")
        except Exception:
            self.con.execute("ROLLBACK")
            raise
        return row

    def reviews(self, *, limit: int | None = None) -> list[dict[str, Any]]:
        """Every review, newest first (JSON-ready dicts)."""
        return reviews.listing(self.con, limit=limit)

    def export_gold(self, path: str | Path) -> int:
        """Write the reviewed sentences as a gold file `multipolar eval` reads; return lines."""
        return reviews.write_gold(self.con, Path(path))

    def _assign_stories(self, results: Sequence[AnalysisResult], sigs: Sequence[np.ndarray],
                        band_keys: Sequence[list[int]]) -> list[str]:
        """Story id of each new document: that of a stored or earlier near-duplicate, or its own."""
        all_keys = sorted({k for keys in band_keys for k in keys})
        stored: dict[int, list[str]] = {}
        for band, doc_id in self.con.execute(
                "SELECT band, doc_id FROM story_bands WHERE band IN "
                "(SELECT unnest($1::BIGINT[]))", [all_keys]).fetchall():
            stored.setdefault(band, []).append(doc_id)
        candidate_ids = sorted({d for docs in stored.values() for d in docs})
        known: dict[str, stories.StoryCandidate] = {}
        if candidate_ids:
            for doc_id, story_id, minhash in self.con.execute(
                    "SELECT id, story_id, minhash FROM documents WHERE id IN "
                    "(SELECT unnest($1::VARCHAR[]))", [candidate_ids]).fetchall():
                known[doc_id] = stories.StoryCandidate(
                    doc_id, story_id, np.array(minhash, dtype=np.uint64))
        in_batch: dict[int, list[str]] = {}
        assigned: list[str] = []
        for result, sig, keys in zip(results, sigs, band_keys, strict=True):
            doc_id = result.document.id
            ids = {d for k in keys for d in stored.get(k, []) + in_batch.get(k, [])}
            story = stories.choose_story(doc_id, sig, [known[d] for d in ids if d in known])
            assigned.append(story)
            known[doc_id] = stories.StoryCandidate(doc_id, story, sig)
            for k in keys:
                in_batch.setdefault(k, []).append(doc_id)
        return assigned

    # -- queries ---------------------------------------------------------------------------

    def events(
        self,
        *,
        actor: str | None = None,
        dyad: tuple[str, str] | str | None = None,
        directed: bool = False,
        code: str | None = None,
        quad_class: int | None = None,
        modality: str | None = None,
        since: dt.date | str | None = None,
        until: dt.date | str | None = None,
        doc_id: str | None = None,
        historical: bool = True,
        opinion: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> Frame:
        """Deduplicated events matching every filter given, newest first.

        - `actor`: a code prefix matched on either side ("CHN" matches "CHNGOV").
        - `dyad`: ("CHN", "RUS") or "CHN:RUS": events between the two, in either direction
          (the one dyad rule of the CLI, API, Python API and dashboard); `directed=True`: only
          actor1 starting with the first and actor2 with the second.
        - `historical`: False leaves out events dated to a past year the text mentions.
        - `code`: a CAMEO code prefix ("04" = every consult event, "042" exactly 042 and below).
        - `since`/`until`: inclusive dates (ISO strings or dates).
        - `doc_id`: events with a mention in that document.
        - `opinion`: the sentence classifier's view of the events' mentions: "flagged" (it
          disagrees with a rule event's root, or sees no event), "classifier" (events it
          added), "agreed" (rule events it did not flag).
        """
        where, params = _event_filters(actor=actor, dyad=dyad, directed=directed,
                                       code=code, quad_class=quad_class, modality=modality,
                                       since=since, until=until, doc_id=doc_id,
                                       opinion=opinion)
        if not historical:
            where.append("NOT historical")
        condition = (" WHERE " + " AND ".join(where)) if where else ""
        order = " ORDER BY date DESC NULLS LAST, num_mentions DESC, id"
        page = ""
        if limit is not None:
            page += " LIMIT $limit"
            params["limit"] = _non_negative("limit", limit)
        if offset:
            page += " OFFSET $offset"
            params["offset"] = _non_negative("offset", offset)
        if page:
            # Find the page's rows on the filter and sort columns only, then read whole rows
            # for those: on 10M events this is several times faster than sorting whole rows.
            query = (f"SELECT * FROM events WHERE rowid IN (SELECT rowid FROM events"
                     f"{condition}{order}{page}){order}")
        else:
            query = f"SELECT * FROM events{condition}{order}"
        return Frame(self.con.sql(query, params=params))

    def mentions(self, *, event_id: str | None = None, doc_id: str | None = None) -> Frame:
        """Event mentions (one per sentence and dyad) of an event and/or a document."""
        where: list[str] = []
        params: dict[str, Any] = {}
        if event_id is not None:
            where.append("event_id = $event_id")
            params["event_id"] = event_id
        if doc_id is not None:
            where.append("doc_id = $doc_id")
            params["doc_id"] = doc_id
        query = "SELECT * FROM mentions"
        if where:
            query += " WHERE " + " AND ".join(where)
        return Frame(self.con.sql(query + " ORDER BY doc_id, idx, id", params=params))

    def documents(self, *, since: dt.date | str | None = None,
                  until: dt.date | str | None = None, story_id: str | None = None,
                  limit: int | None = None) -> Frame:
        """Stored documents (without their text and signature), oldest first."""
        where: list[str] = []
        params: dict[str, Any] = {}
        _bound_dates(where, params, "published", since, until)
        if story_id is not None:
            where.append("story_id = $story_id")
            params["story_id"] = story_id
        query = ("SELECT * EXCLUDE (text, minhash) FROM documents"
                 + (" WHERE " + " AND ".join(where) if where else "")
                 + " ORDER BY published NULLS LAST, id")
        if limit is not None:
            query += " LIMIT $limit"
            params["limit"] = _non_negative("limit", limit)
        return Frame(self.con.sql(query, params=params))

    def document_list(self, *, since: dt.date | str | None = None,
                      until: dt.date | str | None = None, limit: int = 50, offset: int = 0
                      ) -> tuple[int, list[dict[str, Any]]]:
        """(total, page) of stored documents, oldest first, each with its id, story, title,
        url, source, published, language, added_at and number of events (no text)."""
        where: list[str] = []
        params: dict[str, Any] = {}
        _bound_dates(where, params, "published", since, until)
        condition = (" WHERE " + " AND ".join(where)) if where else ""
        total = int(self.con.execute(f"SELECT count(*) FROM documents{condition}",
                                     params).fetchall()[0][0])
        params["limit"] = _non_negative("limit", limit)
        params["offset"] = _non_negative("offset", offset)
        page = Frame(self.con.sql(
            "SELECT d.id, d.story_id, d.title, d.url, d.source, d.published, d.language, "
            "d.n_chars, d.added_at, (SELECT count(DISTINCT m.event_id) FROM mentions m "
            "JOIN events e ON e.id = m.event_id WHERE m.doc_id = d.id) AS events "
            f"FROM documents d{condition.replace('published', 'd.published')} "
            "ORDER BY d.published NULLS LAST, d.id LIMIT $limit OFFSET $offset",
            params=params)).to_dicts()
        return total, page

    def table(self, name: str) -> Frame:
        """A whole table by name (one of `schema.TABLES`)."""
        if name not in schema.TABLES:
            raise StoreError(f"no table {name!r}; tables: {', '.join(schema.TABLES)}")
        return Frame(self.con.sql(f"SELECT * FROM {name}"))

    def sql(self, query: str, params: dict[str, Any] | Sequence[Any] | None = None) -> Frame:
        """Run your own SQL (pass values as `params`, never formatted into `query`)."""
        return Frame(self.con.sql(query, params=params))

    def document(self, doc_id: str) -> dict[str, Any] | None:
        """One document with everything found in it (a JSON-ready dict), or None.

        `doc_id` may be a unique prefix of the id (at least MIN_ID_PREFIX characters).
        """
        found = self.resolve_id(doc_id)
        if found is None:
            return None
        doc_id = found
        doc = Frame(self.con.sql("SELECT * EXCLUDE (minhash) FROM documents WHERE id = $id",
                                 params={"id": doc_id})).to_dicts()[0]
        doc["metadata"] = json.loads(doc["metadata"]) if doc["metadata"] else {}
        out: dict[str, Any] = {"document": plain(doc)}
        out["events"] = plain(self.events(doc_id=doc_id).to_dicts())
        out["mentions"] = plain(self.mentions(doc_id=doc_id).to_dicts())
        for table in schema.DOCUMENT_TABLES:
            out[table] = plain(Frame(self.con.sql(
                f"SELECT * EXCLUDE (doc_id) FROM {table} WHERE doc_id = $id ORDER BY idx",
                params={"id": doc_id})).to_dicts())
        out["copies"] = plain(Frame(self.con.sql(
            "SELECT source_key AS source, url_key AS url, title, published, added_at "
            "FROM copies WHERE doc_id = $id ORDER BY source_key, url_key",
            params={"id": doc_id})).to_dicts())
        out["story"] = [r["id"] for r in self.documents(story_id=doc["story_id"]).to_dicts()]
        return out

    def resolve_id(self, doc_id: str) -> str | None:
        """The full id of a stored document given its id or a unique prefix (at least
        MIN_ID_PREFIX characters; a shorter one is an InvalidArgument saying so)."""
        return self._resolve("documents", "document", doc_id)

    def resolve_event_id(self, event_id: str, *, include_reviewed: bool = False
                         ) -> str | None:
        """The full id of an event given its id or a unique prefix (the same rule).
        `include_reviewed`: also ids of events reviewed as 'not an event' (no longer in
        `events`)."""
        found = self._resolve("events", "event", event_id)
        if found is None and include_reviewed:
            found = self._resolve("reviews", "event", event_id, column="event_id")
        return found

    def _resolve(self, table: str, what: str, given: str, *, column: str = "id"
                 ) -> str | None:
        given = given.strip().lower()
        # `table` and `column` are ours, never user input; the value is a parameter
        exact = _first(self.con.execute(f"SELECT {column} FROM {table} WHERE {column} = ?",
                                        [given]))
        if exact:
            return str(exact[0])
        if len(given) < MIN_ID_PREFIX:
            raise InvalidArgument(f"{what} id prefix {given!r} is too short: give at least "
                                  f"{MIN_ID_PREFIX} characters of the id")
        found = self.con.execute(f"SELECT DISTINCT {column} FROM {table} "
                                 f"WHERE starts_with({column}, ?) LIMIT 2", [given]).fetchall()
        if len(found) > 1:
            raise InvalidArgument(f"{what} id prefix {given!r} is ambiguous; give more "
                                  "characters")
        return str(found[0][0]) if found else None

    def stats(self) -> dict[str, Any]:
        """Counts and ranges: documents, stories, events, mentions, dates, top actors/codes."""
        one = _first(self.con.execute("""
            SELECT (SELECT count(*) FROM documents), (SELECT count(DISTINCT story_id)
            FROM documents), (SELECT count(*) FROM events), (SELECT count(*) FROM mentions),
            (SELECT min(published) FROM documents), (SELECT max(published) FROM documents),
            (SELECT min(date) FROM events), (SELECT max(date) FROM events),
            (SELECT count(DISTINCT coalesce(nullif(source_key, ''), nullif(regexp_extract(
                url_key, '^[A-Za-z][A-Za-z0-9+.-]*://([^/?#]+)', 1), ''), doc_id))
             FROM copies),
            (SELECT count(*) FROM copies)
        """))
        assert one is not None
        out: dict[str, Any] = {
            "path": self.path, "documents": one[0], "stories": one[1], "events": one[2],
            "mentions": one[3], "sources": one[8], "articles": one[9],
            "published": {"min": _iso(one[4]), "max": _iso(one[5])},
            "event_dates": {"min": _iso(one[6]), "max": _iso(one[7])},
        }
        for table in schema.DOCUMENT_TABLES:
            out[table] = self.con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0]
        out["quad_classes"] = {str(q): n for q, n in self.con.execute(
            "SELECT quad_class, count(*) FROM events GROUP BY 1 ORDER BY 1").fetchall()}
        out["top_codes"] = [{"code": c, "label": label, "events": n} for c, label, n in
                            self.con.execute(
            "SELECT code, any_value(label), count(*) n FROM events GROUP BY code "
            "ORDER BY n DESC, code LIMIT 10").fetchall()]
        out["top_actors"] = [{"actor": a, "events": n} for a, n in self.con.execute("""
            SELECT actor, count(*) n FROM (
                SELECT actor1 AS actor FROM events WHERE actor1 IS NOT NULL
                UNION ALL SELECT actor2 FROM events WHERE actor2 IS NOT NULL)
            GROUP BY actor ORDER BY n DESC, actor LIMIT 10""").fetchall()]
        out["top_dyads"] = [{"actor1": a, "actor2": b, "events": n} for a, b, n in
                            self.con.execute("""
            SELECT actor1, actor2, count(*) n FROM events
            WHERE actor1 IS NOT NULL AND actor2 IS NOT NULL
            GROUP BY 1, 2 ORDER BY n DESC, 1, 2 LIMIT 10""").fetchall()]
        return out


def open_store(path: str | Path = DEFAULT_PATH, *, read_only: bool = False) -> Store:
    """Open (creating if needed) the event store at `path`."""
    if read_only and not Path(path).exists():
        raise StoreError(f"no store at {str(path)!r}; run `multipolar ingest` first or give "
                         "another --db file")
    return Store(path, read_only=read_only)


def _first(cursor: duckdb.DuckDBPyConnection) -> tuple[Any, ...] | None:
    """The first row of a result, fetching all of it (DuckDB 2 refuses new work on a
    connection while a result is only partly fetched)."""
    found = cursor.fetchall()
    return found[0] if found else None


def _plain_type(t: pa.DataType) -> pa.DataType:
    # DuckDB's JSON columns arrive as an Arrow extension type; we insert plain strings.
    if isinstance(t, pa.ExtensionType):
        return t.storage_type
    return t


def _bound_dates(where: list[str], params: dict[str, Any], column: str,
                 since: dt.date | str | None, until: dt.date | str | None) -> None:
    """Add `column` >= since and <= until to a query being built (values as parameters;
    `column` is one of ours, never user input)."""
    if since is not None:
        where.append(f"{column} >= $since")
        params["since"] = _date("since", since)
    if until is not None:
        where.append(f"{column} <= $until")
        params["until"] = _date("until", until)


def _date(name: str, value: dt.date | str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise StoreError(f"{name} date {value!r} is not YYYY-MM-DD") from None


def _non_negative(name: str, value: int) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise StoreError(f"{name} must be a non-negative integer, got {value!r}")
    return value


def _split_dyad(dyad: tuple[str, str] | str) -> tuple[str, str]:
    if isinstance(dyad, str):
        first, sep, second = dyad.partition(":")
        if not sep:
            raise StoreError(f"dyad {dyad!r} must be written A:B, e.g. CHN:RUS")
        dyad = (first, second)
    if len(dyad) != 2 or not all(isinstance(p, str) and p.strip() for p in dyad):
        raise StoreError(f"dyad {dyad!r} needs two actor codes, e.g. ('CHN', 'RUS')")
    return dyad[0].strip().upper(), dyad[1].strip().upper()


def _event_filters(*, actor: str | None, dyad: tuple[str, str] | str | None, directed: bool,
                   code: str | None, quad_class: int | None, modality: str | None,
                   since: dt.date | str | None, until: dt.date | str | None,
                   doc_id: str | None, opinion: str | None = None
                   ) -> tuple[list[str], dict[str, Any]]:
    where: list[str] = []
    params: dict[str, Any] = {}
    if actor:
        where.append("(starts_with(actor1, $actor) OR starts_with(actor2, $actor))")
        params["actor"] = actor.strip().upper()
    if dyad:
        a, b = _split_dyad(dyad)
        params["a"], params["b"] = a, b
        clause = "(starts_with(actor1, $a) AND starts_with(actor2, $b))"
        if not directed:
            clause = f"({clause} OR (starts_with(actor1, $b) AND starts_with(actor2, $a)))"
        where.append(clause)
    if code:
        if not code.isdigit():
            raise StoreError(f"CAMEO code {code!r} must be digits, e.g. 04 or 042")
        where.append("starts_with(code, $code)")
        params["code"] = code
    if quad_class is not None:
        if quad_class not in (1, 2, 3, 4):
            raise StoreError(f"quad class must be 1-4, got {quad_class!r}")
        where.append("quad_class = $quad")
        params["quad"] = quad_class
    if modality:
        where.append("modality = $modality")
        params["modality"] = modality
    _bound_dates(where, params, "date", since, until)
    if doc_id is not None:
        where.append("id IN (SELECT event_id FROM mentions WHERE doc_id = $doc_id)")
        params["doc_id"] = doc_id
    if opinion is not None:
        if opinion not in OPINIONS:
            raise StoreError(f"opinion must be one of {', '.join(OPINIONS)}, got {opinion!r}")
        where.append(f"id IN (SELECT event_id FROM mentions WHERE {OPINIONS[opinion]})")
    return where, params


# Filters on the sentence classifier's second opinion (Store.events(opinion=…)).
OPINIONS = {
    "flagged": "second_opinion IS NOT NULL",
    "classifier": "rule = 'classifier'",
    "agreed": "confidence IS NOT NULL AND second_opinion IS NULL AND rule <> 'classifier'",
}


def _iso(value: object) -> str | None:
    return value.isoformat() if isinstance(value, dt.date | dt.datetime) else None
