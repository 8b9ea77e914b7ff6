"""The naive baseline: one page after another with ``requests.get`` and
``BeautifulSoup(html, "html.parser")``, the way a first script is usually written.

Usage::

    python bench/peers/naive.py --urls URLS.txt --out facts.jsonl [--limit K]

reads one URL per line and writes one JSON object per page (fields in ``peer_facts.py``).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import requests
from bs4 import BeautifulSoup
from peer_facts import page_facts, sku_of


def _text(soup: BeautifulSoup, selector: str) -> str:
    found = soup.select_one(selector)
    return found.get_text(" ", strip=True) if found is not None else ""


def facts(url: str) -> dict[str, Any]:
    response = requests.get(url, timeout=30)
    response.raise_for_status()
    soup = BeautifulSoup(response.text, "html.parser")
    scripts = [s.get_text() for s in soup.find_all("script", type="application/ld+json")]
    return page_facts(
        sku_of(url), scripts, sale=_text(soup, ".preco__por"), listed=_text(soup, ".preco__de"),
        installments=_text(soup, ".preco__parcelas"), delivery=_text(soup, ".entrega__prazo"),
        returns=_text(soup, ".trocas__prazo"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--urls", type=Path, required=True, help="file with one URL per line")
    parser.add_argument("--out", type=Path, required=True, help="JSON lines output")
    parser.add_argument("--limit", type=int, default=0, help="read only the first K URLs")
    args = parser.parse_args()
    urls = args.urls.read_text().split()
    if args.limit:
        urls = urls[: args.limit]
    with args.out.open("w", encoding="utf-8") as out:
        for url in urls:
            out.write(json.dumps(facts(url), ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
