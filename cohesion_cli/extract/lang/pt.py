"""Portuguese: Brazil (pt-BR, the default) and Portugal (pt-PT).

Both read "entrega em até 5 dias úteis", "prazo de entrega: 3 a 7 dias", "troca em até 30
dias", "devoluções até 30 dias", "12x de R$ 74,92 sem juros", "em até 10 parcelas",
"3 prestações sem juros", "frete grátis acima de R$ 299" and "portes grátis". They differ
in one word: in Portugal "envio em 24h" is the delivery itself; in Brazil "envio" and
"enviamos em 1 dia útil" are the dispatch, not a deadline. A customer's own past ("chegou
em 3 dias", "troquei em 10 dias") is never the store's promise.
"""

from __future__ import annotations

from dataclasses import replace

from cohesion_cli.extract.lang.words import DayWords, Language, PlanWords, ShippingWords

_SENT = r"envi[ao]"
"""'envio', 'enviado': dispatch in Brazil, delivery in Portugal."""

_DAYS = DayWords(
    delivery=(r"entreg", r"receb", r"receba", r"chega", r"frete", r"prazo"),
    not_delivery_after=(r"partir d[oa] ", r"após o ", r"após a ", r"depois d[oa] "),
    returns=(r"troca", r"troqu", r"devolu", r"devolv", r"mudou\s+de\s+ideia"),
    withdrawal=(r"desist", r"arrepend", r"livre\s+resolu", r"\bcdc\b", r"art\.\s*49"),
    ignore=(
        r"garantia", r"parcel", r"pix", r"boleto", r"estorno", r"reembols", _SENT,
        r"enviamos", r"enviad", r"despach", r"postar", r"postagem", r"poste\b", r"process",
        r"montagem", r"instala", r"reclam", r"defeit", r"v[íi]cio", r"banco", r"cr[ée]dito",
        r"comunique", r"avise", r"atendimento", r"respond", r"resposta", r"suporte",
        r"\bsac\b",
        r"termina", r"acaba", r"expira", r"v[áa]lid", r"promo", r"pagamento", r"retir",
    ),
    experience=(
        r"troquei", r"devolvi\b", r"recebi\b", r"chegou", r"chegaram", r"veio\b", r"vieram",
        r"demorou", r"demoraram", r"levou", r"levaram", r"comprei", r"pedi\b", r"entregou",
        r"entregaram",
    ),
    business=(r"dias?\s+[úu]teis", r"dia\s+[úu]til"),
    calendar=(r"dias?\s+corridos?",),
    plain=(r"dias?",),
    hours=(r"h", r"hs", r"hrs?", r"horas"),
    range=(r"a", r"-", r"–", r"até", r"e", r"ou", r"/"),
    frequency=(r"por\s+semana", r"na\s+semana", r"/\s*semana", r"por\s+dia", r"ao\s+dia"),
    clock_before=(r"\bd[ao]s", r"\b[àa]s"),
    clock_after=(r"[àa]s", r"-", r"–"),
    weekdays=(
        r"segunda(?:-feira)?", r"ter[çc]a(?:-feira)?", r"quarta(?:-feira)?",
        r"quinta(?:-feira)?", r"sexta(?:-feira)?", r"s[áa]bados?", r"domingos?", r"feriados?",
        r"seg\b", r"ter\b", r"qua\b", r"qui\b", r"sex\b", r"s[áa]b\b", r"dom\b",
    ),
    next_business_day=(r"pr[óo]ximo\s+dia\s+[úu]til",),
    next_day=(),
)

_PLANS = PlanWords(
    before_count=(r"(?:em\s+)?at[ée]\s+", r"ou\s+(?:em\s+)?", r"em\s+"),
    units=(r"vezes", r"parcelas", r"presta[çc](?:[õo]es|[ãa]o)"),
    weak_units=(),
    free_before_unit=(),
    of=(r"de",),
    free=(r"sem\s+juros", r"s/\s*juros", r"sem\s+acr[ée]scimo",
          r"0(?:[.,]0+)?\s*%\s*(?:de\s+)?juros"),
    paid=(r"com\s+juros", r"c/\s*juros",
          r"\d+(?:[.,]\d+)?\s*%\s*(?:a\.?m\.?|ao\s+m[êe]s|de\s+juros|taeg)"),
    per_month=(r"m[êe]s",),
    months=(r"meses",),
    for_months=(r"por",),
    not_after_times=(r"mais\b", r"menos\b", r"maior", r"menor", r"melhor", r"zoom",
                     r"aumento", r"amplia"),
)

_SHIPPING = ShippingWords(
    free=(r"frete\s+gr[áa]tis", r"frete\s+gratuito", r"entrega\s+gr[áa]tis",
          r"entrega\s+gratuita", r"envio\s+gr[áa]tis", r"envio\s+gratuito",
          r"portes\s+gr[áa]tis", r"portes\s+gratuitos", r"portes\s+oferecidos"),
    over=(r"acima\s+de", r"a\s+partir\s+de", r"superiores?\s+a"),
    orders=(r"compras", r"pedidos", r"encomendas"),
    before_orders=(r"nas", r"em", r"para"),
    on_orders=(),
    spend=(r"gaste", r"compre", r"a\s+partir\s+de"),
    trigger=(r"gr[áa]tis", r"gratuit", r"oferecid"),
)

BRAZIL = Language(_DAYS, _PLANS, _SHIPPING)
PORTUGAL = Language(
    replace(_DAYS, delivery=(*_DAYS.delivery, _SENT),
            ignore=tuple(w for w in _DAYS.ignore if w != _SENT)),
    _PLANS, _SHIPPING,
)
