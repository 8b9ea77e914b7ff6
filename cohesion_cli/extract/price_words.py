"""The wording that gives a price its role, in the languages shops write in.

``BEFORE``: what stands just before an amount ("Frete:", "RRP", "Versandkosten:", "Retail
Price:"); ``AFTER``: what follows it ("no Pix", "/kg", "/mês", "+ shipping", "excl. VAT").
``store`` is a price said to apply in the physical store (another channel). The first
pattern that matches decides; an amount no pattern qualifies has the role
``unknown``. Words are grouped by meaning, each line listing the languages' forms
(pt, en, es, de, fr, it, nl, pl, ru).
"""

from __future__ import annotations

import re

from cohesion_cli.domain import PriceRole

_TAIL = r"\b[^.\n\d]{0,16}$"
"""A word followed by up to 16 characters of anything but a sentence end or a digit."""

_LIST = (
    r"\bera|\bantes|\bwas|originally|regular(?:\s+price)?|list\s+price|compare\s+at|\bmsrp|\brrp"
    r"|retail\s+price|pre[çc]o\s+de\s+tabela|pre[çc]o\s+original|pre[çc]o\s+de\s+refer[êe]ncia"
    r"|\bpvpr?\b|precio\s+(?:anterior|original|de\s+venta\s+recomendado)|\buvp\b|\bstatt"
    r"|vorher|streichpreis|prix\s+(?:conseill[ée]|barr[ée]|de\s+r[ée]f[ée]rence)"
    r"|prezzo\s+(?:consigliato|di\s+listino)|adviesprijs|van\s+voor|cena\s+katalogowa"
    r"|\bzamiast|w\s+innych\s+sklepach|in\s+other\s+stores|elsewhere|старая\s+цена"
)
_DISCOUNT = (
    r"economi[sz]e|economia\s+de|desconto\s+de|\bsave|you\s+save|your\s+savings|savings"
    r"|ahorr[ao]s?|ahorro|sie\s+sparen|ersparnis|[ée]conomisez|[ée]conomie|risparmi"
    r"|oszcz[ęe]dzasz|je\s+bespaart|экономия"
)
_SHIPPING = (
    r"frete|shipping|entrega|env[ií]o|portes|delivery(?:\s+(?:fee|charge))?|postage"
    r"|versand(?:kosten)?|lieferung|livraison|frais\s+de\s+port|spedizione|verzend(?:kosten)?"
    r"|wysy[łl]ka|dostawa|koszt\s+dostawy|доставка"
)
_STORE = (
    r"(?:prezzo\s+)?in\s+negozio|in[- ]store(?!\s+(?:pick|collect|availab|only\s+availab))\b"
    r"|na\s+loja\s+f[íi]sica|nas\s+lojas\s+f[íi]sicas"
    r"|en\s+tienda|im\s+(?:laden|geschäft)|en\s+magasin"
)
"""A price that applies in the physical store: another channel's price."""
_NET = (
    r"excl(?:\.|uding\b|\b)|ex\.?\s+vat|zzgl\.?\s+(?:mwst|ust)|netto|\bnet\b|sem\s+impostos"
    r"|sin\s+iva|\bht\b"
    r"|hors\s+taxes?|bez\s+vat|без\s+ндс"
)

RolePatterns = tuple[tuple[PriceRole, re.Pattern[str]], ...]

BEFORE: RolePatterns = (
    ("installment_total", re.compile(r"total(?:\s+a\s+prazo)?\s*:?\s*$|total\s+de\s*$", re.I)),
    ("subscription", re.compile(r"(?:subscri(?:be|ption)|assinatura|assinante|suscripci[óo]n"
                                r"|abonnement|abo\b)\b[^.\n\d]{0,24}$", re.I)),
    ("discount", re.compile(rf"(?:{_DISCOUNT})\s*:?\s*$", re.I)),
    ("shipping", re.compile(rf"(?:{_SHIPPING}){_TAIL}", re.I)),
    ("fee", re.compile(r"(?:import\s+(?:fees?|charges?|duties)|customs|taxas?\s+de\s+importa"
                       rf"|deposit|dep[óo]sito|pfand){_TAIL}", re.I)),
    ("threshold", re.compile(r"(?:acima\s+de|superiores?\s+a|\bover|\babove)\s*$", re.I)),
    ("list", re.compile(rf"(?:{_LIST})\s*:?\s*$", re.I)),
    ("store", re.compile(r"(?:in[- ]store\s+price|pre[çc]o\s+na\s+loja(?:\s+f[íi]sica)?"
                         r"|precio\s+en\s+tienda|prix\s+en\s+magasin)\s*:?\s*$", re.I)),
)
AFTER: RolePatterns = (
    ("unit", re.compile(
        r"^\s*(?:/|per\b|por\b|the\b|le\b|el\b|pro\b|za\b)\s*(?:100\s*|10\s*|1\s*)?(?:kg|g|gr|mg"
        r"|lb|lbs|oz|fl\.?\s*oz|l|lt|litros?|liters?|litres?|ml|cl|m|m2|m²|metros?|meters?|cm"
        r"|un|und|unidade|unit|each|ea|ct|count|st[üu]ck|pi[eè]ce|quilo|kilo|szt)\b", re.I)),
    ("subscription", re.compile(
        r"^\s*(?:/\s*|por\s+|per\s+|a\s+|every\s+|pro\s+)(?:m[êe]s|month|mo|ano|year|yr|week"
        r"|semana|monat|mois)\b(?!\s*(?:for|por|x|durante)\s*\d)", re.I)),
    ("fee", re.compile(r"^\s*(?:[a-z-]+\s+){0,2}(?:fee|charge|taxa|tarifa)\b"
                       r"|^\s*(?:import\s+(?:fees?|charges?)|customs)", re.I)),
    ("shipping", re.compile(
        r"^[^\S\n]*(?:\+\s*)?(?:de\s+|zzgl\.?\s+|plus\s+)?(?:frete|shipping|postage|env[ií]o"
        r"|portes|delivery\s+(?:fee|charge)|versand(?:kosten)?|livraison|frais\s+de\s+port"
        r"|spedizione|verzendkosten|wysy[łl]ka|доставка)\b"
        r"(?![^\S\n]+(?:gr[áa]tis|free|gratuit[oa]?|kostenlos|gratis))", re.I)),
    ("net", re.compile(rf"^\s*\(?\s*(?:{_NET})\s*(?:mwst|vat|tax|iva|tva|ust|impostos)?", re.I)),
    ("pix", re.compile(r"^\s*(?:à\s+vista\s+)?(?:no|via|com|pelo|pagando\s+(?:no|com))\s+pix",
                       re.I)),
    ("cash", re.compile(r"^\s*(?:à\s+vista\s+)?(?:no|via|com|pelo)\s+boleto|^\s*em\s+dinheiro",
                        re.I)),
    ("card", re.compile(r"^\s*(?:em\s+)?1\s*x\s+(?:sem\s+juros\s+)?no\s+cart[ãa]o"
                        r"|^\s*no\s+cart[ãa]o\s+de\s+cr[ée]dito", re.I)),
    ("discount", re.compile(r"^\s*(?:de\s+desconto|off\b|de\s+descuento|rabatt)", re.I)),
    ("store", re.compile(rf"^\s*(?:{_STORE})", re.I)),
)
