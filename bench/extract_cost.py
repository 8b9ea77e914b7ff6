"""CPU cost of extracting one ~100 KB product page (no network, no process start-up).

Usage::

    python bench/extract_cost.py [--pages N] [--repeat R]

Renders N pages of the benchmark shop (``bench/perf/page.py``: mega menu, inline scripts,
JSON-LD, price block, reviews, two carousels of related products), then times
``extract()`` on each, in this process (CPU time, the best of R passes per page, so that
other load on the machine counts as little as possible), and prints the median and mean
milliseconds per page and per 100 KB. Compare two versions of the extractor by running it
in each checkout.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from perf.page import render
from perf.products import draw

from cohesion_cli.domain import Snapshot
from cohesion_cli.extract.reader import extract
from cohesion_cli.extract.result import Options


def main(argv: list[str]) -> int:
    pages = int(argv[argv.index("--pages") + 1]) if "--pages" in argv else 200
    products = draw(pages + 400)
    bodies = [render(p, products[i + 1:i + 401], i).encode("utf-8")
              for i, p in enumerate(products[:pages])]
    snaps = [Snapshot("bench", f"p{i}.html", "product", p.sku, "t", body=b,
                      content_type="text/html; charset=utf-8")
             for i, (p, b) in enumerate(zip(products, bodies, strict=False))]
    repeat = int(argv[argv.index("--repeat") + 1]) if "--repeat" in argv else 3
    extract(snaps[0], Options(currency="BRL", locale="pt-BR", sku=products[0].sku))
    best = [float("inf")] * len(snaps)
    for _ in range(repeat):
        for i, snap in enumerate(snaps):
            start = time.process_time()
            extract(snap, Options(currency="BRL", locale="pt-BR", sku=snap.product))
            best[i] = min(best[i], time.process_time() - start)
    times = best
    size_kb = statistics.mean(len(b) for b in bodies) / 1024
    median_ms = statistics.median(times) * 1000
    print(f"{pages} pages, mean size {size_kb:.0f} KB")
    print(f"median {median_ms:.1f} ms/page, mean {statistics.mean(times) * 1000:.1f} ms/page, "
          f"{median_ms * 100 / size_kb:.1f} ms per 100 KB (median)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
