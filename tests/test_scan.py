"""What the patterns scan: the page's text less the blocks about other products and the
customers' words, with every offset mapped back to the page's text."""

from __future__ import annotations

import lxml.html

from cohesion_cli.extract.flow import BOUNDARY, WALL, flatten

CARDS = "".join(f"<li class='card'><span class='price'>R$ {i},90</span><button>Comprar</button>"
                f"</li>" for i in range(100, 130))
PAGE = (f"<html><body><h1>Tênis Brisa</h1><p class='preco'>R$ 399,90</p>"
        f"<section class='vitrine'><h2>Quem viu, também viu</h2><ul>{CARDS}</ul></section>"
        f"<p>Entrega em até 5 dias úteis</p><div class='reviews'><p>Chegou em 2 dias, R$ 10"
        f"</p></div><p>Troca em até 30 dias</p></body></html>")


def test_left_out_blocks_become_walls_and_offsets_map_back() -> None:
    flow = flatten(lxml.html.document_fromstring(PAGE))
    scan = flow.scan()
    assert len(flow.elsewhere) == 2
    assert "R$ 100,90" in flow.text and "R$ 100,90" not in scan.text
    assert "Chegou" not in scan.text and BOUNDARY * WALL in scan.text
    assert len(scan.text) < len(flow.text) - 500
    for i, char in enumerate(scan.text):
        if char != BOUNDARY:
            assert flow.text[scan.at(i)] == char
    for word in ("R$ 399,90", "Entrega em até 5 dias úteis", "Troca em até 30 dias"):
        at = scan.text.index(word)
        start, end = scan.span(at, at + len(word))
        assert flow.text[start:end] == word


def test_a_page_without_such_blocks_is_scanned_whole() -> None:
    flow = flatten(lxml.html.document_fromstring("<html><body><p>R$ 10,00</p></body></html>"))
    scan = flow.scan()
    assert scan.text == flow.text and scan.span(0, 4) == (0, 4)
