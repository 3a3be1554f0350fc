"""Versioned Parquet publication: immutable version folders and an atomically switched `latest`.

Layout under the published root:
    versions/<version_id>/<table>.parquet + manifest.json   (never modified once it appears)
    (version ids are `<sequence>-<UTC time>-<content hash>`, so they sort oldest first; sequence
    numbers are unique: one more than the highest of any version folder)
    latest.json   {"version_id": ...}: the pointer readers follow, the one source of truth, written last
    latest -> versions/<version_id>   (a symlink for local readers, a view of latest.json)
A version is written into a temporary folder, synced, renamed into place; then the symlink moves
and the pointer last. A crash at any point leaves the previous version current for readers of
`latest.json`, and `repair` (at the start of every run and of every publication) finishes or undoes
what the crash left: a complete version renamed into place after the current one is adopted, any
other version newer than the pointer is removed, and the symlink is set from the pointer. On object
storage the same order holds: the version's objects are uploaded under their new prefix first,
the small pointer object last (see `summitdata.store.storage`).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from summitdata.quality.policy import DEPENDENTS, KEYS, key_sql
from summitdata.run.faults import crash_point
from summitdata.store import database
from summitdata.store.tempfiles import removed_on_error, sweep, temp_path, write_atomic

POINTER = "latest.json"
LINK = "latest"
ROW_GROUP = 122_880  # rows per Parquet row group, DuckDB's own
QUARANTINE = "quarantine"  # the published table of quarantined rows (see `summitdata.quality.policy`)
QUARANTINE_SCHEMA = pa.schema([
    ("table_name", pa.string()),
    ("row_key", pa.string()),
    ("rule", pa.string()),
    ("failing_values", pa.string()),  # JSON
    ("run_id", pa.string()),
])


@dataclass(frozen=True)
class TableSpec:
    """A published table and the columns that order its rows (so its file is deterministic)."""

    name: str
    order_by: str


@dataclass(frozen=True)
class PublishResult:
    version_id: str
    created: bool  # False when the content equalled the latest version
    path: Path
    manifest: dict


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def latest_version(root: Path) -> str | None:
    """The id of the current version, or None before the first publication."""
    pointer = root / POINTER
    return json.loads(pointer.read_text())["version_id"] if pointer.exists() else None


def latest_manifest(root: Path) -> dict | None:
    """The manifest of the current version, or None before the first publication."""
    version = latest_version(root)
    return json.loads((root / "versions" / version / "manifest.json").read_text()) if version else None


def list_versions(root: Path) -> list[str]:
    """Ids of the version folders, oldest first (temporary folders left out)."""
    versions = root / "versions"
    if not versions.exists():
        return []
    return sorted(p.name for p in versions.iterdir() if p.is_dir() and not p.name.startswith("."))


def _sequence(version_id: str) -> int:
    head = version_id.split("-")[0]
    return int(head) if head.isdigit() else 0


def _complete(version_dir: Path) -> dict | None:
    """The manifest of a version folder whose every file is there with its recorded sha256, else None."""
    try:
        manifest = json.loads((version_dir / "manifest.json").read_text())
        files = [f for entry in manifest["tables"].values() for f in entry["files"]]
        if all(_sha256_file(version_dir / f["path"]) == f["sha256"] for f in files):
            return manifest
    except (OSError, ValueError, KeyError, TypeError):
        pass
    return None


def repair(root: Path) -> list[str]:
    """Make the published root consistent again after a crash; return one note per change.

    Versions newer than the pointer were left by a publication that did not finish. Such a version
    is adopted (the pointer moves to it) when it is complete and its parent is the current version,
    as the crashed publication would have done; any other is removed. Then the `latest` symlink is
    set from the pointer, the one source of truth.
    """
    notes = []
    current = latest_version(root)
    orphans = [v for v in list_versions(root) if current is None or _sequence(v) > _sequence(current)]
    for version in orphans:
        manifest = _complete(root / "versions" / version)
        if manifest is not None and manifest.get("parent_version") == current:
            _write_pointer(root, version)
            current = version
            notes.append(f"adopted version {version}, complete but not yet pointed at")
    if current is not None and _link_target(root) != current:
        _write_link(root, current)
        notes.append(f"pointed the latest symlink at {current}, as latest.json says")
    for version in orphans:
        if _sequence(version) > _sequence(current or "0"):
            _remove_version(root, version)
            notes.append(f"removed version {version}, left incomplete or off the line of latest.json")
    return notes


def _link_target(root: Path) -> str | None:
    try:
        return Path(os.readlink(root / LINK)).name
    except OSError:
        return None


def _write_table(con: duckdb.DuckDBPyConnection, spec: TableSpec, where: str, not_null: set[str], out: Path) -> None:
    """Write a table's rows (those `where` keeps) in key order to one Parquet file whose columns the warehouse
    declares NOT NULL are required fields (DuckDB's own COPY writes every column as optional), in batches."""
    query = f'SELECT * FROM "{spec.name}" t {where} ORDER BY {spec.order_by}'
    reader = con.execute(query).to_arrow_reader(ROW_GROUP)
    schema = pa.schema([f.with_nullable(f.name not in not_null) for f in reader.schema])
    with pq.ParquetWriter(out, schema, compression="zstd") as writer:
        for batch in reader:
            writer.write_batch(pa.RecordBatch.from_arrays(batch.columns, schema=schema), row_group_size=ROW_GROUP)


def _quarantine_sql(tables: set[str]) -> str:
    """SQL: the quarantined rows (registered as `quarantine_direct`) plus the rows of the other
    published `tables` that refer to one of them (`policy.DEPENDENTS`)."""
    parts = ["SELECT * FROM quarantine_direct"]
    for parent, children in DEPENDENTS.items():
        for child, column in children:
            if child not in tables:
                continue
            parts.append(
                f"SELECT DISTINCT '{child}', {key_sql(child)}, 'refers to a quarantined {parent} row ({column})', "
                f"json_object('{column}', t.\"{column}\")::VARCHAR, d.run_id FROM \"{child}\" t "
                f"JOIN quarantine_direct d ON d.table_name = '{parent}' AND d.row_key = CAST(t.\"{column}\" AS VARCHAR)"
            )
    return " UNION ".join(parts)


def _export(db_path: Path, tables: list[TableSpec], target: Path, quarantine: list[dict] | None) -> dict[str, dict]:
    """Write each table's file; with a `quarantine`, its rows (and their dependents) are left out of
    the tables and written as the `quarantine` table."""
    entries = {}
    with database.connect(db_path, read_only=True) as con:
        specs = list(tables)
        if quarantine is not None:
            rows = [dict(r, failing_values=json.dumps(r["failing_values"], sort_keys=True)) for r in quarantine]
            con.register("quarantine_direct", pa.Table.from_pylist(rows, schema=QUARANTINE_SCHEMA))
            full = con.execute(_quarantine_sql({spec.name for spec in specs})).to_arrow_table()
            con.register(QUARANTINE, full.cast(QUARANTINE_SCHEMA))
            specs.append(TableSpec(QUARANTINE, "table_name, row_key, rule"))
        for spec in specs:
            out = target / f"{spec.name}.parquet"
            kept = ""
            if quarantine is not None and spec.name in KEYS:
                kept = (f"WHERE NOT EXISTS (SELECT 1 FROM {QUARANTINE} q WHERE q.table_name = '{spec.name}' "
                        f"AND q.row_key = {key_sql(spec.name)})")
            schema = con.execute(f"DESCRIBE \"{spec.name}\"").fetchall()
            _write_table(con, spec, kept, {c[0] for c in schema if c[2] == "NO"}, out)
            rows = con.execute(f"SELECT count(*) FROM read_parquet('{out.as_posix()}')").fetchone()[0]
            entries[spec.name] = {
                "rows": rows,
                "schema": [{"name": c[0], "type": c[1], "nullable": c[2] == "YES"} for c in schema],
                "files": [{"path": out.name, "sha256": _sha256_file(out), "bytes": out.stat().st_size}],
            }
    return entries


def _content_key(tables: dict[str, dict]) -> dict[str, list[str]]:
    return {name: [f["sha256"] for f in entry["files"]] for name, entry in tables.items()}


def publish(
    db_path: Path,
    root: Path,
    tables: list[TableSpec],
    provenance: dict,
    keep: int = 10,
    checks: dict | None = None,
    finish: Callable[[Path], object] | None = None,
    build: str | None = None,
    taken: Sequence[str] = (),
    quarantine: list[dict] | None = None,
) -> PublishResult:
    """Publish the warehouse tables as a new version unless their content equals the latest one.

    `provenance` (code version, git commit, run id) and `checks` (data-quality summary) go into
    the manifest; `finish` may add files (a report) to the version before it appears. Versions
    beyond the newest `keep` are pruned; the current one never is. `build` names what the tables
    come from (the warehouse build and the code that exports it): when the latest version was made
    from the same build, its content is the same and nothing is exported. `taken` are version ids
    that exist elsewhere (on the storage root), whose sequence numbers a new version must not reuse.
    `quarantine` rows (table_name, row_key, rule, failing_values, run_id) are left out of their tables
    and published as the `quarantine` table, with the rows that refer to them.
    """
    root.mkdir(parents=True, exist_ok=True)
    sweep([root])
    repair(root)
    parent = latest_manifest(root)
    if build is not None and parent is not None and parent.get("warehouse_build") == build:
        return PublishResult(parent["version_id"], False, root / "versions" / parent["version_id"], parent)
    tmp = temp_path(root / "version")
    tmp.mkdir()
    with removed_on_error(tmp):
        entries = _export(db_path, tables, tmp, quarantine)
        if parent is not None and _content_key(parent["tables"]) == _content_key(entries):
            shutil.rmtree(tmp)
            return PublishResult(parent["version_id"], False, root / "versions" / parent["version_id"], parent)
        created = datetime.now(UTC)
        content = hashlib.sha256(json.dumps(_content_key(entries), sort_keys=True).encode()).hexdigest()
        sequence = max(map(_sequence, [*list_versions(root), *taken]), default=0) + 1
        version_id = f"{sequence:06d}-{created:%Y%m%dT%H%M%SZ}-{content[:8]}"
        manifest = {
            "version_id": version_id,
            "created_at": created.isoformat(timespec="seconds"),
            "parent_version": parent["version_id"] if parent else None,
            "warehouse_build": build,
            **provenance,
            "tables": entries,
            "checks": checks or {},
        }
        (tmp / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
        if finish is not None:
            finish(tmp)
        for path in tmp.iterdir():
            with open(path, "rb") as handle:
                os.fsync(handle.fileno())
        _fsync_dir(tmp)
        final = root / "versions" / version_id
        final.parent.mkdir(exist_ok=True)
        os.rename(tmp, final)
    _fsync_dir(final.parent)
    crash_point("publish:renamed")
    _write_link(root, version_id)
    crash_point("publish:linked")
    _write_pointer(root, version_id)
    prune(root, keep)
    return PublishResult(version_id, True, final, manifest)


def _write_link(root: Path, version_id: str) -> None:
    """Switch the `latest` symlink to a version atomically (a new link renamed over the old one)."""
    link = temp_path(root / LINK)
    link.unlink(missing_ok=True)
    link.symlink_to(Path("versions") / version_id, target_is_directory=True)
    with removed_on_error(link):
        os.replace(link, root / LINK)
    _fsync_dir(root)


def _write_pointer(root: Path, version_id: str) -> None:
    """Switch `latest.json`, the source of truth, to a version atomically and durably."""
    write_atomic(root / POINTER, json.dumps({"version_id": version_id}) + "\n", sync=True)
    _fsync_dir(root)


def _remove_version(root: Path, version: str) -> None:
    """Remove a version folder: renamed to a temporary name first, so a crash half-way leaves no half version."""
    doomed = temp_path(root / "versions" / version)
    os.rename(root / "versions" / version, doomed)
    shutil.rmtree(doomed)


def prunable(versions: list[str], current: str | None, keep: int) -> list[str]:
    """The oldest versions beyond `keep`, never the current one."""
    return [v for v in sorted(versions)[:-keep] if v != current] if keep > 0 else []


def prune(root: Path, keep: int) -> list[str]:
    """Delete the oldest versions beyond `keep`, never the one `latest` points to."""
    removed = prunable(list_versions(root), latest_version(root), keep)
    for version in removed:
        _remove_version(root, version)
    return removed
