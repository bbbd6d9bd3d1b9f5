#!/usr/bin/env python3
"""Scaling of every rule: each rule's trigger pattern repeated 1x, 10x and 100x (BASE, 10*BASE,
100*BASE units), run through `dfopt --check --unsafe-fixes` with every rule on; prints a
Markdown table of seconds, peak memory and the 100x/1x time ratio (linear is about 100; fixed
costs make small inputs relatively dearer, so linear shows as at most 100).

usage: bench/scaling/run.py [DFOPT] [--base N] [--only DF111,mixed] [--out bench/scaling/RESULTS.md]
"""
import argparse
import os
import subprocess
import sys
import tempfile
import time

# (name, first line or "", unit with {i}); a unit is repeated with i = 0, 1, 2, ...
PATTERNS = [
    ("DF101", "FROM debian:bookworm", "RUN apt-get update\nRUN apt-get install -y p{i}\nUSER u{i}\n"),
    ("DF102", "FROM debian:bookworm", "RUN echo a{i}\nRUN echo b{i}\n"),
    ("DF103", "FROM debian:bookworm", "RUN cd d{i} && make\n"),
    ("DF110", "FROM debian:bookworm", "RUN apt-get install p{i}\nUSER u{i}\n"),
    ("DF111", "FROM debian:bookworm", "RUN apt-get update && apt-get install -y p{i}\nUSER u{i}\n"),
    ("DF112", "FROM debian:bookworm", "RUN apt-get update && apt-get install -y p{i} && rm -rf /var/lib/apt/lists/*\nUSER u{i}\n"),
    ("DF113", "FROM debian:bookworm", "RUN apt update && apt install -y p{i}\nUSER u{i}\n"),
    ("DF114", "FROM python:3.12", "RUN pip install p{i}\nUSER u{i}\n"),
    ("DF115", "FROM alpine:3.19", "RUN apk add p{i}\nUSER u{i}\n"),
    ("DF116", "FROM node:20", "RUN npm install -g p{i}\nUSER u{i}\n"),
    ("DF117", "FROM fedora:39", "RUN dnf install -y p{i}\nUSER u{i}\n"),
    ("DF118", "FROM ruby:3.3", "RUN gem install p{i}\nUSER u{i}\n"),
    ("DF119", "FROM debian:bookworm", "RUN sudo make install{i}\nUSER u{i}\n"),
    ("DF120", "FROM debian:bookworm", "RUN useradd -u 1{i} u{i}\nUSER u{i}\n"),
    ("DF121", "FROM debian:bookworm", "RUN gpg --recv-keys K{i}\nUSER u{i}\n"),
    ("DF122", "FROM node:20", "RUN npm cache clean\nUSER u{i}\n"),
    ("DF123", "FROM debian:bookworm", "RUN curl -o /tmp/f{i} https://example.com/f{i}\nUSER u{i}\n"),
    ("DF201", "FROM debian:bookworm", "CMD echo {i}\nENTRYPOINT run {i}\n"),
    ("DF202", "FROM debian:bookworm", "ADD f{i}.txt /app/\n"),
    ("DF203", "FROM debian:bookworm", "ADD https://example.com/a{i}.tar.gz /opt/\nRUN tar -xzf /opt/a{i}.tar.gz\n"),
    ("DF204", "FROM node:20", "COPY . /app{i}\nCOPY package.json /app{i}/\n"),
    ("DF205", "FROM python:3.12", "COPY . /app{i}\nRUN pip install -r /app{i}/requirements.txt\n"),
    ("DF301", "", "FROM ubuntu AS s{i}\nRUN echo {i}\n"),
    ("DF302", "FROM debian:bookworm", "USER root\nRUN echo {i}\n"),
    ("DF303", "FROM debian:bookworm", "ENV PASSWORD{i}=x\n"),
    ("DF304", "FROM debian:bookworm", "RUN apt-get install -y --no-install-recommends p{i}\nUSER u{i}\n"),
    ("DF305", "", "FROM ubuntu:22.04 AS s{i}\nRUN echo {i}\n"),
    ("DF306", "", "FROM gcc:12 AS s{i}\nRUN make a{i}\n"),
    ("DF307", "FROM debian:bookworm", "COPY . /app{i}\n"),
    ("DF501", "FROM debian:bookworm", "MAINTAINER m{i}\n"),
    ("DF502", "FROM debian:bookworm", "ENV k{i} v\n"),
    ("DF503", "FROM debian:bookworm", "run echo {i}\nRUN echo {i}\n"),
    # The mix: every kind of instruction, each a trigger for some rule.
    ("mixed", "FROM debian:bookworm",
     "RUN apt-get update && apt-get install -y p{i}\nENV E{i} v\nUSER u{i}\nWORKDIR w{i}\n"
     "RUN cd d{i} && make\nCOPY c{i} .\nADD https://example.com/a{i}.tgz /opt/\n"
     "RUN pip install q{i}\nRUN npm install r{i}\nARG A{i}=1\n"
     "HEALTHCHECK CMD curl -f http://localhost/{i}\nEXPOSE {port}\n"),
]


def make_input(head, unit, count):
    parts = [head + "\n"] if head else []
    for i in range(count):
        parts.append(unit.replace("{i}", str(i)).replace("{port}", str(1024 + i % 60000)))
    return "".join(parts)


def run_once(dfopt, path):
    """Seconds and peak resident memory (MB) of one run."""
    start = time.perf_counter()
    proc = subprocess.Popen([dfopt, "--check", "--unsafe-fixes", "--quiet", "--fail-on", "never",
                             "--max-file-size", "1000000000", path],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    err = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        sys.exit(f"{path}: dfopt exited {code}: {err[-500:]}")
    return elapsed, usage.ru_maxrss / 1024


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("dfopt", nargs="?", default="build/apps/dfopt")
    parser.add_argument("--base", type=int, default=200)
    parser.add_argument("--only", default="")
    parser.add_argument("--out", default="")
    args = parser.parse_args()
    only = set(filter(None, args.only.split(",")))
    rows = []
    with tempfile.TemporaryDirectory(prefix="dfopt-scaling-") as tmp:
        for name, head, unit in PATTERNS:
            if only and name not in only:
                continue
            cells = []
            for factor in (1, 10, 100):
                count = args.base * factor
                path = os.path.join(tmp, f"{name}-{factor}.Dockerfile")
                text = make_input(head, unit, count)
                with open(path, "w") as f:
                    f.write(text)
                runs = 3 if factor < 100 else 1
                best = min(run_once(args.dfopt, path) for _ in range(runs))
                cells.append((count, len(text), best[0], best[1]))
            ratio = cells[2][2] / cells[0][2] if cells[0][2] > 0 else float("nan")
            row = (f"| {name} | {cells[0][0]:,} / {cells[2][0]:,} | {cells[2][1] / 1e6:.1f} MB | "
                   + " | ".join(f"{c[2]:.3f}" for c in cells)
                   + f" | {ratio:.0f}x | {cells[2][3]:.0f} MB |")
            print(row, flush=True)
            rows.append(row)
    header = ("| pattern | units 1x / 100x | input 100x | 1x s | 10x s | 100x s | 100x/1x | peak RSS 100x |\n"
              "|---|---:|---:|---:|---:|---:|---:|---:|\n")
    if args.out:
        with open(args.out, "w") as f:
            f.write(f"# Scaling: each rule's trigger pattern at 1x, 10x and 100x\n\n"
                    f"`bench/scaling/run.py --base {args.base}` ({time.strftime('%Y-%m-%d')}, "
                    f"{os.cpu_count()} cores): `dfopt --check --unsafe-fixes` with every rule on, "
                    f"best of 3 runs (one at 100x). Linear time shows as a 100x/1x ratio of at most "
                    f"about 100.\n\n" + header + "\n".join(rows) + "\n")


if __name__ == "__main__":
    main()
