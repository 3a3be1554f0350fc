"""The distributed deployment end to end: PostgreSQL, Redis, an S3 server, two Celery workers, the daemon.

A backfill of every shard of the sample corpus runs through the Celery executor into the bucket;
its published version must hold exactly what a local in-process run publishes from the same
input. Needs Debian's postgresql and redis-server (`.ci/run` installs them in CI).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pipelines.stack import Stack, group_alive, missing_services

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "data" / "sample"
BIN = Path(sys.executable).parent
SHARDS = "4"

pytestmark = pytest.mark.skipif(
    bool(missing_services()) and not os.environ.get("CI"),
    reason=f"the distributed deployment (PostgreSQL, Redis, Celery workers) is not tested: this machine lacks "
           f"{', '.join(missing_services())} (Debian: apt-get install postgresql redis-server)",
)


def content_key(manifest: dict) -> dict[str, list[str]]:
    return {t: [f["sha256"] for f in e["files"]] for t, e in manifest["tables"].items()}


def test_backfill_on_celery_workers_publishes_what_a_local_run_publishes(tmp_path: Path) -> None:
    local_env = {**os.environ, "DAGSTER_DEPLOYMENT": "local", "SUMMITS_SHARDS": SHARDS}
    local_env.pop("DAGSTER_HOME", None)
    local = subprocess.run([BIN / "summits", "run", "--input", SAMPLE, "--data-dir", tmp_path / "local"],
                           env=local_env, cwd=REPO, capture_output=True, text=True, timeout=600)
    assert local.returncode == 0, local.stderr[-3000:]
    expected = json.loads((tmp_path / "local" / "published" / "latest" / "manifest.json").read_text())

    stack = Stack(tmp_path / "stack")
    try:
        stack.start_postgres()
        stack.start_redis()
        storage = stack.start_s3()
        stack.dagster_home()
        stack.env.update(SUMMITS_SHARDS=SHARDS, SUMMITS_INPUT=str(SAMPLE), SUMMITS_WORKERS="1")
        workers = [stack.start_worker(name, REPO) for name in ("w1", "w2")]
        stack.start_daemon(REPO, REPO / "workspace.yaml")
        backfill = subprocess.run([BIN / "summits", "backfill", "--timeout", "900"], env=stack.process_env(),
                                  cwd=REPO, capture_output=True, text=True, timeout=1000)
        logs = {p.name: p.read_text(errors="replace") for p in (stack.root / "logs").glob("*.log")}
        assert backfill.returncode == 0, backfill.stdout + backfill.stderr[-3000:] + logs.get("daemon.log", "")[-3000:]
        assert f"COMPLETED_SUCCESS in {int(SHARDS) + 1} runs" in backfill.stdout  # a run per shard, then one after

        import s3fs

        fs = s3fs.S3FileSystem(endpoint_url=stack.env["AWS_ENDPOINT_URL"], key="testing", secret="testing")
        root = storage.removeprefix("s3://")
        version = json.loads(fs.cat(f"{root}/published/latest.json"))["version_id"]
        published = json.loads(fs.cat(f"{root}/published/versions/{version}/manifest.json"))
        assert content_key(published) == content_key(expected)
        assert {t: e["rows"] for t, e in published["tables"].items()} == {
            t: e["rows"] for t, e in expected["tables"].items()}
        for entry in published["tables"].values():
            assert fs.exists(f"{root}/published/versions/{version}/{entry['files'][0]['path']}")
        assert fs.exists(f"{root}/warehouse/summits.duckdb")
        # both workers ran steps, each from its own cache folder: they shared only the bucket
        for name in ("w1", "w2"):
            assert "succeeded" in logs[f"worker-{name}.log"], logs[f"worker-{name}.log"][-2000:]
        assert all((stack.root / "workers" / name / "store").is_dir() for name in ("w1", "w2"))
    finally:
        started = [p for _, p in stack.processes]
        stack.stop()
    assert len(started) == 6 and all(w in started for w in workers)
    assert not any(group_alive(p) for p in started)  # every process started, and its children, ended
