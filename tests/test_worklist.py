"""The run's documents (``worklist.Work``): the documents every channel's plan lists, in
product-major order, each made when it is read, and how many products are ready after
each, as the checker needs them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from cohesion_cli.channels.extraction import ExtractContext
from cohesion_cli.checks.stream import product_major
from cohesion_cli.rulebook.models import Rulebook
from cohesion_cli.rulebook.plan import Planner, plan
from cohesion_cli.rulebook.products import Products
from cohesion_cli.worklist import Work

SKUS = [f"P{i}" for i in range(6)]
CHANNEL = st.fixed_dictionaries({
    "product_page": st.sampled_from(["", "{sku}.html"]),
    "products": st.one_of(st.none(), st.lists(st.sampled_from(SKUS), unique=True)),
    "policy_pages": st.lists(st.sampled_from(["trocas.html", "frete.html"]), unique=True),
    "web": st.booleans(),
})


def _book(channels: list[dict[str, Any]], catalog: list[str]) -> Rulebook:
    listed = []
    for i, c in enumerate(channels):
        entry: dict[str, Any] = {"id": f"c{i}", "kind": "web" if c["web"] else "file",
                                 "location": "http://127.0.0.1:1/" if c["web"] else "loja",
                                 "policy_pages": c["policy_pages"]}
        if c["product_page"]:
            entry["product_page"] = c["product_page"]
        if c["products"] is not None:
            entry["products"] = c["products"]
        listed.append(entry)
    return Rulebook.model_validate({"brand": "A", "channels": listed,
                                    "catalog": {"products": [{"sku": s} for s in catalog]}})


def _work(book: Rulebook, base: Path, **settings: Any) -> Work:
    products = Products(book.catalog.products)
    return Work(products, [
        (Planner(c, base, "", c.kind == "web", **settings),
         ExtractContext(c, products, currency="BRL", locale="pt-BR"))
        for c in book.channels], None, False)


@settings(max_examples=150, deadline=None)
@given(st.lists(CHANNEL, min_size=1, max_size=4),
       st.lists(st.sampled_from(SKUS), unique=True, max_size=6))
def test_work_is_every_planned_document_product_major(channels: list[dict[str, Any]],
                                                      catalog: list[str]) -> None:
    book = _book(channels, catalog)
    products = Products(book.catalog.products)
    planned = [spec for c in book.channels
               for spec in plan(c, products, Path("/shop"), over_http=c.kind == "web")]
    expected = [planned[i] for i in product_major([s.product for s in planned], products)]
    work = _work(book, Path("/shop"))
    assert [job[0] for job in work] == expected
    assert work[:] == list(work) and len(work) == len(expected)
    for done in range(len(expected) + 1):  # a product is ready once its last document is in
        left = {s.product for s in expected[done:]}
        general_in = all(s.product is not None for s in expected[done:])
        ready = 0
        while ready < len(catalog) and catalog[ready] not in left and (
                general_in or any(s.product == catalog[ready] for s in expected)):
            ready += 1
        assert work.ready(done) == ready, done


def test_documents_get_the_run_settings_and_private_ones_no_cache(tmp_path: Path) -> None:
    book = Rulebook.model_validate({"brand": "A", "catalog": {"products": [{"sku": "A1"}]},
                                    "channels": [
        {"id": "loja", "kind": "web", "location": "http://127.0.0.1:1/",
         "product_page": "p/{sku}.html"},
        {"id": "b2b", "kind": "web", "location": "http://127.0.0.1:1/",
         "product_page": "b2b/{sku}.html", "headers": {"Authorization": "Bearer ${TOKEN}"}}]})
    [public, private] = [job[0] for job in _work(
        book, tmp_path, respect_robots=False, cache_dir="cache", verify_tls=False, reuse="k")]
    assert public.location == "http://127.0.0.1:1/p/A1.html"
    assert (public.respect_robots, public.cache_dir, public.verify_tls, public.reuse) == (
        False, "cache", False, "k")
    assert (private.cache_dir, private.reuse) == (None, "k")
