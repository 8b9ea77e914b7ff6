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

from cohesion_cli.extract.lang.words import (
    DayWords,
    Language,
    OfferWords,
    PlanWords,
    ShippingWords,
)

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

_OFFERS = OfferWords(
    discount=(r"de\s+desconto", r"off\b", r"desc\.", r"de\s+desc\b"),
    discount_before=(r"desconto\s+de",),
    pix=(r"pix",),
    cash=(r"boleto(?:\s+banc[áa]rio)?", r"[àa]\s+vista", r"dinheiro",
          r"transfer[êe]ncia\s+banc[áa]ria"),
    offer=(r"ofertas?", r"promo[çc](?:[ãa]o|[õo]es)", r"promo", r"campanha", r"descontos?",
           r"cupo(?:m|ns)", r"condi[çc](?:[ãa]o|[õo]es)", r"pre[çc]os?", r"v[áa]lid[oa]s?",
           r"validade", r"black\s+friday", r"liquida[çc][ãa]o", r"saldos"),
    until=(r"at[ée](?:\s+(?:ao|o))?", r"(?:termina|acaba|encerra|expira)\s+(?:em|n?o|a)",
           r"v[áa]lid[oa]s?\s+at[ée]"),
    range_from=(r"de", r"entre", r"desde"),
    range_to=(r"a", r"at[ée]", r"e"),
    months=(r"janeiro", r"fevereiro", r"mar[çc]o", r"abril", r"maio", r"junho", r"julho",
            r"agosto", r"setembro", r"outubro", r"novembro", r"dezembro"),
    month_after_day=(r"de",),
    out_of_stock=(r"produto\s+esgotado", r"esgotado\s+(?:no\s+momento|temporariamente)",
                  r"(?:produto|item)\s+indispon[íi]vel", r"temporariamente\s+indispon[íi]vel",
                  r"indispon[íi]vel\s+(?:no\s+momento|para\s+compra|em\s+estoque)",
                  r"fora\s+de\s+estoque", r"sem\s+estoque",
                  r"avise-me\s+quando\s+(?:chegar|estiver\s+dispon[íi]vel)"),
    sold_out_word=(r"esgotad[oa]", r"indispon[íi]vel"),
    in_stock=(r"em\s+estoque", r"pronta\s+entrega", r"dispon[íi]vel\s+para\s+compra"),
    scope_after=(r"para\s+(?!compra\b|venda\b)", r"n[ao]\s+(?:sua|seu)\b", r"em\s+sua\b",
                 r"nest[ea]\s+(?:cor|tamanho|numera[çc][ãa]o|regi[ãa]o|loja|cep)"),
    pickup=(r"retir[ea]\s+(?:gr[áa]tis\s+)?(?:na|numa|em\s+uma|em)\s+(?:nossas?\s+)?lojas?",
            r"retirada\s+(?:gr[áa]tis\s+)?(?:na|em|nas)\s+(?:nossas?\s+)?lojas?",
            r"retirar\s+(?:o\s+(?:seu\s+)?pedido\s+)?(?:na|em|nas)\s+(?:nossas?\s+)?lojas?",
            r"compre\s+(?:online\s+)?e\s+retire", r"clique\s+e\s+retire"),
    exchange_in_store=(
        r"troc(?:a|as|ar|que)\s+(?:[^.\n]{0,40}?\s)?(?:em|n)\s*qualquer\s+"
        r"(?:uma\s+das\s+(?:nossas\s+)?)?lojas?",
        r"troc(?:a|as|ar|que)\s+(?:gr[áa]tis\s+)?(?:na|nas)\s+(?:nossas?\s+)?lojas?\s+f[íi]sicas?"),
    negation=(r"n[ãa]o", r"nem"),
    unavailable=(r"(?:est[áa]\s+)?indispon[íi]ve(?:l|is)", r"n[ãa]o\s+(?:est[áa]\s+)?dispon"),
)

BRAZIL = Language(_DAYS, _PLANS, _SHIPPING, _OFFERS)
PORTUGAL = Language(
    replace(_DAYS, delivery=(*_DAYS.delivery, _SENT),
            ignore=tuple(w for w in _DAYS.ignore if w != _SENT)),
    _PLANS, _SHIPPING,
    replace(
        _OFFERS, pix=(),
        out_of_stock=(*_OFFERS.out_of_stock, r"sem\s+stock", r"fora\s+de\s+stock",
                      r"esgotado"),
        in_stock=(*_OFFERS.in_stock, r"em\s+stock", r"dispon[íi]vel\s+em\s+stock"),
        pickup=(*_OFFERS.pickup,
                r"levantamento\s+(?:gr[áa]tis\s+|gratuito\s+)?(?:em|na|nas)\s+(?:nossas?\s+)?lojas?",
                r"levant(?:e|ar)\s+(?:a\s+sua\s+encomenda\s+)?(?:em|na|nas)\s+(?:nossas?\s+)?lojas?",
                r"recolha\s+(?:em|na)\s+lojas?"),
    ),
)
