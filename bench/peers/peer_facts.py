"""What both peers extract from a benchmark product page, once their selectors found the text.

Each peer locates the page's parts with its own library (Scrapy selectors, BeautifulSoup);
these helpers only turn the located text into values, so both report the same fields:
``price`` and ``list_price`` (from JSON-LD, else the price block), ``installments`` and
``installment_amount``, ``deadline_min`` / ``deadline_max`` (business days) and
``return_days``.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Any

BRL = re.compile(r"R\$\s*([\d.]+,\d{2})")
INSTALLMENTS = re.compile(r"(\d+)\s*x\s+de\s+R\$\s*([\d.]+,\d{2})")
DEADLINE = re.compile(r"(\d+)\s+a\s+(\d+)\s+dias\s+úteis")
RETURN_DAYS = re.compile(r"(\d+)\s+dias")
FIELDS = ("sku", "price", "list_price", "installments", "installment_amount", "deadline_min",
          "deadline_max", "return_days")


def brl(text: str | None) -> str | None:
    """``"De R$ 1.299,90"`` -> ``"1299.90"``; None when the text holds no amount."""
    found = BRL.search(text or "")
    if not found:
        return None
    return f"{Decimal(found.group(1).replace('.', '').replace(',', '.')):.2f}"


def json_ld_offer(scripts: list[str]) -> tuple[str | None, str | None]:
    """(price, list price) of the first schema.org Product's offer in JSON-LD scripts."""
    for text in scripts:
        try:
            data: Any = json.loads(text)
        except ValueError:
            continue
        for item in data if isinstance(data, list) else [data]:
            if not isinstance(item, dict) or item.get("@type") != "Product":
                continue
            offers: Any = item.get("offers") or {}
            offer: dict[str, Any] = offers[0] if isinstance(offers, list) and offers else offers
            listed = None
            for spec in offer.get("priceSpecification") or []:
                if str(spec.get("priceType", "")).endswith("ListPrice"):
                    listed = f"{Decimal(str(spec['price'])):.2f}"
            price = offer.get("price")
            return (f"{Decimal(str(price)):.2f}" if price is not None else None), listed
    return None, None


def page_facts(sku: str, scripts: list[str], sale: str, listed: str, installments: str,
               delivery: str, returns: str) -> dict[str, Any]:
    """One output record from the JSON-LD scripts and the texts of the page's blocks."""
    price, list_price = json_ld_offer(scripts)
    plan = INSTALLMENTS.search(installments)
    deadline = DEADLINE.search(delivery)
    window = RETURN_DAYS.search(returns)
    return {
        "sku": sku,
        "price": price or brl(sale),
        "list_price": list_price or brl(listed),
        "installments": int(plan.group(1)) if plan else None,
        "installment_amount": brl(f"R$ {plan.group(2)}") if plan else None,
        "deadline_min": int(deadline.group(1)) if deadline else None,
        "deadline_max": int(deadline.group(2)) if deadline else None,
        "return_days": int(window.group(1)) if window else None,
    }


def sku_of(url: str) -> str:
    """``.../p/HZ-000001.html`` -> ``HZ-000001``."""
    return url.rstrip("/").rsplit("/", 1)[-1].removesuffix(".html")
