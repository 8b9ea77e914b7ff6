"""Render one ~100 KB product page of the benchmark's shop (pt-BR).

The page carries what a real Brazilian shop page carries: a header with a 200-link mega
menu, breadcrumbs, schema.org JSON-LD (Product/Offer with list price, shipping and return
policy), the price block ("De R$ ... por R$ ...", installments, Pix discount), delivery and
exchange blocks, a long description, a specs table, reviews, 400 related products with their
own prices (two carousels of full cards and a long shelf of compact ones), inline CSS and
scripts, a ~60 KB inline script of JSON state (the data layer of every product shown) and a
footer.
"""

from __future__ import annotations

import json
import random
from decimal import Decimal
from html import escape

from perf import assets, prose
from perf.products import CATEGORIES, DELIVERY, FREE_SHIPPING, RETURN_DAYS, Product, brl

SITE = "https://www.horizonte.example"
SUBCATEGORIES = ("Lançamentos", "Mais vendidos", "Masculino", "Feminino", "Infantil",
                 "Couro", "Esportivo", "Casual", "Presentes", "Coleção Inverno")
FILTERS = ("Até R$ 99", "R$ 100 a R$ 199", "R$ 200 a R$ 399", "Acima de R$ 400", "Outlet",
           "Tamanho 34", "Tamanho 36", "Tamanho 38", "Tamanho 40", "Tamanho 42", "Preto",
           "Branco", "Azul", "Marrom", "Vegano")
MENU_LINKS = 200
FULL_CARDS = 20
"""Related products shown as full cards in the two carousels; the rest are compact."""


def _json_ld(product: Product) -> str:
    offer: dict[str, object] = {
        "@type": "Offer", "url": f"{SITE}/p/{product.sku}.html", "priceCurrency": "BRL",
        "price": f"{product.price:.2f}", "availability": "https://schema.org/InStock",
        "itemCondition": "https://schema.org/NewCondition",
        "seller": {"@type": "Organization", "name": "Horizonte"},
        "shippingDetails": {
            "@type": "OfferShippingDetails",
            "shippingDestination": {"@type": "DefinedRegion", "addressCountry": "BR"},
            "deliveryTime": {
                "@type": "ShippingDeliveryTime",
                "handlingTime": {"@type": "QuantitativeValue", "minValue": 0, "maxValue": 1,
                                 "unitCode": "DAY"},
                "transitTime": {"@type": "QuantitativeValue", "minValue": DELIVERY[0],
                                "maxValue": DELIVERY[1] - 1, "unitCode": "DAY"},
            },
        },
        "hasMerchantReturnPolicy": {
            "@type": "MerchantReturnPolicy", "applicableCountry": "BR",
            "returnPolicyCategory": "https://schema.org/MerchantReturnFiniteReturnWindow",
            "merchantReturnDays": RETURN_DAYS, "returnFees": "https://schema.org/FreeReturn",
        },
    }
    if product.list_price is not None:
        offer["priceSpecification"] = [{
            "@type": "UnitPriceSpecification", "priceType": "https://schema.org/ListPrice",
            "price": f"{product.list_price:.2f}", "priceCurrency": "BRL"}]
    data = {
        "@context": "https://schema.org", "@type": "Product", "name": product.name,
        "sku": product.sku, "gtin13": product.gtin, "color": product.color,
        "brand": {"@type": "Brand", "name": "Horizonte"},
        "image": [f"{SITE}/img/{product.slug}-{n}.webp" for n in (1, 2, 3)],
        "offers": offer,
    }
    return json.dumps(data, ensure_ascii=False, indent=2)


def _menu() -> str:
    columns = []
    per_category = MENU_LINKS // len(CATEGORIES) - 1
    for category, models in CATEGORIES.items():
        names = (*SUBCATEGORIES, *models, *FILTERS)[:per_category]
        links = "".join(f'<li><a href="/c/{category.lower()}/{sub.lower().replace(" ", "-")}">'
                        f"{sub}</a></li>" for sub in names)
        columns.append(f'<li class="menu__item"><a class="menu__link" href="/c/'
                       f'{category.lower()}">{category}</a><ul class="menu__lista">'
                       f"{links}</ul></li>")
    return "\n        ".join(columns)


def _card(product: Product) -> str:
    before = (f'<span class="card__de">De <s>{brl(product.list_price)}</s></span> '
              if product.list_price is not None else "")
    return (
        f'<li class="card"><a class="card__link" href="/p/{product.sku}.html">'
        f'<img class="card__imagem" src="/img/{product.slug}-1.webp" alt="" loading="lazy" '
        f'width="240" height="240"><span class="card__titulo">{escape(product.name)}</span>'
        f'{before}<span class="card__por">{brl(product.price)}</span>'
        f'<span class="card__parcelas">ou {product.installments}x de '
        f"{brl(product.installment_amount)} sem juros</span></a>"
        f'<button class="card__botao" type="button" data-sku="{product.sku}">Comprar'
        "</button></li>"
    )


def _carousel(title: str, items: list[Product]) -> str:
    cards = "\n          ".join(_card(p) for p in items)
    return (f'<section class="vitrine" aria-label="{title}">\n        <h2 class="vitrine__titulo">'
            f'{title}</h2>\n        <ul class="vitrine__lista">\n          {cards}\n        </ul>\n'
            "      </section>")


def _shelf(title: str, items: list[Product]) -> str:
    """A long shelf of compact cards: link, name and price only."""
    cards = "".join(f'<li><a href="/p/{p.sku}.html">{escape(p.name)}</a><b>{brl(p.price)}</b>'
                    "</li>" for p in items)
    return (f'<section class="vitrine vitrine--mini" aria-label="{title}"><h2 '
            f'class="vitrine__titulo">{title}</h2><ul class="vitrine__lista">{cards}</ul>'
            "</section>")


def _price_block(product: Product) -> str:
    pix = (product.price * Decimal("0.95")).quantize(Decimal("0.01"))
    before = (f'<p class="preco__de">De <s>{brl(product.list_price)}</s></p>\n        '
              if product.list_price is not None else "")
    return (
        f'<div class="preco" data-sku="{product.sku}">\n        {before}'
        f'<p class="preco__por">por <strong>{brl(product.price)}</strong></p>\n        '
        f'<p class="preco__parcelas">ou {product.installments}x de '
        f"{brl(product.installment_amount)} sem juros no cartão</p>\n        "
        f'<p class="preco__pix">{brl(pix)} no Pix (5% de desconto)</p>\n      </div>'
    )


def _state(product: Product, related: list[Product]) -> str:
    """The page's data layer: every product shown, as a tag manager reads it."""
    items = [{"item_id": p.sku, "item_name": p.name, "item_category": p.category,
              "item_variant": p.color, "index": index, "price": float(p.price)}
             for index, p in enumerate([product, *related])]
    state = {"page": "product", "sku": product.sku, "category": product.category,
             "ecommerce": {"currency": "BRL", "value": float(product.price), "items": items}}
    return json.dumps(state, ensure_ascii=False)


def render(product: Product, related: list[Product], seed: int) -> str:
    rng = random.Random(f"{seed}:{product.sku}")
    lo, hi = DELIVERY
    return f"""<!DOCTYPE html>
<html lang="pt-BR">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>{escape(product.name)} | Horizonte</title>
  <meta name="description" content="Compre {escape(product.name)} na loja oficial Horizonte.">
  <link rel="canonical" href="{SITE}/p/{product.sku}.html">
  <meta property="og:type" content="product">
  <meta property="og:title" content="{escape(product.name)}">
  <meta property="og:image" content="{SITE}/img/{product.slug}-1.webp">
  <style>{assets.critical_css(60)}</style>
  <script type="application/ld+json">
{_json_ld(product)}
  </script>
  <script>{assets.TAG_MANAGER}</script>
</head>
<body>
  <div class="topbar" role="region" aria-label="Benefícios">
    <ul class="topbar__lista">
      <li>Frete grátis nas compras acima de {brl(FREE_SHIPPING)}</li>
      <li>Primeira troca grátis</li>
      <li>Parcele em até 12x sem juros</li>
    </ul>
  </div>
  <header class="header">
    <a class="header__logo" href="/" aria-label="Horizonte — página inicial">Horizonte</a>
    <form class="busca" action="/busca" role="search"><input type="search" name="q"
      placeholder="O que você procura?" aria-label="Buscar"><button type="submit">Buscar
      </button></form>
    <nav class="header__conta" aria-label="Conta"><a href="/conta">Entre ou cadastre-se</a>
      <a href="/pedidos">Meus pedidos</a><a href="/sacola">Sacola <span>0</span></a></nav>
    <nav class="menu" aria-label="Departamentos">
      <ul>
        {_menu()}
        <li class="menu__item menu__item--destaque"><a href="/outlet">Outlet até 40% OFF</a></li>
      </ul>
    </nav>
  </header>
  <main class="produto" id="conteudo">
    <nav class="breadcrumb" aria-label="Você está em"><ol><li><a href="/">Início</a></li>
      <li><a href="/c/{product.category.lower()}">{product.category}</a></li>
      <li aria-current="page">{escape(product.name)}</li></ol></nav>
    <div class="produto__grid">
      <div class="galeria">
        <img src="/img/{product.slug}-1.webp" alt="{escape(product.name)}" width="640"
          height="640">
        <img src="/img/{product.slug}-2.webp" alt="" width="640" height="640" loading="lazy">
        <img src="/img/{product.slug}-3.webp" alt="" width="640" height="640" loading="lazy">
      </div>
      <div class="compra">
        <h1 class="produto__titulo">{escape(product.name)}</h1>
        <p class="produto__sku">Cód.: {product.sku}</p>
        {_price_block(product)}
        <button class="compra__botao" type="button">Adicionar à sacola</button>
        <div class="entrega">
          <p class="entrega__prazo">Receba em {lo} a {hi} dias úteis após a confirmação
            do pagamento.</p>
          <p class="entrega__frete">Frete grátis nas compras acima de {brl(FREE_SHIPPING)}.</p>
          <form class="entrega__cep"><label>Calcule o frete <input name="cep"
            inputmode="numeric" placeholder="00000-000"></label><button>OK</button></form>
        </div>
        <div class="trocas">
          <p class="trocas__prazo">Troca grátis em até {RETURN_DAYS} dias após o
            recebimento.</p>
        </div>
      </div>
    </div>
    <section class="descricao">
      <h2>Descrição</h2>
      <div class="descricao__texto">
        {prose.description(product, rng)}
      </div>
      <h2>Especificações</h2>
      {prose.specs(product, rng)}
    </section>
    <section class="avaliacoes" aria-label="Avaliações">
      <h2>Avaliações de clientes</h2>
      <ul class="avaliacoes__lista">
{prose.reviews(rng)}
      </ul>
    </section>
    {_carousel("Quem viu, também viu", related[:12])}
    {_carousel("Compre junto", related[12:FULL_CARDS])}
    {_shelf("Você também pode gostar", related[FULL_CARDS:])}
  </main>
  <footer class="rodape">
    <section class="newsletter"><h2>Receba ofertas exclusivas</h2><form><input type="email"
      name="email" placeholder="Seu e-mail"><button>Cadastrar</button></form></section>
    <nav class="rodape__links"><ul><li><a href="/institucional/sobre">Sobre a Horizonte</a></li>
      <li><a href="/institucional/trocas">Trocas e devoluções</a></li>
      <li><a href="/institucional/entrega">Política de entrega</a></li>
      <li><a href="/institucional/privacidade">Privacidade</a></li>
      <li><a href="/institucional/lojas">Nossas lojas</a></li></ul></nav>
    <p class="rodape__atendimento">Atendimento de segunda a sexta, das 8h às 20h, e aos
      sábados, das 9h às 15h.</p>
    <p class="rodape__legal">Você tem 7 dias para desistir da compra, conforme o art. 49 do
      Código de Defesa do Consumidor.</p>
    <p class="rodape__empresa">Horizonte Comércio de Calçados e Acessórios Ltda. — CNPJ
      12.345.678/0001-90 — Rua das Palmeiras, 1200, São Paulo/SP.</p>
  </footer>
  <script>window.dataLayer=window.dataLayer||[];dataLayer.push({_state(product, related)});
  </script>
  <script>{assets.script_bundle(20)}</script>
</body>
</html>
"""
