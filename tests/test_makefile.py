"""What `make` runs (read with `make -n`, which runs nothing): a first install that shows its progress, the
Dagster UI without `dagster dev`, and the dashboard bound to this machine only."""

from __future__ import annotations

import shutil
import subprocess
import tomllib

import pytest

from tests.conftest import REPO

if shutil.which("make") is None:
    pytest.skip("the Makefile's commands are not checked: `make` is not installed", allow_module_level=True)


def planned(target: str) -> str:
    """The commands `make` would run for `target` from scratch (`-B`: as on a fresh clone)."""
    return subprocess.run(["make", "-n", "-B", target], cwd=REPO, capture_output=True, text=True, check=True).stdout


def test_the_first_install_shows_its_progress() -> None:
    commands = planned("test")
    [install] = [line for line in commands.splitlines() if "-r requirements.lock" in line]
    assert "--quiet" not in install and "--progress-bar on" in install
    assert "Setting up .venv from requirements.lock" in commands


def test_make_dev_starts_the_webserver_and_the_daemon_not_dagster_dev() -> None:
    commands = planned("dev")
    assert "dagster dev" not in commands
    assert "dagster-daemon run -w workspace.yaml" in commands
    assert "dagster-webserver -w workspace.yaml -h 127.0.0.1 -p 3000" in commands
    assert "asset_graph_url" in commands  # it prints the asset graph's link with every group open


def test_make_dashboard_serves_on_this_machine_only() -> None:
    commands = planned("dashboard")
    assert "streamlit run dashboard/app.py --server.address 127.0.0.1" in commands
    config = tomllib.loads((REPO / ".streamlit" / "config.toml").read_text())
    assert config["server"]["address"] == "127.0.0.1" and config["browser"]["gatherUsageStats"] is False
