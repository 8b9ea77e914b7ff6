"""The Scrapy peer: a spider that fetches the benchmark's product pages and extracts the same
facts as the other tools, with Scrapy's selectors (parsel: lxml + cssselect).

Usage::

    python bench/peers/scrapy_spider.py --urls URLS.txt --out facts.jsonl [--concurrency 32]

runs the spider with ``CrawlerProcess`` in this process and writes one JSON object per page
(fields in ``peer_facts.py``) through Scrapy's JSON lines feed exporter. Settings are those
of a tuned crawl of a site one owns: 32 requests in flight (also per domain), no download
delay, no AutoThrottle, robots.txt not fetched, HTTP cache and cookies off, log level ERROR.
"""

from __future__ import annotations

import argparse
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import scrapy
from peer_facts import page_facts, sku_of
from scrapy.crawler import CrawlerProcess
from scrapy.http import Response


def _text(response: Response, selector: str) -> str:
    return " ".join(t.strip() for t in response.css(f"{selector} ::text").getall() if t.strip())


class ProductSpider(scrapy.Spider):
    name = "products"

    def __init__(self, urls: list[str], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.urls = urls

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for url in self.urls:
            yield scrapy.Request(url, callback=self.parse, dont_filter=True)

    def parse(self, response: Response, **kwargs: Any) -> Iterator[dict[str, Any]]:
        scripts = response.css('script[type="application/ld+json"]::text').getall()
        yield page_facts(
            sku_of(response.url), scripts, sale=_text(response, ".preco__por"),
            listed=_text(response, ".preco__de"),
            installments=_text(response, ".preco__parcelas"),
            delivery=_text(response, ".entrega__prazo"), returns=_text(response, ".trocas__prazo"))


def settings(out: Path, concurrency: int) -> dict[str, Any]:
    return {
        "CONCURRENT_REQUESTS": concurrency,
        "CONCURRENT_REQUESTS_PER_DOMAIN": concurrency,
        "DOWNLOAD_DELAY": 0,
        "AUTOTHROTTLE_ENABLED": False,
        "ROBOTSTXT_OBEY": False,
        "HTTPCACHE_ENABLED": False,
        "COOKIES_ENABLED": False,
        "TELNETCONSOLE_ENABLED": False,
        "LOG_LEVEL": "ERROR",
        "FEEDS": {out.resolve().as_uri(): {"format": "jsonlines", "encoding": "utf-8",
                                            "overwrite": True}},
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--urls", type=Path, required=True, help="file with one URL per line")
    parser.add_argument("--out", type=Path, required=True, help="JSON lines output")
    parser.add_argument("--concurrency", type=int, default=32, help="CONCURRENT_REQUESTS")
    args = parser.parse_args()
    process = CrawlerProcess(settings(args.out, args.concurrency))
    process.crawl(ProductSpider, urls=args.urls.read_text().split())
    process.start()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
