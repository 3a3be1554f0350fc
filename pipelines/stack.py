"""The distributed deployment on one machine: PostgreSQL, Redis, an S3 server, Celery workers, the daemon.

`make dev-distributed` and the distributed test start it with `Stack`; each service runs as a
child process in its own process group, with its state and log under one folder, and `stop()`
ends every process it started. In production the same settings point at managed services
instead (see the README).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path

import s3fs

POSTGRES_BIN_DIRS = sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)
DISTRIBUTED_YAML = Path(__file__).resolve().parent / "dagster.distributed.yaml"
CELERY_APP = "dagster_celery.app"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def postgres_bin(name: str) -> Path | None:
    found = next((d / name for d in POSTGRES_BIN_DIRS if (d / name).exists()), None)
    return found or (Path(p) if (p := shutil.which(name)) else None)


def missing_services() -> list[str]:
    """Programs the stack needs that this machine lacks (Debian: postgresql, redis-server)."""
    missing = [name for name in ("initdb", "pg_ctl") if postgres_bin(name) is None]
    return missing + ([] if shutil.which("redis-server") else ["redis-server"])


def _wait_for_port(port: int, process: subprocess.Popen, name: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{name} exited with code {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"{name} did not listen on port {port} within {timeout} s")


def group_alive(process: subprocess.Popen) -> bool:
    """Whether any process of the group that `process` leads is still there."""
    process.poll()  # reap the leader if it has ended
    try:
        os.killpg(process.pid, 0)
    except ProcessLookupError:
        return False
    return True


def _end_group(process: subprocess.Popen, first: signal.Signals, timeout: float = 30) -> None:
    """Signal `first` to the process group, then SIGKILL to whatever is left after `timeout` seconds."""
    with suppress(ProcessLookupError):
        os.killpg(process.pid, first)
    deadline = time.monotonic() + timeout
    while group_alive(process) and time.monotonic() < deadline:
        time.sleep(0.1)
    if group_alive(process):
        with suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


@dataclass
class Stack:
    """Services for a distributed run, with state and logs under `root`."""

    root: Path
    env: dict[str, str] = field(default_factory=dict)
    processes: list[tuple[str, subprocess.Popen]] = field(default_factory=list)
    scratch: list[Path] = field(default_factory=list)  # folders outside `root` to remove on stop

    def __post_init__(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        (self.root / "logs").mkdir(exist_ok=True)

    def _spawn(self, name: str, args: list[str], env: dict[str, str] | None = None,
               cwd: Path | None = None) -> subprocess.Popen:
        log = open(self.root / "logs" / f"{name}.log", "ab")  # noqa: SIM115 - the child owns it
        process = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=cwd,
                                   start_new_session=True)
        log.close()
        self.processes.append((name, process))
        return process

    def _as_postgres_user(self, args: list[str]) -> list[str]:
        """initdb and postgres refuse to run as root: run them as the `postgres` user then."""
        return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args

    def start_postgres(self) -> str:
        """An empty cluster on a free port; returns its URL.

        As root the cluster belongs to the `postgres` user, in a folder of its own under the
        system's temporary folder (the stack's folder may not be reachable for that user).
        """
        port = free_port()
        if os.geteuid() == 0:
            data = Path(tempfile.mkdtemp(prefix="summits-postgres-"))
            shutil.chown(data, "postgres")
            self.scratch.append(data)
        else:
            data = self.root / "postgres"
            data.mkdir()
        subprocess.run(self._as_postgres_user([str(postgres_bin("initdb")), "-D", str(data), "-U", "dagster",
                                               "--auth=trust", "-E", "UTF8"]), check=True, stdout=subprocess.DEVNULL)
        process = self._spawn("postgres", self._as_postgres_user([
            str(postgres_bin("postgres")), "-D", str(data), "-h", "127.0.0.1", "-p", str(port), "-k", str(data),
        ]))
        _wait_for_port(port, process, "postgres")
        url = f"postgresql+psycopg2://dagster@127.0.0.1:{port}/postgres"
        self.env["SUMMITS_PG_URL"] = url
        return url

    def start_redis(self) -> str:
        port = free_port()
        process = self._spawn("redis", ["redis-server", "--bind", "127.0.0.1", "--port", str(port),
                                        "--save", "", "--appendonly", "no", "--dir", str(self.root)])
        _wait_for_port(port, process, "redis")
        self.env["SUMMITS_CELERY_BROKER"] = f"redis://127.0.0.1:{port}/0"
        self.env["SUMMITS_CELERY_BACKEND"] = f"redis://127.0.0.1:{port}/1"
        return self.env["SUMMITS_CELERY_BROKER"]

    def start_s3(self, bucket: str = "summits") -> str:
        """An S3-compatible server (moto) with one bucket; returns the storage URI."""
        port = free_port()
        process = self._spawn("s3", [str(Path(sys.executable).parent / "moto_server"), "-H", "127.0.0.1",
                                     "-p", str(port)])
        _wait_for_port(port, process, "s3")
        self.env.update({
            "AWS_ENDPOINT_URL": f"http://127.0.0.1:{port}",
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_DEFAULT_REGION": "us-east-1",
        })
        s3fs.S3FileSystem(endpoint_url=self.env["AWS_ENDPOINT_URL"], key="testing", secret="testing").mkdir(bucket)
        self.env["SUMMITS_STORAGE"] = f"s3://{bucket}/summits"
        return self.env["SUMMITS_STORAGE"]

    def dagster_home(self) -> Path:
        """DAGSTER_HOME of the distributed instance (runs and events in PostgreSQL)."""
        home = self.root / "dagster_home"
        home.mkdir(exist_ok=True)
        shutil.copy(DISTRIBUTED_YAML, home / "dagster.yaml")
        self.env["DAGSTER_HOME"] = str(home)
        self.env["DAGSTER_DEPLOYMENT"] = "distributed"
        return home

    def process_env(self, **extra: str) -> dict[str, str]:
        return {**os.environ, **self.env, **extra}

    def start_worker(self, name: str, cwd: Path, concurrency: int = 1) -> subprocess.Popen:
        """A Celery worker running Dagster steps, with a cache folder of its own."""
        config_dir = self.root / "celery_config"
        config_dir.mkdir(exist_ok=True)
        (config_dir / "dagster_celery_config.py").write_text(
            f"broker_url = {self.env['SUMMITS_CELERY_BROKER']!r}\n"
            f"result_backend = {self.env['SUMMITS_CELERY_BACKEND']!r}\n"
            "worker_prefetch_multiplier = 1\n"
        )
        env = self.process_env(
            PYTHONPATH=os.pathsep.join([str(config_dir), str(cwd)]),
            SUMMITS_DATA_DIR=str(self.root / "workers" / name),
        )
        celery = str(Path(sys.executable).parent / "celery")
        return self._spawn(f"worker-{name}", [
            celery, "-A", CELERY_APP, "worker", "-Q", "dagster", "-n", f"{name}@%h", "--loglevel", "INFO",
            "--concurrency", str(concurrency), "--prefetch-multiplier", "1", "--without-gossip", "--without-mingle",
        ], env=env, cwd=cwd)

    def start_daemon(self, cwd: Path, workspace: Path) -> subprocess.Popen:
        env = self.process_env(SUMMITS_DATA_DIR=str(self.root / "workers" / "daemon"))
        return self._spawn("daemon", [str(Path(sys.executable).parent / "dagster-daemon"), "run",
                                      "-w", str(workspace)], env=env, cwd=cwd)

    def start_webserver(self, cwd: Path, workspace: Path, port: int) -> subprocess.Popen:
        env = self.process_env(SUMMITS_DATA_DIR=str(self.root / "workers" / "webserver"))
        process = self._spawn("webserver", [str(Path(sys.executable).parent / "dagster-webserver"), "-w",
                                            str(workspace), "-h", "127.0.0.1", "-p", str(port)], env=env, cwd=cwd)
        _wait_for_port(port, process, "webserver", timeout=120)
        return process

    def stop(self) -> None:
        """End every process started, newest first, with all its children; remove scratch folders."""
        for name, process in reversed(self.processes):
            # PostgreSQL's SIGTERM waits for clients to leave; SIGINT is its fast shutdown
            _end_group(process, signal.SIGINT if name == "postgres" else signal.SIGTERM)
        self.processes.clear()
        for folder in self.scratch:
            shutil.rmtree(folder, ignore_errors=True)
        self.scratch.clear()

    def __enter__(self) -> Stack:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()



def main() -> None:
    """`make dev-distributed`: the whole stack with the UI on port 3000, until Ctrl-C."""
    import argparse

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--root", type=Path, default=Path("data/distributed"))
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=3000)
    args = parser.parse_args()
    repo = Path.cwd()
    with Stack(args.root.resolve()) as stack:
        stack.start_postgres()
        stack.start_redis()
        stack.start_s3()
        stack.dagster_home()
        stack.env.setdefault("SUMMITS_WORKERS", "1")
        for i in range(args.workers):
            stack.start_worker(f"worker{i + 1}", repo)
        stack.start_daemon(repo, repo / "workspace.yaml")
        stack.start_webserver(repo, repo / "workspace.yaml", args.port)
        env_file = stack.root / "env.sh"
        env_file.write_text("".join(f"export {k}={v!r}\n" for k, v in sorted(stack.env.items())))
        print(f"UI: http://127.0.0.1:{args.port}   logs: {stack.root / 'logs'}\n"
              f"In another shell: source {env_file} && .venv/bin/summits backfill\nCtrl-C stops everything.")
        try:
            while all(p.poll() is None for _, p in stack.processes):
                time.sleep(1)
            print("a service stopped; see its log", file=sys.stderr)
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
