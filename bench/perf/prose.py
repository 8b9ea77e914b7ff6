"""pt-BR text of a product page: the long description, the specs table and the reviews.

Written to look like a real shop's copy; it states no price, no deadline and no return
window, so the facts a tool extracts come from the price, delivery and exchange blocks.
"""

from __future__ import annotations

import random
from html import escape

from perf.products import Product

OPENINGS = (
    "O {name} foi pensado para quem não abre mão de conforto no dia a dia.",
    "Conheça o {name}, um dos queridinhos da coleção Horizonte.",
    "Versátil e cheio de personalidade, o {name} combina com tudo.",
    "Feito em {material}, o {name} une acabamento cuidadoso e durabilidade.",
)
SENTENCES = (
    "O acabamento em {material} garante toque macio e aparência sofisticada.",
    "As costuras reforçadas aumentam a resistência nas áreas de maior atrito.",
    "A cor {color} é fácil de combinar com peças claras e escuras.",
    "O design minimalista valoriza o produto em produções casuais e mais arrumadas.",
    "Cada peça passa por inspeção de qualidade antes de sair da nossa fábrica.",
    "A modelagem foi revisada pelo nosso time de produto a partir da opinião de clientes.",
    "Os materiais foram escolhidos para manter a forma mesmo com uso frequente.",
    "Os detalhes metálicos recebem banho antioxidante e não desbotam com facilidade.",
    "É uma ótima opção de presente para quem gosta de peças atemporais.",
    "O forro interno em tecido respirável ajuda a manter o conforto ao longo do dia.",
    "Indicamos a limpeza com pano levemente umedecido e secagem à sombra.",
    "Evite lavar na máquina e não use produtos abrasivos para conservar o acabamento.",
    "As etiquetas trazem as instruções completas de conservação do produto.",
    "A embalagem é feita de papel reciclado e pode ser reaproveitada.",
    "Nossa linha Horizonte é produzida no Brasil, com mão de obra local.",
    "O produto pode apresentar pequenas variações de tonalidade por ser artesanal.",
    "As fotos foram feitas com luz natural para mostrar a cor mais próxima da real.",
    "Combine com outras peças da coleção para um visual completo.",
)
TITLES = ("Sobre o produto", "Conforto e tecnologia", "Materiais e acabamento",
          "Cuidados com a peça", "Sustentabilidade")
REVIEW_TITLES = ("Amei!", "Muito bom", "Superou as expectativas", "Recomendo",
                 "Bonito e confortável", "Bom custo-benefício", "Gostei bastante",
                 "Qualidade excelente", "Produto lindo", "Atendeu bem")
REVIEW_TEXTS = (
    "Produto muito bonito, exatamente como nas fotos. O acabamento é caprichado.",
    "Comprei para presentear e a pessoa adorou. A embalagem também é muito caprichada.",
    "Veste muito bem, tamanho certinho. Já estou pensando em comprar outra cor.",
    "Material de qualidade, dá para ver o cuidado em cada detalhe da costura.",
    "Uso quase todos os dias e continua como novo. Recomendo demais.",
    "A cor é um pouco mais escura do que na foto, mas gostei mesmo assim.",
    "Confortável desde o primeiro uso, não precisei de tempo para acostumar.",
    "Achei que seria mais pesado, mas é bem leve. Ótima compra.",
    "Atendimento muito atencioso quando tive uma dúvida sobre o tamanho.",
    "Já é a terceira peça da marca que compro e nunca me decepcionei.",
)
NAMES = ("Ana P.", "Bruno L.", "Carla M.", "Diego N.", "Eduarda S.", "Fernanda R.",
         "Gabriel T.", "Helena C.", "Igor F.", "Juliana A.", "Karen O.", "Lucas B.",
         "Marina D.", "Nicolas V.", "Olívia G.", "Paulo H.", "Rafaela K.", "Sérgio E.")
CITIES = ("São Paulo/SP", "Rio de Janeiro/RJ", "Belo Horizonte/MG", "Curitiba/PR",
          "Porto Alegre/RS", "Recife/PE", "Salvador/BA", "Fortaleza/CE", "Goiânia/GO")


def _fill(text: str, product: Product) -> str:
    return text.format(name=product.name, material=product.material,
                       color=product.color.lower())


def description(product: Product, rng: random.Random, paragraphs: int = 12) -> str:
    parts = [f"<p>{escape(_fill(rng.choice(OPENINGS), product))}</p>"]
    for index in range(paragraphs):
        body = " ".join(_fill(s, product) for s in rng.sample(SENTENCES, 6))
        if index % 2 == 0:
            parts.append(f"<h3>{escape(TITLES[index // 2 % len(TITLES)])}</h3>")
        parts.append(f"<p>{escape(body)}</p>")
    return "\n        ".join(parts)


def specs(product: Product, rng: random.Random) -> str:
    rows = [
        ("Marca", "Horizonte"), ("Modelo", product.name), ("Código (SKU)", product.sku),
        ("EAN", product.gtin), ("Categoria", product.category), ("Cor", product.color),
        ("Material principal", product.material.capitalize()),
        ("Material interno", rng.choice(("Tecido", "Couro", "Malha", "Espuma"))),
        ("Peso aproximado", f"{rng.randint(180, 1400)} g"),
        ("Origem", "Nacional"), ("Indicação", rng.choice(("Casual", "Esporte", "Trabalho"))),
        ("Garantia do fabricante", "Contra defeitos de fabricação"),
    ]
    cells = "\n".join(
        f'          <tr><th scope="row">{escape(k)}</th><td>{escape(v)}</td></tr>'
        for k, v in rows)
    return f'<table class="specs">\n        <tbody>\n{cells}\n        </tbody>\n      </table>'


def reviews(rng: random.Random, count: int = 14) -> str:
    items = []
    for index in range(count):
        stars = rng.choice((5, 5, 5, 4, 4, 3))
        items.append(
            f'        <li class="avaliacao" id="avaliacao-{index + 1}">\n'
            f'          <div class="avaliacao__nota" aria-label="{stars} de 5 estrelas">'
            f'{"★" * stars}{"☆" * (5 - stars)}</div>\n'
            f'          <h4 class="avaliacao__titulo">{escape(rng.choice(REVIEW_TITLES))}</h4>\n'
            f'          <p class="avaliacao__texto">{escape(rng.choice(REVIEW_TEXTS))} '
            f'{escape(rng.choice(REVIEW_TEXTS))}</p>\n'
            f'          <p class="avaliacao__autor">{escape(rng.choice(NAMES))} — '
            f'{escape(rng.choice(CITIES))} · compra verificada</p>\n'
            f'          <button type="button" class="avaliacao__util">Útil '
            f'({rng.randint(0, 40)})</button>\n'
            "        </li>")
    return "\n".join(items)
