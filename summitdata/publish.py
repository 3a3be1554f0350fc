"""Versioned Parquet publication: immutable version folders and an atomically switched `latest`.

Layout under the published root:
    versions/<version_id>/<table>.parquet + manifest.json   (never modified once it appears)
    (version ids are `<sequence>-<UTC time>-<content hash>`, so they sort oldest first)
    latest.json   {"version_id": ...}: the pointer readers follow, replaced atomically
    latest -> versions/<version_id>   (a symlink for local readers, replaced atomically)
A version is written into a temporary folder, synced, renamed into place, and only then does
the pointer move, so a crash at any point leaves the previous version intact and current. On
object storage the same order holds: the version's objects are uploaded under their new
prefix first, the small pointer object last (see `summitdata.storage`).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from summitdata import database

TMP_PREFIX = ".tmp-"
POINTER = "latest.json"


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
    versions = root / "versions"
    return sorted(p.name for p in versions.iterdir() if p.is_dir()) if versions.exists() else []


def _export(db_path: Path, tables: list[TableSpec], target: Path) -> dict[str, dict]:
    entries = {}
    with database.connect(db_path, read_only=True) as con:
        for spec in tables:
            out = target / f"{spec.name}.parquet"
            con.execute(
                f"COPY (SELECT * FROM \"{spec.name}\" ORDER BY {spec.order_by}) TO '{out.as_posix()}' "
                "(FORMAT parquet, COMPRESSION zstd)"
            )
            schema = con.execute(f"DESCRIBE \"{spec.name}\"").fetchall()
            rows = con.execute(f"SELECT count(*) FROM \"{spec.name}\"").fetchone()[0]
            entries[spec.name] = {
                "rows": rows,
                "schema": [{"name": c[0], "type": c[1]} for c in schema],
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
) -> PublishResult:
    """Publish the warehouse tables as a new version unless their content equals the latest one.

    `provenance` (code version, git commit, run id) and `checks` (data-quality summary) go into
    the manifest; `finish` may add files (a report) to the version before it appears. Versions
    beyond the newest `keep` are pruned; the current one never is. `build` names what the tables
    come from (the warehouse build and the code that exports it): when the latest version was made
    from the same build, its content is the same and nothing is exported.
    """
    root.mkdir(parents=True, exist_ok=True)
    for stale in root.glob(f"{TMP_PREFIX}*"):
        if stale.is_dir() and not stale.is_symlink():
            shutil.rmtree(stale, ignore_errors=True)
        else:
            stale.unlink(missing_ok=True)
    parent = latest_manifest(root)
    if build is not None and parent is not None and parent.get("warehouse_build") == build:
        return PublishResult(parent["version_id"], False, root / "versions" / parent["version_id"], parent)
    tmp = root / f"{TMP_PREFIX}{os.getpid()}"
    tmp.mkdir()
    try:
        entries = _export(db_path, tables, tmp)
        if parent is not None and _content_key(parent["tables"]) == _content_key(entries):
            shutil.rmtree(tmp)
            return PublishResult(parent["version_id"], False, root / "versions" / parent["version_id"], parent)
        created = datetime.now(UTC)
        content = hashlib.sha256(json.dumps(_content_key(entries), sort_keys=True).encode()).hexdigest()
        sequence = int(parent["version_id"].split("-")[0]) + 1 if parent else 1
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
        if final.exists():  # left complete by a publication that crashed before moving `latest`
            shutil.rmtree(tmp)
        else:
            os.rename(tmp, final)
        _point_latest(root, final)
        prune(root, keep)
        return PublishResult(version_id, True, final, manifest)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def _point_latest(root: Path, version_dir: Path) -> None:
    pointer = root / f"{TMP_PREFIX}{POINTER}-{os.getpid()}"
    pointer.write_text(json.dumps({"version_id": version_dir.name}) + "\n")
    with open(pointer, "rb") as handle:
        os.fsync(handle.fileno())
    os.replace(pointer, root / POINTER)
    link = root / f"{TMP_PREFIX}latest-{os.getpid()}"
    link.unlink(missing_ok=True)
    link.symlink_to(version_dir.relative_to(root), target_is_directory=True)
    os.replace(link, root / "latest")
    _fsync_dir(root)


def prunable(versions: list[str], current: str | None, keep: int) -> list[str]:
    """The oldest versions beyond `keep`, never the current one."""
    return [v for v in sorted(versions)[:-keep] if v != current] if keep > 0 else []


def prune(root: Path, keep: int) -> list[str]:
    """Delete the oldest versions beyond `keep`, never the one `latest` points to."""
    removed = prunable(list_versions(root), latest_version(root), keep)
    for version in removed:
        shutil.rmtree(root / "versions" / version)
    return removed
