"""Start measured commands from a small process (``measure`` talks to it over pipes).

A child's ``ru_maxrss`` is the high-water mark of its memory, and on Linux that mark carries
over ``exec`` from the process it was forked from: a command started by the benchmark
itself, once the benchmark holds a large parsed report, would be charged with the
benchmark's own memory. This process imports nothing heavy, so what it passes on is a few
megabytes, below any tool's figure.

Protocol: one JSON request per line on stdin (command, stdout, stderr, env, cwd, timeout);
it answers ``{"pid": ...}`` when the command has started, then ``{"seconds", "status",
"maxrss"}`` when it has ended.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time


def main() -> int:
    for line in sys.stdin:
        request = json.loads(line)
        with open(request["stdout"], "wb") as out, open(request["stderr"], "wb") as err:
            start = time.perf_counter()
            child = subprocess.Popen(request["command"], stdout=out, stderr=err,
                                     stdin=subprocess.DEVNULL, env=request["env"],
                                     cwd=request["cwd"])
            print(json.dumps({"pid": child.pid}), flush=True)
            timer = threading.Timer(request["timeout"], child.kill)
            timer.start()
            try:
                _, status, usage = os.wait4(child.pid, 0)
            finally:
                timer.cancel()
            seconds = time.perf_counter() - start
        print(json.dumps({"seconds": seconds, "status": status, "maxrss": usage.ru_maxrss}),
              flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
