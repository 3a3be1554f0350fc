"""The resources of a pipeline run: its configuration, and the process that runs the checks."""

from pathlib import Path

import dagster as dg
from pydantic import PrivateAttr

from summitdata.ingest.fetch.config import FetchConfig
from summitdata.ingest.sources import Source, load_fetch_config, load_sources, source_from_path
from summitdata.quality import Validator
from summitdata.store.layout import Layout


class SummitSettings(dg.ConfigurableResource):
    """Where data lives and what to ingest.

    `input_path` (a directory of pages or a file of URLs) replaces the sources file when set.
    The data directory's `inbox/` is always ingested too, so files dropped there are picked up.
    Fetch settings come from the `fetch:` section of the sources file (also with `input_path`);
    `progress_bar` shows each step as it starts and a bar over the pages fetched, cleaned and extracted, on
    stderr (the CLI sets it on a terminal; `assets.progress`).
    `storage` is the shared storage root as a URI (e.g. `s3://bucket/summits`); unset, the data
    directory is the storage, otherwise it is this process's working copy (`summitdata.store.storage`).
    """

    data_dir: str = "data"
    sources_file: str = "data/sources.yaml"
    input_path: str | None = None
    workers: int = 2
    batch_size: int = 200
    keep_versions: int = 10
    progress_bar: bool = False
    storage: str | None = None

    def layout(self) -> Layout:
        return Layout(Path(self.data_dir), self.storage)

    def sources(self) -> list[Source]:
        if self.input_path:
            configured = [source_from_path(Path(self.input_path))]
        else:
            configured = load_sources(Path(self.sources_file))
        inbox = self.layout().inbox
        if inbox.is_dir() and all(s.path is None or s.path.resolve() != inbox.resolve() for s in configured):
            configured.append(Source("inbox", "directory", inbox))
        return configured

    def fetch_config(self) -> FetchConfig:
        return load_fetch_config(Path(self.sources_file))


class QualityValidator(dg.ConfigurableResource):
    """The process that runs the warehouse's GX suites (`summitdata.quality.Validator`).

    It starts in the checks' step, or earlier with `start_early` when a step reports new data
    (`data_changed`, called by `articles` once it has cleaned new pages): worth it where a run's
    steps share one process (`summits run`), since Great Expectations' 5-6 s import then overlaps
    the extraction steps on the second core. A run with nothing new never starts it, and cleaning,
    the stage with the most worker memory, never runs beside it. The run's end waits for the Data Docs.
    """

    start_early: bool = False
    _validator: Validator | None = PrivateAttr(default=None)

    def data_changed(self) -> None:
        """A step has new data, so this run's checks will validate: start their process if starting early."""
        if self.start_early:
            self.validator()

    def validator(self) -> Validator:
        """The process, started now if it is not yet."""
        if self._validator is None:
            self._validator = Validator()
        return self._validator

    def teardown_after_execution(self, context: dg.InitResourceContext) -> None:
        if self._validator is not None:
            try:
                self._validator.close()
            except RuntimeError as exc:
                context.log.warning(str(exc))
