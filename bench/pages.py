"""Page speed and weight: every portal page, per role, on the demo data.

    .venv/bin/python bench/pages.py [--runs 30] [--max-pages 60] [--json out.json]

Starts `satudata serve` on a fresh demo data folder, signs in as each demo account
(and anonymous), crawls the portal's own links from the home page and the role's start
pages, and requests each page --runs times. It reports the server's own time
(`Server-Timing: app;dur=…`, what F4's "< 150 ms at p95" is about) and the page weight
(HTML plus its stylesheets and scripts, before charts). No peer tool here serves the same
pages; the targets are absolute (F4): p95 < 150 ms, weight < 1 MB.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpx

from satudata.config import Settings
from satudata.demo.people import DEMO_PASSWORD, DEMO_PEOPLE
from satudata.demo.service import load_demo
from satudata.runtime import Runtime

SKIP = re.compile(r"^/(keluar|bahasa/|static/|docs|redoc|openapi\.json)|/download|/annotated|/api/"
                  r"|/unduh|\.(xlsx|csv|pdf)$")
START = {"anonymous": ["/"], "producer": ["/", "/saya", "/kepatuhan"],
         "custodian": ["/", "/walidata", "/kepatuhan", "/kepatuhan/daftar", "/kepatuhan/laporan"],
         "steward": ["/", "/walidata"], "leader": ["/", "/kepatuhan"],
         "admin": ["/", "/saya", "/walidata"]}  # fmt: skip


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(data_dir: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = {**os.environ, "SATUDATA_DATA_DIR": str(data_dir)}
    server = subprocess.Popen([sys.executable, "-m", "satudata", "serve", "--port", str(port)],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    for _ in range(150):
        try:
            if httpx.get(url + "/api/v1/datasets", timeout=1).status_code == 200:
                return server, url
        except httpx.HTTPError:
            time.sleep(0.2)
    raise RuntimeError("the server did not start")


def sign_in(client: httpx.Client, email: str) -> None:
    response = client.post("/masuk", data={"email": email, "password": DEMO_PASSWORD, "next": "/"})
    if response.status_code != 303:
        raise RuntimeError(f"sign-in failed for {email}: {response.status_code}")


def links(html: str, base: str) -> list[str]:
    found = []
    for href in re.findall(r'href="([^"#]+)"', html):
        path = urlsplit(urljoin(base, href.replace("&amp;", "&")))
        if path.netloc == urlsplit(base).netloc and not SKIP.search(path.path):
            found.append(path.path + (f"?{path.query}" if path.query else ""))
    return found


def weight(client: httpx.Client, html: str) -> int:
    total = len(html.encode())
    for asset in set(re.findall(r'(?:href|src)="(/static/[^"]+)"', html)):
        total += len(client.get(asset).content)
    return total


PER_SHAPE = 3  # pages of one kind measured per role: /cari?tag=… has dozens of links


def shape(path: str) -> str:
    """Return a page's kind: its path with slugs and numbers generalised, query left out."""
    return re.sub(r"/[^/]*[-\d][^/]*", "/*", urlsplit(path).path)


def crawl(client: httpx.Client, starts: list[str], limit: int) -> list[str]:
    seen: list[str] = []
    kinds: dict[str, int] = {}
    queue = list(starts)
    while queue and len(seen) < limit:
        path = queue.pop(0)
        if path in seen or kinds.get(shape(path), 0) >= PER_SHAPE:
            continue
        kinds[shape(path)] = kinds.get(shape(path), 0) + 1
        response = client.get(path)
        if response.status_code != 200 or "text/html" not in response.headers.get(
            "content-type", ""
        ):
            continue
        seen.append(path)
        queue.extend(p for p in links(response.text, str(client.base_url)) if p not in seen)
    return seen


def measure(client: httpx.Client, path: str, runs: int) -> dict[str, Any]:
    times = []
    html = ""
    for _ in range(runs):
        response = client.get(path)
        timing = response.headers.get("server-timing", "")
        match = re.search(r"dur=([\d.]+)", timing)
        if match:
            times.append(float(match.group(1)))
        html = response.text
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return {"path": path, "median_ms": statistics.median(times), "p95_ms": p95,
            "weight_kb": weight(client, html) / 1024}  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--max-pages", type=int, default=60, help="pages per role")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp)
        runtime = Runtime(Settings(data_dir=data_dir))
        runtime.init()
        load_demo(runtime)
        runtime.engine.dispose()
        server, url = start_server(data_dir)
        results: list[dict[str, Any]] = []
        try:
            accounts = {"anonymous": None} | {role: email for email, _, role, _ in DEMO_PEOPLE}
            for role, email in accounts.items():
                with httpx.Client(base_url=url, timeout=30) as client:
                    if email:
                        sign_in(client, email)
                    for path in crawl(client, START.get(role, ["/"]), args.max_pages):
                        results.append({"role": role, **measure(client, path, args.runs)})
        finally:
            server.terminate()
            server.wait(timeout=20)
    worst = max(results, key=lambda r: r["p95_ms"])
    heaviest = max(results, key=lambda r: r["weight_kb"])
    print(f"{len(results)} pages (role × page), {args.runs} requests each")
    print(f"{'role':10} {'p50 ms':>7} {'p95 ms':>7} {'KB':>7}  page")
    for r in sorted(results, key=lambda r: -r["p95_ms"])[:25]:
        print(
            f"{r['role']:10} {r['median_ms']:7.1f} {r['p95_ms']:7.1f} {r['weight_kb']:7.1f}  {r['path']}"
        )
    print(f"slowest p95: {worst['p95_ms']:.1f} ms ({worst['role']} {worst['path']}): "
          f"{'PASS' if worst['p95_ms'] < 150 else 'FAIL'} (< 150 ms)")  # fmt: skip
    print(f"heaviest: {heaviest['weight_kb']:.0f} KB ({heaviest['path']}): "
          f"{'PASS' if heaviest['weight_kb'] < 1024 else 'FAIL'} (< 1 MB)")  # fmt: skip
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
