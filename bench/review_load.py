"""Concurrent reviewers against a real gunicorn (issue 11, item 2).

    .venv/bin/python bench/review_load.py --workers 1,2,4 --clients 8 --duration 60 \
        --database-url postgresql://postgres@127.0.0.1:5432/review_province
    .venv/bin/python bench/review_load.py --seed 3000 --workers 1 --duration 10 \
        --database-url postgresql://postgres@127.0.0.1:5432/review_load   # seeds it first

Runs ``gunicorn -c gunicorn.conf.py -w N wsgi:app`` for each N in --workers against a database
seeded by bench/seed_province.py (its manifest, bench/results/province-<backend>.json, names
the reviewers; ``--seed N`` seeds a fresh one of N applications first). C client threads, each
logged in as a reviewer of a DIFFERENT org (the largest county queue first, then counties,
supervising units and units with the most work), loop: inbox page of 20, inbox page of 100,
open the oldest task, complete it (pass), and search the application query for that
applicant's name (``--mix full``); ``--mix step`` is the issue's reviewer loop alone (inbox page
of 20, open, complete). Prints p50/p95/p99 per call, steps/s, requests/s, every worker's RSS
(VmRSS of the master's children) at start and end, and where the CPU went during the run (the
workers, PostgreSQL's processes, this client, the whole machine), and writes
bench/results/load-<backend>[-step].json. Timings on a shared machine are indicative.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import secrets
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from seed_province import RESULTS, seed_from_cli, write_manifest

ROOT = Path(__file__).resolve().parent.parent
CALLS = ("inbox_20", "inbox_100", "task_detail", "complete", "query")
MIXES = ("full", "step")
READY_TIMEOUT_S = 60
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


@dataclass
class Tally:
    """One client's samples per call, steps done and errors met."""

    samples: dict[str, list[float]] = field(default_factory=lambda: {c: [] for c in CALLS})
    steps: int = 0
    errors: list[str] = field(default_factory=list)
    empty_queue: bool = False


def percentile(ordered: list[float], p: float) -> float:
    """Nearest-rank percentile of sorted samples, in milliseconds."""
    return round(ordered[min(len(ordered) - 1, int(p * len(ordered)))] * 1e3, 2)


def summary(samples: list[float]) -> dict[str, Any]:
    ordered = sorted(samples)
    if not ordered:
        return {"n": 0}
    return {
        "n": len(ordered),
        "p50_ms": percentile(ordered, 0.50),
        "p95_ms": percentile(ordered, 0.95),
        "p99_ms": percentile(ordered, 0.99),
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def worker_pids(master: int) -> list[int]:
    """gunicorn's workers: the master's children."""
    children = Path(f"/proc/{master}/task/{master}/children")
    return sorted(int(pid) for pid in children.read_text().split()) if children.exists() else []


def rss_kb(pid: int) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU time a process has used so far (``/proc/<pid>/stat``)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def postgres_pids() -> list[int]:
    """PostgreSQL's server processes on this machine (backends, writers, autovacuum)."""
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if (entry / "comm").read_text().strip() == "postgres":
                    pids.append(int(entry.name))
            except OSError:
                continue
    return pids


def machine_ticks() -> tuple[int, int]:
    """(busy, total) CPU ticks of the whole machine since boot (``/proc/stat``)."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = values[3] + values[4]  # idle + iowait
    return sum(values) - idle, sum(values)


@dataclass
class CpuSnapshot:
    """CPU used so far by each party of a run: what bounds throughput on a small machine."""

    workers: dict[int, float]
    postgres: dict[int, float]
    client: float
    machine: tuple[int, int]

    @classmethod
    def take(cls, worker_ids: list[int]) -> CpuSnapshot:
        times = os.times()
        return cls(
            workers={pid: cpu_seconds(pid) or 0.0 for pid in worker_ids},
            postgres={pid: cpu_seconds(pid) or 0.0 for pid in postgres_pids()},
            client=times.user + times.system,
            machine=machine_ticks(),
        )

    def since(self, start: CpuSnapshot, elapsed: float) -> dict[str, Any]:
        """CPU seconds each party used between ``start`` and this snapshot, and how busy
        the machine's cores were (1.0 = every core busy the whole run). A process that
        started during the run counts whole; one that ended is lost (a recycled worker)."""

        def used(now: dict[int, float], before: dict[int, float]) -> float:
            return round(sum(t - before.get(pid, 0.0) for pid, t in now.items()), 2)

        busy = self.machine[0] - start.machine[0]
        total = self.machine[1] - start.machine[1]
        return {
            "workers_s": used(self.workers, start.workers),
            "postgres_s": used(self.postgres, start.postgres),
            "client_s": round(self.client - start.client, 2),
            "elapsed_s": round(elapsed, 2),
            "cores": os.cpu_count(),
            "machine_busy": round(busy / total, 3) if total else None,
        }


def start_gunicorn(workers: int, database_url: str, port: int, log: Path) -> subprocess.Popen:
    """gunicorn with the repo's settings and ``workers`` workers; returns once every worker
    answers (one request per worker is not guaranteed, so the RSS at start is after boot)."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SECRET_KEY": secrets.token_urlsafe(48),
        "WEB_CONCURRENCY": str(workers),
        "BIND": f"127.0.0.1:{port}",
    }
    gunicorn = Path(sys.executable).with_name("gunicorn")
    with log.open("ab") as out:
        process = subprocess.Popen(
            [str(gunicorn), "-c", "gunicorn.conf.py", "-w", str(workers), "wsgi:app"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_ready(process, workers, port, log)
    except BaseException:
        stop_gunicorn(process)
        raise
    return process


def wait_ready(process: subprocess.Popen, workers: int, port: int, log: Path) -> None:
    """Until the server answers and all its workers are up (a worker's first boot imports
    the app, several seconds on a busy machine)."""
    deadline = time.monotonic() + READY_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}:\n{tail(log)}")
        try:
            requests.get(f"http://127.0.0.1:{port}/api/auth/login", timeout=10)
            if len(worker_pids(process.pid)) >= workers:
                return
        except requests.RequestException:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"gunicorn did not answer within {READY_TIMEOUT_S} s:\n{tail(log)}")


def tail(log: Path) -> str:
    """The end of gunicorn's log (its directory goes away with the run)."""
    return log.read_text(encoding="utf-8", errors="replace")[-3000:]


def stop_gunicorn(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def pick_reviewers(manifest: dict[str, Any], clients: int) -> list[str]:
    """``clients`` usernames of different orgs: the largest county queue first, then the
    manifest's reviewers (counties, supervising units, units) by queue size."""
    ranked = sorted(
        (r for level in manifest["reviewers"].values() for r in level),
        key=lambda r: -r["ready_tasks"],
    )
    picked = [manifest["largest_queue"]["code"]]
    picked += [r["username"] for r in ranked if r["username"] not in picked]
    if len(picked) < clients:
        raise SystemExit(f"the manifest names {len(picked)} reviewers with work, {clients} asked")
    return picked[:clients]


class Client(threading.Thread):
    """One reviewer's loop over the API until the deadline (or its share of steps)."""

    def __init__(
        self, base: str, username: str, password: str, stop: dict[str, float], mix: str
    ) -> None:
        super().__init__(daemon=True)
        self.base, self.username, self.password, self.stop = base, username, password, stop
        self.full = mix == "full"
        self.tally = Tally()
        self.http = requests.Session()
        # A kept-alive connection stays with the worker that accepted it, and the 8 logins
        # arrive together, so one worker would serve every client while the others idle:
        # a connection per request lets whichever worker is free take it.
        self.http.headers["Connection"] = "close"

    def call(self, name: str, method: str, path: str, **kw: Any) -> dict[str, Any] | None:
        t0 = time.perf_counter()
        try:
            response = self.http.request(method, self.base + path, timeout=60, **kw)
        except requests.RequestException as exc:
            self.tally.errors.append(f"{name}: {exc}")
            return None
        elapsed = time.perf_counter() - t0
        if response.status_code != 200:
            self.tally.errors.append(f"{name} {path}: {response.status_code} {response.text[:200]}")
            return None
        self.tally.samples[name].append(elapsed)
        return response.json()

    def login(self) -> bool:
        for _ in range(5):
            response = self.http.post(
                self.base + "/api/auth/login",
                timeout=60,
                json={"username": self.username, "password": self.password},
            )
            if response.status_code == 200:
                self.http.headers["Authorization"] = f"Bearer {response.json()['token']}"
                return True
            time.sleep(1)
        self.tally.errors.append(
            f"login {self.username}: {response.status_code} {response.text[:200]}"
        )
        return False

    def done(self) -> bool:
        return time.monotonic() >= self.stop["deadline"] or (
            self.stop["steps"] > 0 and self.tally.steps >= self.stop["steps"]
        )

    def run(self) -> None:
        if not self.login():
            return
        while not self.done():
            if self.full:
                self.call("inbox_100", "GET", "/api/tasks?per_page=100")
            page = self.call("inbox_20", "GET", "/api/tasks?per_page=20")
            if page is None:
                continue
            if not page["items"]:
                self.tally.empty_queue = True
                self.call("query", "GET", "/api/applications?per_page=20")
                continue
            task = page["items"][0]
            self.call("task_detail", "GET", f"/api/tasks/{task['id']}")
            if (
                self.call(
                    "complete",
                    "POST",
                    f"/api/tasks/{task['id']}/complete",
                    json={"action": "pass", "comment": "同意"},
                )
                is not None
            ):
                self.tally.steps += 1
            if self.full:
                name = task["application"]["name"]
                self.call("query", "GET", "/api/applications", params={"per_page": 20, "q": name})


def run_workers(
    workers: int,
    database_url: str,
    manifest: dict[str, Any],
    clients: int,
    duration: float,
    steps: int,
    log: Path,
    mix: str = "full",
) -> dict[str, Any]:
    port = free_port()
    process = start_gunicorn(workers, database_url, port, log)
    try:
        pids = worker_pids(process.pid)
        rss_start = {pid: rss_kb(pid) for pid in pids}
        stop = {
            "deadline": time.monotonic() + (duration if not steps else 24 * 3600),
            "steps": -(-steps // clients) if steps else 0,
        }
        threads = [
            Client(f"http://127.0.0.1:{port}", username, manifest["password"], stop, mix)
            for username in pick_reviewers(manifest, clients)
        ]
        cpu_start = CpuSnapshot.take(pids)
        begin = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - begin
        end_pids = worker_pids(process.pid)
        cpu = CpuSnapshot.take(end_pids).since(cpu_start, elapsed)
        rss_end = {pid: rss_kb(pid) for pid in end_pids}
    finally:
        stop_gunicorn(process)
    calls = {name: summary([s for t in threads for s in t.tally.samples[name]]) for name in CALLS}
    requests_done = sum(c["n"] for c in calls.values())
    steps_done = sum(t.tally.steps for t in threads)
    errors = [e for t in threads for e in t.tally.errors]
    return {
        "workers": workers,
        "mix": mix,
        "clients": clients,
        "reviewers": [t.username for t in threads],
        "seconds": round(elapsed, 1),
        "steps": steps_done,
        "steps_per_s": round(steps_done / elapsed, 1),
        "requests_per_s": round(requests_done / elapsed, 1),
        "calls": calls,
        "errors": len(errors),
        "error_samples": errors[:10],
        "clients_with_empty_queue": sum(t.tally.empty_queue for t in threads),
        "cpu": cpu,
        "rss_kb": {
            "start": rss_start,
            "end": rss_end,
            "recycled": sorted(set(rss_start) ^ set(rss_end)),
        },
    }


def table(runs: list[dict[str, Any]]) -> str:
    lines = [
        "| workers | mix | call | n | p50 ms | p95 ms | p99 ms |",
        "|---|---|---|---|---|---|---|",
    ]
    for run in runs:
        for name, call in run["calls"].items():
            if call["n"]:
                lines.append(
                    f"| {run['workers']} | {run['mix']} | {name} | {call['n']} | {call['p50_ms']} "
                    f"| {call['p95_ms']} | {call['p99_ms']} |"
                )
    lines += [
        "",
        "| workers | mix | clients | steps/s | requests/s | errors | worker RSS start -> end (MB) |",
        "|---|---|---|---|---|---|---|",
    ]
    for run in runs:
        rss = run["rss_kb"]
        memory = ", ".join(
            f"{(rss['start'].get(pid) or 0) / 1024:.0f} -> {(rss['end'].get(pid) or 0) / 1024:.0f}"
            if pid in rss["end"]
            else f"{(rss['start'].get(pid) or 0) / 1024:.0f} -> (recycled)"
            for pid in rss["start"]
        )
        lines.append(
            f"| {run['workers']} | {run['mix']} | {run['clients']} | {run['steps_per_s']} "
            f"| {run['requests_per_s']} | {run['errors']} | {memory} |"
        )
    lines += [
        "",
        "| workers | mix | CPU s: workers | PostgreSQL | client | elapsed s | machine busy |",
        "|---|---|---|---|---|---|---|",
    ]
    for run in runs:
        cpu = run["cpu"]
        lines.append(
            f"| {run['workers']} | {run['mix']} | {cpu['workers_s']} | {cpu['postgres_s']} "
            f"| {cpu['client_s']} | {cpu['elapsed_s']} | {cpu['machine_busy']:.0%} "
            f"of {cpu['cores']} cores |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True, help="the seeded database")
    parser.add_argument("--workers", default="1,2,4", help="gunicorn worker counts, e.g. 1,2,4")
    parser.add_argument("--clients", type=int, default=8, help="concurrent reviewers")
    parser.add_argument(
        "--mix",
        choices=MIXES,
        default="full",
        help="full: inbox 100 + 20, detail, complete, query; step: inbox 20, detail, complete",
    )
    parser.add_argument("--duration", type=float, default=30.0, help="seconds per worker count")
    parser.add_argument(
        "--steps",
        type=int,
        default=0,
        help="stop after this many completed steps instead of --duration",
    )
    parser.add_argument(
        "--seed", type=int, default=0, help="seed a fresh province of this many applications first"
    )
    parser.add_argument("--admin-url", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument(
        "--manifest",
        type=Path,
        help="seed_province's manifest (default bench/results/province-<backend>.json)",
    )
    parser.add_argument("--results", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    backend = "postgresql" if args.database_url.startswith("postgresql") else "sqlite"
    if args.seed:
        manifest = seed_from_cli(
            args.seed, args.seed * 5, args.database_url, args.admin_url, args.results
        )
        write_manifest(manifest, args.results)
    else:
        path = args.manifest or args.results / f"province-{backend}.json"
        manifest = json.loads(path.read_text(encoding="utf-8"))
    runs = []
    with tempfile.TemporaryDirectory(prefix="review-load-") as tmp:
        log = Path(tmp) / "gunicorn.log"
        for workers in (int(w) for w in args.workers.split(",")):
            run = run_workers(
                workers,
                args.database_url,
                manifest,
                args.clients,
                args.duration,
                args.steps,
                log,
                args.mix,
            )
            print(
                f"workers={workers} mix={args.mix}: {run['steps_per_s']} steps/s, "
                f"{run['requests_per_s']} requests/s, {run['errors']} errors",
                file=sys.stderr,
                flush=True,
            )
            runs.append(run)
    report = {
        "backend": backend,
        "when": datetime.now().isoformat(timespec="seconds"),
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count()},
        "seeded": {
            "applications": manifest["applications"],
            "counts": manifest["counts"],
            "largest_queue": manifest["largest_queue"],
        },
        "runs": runs,
    }
    args.results.mkdir(parents=True, exist_ok=True)
    suffix = "" if args.mix == "full" else f"-{args.mix}"
    out = args.results / f"load-{backend}{suffix}.json"
    out.write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(table(runs))
    print(f"written to {out}")
    return 1 if any(run["errors"] for run in runs) else 0


if __name__ == "__main__":
    raise SystemExit(main())
