"""The main-price decision on realistic page fragments: element boundaries, scored
candidates with a confidence, payment-method prices, reviews and the trust rule in checks."""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import Result
from hypothesis import given, settings
from hypothesis import strategies as st

from cohesion_cli.domain import Price, Snapshot
from cohesion_cli.extract.reader import extract
from cohesion_cli.extract.result import Extraction, Options


def read(body: str, currency: str = "BRL", locale: str = "pt-BR",
         min_confidence: float = 0.7) -> Extraction:
    html = f"<html><head><title>Produto</title></head><body>{body}</body></html>"
    snap = Snapshot("c", "doc", "product", None, "t", body=html.encode(),
                    content_type="text/html")
    return extract(snap, Options(currency=currency, locale=locale, min_confidence=min_confidence))


def main_amount(result: Extraction) -> Decimal | None:
    main = result.main_price
    return main.value.amount if main and isinstance(main.value, Price) else None


def amounts(result: Extraction, role: str | None = None) -> list[Decimal]:
    return [f.value.amount for f in result.facts
            if isinstance(f.value, Price) and (role is None or f.value.role == role)]


def test_numbers_do_not_run_across_elements() -> None:
    result = read('<div class="bid"><span class="price">US $200</span><span>2 bids</span></div>',
                  currency="USD", locale="en")
    assert Decimal("2002") not in amounts(result)
    assert main_amount(result) == Decimal("200")


def test_cents_in_their_own_element_join_as_decimals() -> None:
    pt = read('<h1>Cafeteira</h1><div class="price">R$ 199<sup>90</sup></div>')
    assert main_amount(pt) == Decimal("199.90")
    en = read('<h1>Kettle</h1><div class="product-price">$229<span class="cents">99</span></div>',
              currency="USD", locale="en")
    assert main_amount(en) == Decimal("229.99")
    grouped = read('<h1>Sofá</h1><p class="preco">R$ 1.299<sup>90</sup></p>')
    assert main_amount(grouped) == Decimal("1299.90")
    split = read('<h1>Tênis</h1><p class="preco__por"><span>R$</span> <span>449</span>'
                 '<span>,</span><span>90</span></p>')
    assert main_amount(split) == Decimal("449.90")
    starred = read('<h1>Sleeve</h1><div class="price">€&nbsp;10,<sup>83*</sup></div>',
                   currency="EUR", locale="en")
    assert main_amount(starred) == Decimal("10.83")


def test_two_digit_elements_join_only_a_whole_amount_of_money() -> None:
    plan = read('<h1>Fone</h1><div class="preco">R$ 199,90 ou <b>12</b>x de R$ 16,66</div>')
    assert Decimal("199.90") in amounts(plan) and Decimal("199.9012") not in amounts(plan)
    assert plan.of_kind("installment"), "the 12x plan is still read"
    bids = read('<h1>Lamp</h1><p>Now <span class="price">$200</span><span>22</span> watchers</p>',
                currency="USD", locale="en")
    assert Decimal("200.22") not in amounts(bids)
    quantity = read('<h1>Pack</h1><p>Qty 2<span>50</span> units</p>', currency="USD",
                    locale="en")
    assert Decimal("2.50") not in amounts(quantity)


def test_main_price_carries_a_confidence() -> None:
    result = read('<h1>Fone Bluetooth</h1><div class="product-price">R$ 899,00</div>'
                  '<button>Comprar</button>')
    main = result.main_price
    assert main is not None and isinstance(main.value, Price)
    assert main.value.confidence is not None and main.value.confidence >= 0.7


def test_two_equally_presented_prices_are_ambiguous_with_their_confidence() -> None:
    result = read('<h1>Cafeteira</h1><div class="valor">R$ 349,90</div>'
                  '<div class="valor">R$ 379,90</div>')
    assert result.main_price is None
    seen = {f.value.amount: f.value.confidence for f in result.candidates
            if isinstance(f.value, Price)}
    assert set(seen) == {Decimal("349.90"), Decimal("379.90")}
    assert all(c is not None and c < 0.7 for c in seen.values())


def test_the_headline_price_wins_over_payment_method_prices() -> None:
    result = read('<h1>Geladeira Frost Free</h1><div class="buy-box">'
                  '<span class="preco-de">De R$ 4.299,00</span> <span>por R$ 3.899,00</span>'
                  '<p>R$ 3.704,05 no Pix</p><p>R$ 3.799,00 no boleto</p>'
                  '<p>R$ 3.899,00 em 1x no cartão</p><p>ou 10x de R$ 389,90 sem juros</p>'
                  '</div>')
    assert main_amount(result) == Decimal("3899.00")
    assert amounts(result, "pix") == [Decimal("3704.05")]
    assert amounts(result, "cash") == [Decimal("3799.00")]


def test_unit_subscription_shipping_and_fees_never_compete() -> None:
    result = read('<h1>Organic Coffee Beans 1 kg</h1><div class="price">$24.99</div>'
                  '<div>$24.99/kg</div><div>Subscribe & Save: $22.49</div>'
                  '<div>$9.99/month membership</div><div>+ $5.99 shipping</div>'
                  '<div>$12.34 import fees deposit</div>', currency="USD", locale="en")
    assert main_amount(result) == Decimal("24.99")
    roles = {f.value.amount: f.value.role for f in result.facts if isinstance(f.value, Price)}
    assert roles[Decimal("9.99")] == "subscription"
    assert roles[Decimal("22.49")] == "subscription"
    assert roles[Decimal("5.99")] == "shipping"
    assert roles[Decimal("12.34")] == "fee"


def test_reviews_are_not_the_store_word() -> None:
    result = read('<h1>Tênis Corrida</h1><div class="price">R$ 399,90</div>'
                  '<p>Entrega em até 5 dias úteis.</p>'
                  '<section id="reviews"><div class="review">Troquei em 10 dias sem problema, '
                  'chegou em 2 dias. Paguei R$ 350,00 na promoção.</div></section>'
                  '<div itemscope itemtype="https://schema.org/Review">Devolvi em 30 dias.</div>')
    assert result.of_kind("return_window") == []
    assert [f.value.max_days for f in result.of_kind("deadline")] == [5]  # type: ignore[union-attr]
    assert Decimal("350.00") not in amounts(result)
    assert main_amount(result) == Decimal("399.90")


def test_a_higher_threshold_turns_the_main_price_into_candidates() -> None:
    body = '<h1>Fone</h1><div class="product-price">R$ 899,00</div><div>R$ 59,90</div>'
    assert main_amount(read(body)) == Decimal("899.00")
    strict = read(body, min_confidence=0.999)
    assert strict.main_price is None
    assert Decimal("899.00") in [f.value.amount for f in strict.candidates
                                 if isinstance(f.value, Price)]


def _rulebook(write: Callable[[str, str], Path], page: str, extra: str = "",
             basis: str = "headline") -> Path:
    write("site/p.html", f"<html><head><title>Fone</title></head><body>{page}</body></html>")
    return write("cohesion.yaml", f"""\
brand: Aurora
catalog:
  price_basis: {basis}
  products: [{{sku: F-1, name: Fone, slug: p, price: 899.00}}]
{extra}
channels:
  - {{id: site, kind: file, location: site/, product_page: "{{slug}}.html", facts: [price]}}
""")


def _findings(cli: Callable[..., Result], rulebook: Path) -> tuple[int, list[dict[str, object]]]:
    result = cli("check", str(rulebook), "--format", "json", "--no-cache")
    return result.exit_code, json.loads(result.output)["findings"]


def test_check_never_turns_an_ambiguous_price_into_a_divergence(
    cli: Callable[..., Result], write: Callable[[str, str], Path]
) -> None:
    page = '<h1>Fone</h1><div class="valor">R$ 849,90</div><div class="valor">R$ 879,90</div>'
    code, findings = _findings(cli, _rulebook(write, page))
    assert [(f["outcome"], f["rule"]) for f in findings] == [("unverifiable", "price")]
    assert "ambiguous main price" in str(findings[0]["reason"])
    assert code == 3


def test_check_never_turns_a_low_confidence_price_into_a_divergence(
    cli: Callable[..., Result], write: Callable[[str, str], Path]
) -> None:
    page = '<h1>Fone</h1><div class="product-price">R$ 849,90</div><button>Comprar</button>'
    confident, found = _findings(cli, _rulebook(write, page))
    assert confident == 1 and found[0]["outcome"] == "divergent"
    assert isinstance(found[0]["confidence"], float) and found[0]["confidence"] >= 0.7
    strict = _rulebook(write, page, "severity: {min_price_confidence: 0.9999}")
    code, findings = _findings(cli, strict)
    assert [f["outcome"] for f in findings] == ["unverifiable"]
    assert code == 3


def test_price_basis_compares_like_with_like(
    cli: Callable[..., Result], write: Callable[[str, str], Path]
) -> None:
    page = ('<h1>Fone</h1><div class="product-price">por R$ 946,32</div>'
            '<p>R$ 899,00 no Pix</p><button>Comprar</button>')
    headline, found = _findings(cli, _rulebook(write, page))
    assert headline == 1 and found[0]["observed"] == "R$ 946.32"
    pix, _ = _findings(cli, _rulebook(write, page, basis="pix"))
    assert pix == 0
    no_pix = page.replace("<p>R$ 899,00 no Pix</p>", "")
    fallback, found = _findings(cli, _rulebook(write, no_pix, basis="pix"))
    assert fallback == 1 and found[0]["observed"] == "R$ 946.32"


def test_a_weak_lone_reading_is_unverifiable_not_missing(
    cli: Callable[..., Result], write: Callable[[str, str], Path]
) -> None:
    page = '<h1>Fone</h1><div class="modal">US$ 899,00</div>'
    code, findings = _findings(cli, _rulebook(write, page))
    assert [f["outcome"] for f in findings] == ["unverifiable"]
    assert code == 3


def test_price_basis_with_several_prices_for_the_method_is_unverifiable(
    cli: Callable[..., Result], write: Callable[[str, str], Path]
) -> None:
    page = ('<h1>Fone</h1><div class="product-price">por R$ 946,32</div>'
            '<p>R$ 899,00 no Pix</p><p>Kit com 2: R$ 1.699,00 no Pix</p><button>Comprar</button>')
    code, findings = _findings(cli, _rulebook(write, page, basis="pix"))
    assert [f["outcome"] for f in findings] == ["unverifiable"]
    assert "several pix prices" in str(findings[0]["reason"])
    single = ('<h1>Fone</h1><div class="product-price">por R$ 946,32</div>'
              '<p>R$ 889,00 no Pix</p><button>Comprar</button>')
    code, findings = _findings(cli, _rulebook(write, single, basis="pix"))
    assert code == 1 and findings[0]["observed"] == "R$ 889.00"
    assert isinstance(findings[0]["confidence"], float) and findings[0]["confidence"] >= 0.7


def test_several_list_prices_are_unverifiable(
    cli: Callable[..., Result], write: Callable[[str, str], Path]
) -> None:
    write("site/p.html", '<html><body><h1>Fone</h1><p>De <del>R$ 999,00</del> por R$ 899,00</p>'
                         '<p>Preço em outras lojas: <s>R$ 1.099,00</s></p></body></html>')
    rulebook = write("cohesion.yaml", """\
brand: Aurora
catalog:
  products: [{sku: F-1, name: Fone, slug: p, price: 899.00, list_price: 999.00}]
channels:
  - {id: site, kind: file, location: site/, product_page: "{slug}.html", facts: [list_price]}
""")
    code, findings = _findings(cli, rulebook)
    assert [f["outcome"] for f in findings] == ["unverifiable"]
    assert "several list prices" in str(findings[0]["reason"])
    assert code == 3


_PIECES = st.sampled_from(["R$", "$", "€", " ", "199", "90", ",", ".", "12", "x", "de",
                           "por", "Preço:", "De", "no Pix", "-", "–", "From", "/kg", "1.299"])
_TAGS = st.sampled_from(["span", "sup", "b", "div", "p", "del", "li", "option"])
_CLASSES = st.sampled_from(["", "price", "old-price", "cents", "related", "reviews", "modal"])


@pytest.mark.slow
@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(_TAGS, _CLASSES, st.lists(_PIECES, max_size=4)), max_size=12))
def test_any_arrangement_of_price_pieces_gives_a_sound_decision(
        parts: list[tuple[str, str, list[str]]]) -> None:
    body = "".join(f'<{tag} class="{cls}">{"".join(words)}</{tag}>' for tag, cls, words in parts)
    result = read(f"<h1>Produto</h1>{body}")
    confidences = [f.value.confidence for f in [*result.facts, *result.candidates]
                   if isinstance(f.value, Price)]
    assert all(c is not None and 0 <= c <= 1 for c in confidences)
    mains = [f for f in result.facts if isinstance(f.value, Price) and f.value.main]
    assert len(mains) <= 1 and (result.main_price is None) == (not mains)
    assert not (result.main_price and result.candidates), "a main price or candidates, not both"
    if result.main_price is not None:
        main = result.main_price.value
        assert isinstance(main, Price) and (main.confidence or 0) >= 0.7
