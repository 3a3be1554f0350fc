"""How many pages per second the crawler fetches from local servers while keeping per-host limits.

Starts one HTTP/1.1 server per loopback address (127.0.0.1, 127.0.0.2, ...: distinct host names, so
distinct per-domain limits), each serving --pages article pages, fetches them all into a temporary
store and prints pages/s. Not a test; no traffic leaves the machine. Example:

    .venv/bin/python bench/fetch_bench.py --hosts 4 --pages 250 --per-host-concurrency 2 --per-host-delay 0
"""

from __future__ import annotations

import argparse
import multiprocessing
import tempfile
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from multiprocessing.connection import Connection
from pathlib import Path

from summitdata.ingest import ingest
from summitdata.ingest.fetch.config import FetchConfig
from summitdata.ingest.rawstore import RawStore
from summitdata.ingest.sources import Source

LIFETIME = 600.0  # the server process stops by itself after this long


def article(host: int, page: int, size: int) -> bytes:
    paragraph = f"<p>Host {host} page {page}: the leaders met for talks on trade and security.</p>\n"
    body = paragraph * max(1, size // len(paragraph))
    return f"<!doctype html><html><head><title>Story {host}-{page}</title></head><body>{body}</body></html>".encode()


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # clients closing keep-alive connections are not news


def serve(addresses: list[str], size: int, conn: Connection) -> None:
    """Child process: one server per address; sends the ports, then the most requests seen in flight
    per host when asked (any message), and serves until LIFETIME is over or it is terminated."""
    active: Counter[str] = Counter()
    most: Counter[str] = Counter()
    lock = threading.Lock()

    def handler(address: str, host_index: int) -> type[BaseHTTPRequestHandler]:
        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive, as real servers
            disable_nagle_algorithm = True  # headers and body go out in two writes
            timeout = 10

            def do_GET(self) -> None:
                with lock:
                    active[address] += 1
                    most[address] = max(most[address], active[address])
                try:
                    if self.path.startswith("/story/"):
                        body, status = article(host_index, int(self.path.rsplit("/", 1)[1]), size), 200
                    else:
                        body, status = b"not found", 404
                    self.send_response(status)
                    self.send_header("Content-Type", "text/html; charset=utf-8")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                finally:
                    with lock:
                        active[address] -= 1

            def log_message(self, *args: object) -> None:
                pass

        return Handler

    servers = [QuietServer((a, 0), handler(a, i)) for i, a in enumerate(addresses)]
    for server in servers:
        threading.Thread(target=server.serve_forever, daemon=True).start()
    conn.send([s.server_address[1] for s in servers])
    if conn.poll(LIFETIME):
        conn.recv()
        conn.send(dict(most))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--hosts", type=int, default=4)
    parser.add_argument("--pages", type=int, default=250, help="pages per host")
    parser.add_argument("--page-bytes", type=int, default=20_000)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--per-host-concurrency", type=int, default=2)
    parser.add_argument("--per-host-delay", type=float, default=0.0)
    args = parser.parse_args()

    addresses = [f"127.0.0.{i + 1}" for i in range(args.hosts)]
    parent, child = multiprocessing.Pipe()
    server_process = multiprocessing.Process(target=serve, args=(addresses, args.page_bytes, child), daemon=True)
    server_process.start()  # a process of its own, so that the servers do not share the crawler's GIL
    if not parent.poll(30):
        server_process.terminate()
        raise SystemExit("the local servers did not start")
    ports = parent.recv()
    urls = [f"http://{a}:{port}/story/{p}" for p in range(args.pages) for a, port in zip(addresses, ports, strict=True)]
    config = FetchConfig(
        allow_networks=("127.0.0.0/8",), concurrency=args.concurrency,
        per_host_concurrency=args.per_host_concurrency, per_host_delay=args.per_host_delay,
    )
    try:
        with tempfile.TemporaryDirectory() as tmp:
            started = time.monotonic()
            pages, attempts = ingest.ingest([Source("bench", "urls", None, tuple(urls))], RawStore(Path(tmp)), {},
                                            "bench", config=config)
            elapsed = time.monotonic() - started
        parent.send("report")
        most = max(parent.recv().values())
    finally:
        server_process.terminate()
        server_process.join(5)
    outcomes = Counter(a.outcome for a in attempts)
    print(f"{len(pages)} pages from {args.hosts} hosts in {elapsed:.2f} s: {len(pages) / elapsed:.0f} pages/s "
          f"(concurrency {args.concurrency}, per host {args.per_host_concurrency} at once, "
          f"{args.per_host_delay:g} s between starts; most in flight on one host: {most}; outcomes {dict(outcomes)})")


if __name__ == "__main__":
    main()
