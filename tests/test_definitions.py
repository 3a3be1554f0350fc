from __future__ import annotations

from pathlib import Path

import dagster as dg

from pipelines.definitions import defs, inbox_sensor
from pipelines.resources import SummitSettings
from summitdata.steps.versions import (
    articles_version,
    exporter_version,
    extraction_version,
    summits_version,
    warehouse_version,
)


def test_definitions_load_with_job_schedule_sensor_and_checks() -> None:
    repo = defs.get_repository_def()
    keys = {k.to_user_string() for k in repo.asset_graph.get_all_asset_keys()}
    assert keys == {"raw_pages", "articles", "quotes", "events", "summits", "warehouse", "published_dataset"}
    check_keys = repo.asset_graph.asset_check_keys
    assert check_keys and all(k.asset_key.to_user_string() == "warehouse" for k in check_keys)
    blocking = {k.name: repo.asset_graph.get_check_spec(k).blocking for k in check_keys}
    assert blocking["quotes_correctness"] and not blocking["quotes_distribution"]
    assert all(v == name.endswith("_correctness") for name, v in blocking.items())
    assert defs.resolve_job_def("summit_job")
    schedule = defs.resolve_schedule_def("daily_summit_job")
    assert schedule.cron_schedule == "0 5 * * *"
    with dg.DagsterInstance.ephemeral() as instance:
        tick = schedule.evaluate_tick(dg.build_schedule_context(instance, repository_def=defs.get_repository_def()))
    shards = defs.get_repository_def().asset_graph.get(dg.AssetKey("articles")).partitions_def.get_partition_keys()
    assert tick.run_requests[0].tags["dagster/asset_partition_range_start"] == shards[0]
    assert tick.run_requests[0].tags["dagster/asset_partition_range_end"] == shards[-1]  # one run, every shard
    assert defs.resolve_sensor_def("inbox_sensor")


def test_each_asset_declares_the_code_version_of_its_stage() -> None:
    """The UI marks an asset stale when its stage's code version changes (the version its batches are
    filed under); raw_pages has none: new code does not make fetched pages stale."""
    graph = defs.get_repository_def().asset_graph
    versions = {k.to_user_string(): graph.get(k).code_version for k in graph.get_all_asset_keys()}
    assert versions == {
        "raw_pages": None,
        "articles": articles_version(),
        "quotes": extraction_version(),
        "events": extraction_version(),
        "summits": summits_version(),
        "warehouse": warehouse_version(),
        "published_dataset": exporter_version(),
    }


def test_inbox_sensor_requests_a_run_only_when_files_change(tmp_path: Path) -> None:
    settings = SummitSettings(data_dir=str(tmp_path))
    context = dg.build_sensor_context(resources={"settings": settings})
    assert isinstance(inbox_sensor(context), dg.SkipReason)
    (tmp_path / "inbox").mkdir()
    (tmp_path / "inbox" / "new.html").write_text("<html><p>news</p></html>")
    result = inbox_sensor(context)
    assert len(result.run_requests) == 1
    context = dg.build_sensor_context(resources={"settings": settings}, cursor=result.cursor)
    assert isinstance(inbox_sensor(context), dg.SkipReason)


def test_inbox_is_ingested_with_the_configured_sources(tmp_path: Path) -> None:
    (tmp_path / "inbox").mkdir()
    config = tmp_path / "sources.yaml"
    config.write_text("sources:\n  - {name: sample, type: directory, path: pages}\n")
    settings = SummitSettings(data_dir=str(tmp_path), sources_file=str(config))
    assert [s.name for s in settings.sources()] == ["sample", "inbox"]


DEPLOYMENT_PROBE = """
from pipelines.definitions import defs
job = defs.resolve_job_def("summit_job")
graph = defs.get_repository_def().asset_graph
node = graph.get(dg.AssetKey("articles"))
print(job.executor_def.name, node.partitions_def.get_partition_keys(), node.backfill_policy.max_partitions_per_run)
"""


def test_deployment_setting_chooses_executor_shards_and_backfill_policy() -> None:
    import os
    import subprocess
    import sys

    def probe(**env: str) -> str:
        result = subprocess.run([sys.executable, "-c", "import dagster as dg\n" + DEPLOYMENT_PROBE],
                                env={**os.environ, **env}, capture_output=True, text=True, check=True)
        return result.stdout.strip()

    local = probe(DAGSTER_DEPLOYMENT="local", SUMMITS_SHARDS="3")
    assert local == "multi_or_in_process_executor_with_lock ['0', '1', '2'] None"  # one run for any number of shards
    distributed = probe(DAGSTER_DEPLOYMENT="distributed", SUMMITS_SHARDS="12")
    assert distributed.startswith("celery ['00', '01',") and distributed.endswith("'11'] 1")
    bad = subprocess.run([sys.executable, "-c", "import pipelines.deployment"], capture_output=True, text=True,
                         env={**os.environ, "DAGSTER_DEPLOYMENT": "cluster"})
    assert bad.returncode != 0 and "DAGSTER_DEPLOYMENT must be one of" in bad.stderr


def test_the_summits_script_imports_no_dagster_so_its_workers_do_not_either() -> None:
    # fork-server workers re-import the main script of the process that starts them
    import subprocess
    import sys

    probe = ("import sys, pipelines.command, pipelines.arguments; "
             "print(sorted(m for m in ('dagster', 'pipelines.cli') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_summits_run_runs_summit_job_by_name(tmp_path: Path, monkeypatch) -> None:
    """In the UI's run history a `summits run` is a run of `summit_job` (it was `__ephemeral_asset_job__`)."""
    import shutil

    from pipelines.cli import main
    from tests.conftest import REPO, SAMPLE

    home = tmp_path / "dagster_home"
    home.mkdir()
    shutil.copy(REPO / "pipelines" / "dagster.yaml", home)
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    pages = tmp_path / "pages"
    pages.mkdir()
    for page in sorted(SAMPLE.glob("*.html"))[:2]:
        shutil.copy(page, pages)
    assert main(["run", "--input", str(pages), "--data-dir", str(tmp_path / "data"), "--workers", "1"]) == 0
    with dg.DagsterInstance.get() as instance:
        assert [run.job_name for run in instance.get_runs()] == ["summit_job"]
