from __future__ import annotations

from pathlib import Path

import dagster as dg

from pipelines.definitions import defs, inbox_sensor
from pipelines.resources import SummitSettings


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
    assert defs.resolve_schedule_def("daily_summit_job").cron_schedule == "0 5 * * *"
    assert defs.resolve_sensor_def("inbox_sensor")


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
