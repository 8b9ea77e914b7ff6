"""``cohesion init [FOLDER]``: start an engagement with a rulebook to edit.

Writes ``cohesion.yaml`` (a valid rulebook: one product, delivery and returns policies, a
``web`` and a ``file`` channel, and every other option as a commented example),
``catalogo.csv`` (the catalog spreadsheet's header row), ``observacoes.yaml`` (an empty
mystery-shopper observations file), ``whatsapp/SKU-001.txt`` (the saved text the ``file``
channel reads) and ``site/produto/produto-exemplo.html`` (a sample product page the ``web``
channel reads from a local server until it is pointed at the real shop): the starter runs
as written, and ``check`` exits 0 on it. Existing files are never overwritten unless
``force`` is given.
"""

from __future__ import annotations

import os
from pathlib import Path

import click

from cohesion_cli import atomic, exitcodes
from cohesion_cli.rulebook.catalog_csv import COLUMNS

RULEBOOK = """\
# cohesion rulebook: the brand's promise, which every sales channel must publish the same way.
#   cohesion validate     check this file (every problem as file:line:col, with a hint)
#   cohesion check        read every channel and list where they disagree
#   cohesion schema > cohesion.schema.json    editor completion: then add this first line:
#   # yaml-language-server: $schema=cohesion.schema.json
# Lines starting with '#' are comments: uncomment an example to use it.

version: 1
brand: Sua Marca
locale: pt-BR          # language of the channels: "R$ 1.299,90", "dias úteis", "10x sem juros"
currency: BRL          # amounts written without a currency are in reais

# The canonical catalog: the price list the client signed off.
catalog:
  # Products from a spreadsheet (';' or ',' separated; amounts as 1299.90 or 1.299,90).
  # Each SKU may be defined once, here or inline below.
  csv: catalogo.csv
  products:
    - sku: SKU-001
      name: Produto Exemplo
      slug: produto-exemplo          # used in page templates as {slug}
      price: "R$ 199,90"             # or 199.90
      installments: {count: 5, interest_free: true}
      # gtin: "7890000000001"        # EAN barcode
      # list_price: "R$ 249,90"      # the crossed-out "De R$ ..." price, when there is one

# Store-wide policies every channel must state the same way.
policies:
  delivery:
    max_days: 5                      # "entrega em até 5 dias úteis"
    business_days: true              # false: dias corridos (calendar days)
    # min_days: 2                    # "de 2 a 5 dias úteis"
  returns:
    days: 30                         # "troca em até 30 dias" (CDC art. 49 gives at least 7)
  # free_shipping:
  #   threshold: "R$ 299,00"         # "frete grátis acima de R$ 299,00"
  # wording:                         # canonical texts, compared by similarity (0-100)
  #   - id: trocas
  #     text: A primeira troca é grátis em até 30 dias após o recebimento.
  #     threshold: 85
  #     channels: [loja]
  # required_phrases:                # every channel (or the listed ones) must publish these
  #   - text: 7 dias para desistir da compra
  #     channels: [loja]
  # forbidden_phrases:               # promises the brand does not make
  #   - garantia vitalícia
  # service_level:
  #   first_response_minutes: 15     # conversational channels must answer within 15 minutes
  #   hours: {mon-fri: "09:00-18:00", sat: "09:00-13:00"}   # only open minutes count
  #   auto_replies: [fora do horário de atendimento]         # automatic messages: no answer

# Where the customer meets the brand. `owner` is who fixes a finding there.
channels:
  - id: loja
    kind: web
    name: Loja virtual
    owner: E-commerce
    # Reads the sample page in site/ (served on 127.0.0.1 by `serve:` at the end), so this
    # file runs as written. For the real shop: write its address instead, e.g.
    # location: https://www.sua-marca.example/ , adapt product_page, and remove `serve:`.
    location: "{serve_url}/"
    product_page: "produto/{slug}.html"          # placeholders: {sku} {gtin} {slug} {name}
    # policy_pages: [trocas-e-devolucoes, entrega]   # pages read for store-wide policies
    # timeout: 15                                # seconds per request
    # headers: {Authorization: "Bearer ${LOJA_TOKEN}"}   # secrets come from the environment
    # cookies: {cep: "01310-100"}
    # locators:                                  # where a fact is, when automatic reading fails
    #   price: {css: ".preco-por"}
    #   deadline: {xpath: "//p[@class='prazo']"}
    #   installments: {regex: "em até (\\\\d+x) sem juros"}

  - id: whatsapp
    kind: file                                   # saved texts, one file per product
    name: WhatsApp Atendimento
    owner: Atendimento
    location: whatsapp/
    product_page: "{sku}.txt"
    # products: [SKU-001]                        # SKUs sold here (default: all)
    # facts: [price, installments, deadline, return_window]   # what it publishes (default: all)

  # Other kinds of channel:
  # - id: app
  #   kind: api                                  # JSON answers of an app's API, over HTTP
  #   location: https://api.sua-marca.example/v1/
  #   product_page: "produtos/{sku}"
  #   locators: {price: {jsonpath: "$.oferta.preco_por"}}
  # - id: conversa
  #   kind: whatsapp                             # a chat export ("Exportar conversa", .txt)
  #   location: conversas/atendimento.txt
  #   brand_participants: ["Sua Marca Atendimento"]
  # - id: cliente-oculto
  #   kind: observations                         # what shoppers were told by phone and in stores
  #   location: observacoes.yaml                 # cohesion record observacoes.yaml adds one

# How much each kind of finding weighs (built-ins: price critical; installments, deadline,
# return window and forbidden phrases high; list price, free shipping, required phrases medium;
# wording low).
# severity:
#   defaults: {wording: medium}
#   unverifiable: low
#   price_tolerance: {absolute: 0.01, percent: 0}
#   overrides:
#     - {rule: price, channel: whatsapp, severity: high}

# Serve a folder on 127.0.0.1 during the run; its address is {serve_url} (saved copies of a
# site). Here it serves the sample page the `loja` channel reads: remove it once `loja`
# reads the real shop.
serve:
  root: site
"""

OBSERVATIONS = """\
# Mystery-shopper observations ("cliente oculto"): one record per phone call or store visit.
# Add records with `cohesion record observacoes.yaml`, or write them here by hand.
# Fields (only channel is required; fill at least one quoted_* field or notes):
#   who, when (2024-03-05 14:30 or 05/03/2024 14:30), where, channel, product (SKU),
#   quoted_price, quoted_installments, quoted_deadline, quoted_policy, notes,
#   attachments (photos or recordings, paths relative to this file).
# Example:
#   - who: Ana Souza
#     when: 2024-03-05 14:30
#     where: (11) 4002-8922
#     channel: telefone
#     product: SKU-001
#     quoted_price: R$ 209,90
#     quoted_installments: 5x sem juros
#     quoted_deadline: entrega em 7 dias úteis
#     quoted_policy: troca em até 15 dias
#     notes: a atendente disse que o preço do site está desatualizado
#     attachments: [fotos/ligacao-0503.jpg]
observations:
"""

CHANNEL_TEXT = """\
Olá! O Produto Exemplo sai por R$ 199,90, em até 5x sem juros.
Entrega em até 5 dias úteis, e você tem 30 dias para trocar.
"""

SAMPLE_PAGE = """\
<!doctype html>
<html lang="pt-BR"><head><meta charset="utf-8"><title>Produto Exemplo | Sua Marca</title>
<script type="application/ld+json">
{"@context": "https://schema.org", "@type": "Product", "sku": "SKU-001",
 "name": "Produto Exemplo",
 "offers": {"@type": "Offer", "price": "199.90", "priceCurrency": "BRL"}}
</script></head>
<body><h1>Produto Exemplo</h1>
<p class="preco">R$ 199,90</p><p>em até 5x de R$ 39,98 sem juros</p>
<p>Entrega em até 5 dias úteis. Você tem 30 dias para trocar.</p>
</body></html>
"""

FILES: dict[str, str] = {
    "cohesion.yaml": RULEBOOK,
    "catalogo.csv": ";".join(COLUMNS) + "\n",
    "observacoes.yaml": OBSERVATIONS,
    "whatsapp/SKU-001.txt": CHANNEL_TEXT,
    "site/produto/produto-exemplo.html": SAMPLE_PAGE,
}


IGNORED = ".cohesion/"
"""The folder of the run history, kept out of git by the ``.gitignore`` init writes."""


def run_init(directory: str, *, force: bool = False) -> int:
    return write_engagement(directory, FILES, force=force)


def write_engagement(directory: str, files: dict[str, str], *, force: bool) -> int:
    """Write ``files`` (name -> text) into ``directory``, none overwritten unless ``force``,
    and keep the history out of git."""
    folder = Path(directory)
    if folder.exists() and not folder.is_dir():
        click.echo(f"cohesion: {directory} is a file, not a folder", err=True)
        return exitcodes.USAGE
    present = [name for name in files if (folder / name).exists()]
    if present and not force:
        click.echo(f"cohesion: not overwriting {', '.join(present)} in {directory} "
                   "(use --force to replace them)", err=True)
        return exitcodes.USAGE
    mask = os.umask(0)
    os.umask(mask)
    try:
        for name, text in files.items():
            atomic.write_text(folder / name, text)
            os.chmod(folder / name, 0o666 & ~mask)  # the temporary file was private (0600)
    except OSError as exc:
        click.echo(f"cohesion: cannot write in {directory}: {exc.strerror}", err=True)
        return exitcodes.USAGE
    for name in files:
        click.echo(f"created {folder / name}")
    try:
        click.echo(_ignore_history(folder / ".gitignore"))
    except OSError as exc:
        click.echo(f"cohesion: cannot write {folder / '.gitignore'}: {exc.strerror}", err=True)
        return exitcodes.USAGE
    click.echo(f"next: edit {folder / 'cohesion.yaml'}, then run 'cohesion validate {directory}'")
    return exitcodes.OK


def _ignore_history(path: Path) -> str:
    """Keep the run history (``.cohesion/``) out of version control: a new ``.gitignore``,
    or the line added to the one there."""
    if not path.exists():
        atomic.write_text(path, f"{IGNORED}\n")
        return f"created {path}"
    text = path.read_text(encoding="utf-8", errors="replace")
    if IGNORED in text.splitlines():
        return f"{path} already ignores {IGNORED}"
    atomic.write_text(path, text + ("" if text.endswith("\n") or not text else "\n")
                      + f"{IGNORED}\n")
    return f"added {IGNORED} to {path}"
