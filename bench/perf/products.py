"""The benchmark's catalog: N products drawn from a seeded random generator.

Each product has the price its page shows (``price``) and the price the brand's catalog
says (``catalog_price``). They are equal except for a deterministic ~2 % of products, the
*planted divergences*, which a consistency checker must report.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
DELIVERY = (2, 5)
"""Delivery promise, in business days: "Receba em 2 a 5 dias úteis"."""
RETURN_DAYS = 30
FREE_SHIPPING = Decimal("299.00")
DIVERGENT_SHARE = 0.02

CATEGORIES: dict[str, tuple[str, ...]] = {
    "Tênis": ("Brisa", "Vento", "Trilha", "Passo", "Corrida", "Urbano", "Leve", "Impulso"),
    "Bota": ("Serra", "Coturno", "Chelsea", "Montanha", "Inverno", "Campo"),
    "Sandália": ("Maré", "Praia", "Flor", "Rasteira", "Verão", "Trança"),
    "Sapatilha": ("Lume", "Bailarina", "Conforto", "Laço", "Clássica"),
    "Mochila": ("Rota", "Campus", "Viagem", "Executiva", "Aventura"),
    "Jaqueta": ("Frio", "Corta-vento", "Jeans", "Puffer", "Couro"),
    "Relógio": ("Tempo", "Digital", "Clássico", "Esportivo", "Aço"),
    "Bolsa": ("Tiracolo", "Sacola", "Carteira", "Baú", "Transversal"),
}
COLORS = ("Preto", "Branco", "Café", "Caramelo", "Azul-marinho", "Cinza", "Off-white",
          "Vinho", "Verde-oliva", "Areia")
MATERIALS = ("couro legítimo", "couro nobuck", "camurça", "lona de algodão", "tecido knit",
             "material sintético", "nylon reciclado", "malha respirável", "aço inoxidável")


@dataclass(frozen=True)
class Product:
    sku: str
    name: str
    slug: str
    gtin: str
    category: str
    color: str
    material: str
    price: Decimal
    """What the page shows: the price the shopper pays now."""
    list_price: Decimal | None
    """The crossed-out "De R$ ..." price, when the product is on sale."""
    installments: int
    catalog_price: Decimal
    """What the catalog CSV says; differs from ``price`` on planted divergences."""

    @property
    def installment_amount(self) -> Decimal:
        return (self.price / self.installments).quantize(CENT, rounding=ROUND_HALF_UP)

    @property
    def planted(self) -> bool:
        return self.catalog_price != self.price


def brl(amount: Decimal) -> str:
    """``Decimal("1299.9")`` -> ``"R$ 1.299,90"``."""
    whole, frac = f"{amount.quantize(CENT):.2f}".split(".")
    groups = f"{int(whole):,}".replace(",", ".")
    return f"R$ {groups},{frac}"


def _gtin13(body: str) -> str:
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(body))
    return body + str((10 - total % 10) % 10)


def _price(rng: random.Random) -> Decimal:
    band = rng.random()
    low, high = (49, 199) if band < 0.45 else (199, 799) if band < 0.85 else (799, 2499)
    cents = rng.choice(("90", "99", "00", "90", "90"))
    return Decimal(f"{rng.randint(low, high)}.{cents}")


def _installments(price: Decimal) -> int:
    if price < 100:
        return 2
    if price < 300:
        return 6
    if price < 1000:
        return 10
    return 12


def _slugify(text: str) -> str:
    table = str.maketrans("áâãàéêíóôõúçÁÂÃÀÉÊÍÓÔÕÚÇ", "aaaaeeiooouc" + "aaaaeeiooouc")
    return "-".join(text.translate(table).lower().replace("-", " ").split())


def _planted(count: int, seed: int) -> set[int]:
    if count == 0:
        return set()
    chosen = max(1, round(count * DIVERGENT_SHARE))
    return set(random.Random(seed * 7919 + count).sample(range(count), chosen))


def _divergent(price: Decimal, index: int) -> Decimal:
    """The catalog's price of a planted divergence: the page kept an old price."""
    return price + Decimal("15.00") if index % 2 else price - Decimal("10.00")


def draw(count: int, seed: int = 20261123) -> list[Product]:
    """``count`` products, the same ones for the same seed."""
    rng = random.Random(seed)
    planted = _planted(count, seed)
    products = []
    for index in range(count):
        category = rng.choice(tuple(CATEGORIES))
        model = rng.choice(CATEGORIES[category])
        color = rng.choice(COLORS)
        name = f"{category} Horizonte {model} {color} {index % 97 + 1:02d}"
        price = _price(rng)
        list_price = None
        if rng.random() < 0.6:
            list_price = (price * Decimal(rng.choice(("1.15", "1.25", "1.35")))).quantize(
                Decimal("1")) + Decimal("0.90")
        sku = f"HZ-{index + 1:06d}"
        products.append(Product(
            sku=sku, name=name, slug=f"{_slugify(name)}-{index + 1}",
            gtin=_gtin13(f"789{seed % 1000:03d}{index + 1:06d}"), category=category,
            color=color, material=rng.choice(MATERIALS), price=price, list_price=list_price,
            installments=_installments(price),
            catalog_price=_divergent(price, index) if index in planted else price,
        ))
    return products
