"""The throughput runs of `bench_search --throughput`: gunicorn, wrk, one figure each.

Every run of one call is made against the same gunicorn settings (the project's own
settings: persistent connections as in production, SEARCH_CACHE_SECONDS as given), so the
search is reported as a share of the minimal view measured in the same call.
"""

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from urllib.request import urlopen

from benchmarks import searches as bench
from benchmarks import stream as bench_stream
from search.cache import bump

# wrk gives up on a response after 2 s by default and sends the next request on a new
# connection, while the server still renders the abandoned one: slow pages would be counted
# as neither done nor pending. Nothing here is abandoned.
WRK_OPTIONS = ["--latency", "--timeout", "120s"]

CYCLE_LUA = """
local urls = {}
for line in io.lines("%(urls)s") do urls[#urls + 1] = line end
local i = 0
request = function()
  i = i %% #urls + 1
  return wrk.format("GET", urls[i])
end
"""


class Load:
    def __init__(self, port: int, workers: int, connections: int, write):
        self.wrk = shutil.which("wrk")
        if not self.wrk:
            raise RuntimeError("wrk introuvable : apt-get install wrk")
        self.port, self.workers, self.connections, self.write = port, workers, connections, write
        self.base = f"http://127.0.0.1:{port}"
        self.tmp = Path(tempfile.mkdtemp(prefix="bench-search-"))

    def close(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    @contextmanager
    def server(self, cache_seconds: int):
        env = {**os.environ, "SEARCH_CACHE_SECONDS": str(cache_seconds)}
        command = [sys.executable, "-m", "gunicorn", "benchmarks.wsgi:application"]
        command += ["--workers", str(self.workers), "--bind", f"127.0.0.1:{self.port}"]
        process = subprocess.Popen([*command, "--log-level", "warning"], env=env)
        try:
            for _ in range(150):
                try:
                    urlopen(f"{self.base}/bench/minimal/", timeout=1).read()
                    break
                except OSError:
                    time.sleep(0.2)
            # Each worker imports, connects and compiles its templates before timing starts:
            # searches that are not in any list (their cache entries are never read again).
            for i in range(4 * self.workers):
                urlopen(f"{self.base}/stages/?q=chauffage&page={i + 1}", timeout=60).read()
            yield
        finally:
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=30)

    def duration(self, target: list[str], seconds: int) -> float:
        """wrk for a fixed time (2 threads, as many connections as asked): requests/s."""
        warmup = [self.wrk, "-t2", "-c4", "-d3s", *target]
        subprocess.run(warmup, capture_output=True, check=True)
        command = [self.wrk, "-t2", f"-c{self.connections}", f"-d{seconds}s", *WRK_OPTIONS]
        out = subprocess.run([*command, *target], capture_output=True, text=True, check=True)
        self.write(out.stdout)
        return float(re.search(r"Requests/sec:\s*([\d.]+)", out.stdout).group(1))

    def cycle(self, urls: list[str], seconds: int) -> float:
        path = self.tmp / "cycle.txt"
        path.write_text("\n".join(urls) + "\n")
        script = self.tmp / "cycle.lua"
        script.write_text(CYCLE_LUA % {"urls": path})
        return self.duration(["-s", str(script), self.base], seconds)

    def stream(self, urls: list[str]) -> float:
        """The stream once, one wrk thread (one connection) per slice: requests/s.

        Stopped as soon as one thread has answered its whole slice, so every request timed
        is a request of the list, with every thread still busy.
        """
        path = self.tmp / "stream.txt"
        path.write_text("\n".join(urls) + "\n")
        marker = self.tmp / "slice-done-"
        for old in self.tmp.glob("slice-done-*"):
            old.unlink()
        script = self.tmp / "stream.lua"
        threads = self.connections
        values = {"urls": path, "threads": threads, "marker": marker}
        script.write_text(bench_stream.LUA % values)
        bump()  # a cold cache: every key of an earlier run is left behind
        time.sleep(1.2)  # each process re-reads the cache version within a second
        command = [self.wrk, f"-t{threads}", f"-c{threads}", "-d900s", *WRK_OPTIONS]
        process = subprocess.Popen(
            [*command, "-s", str(script), self.base], stdout=subprocess.PIPE, text=True
        )
        while process.poll() is None and not any(self.tmp.glob("slice-done-*")):
            time.sleep(0.02)
        process.send_signal(signal.SIGINT)
        out = process.communicate(timeout=60)[0]
        self.write(out)
        return float(re.search(r"Requests/sec:\s*([\d.]+)", out).group(1))

    def warm(self, paths: list[str]):
        started = time.monotonic()
        with ThreadPoolExecutor(max_workers=4) as pool:
            list(pool.map(lambda path: urlopen(self.base + path, timeout=60).read(), paths))
        self.write(f"Cache rempli : {len(paths)} URL en {time.monotonic() - started:.0f} s")


def throughput(options: dict, write) -> dict:
    """Minimal view and realistic stream (cold 60-s cache) in one server; then the options'.

    `stream_uncached`: the same stream with the caches off; `prefilled`: 1,200 URLs each
    requested first, 900-s lifetime (the former headline: a pre-filled cache, not traffic).
    """
    seconds = options["throughput"]
    load = Load(options["port"], options["workers"], options["connections"], write)
    urls = bench_stream.stream_urls(2000, options["stream_seed"])
    results = {"stream_urls": bench_stream.stream_stats(urls)}
    try:
        with load.server(cache_seconds=60):
            write("\nwrk, vue Django minimale :")
            results["minimal"] = load.duration([f"{load.base}/bench/minimal/"], seconds)
            write("wrk, flux réaliste, cache de 60 s froid au départ :")
            results["stream"] = load.stream(urls)
        if options["stream_uncached"]:
            with load.server(cache_seconds=0):
                write("wrk, flux réaliste, caches coupés :")
                results["stream_uncached"] = load.stream(urls)
        if options["prefilled"]:
            with load.server(cache_seconds=900):
                prefilled = bench.distinct_urls(1200)
                bump()
                time.sleep(1.2)
                load.warm(prefilled)
                write("wrk, cache pré-rempli (chaque URL demandée d'abord, durée de vie 900 s) :")
                results["prefilled"] = load.cycle(prefilled, seconds)
    finally:
        load.close()
    return results
