"""Where everything lives under a data directory."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from summitdata.store.storage import Mirror


@dataclass(frozen=True)
class Layout:
    """Paths of the generated data under one data directory.

    With a `storage` URI the data directory is a working copy of that shared root (see
    `summitdata.store.storage`); without one it is the storage itself.
    """

    root: Path
    storage: str | None = None

    @property
    def mirror(self) -> Mirror:
        return Mirror(self.root, self.storage)

    def rel(self, path: Path) -> str:
        """A path inside the data directory as the mirror names it."""
        return path.relative_to(self.root).as_posix()

    @property
    def store(self) -> Path:
        return self.root / "store"

    @property
    def raw(self) -> Path:
        """Content-addressed raw page bytes."""
        return self.store / "raw"

    @property
    def pages_index(self) -> Path:
        """The current page index: one row per (source, location) with its latest content."""
        return self.store / "pages.parquet"

    @property
    def fetch_log(self) -> Path:
        """One Parquet file per run listing every fetch attempt."""
        return self.store / "fetch_log"

    @property
    def batch_log(self) -> Path:
        """One Parquet file per run mapping the batches it made to the run id."""
        return self.store / "batch_log"

    @property
    def forget_log(self) -> Path:
        """One Parquet file per `summits forget`: the pages it removed."""
        return self.store / "forget_log"

    def stage_dir(self, stage: str, code_version: str) -> Path:
        """Batch Parquet files of one stage made by one code version, in one folder per shard."""
        return self.store / stage / code_version

    def shard_dir(self, stage: str, code_version: str, shard: str) -> Path:
        return self.stage_dir(stage, code_version) / shard

    @property
    def article_index(self) -> Path:
        """Article ids, primary page per URL and near-duplicate groups."""
        return self.store / "article_index.parquet"

    @property
    def summits(self) -> Path:
        """Summits clustered from all events."""
        return self.store / "summits.parquet"

    @property
    def summit_articles(self) -> Path:
        return self.store / "summit_articles.parquet"

    @property
    def summits_fingerprint(self) -> Path:
        """The inputs of the last article index and summits build (see `summitdata.steps.summits.build_summits`)."""
        return self.store / "summits.fingerprint"

    @property
    def warehouse(self) -> Path:
        return self.root / "warehouse" / "summits.duckdb"

    @property
    def quality(self) -> Path:
        return self.root / "quality"

    @property
    def checks_file(self) -> Path:
        """Check results of the current warehouse build."""
        return self.quality / "checks.json"

    @property
    def data_docs(self) -> Path:
        """Great Expectations Data Docs site."""
        return self.quality / "data_docs"

    @property
    def dq_results(self) -> Path:
        """One Parquet file of check results per run: the data-quality history."""
        return self.quality / "dq_results"

    @property
    def published_runs(self) -> Path:
        """One Parquet file per publishing run: which version its checked data became."""
        return self.quality / "published_runs"

    @property
    def published(self) -> Path:
        return self.root / "published"

    @property
    def inbox(self) -> Path:
        return self.root / "inbox"
