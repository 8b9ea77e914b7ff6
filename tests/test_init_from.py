"""``cohesion init``: the starter runs as written; ``init --from URL`` writes a rulebook and
catalog from a shop served on 127.0.0.1 that ``validate`` accepts and ``check`` passes."""

from __future__ import annotations

import csv
import functools
import json
import threading
from collections.abc import Callable, Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import Result

from cohesion_cli.channels import rulebook

PRODUCTS = [(f"TN-{n:03d}", f"Tênis Modelo {n}", f"{149 + 10 * n},90") for n in range(8)]


class _Counting(SimpleHTTPRequestHandler):
    asked: list[str]

    def do_GET(self) -> None:
        self.asked.append(self.path)
        super().do_GET()

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def shop(tmp_path: Path) -> Iterator[tuple[str, list[str]]]:
    """A shop on 127.0.0.1: robots.txt naming a sitemap index, product pages with JSON-LD
    (one behind a Disallow, one whose name tries to break out of a comment), a category
    page, an address on another host. Yields (base URL, paths asked)."""
    root = tmp_path / "shop"
    (root / "p").mkdir(parents=True)
    (root / "privado").mkdir()
    asked: list[str] = []
    handler = type("Handler", (_Counting,), {"asked": asked})
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(root)))
    url = f"http://127.0.0.1:{server.server_address[1]}"
    pages = []
    for index, (sku, name, price) in enumerate(PRODUCTS):
        if index == 3:
            name = "Tênis\n  brand: invadida\n# fim"
        ld = json.dumps({"@context": "https://schema.org", "@type": "Product", "sku": sku,
                         "name": name, "gtin13": f"78900000000{index:02d}",
                         "offers": {"@type": "Offer", "price": price.replace(",", "."),
                                    "priceCurrency": "BRL"}})
        page = (f'<html lang="pt-BR"><head><script type="application/ld+json">{ld}</script>'
                f"</head><body><h1>{name}</h1><p class='preco'>R$ {price}</p>"
                "<p>Entrega em 2 a 5 dias úteis. Troca grátis em até 30 dias.</p>"
                "<p>Frete grátis acima de R$ 299,00</p></body></html>")
        folder = "privado" if index == 7 else "p"
        (root / folder / f"{sku.lower()}.html").write_text(page, encoding="utf-8")
        pages.append(f"{url}/{folder}/{sku.lower()}.html")
    (root / "calcados.html").write_text("<html><body><h1>Calçados</h1></body></html>",
                                        encoding="utf-8")
    (root / "robots.txt").write_text(
        f"User-agent: *\nDisallow: /privado/\n\nSitemap: {url}/sitemap_index.xml\n")
    ns = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
    (root / "sitemap_index.xml").write_text(
        f'<?xml version="1.0"?><sitemapindex {ns}><sitemap><loc>{url}/sitemap-pages.xml</loc>'
        f"</sitemap><sitemap><loc>{url}/sitemap-products.xml</loc></sitemap></sitemapindex>")
    (root / "sitemap-pages.xml").write_text(
        f'<urlset {ns}><url><loc>{url}/calcados.html</loc></url>'
        f"<url><loc>https://outra-loja.example/p/x.html</loc></url></urlset>")
    (root / "sitemap-products.xml").write_text(
        f"<urlset {ns}>" + "".join(f"<url><loc>{p}</loc></url>" for p in pages) + "</urlset>")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield url, asked
    server.shutdown()
    server.server_close()


def test_init_from_a_shop_writes_a_rulebook_that_validates_and_checks_clean(
        cli: Callable[..., Result], shop: tuple[str, list[str]], tmp_path: Path) -> None:
    url, asked = shop
    folder = tmp_path / "novo"
    done = cli("init", str(folder), "--from", url)
    assert done.exit_code == 0, done.output
    assert "privado" not in "".join(asked)  # robots.txt obeyed
    assert not any("outra-loja" in a for a in asked)
    text = (folder / "cohesion.yaml").read_text(encoding="utf-8")
    assert text.count("to confirm") >= 6
    loaded = rulebook.load(str(folder))
    assert loaded.model.brand == "127.0.0.1"  # the hostile name stayed inside its comment
    assert {p.sku: str(p.price) for p in loaded.products} == {
        sku: price.replace(",", ".") for sku, price, in
        ((s, p) for s, _, p in PRODUCTS[:7])}
    assert next(p for p in loaded.products if p.sku == "TN-001").gtin == "7890000000001"
    policies = loaded.model.policies
    assert policies.delivery is not None and (policies.delivery.min_days,
                                              policies.delivery.max_days) == (2, 5)
    assert policies.returns is not None and policies.returns.days == 30
    assert policies.free_shipping is not None
    assert cli("validate", str(folder)).exit_code == 0
    checked = cli("check", str(folder), "--no-cache", "--no-history", "--format", "json")
    assert checked.exit_code == 0, checked.output
    report = json.loads(checked.output)
    assert report["channels"][0]["documents"] == 7 and report["findings"] == []
    assert {r["rule"] for r in report["results"]} >= {"price", "deadline", "return_window"}


def test_init_from_reads_at_most_max_pages_pages(
        cli: Callable[..., Result], shop: tuple[str, list[str]], tmp_path: Path) -> None:
    url, asked = shop
    done = cli("init", str(tmp_path / "x"), "--from", url, "--max-pages", "3")
    assert done.exit_code == 0, done.output
    read = [a for a in asked if a.endswith(".html")]
    assert len(read) == 3 and all("/p/" in a for a in read)  # product-looking pages first
    with (tmp_path / "x" / "catalogo.csv").open(encoding="utf-8") as rows:
        assert len(list(csv.reader(rows, delimiter=";"))) == 1 + 3


def test_init_from_a_site_without_products_writes_nothing(
        cli: Callable[..., Result], http_root: tuple[Path, str], tmp_path: Path) -> None:
    root, url = http_root
    (root / "index.html").write_text("<html><body>Em breve</body></html>", encoding="utf-8")
    done = cli("init", str(tmp_path / "y"), "--from", f"{url}/index.html")
    assert done.exit_code == 3 and "no product page" in done.output
    assert not (tmp_path / "y").exists()
    assert cli("init", str(tmp_path / "y"), "--from", "ftp://x").exit_code == 2


def test_the_plain_starter_runs_as_written(cli: Callable[..., Result], tmp_path: Path) -> None:
    assert cli("init", str(tmp_path / "z")).exit_code == 0
    done = cli("check", str(tmp_path / "z"), "--no-cache", "--no-history", "--format", "json")
    assert done.exit_code == 0, done.output
    data = json.loads(done.output)
    assert [c["documents"] - c["unreadable"] for c in data["channels"]] == [1, 1]
    assert yaml.safe_load((tmp_path / "z" / "cohesion.yaml").read_text())["serve"] == {
        "root": "site"}


def test_init_from_a_shop_that_refuses_or_is_not_there_says_why(
        cli: Callable[..., Result], http_root: tuple[Path, str], tmp_path: Path,
        closed_port: int) -> None:
    root, url = http_root
    (root / "robots.txt").write_text("User-agent: *\nDisallow: /\n")
    refused = cli("init", str(tmp_path / "a"), "--from", url)
    assert refused.exit_code == 3 and "robots.txt" in refused.output
    gone = cli("init", str(tmp_path / "b"), "--from", f"http://127.0.0.1:{closed_port}/")
    assert gone.exit_code == 3 and "cannot read" in gone.output
    assert not (tmp_path / "a").exists() and not (tmp_path / "b").exists()


def test_init_from_an_english_shop_reads_it_in_english(
        cli: Callable[..., Result], http_root: tuple[Path, str], tmp_path: Path) -> None:
    root, url = http_root
    (root / "product").mkdir()
    locations = []
    for n, price in enumerate(("24.99", "39.50")):
        ld = json.dumps({"@type": "Product", "sku": f"MUG-{n}", "name": f"Mug {n}",
                         "offers": {"@type": "Offer", "price": price, "priceCurrency": "USD"}})
        (root / "product" / f"mug-{n}.html").write_text(
            f'<html lang="en-US"><head><script type="application/ld+json">{ld}</script></head>'
            f"<body><h1>Mug {n}</h1><p class='price'>${price}</p>"
            "<p>Delivery in 3 to 5 business days. Returns accepted within 60 days.</p>"
            "</body></html>", encoding="utf-8")
        locations.append(f"<url><loc>{url}/product/mug-{n}.html</loc></url>")
    (root / "sitemap.xml").write_text(f"<urlset>{''.join(locations)}</urlset>")
    folder = tmp_path / "en"
    assert cli("init", str(folder), "--from", url).exit_code == 0
    model = rulebook.load(str(folder)).model
    assert (model.locale, model.currency) == ("en", "USD")
    assert model.policies.delivery is not None and model.policies.delivery.max_days == 5
    assert model.policies.returns is not None and model.policies.returns.days == 60
    checked = cli("check", str(folder), "--no-cache", "--no-history", "--format", "json")
    assert checked.exit_code == 0, checked.output
