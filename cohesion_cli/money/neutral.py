"""The language-neutral way cohesion writes an amount (``R$ 1299.90``): in the JSON result,
the history and the machine formats, and as the fallback text of a value. The human formats
write amounts with Babel instead (``output/locale.py``). Re-exported by ``domain``."""

from __future__ import annotations

from decimal import Decimal

_SYMBOLS = {"BRL": "R$", "USD": "US$", "EUR": "€", "GBP": "£"}


def format_money(amount: Decimal, currency: str) -> str:
    """Render an amount in a neutral, unambiguous way: ``R$ 1299.90``."""
    symbol = _SYMBOLS.get(currency, currency)
    return f"{symbol} {amount.quantize(Decimal('0.01'))}"
