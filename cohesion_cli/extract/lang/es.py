"""Spanish (es, es-ES, es-AR, es-MX...).

Reads "envío en 3 a 5 días hábiles", "entrega en 24/48 h", "recíbelo en 2 días",
"entrega al día siguiente", "devoluciones gratis hasta 30 días", "derecho de
desistimiento de 14 días naturales", "hasta 12 cuotas sin interés de $ 8.333", "3 cuotas
de $ 1.000", "12 meses sin intereses", "envío gratis a partir de 50 €" and "envío gratis
en compras superiores a $ 30.000". "Envío" makes a deadline when written with its accent:
unaccented, "envio em 1 dia útil" is Portuguese for the dispatch, which matters when a
page's locale is unknown and every language is read. A customer's own past ("llegó en 3
días", "lo devolví a los 15 días") is never the store's promise.
"""

from __future__ import annotations

from cohesion_cli.extract.lang.words import (
    DayWords,
    Language,
    OfferWords,
    PlanWords,
    ShippingWords,
)

SPANISH = Language(
    DayWords(
        delivery=(r"entreg", r"envío", r"recib", r"rec[íi]bel", r"lleg", r"plazo",
                  r"despacho"),
        not_delivery_after=(r"partir de la ", r"después de la ", r"tras la ", r"desde la "),
        returns=(r"devoluci[óo]n", r"devoluciones", r"devolver", r"devuelv", r"cambios?\b",
                 r"cambiar"),
        withdrawal=(r"desistimiento", r"desistir", r"retracto", r"arrepentimiento"),
        ignore=(
            r"garant[íi]a", r"reembols", r"reintegr", r"despachamos", r"preparaci[óo]n",
            r"procesa", r"montaje", r"instalaci", r"reclam", r"defect", r"banco",
            r"cr[ée]dito", r"atenci[óo]n", r"respuesta", r"soporte", r"respond", r"termina",
            r"finaliza", r"v[áa]lid", r"promo", r"pago", r"retir", r"recog",
        ),
        experience=(
            r"devolv[íi]\b", r"devolvimos", r"cambié\b", r"recib[íi]\b", r"lleg[óo]\b",
            r"llegaron", r"tard[óo]\b", r"tardaron", r"demor[óo]\b", r"compré\b",
            r"ped[íi]\b", r"entregaron",
        ),
        business=(r"d[íi]as?\s+h[áa]biles", r"d[íi]a\s+h[áa]bil", r"d[íi]as?\s+laborables?"),
        calendar=(r"d[íi]as?\s+naturales", r"d[íi]as?\s+corridos", r"d[íi]as?\s+calendario"),
        plain=(r"d[íi]as?",),
        hours=(r"h", r"hs", r"horas"),
        range=(r"a", r"-", r"–", r"y", r"o", r"/", r"hasta"),
        frequency=(r"(?:a\s+la|por|cada)\s+semana", r"/\s*semana", r"al\s+d[íi]a"),
        clock_before=(r"\ba\s+las", r"\bde\s+las", r"\bdesde\s+las", r"\bhasta\s+las"),
        clock_after=(r"a", r"hasta", r"-", r"–"),
        weekdays=(
            r"lunes", r"martes", r"mi[ée]rcoles", r"jueves", r"viernes", r"s[áa]bados?",
            r"domingos?", r"feriados?", r"festivos?", r"lun\b", r"mar\b", r"mi[ée]\b",
            r"jue\b", r"vie\b",
        ),
        next_business_day=(r"d[íi]a\s+h[áa]bil\s+siguiente", r"pr[óo]ximo\s+d[íi]a\s+h[áa]bil"),
        next_day=(r"d[íi]a\s+siguiente",),
    ),
    PlanWords(
        before_count=(r"hasta\s+", r"(?:o\s+)?en\s+(?:hasta\s+)?", r"o\s+"),
        units=(r"cuotas", r"pagos", r"plazos", r"mensualidades"),
        weak_units=(r"meses",),
        free_before_unit=(),
        of=(r"de",),
        free=(r"sin\s+inter[ée]s(?:es)?", r"sin\s+recargos?", r"sin\s+costo\s+financiero",
              r"(?:al\s+|con\s+)?0(?:[.,]0+)?\s*%\s*(?:de\s+)?(?:inter[ée]s|tae|tin)"),
        paid=(r"con\s+inter[ée]s(?:es)?", r"con\s+recargo",
              r"(?:al\s+|con\s+)?\d+(?:[.,]\d+)?\s*%\s*(?:tae|tin|(?:de\s+)?inter[ée]s)"),
        per_month=(r"mes",),
        months=(r"meses",),
        for_months=(r"por", r"durante"),
        not_after_times=(r"m[áa]s\b", r"menos\b", r"mayor", r"menor", r"mejor", r"zoom",
                         r"aumento"),
    ),
    ShippingWords(
        free=(r"env[íi]os?\s+gratis", r"env[íi]os?\s+gratuitos?", r"entrega\s+gratis",
              r"entrega\s+gratuita", r"despacho\s+gratis"),
        over=(r"a\s+partir\s+de", r"de\s+m[áa]s\s+de", r"m[áa]s\s+de", r"superiores?\s+a",
              r"mayores?\s+(?:a|de)", r"desde"),
        orders=(r"compras", r"pedidos"),
        before_orders=(r"en", r"para", r"por"),
        on_orders=(),
        spend=(r"gasta", r"compra", r"comprando"),
        trigger=(r"gratis", r"gratuit"),
    ),
    OfferWords(
        discount=(r"de\s+descuento", r"dto\.?", r"off\b"),
        discount_before=(r"descuento\s+del?",),
        cash=(r"efectivo", r"transferencia(?:\s+bancaria)?", r"al\s+contado"),
        offer=(r"ofertas?", r"promoci[óo]n(?:es)?", r"promo", r"descuentos?", r"cup[óo]n(?:es)?",
               r"precios?", r"v[áa]lid[oa]s?", r"rebajas"),
        until=(r"hasta(?:\s+el)?", r"termina\s+el", r"v[áa]lid[oa]s?\s+hasta(?:\s+el)?"),
        range_from=(r"del?", r"desde\s+el", r"desde"),
        range_to=(r"al?", r"hasta(?:\s+el)?"),
        months=(r"enero", r"febrero", r"marzo", r"abril", r"mayo", r"junio", r"julio",
                r"agosto", r"septiembre", r"octubre", r"noviembre", r"diciembre"),
        month_after_day=(r"de",),
        out_of_stock=(r"agotado", r"sin\s+stock", r"sin\s+existencias", r"fuera\s+de\s+stock",
                      r"producto\s+no\s+disponible"),
        sold_out_word=(r"agotad[oa]",),
        in_stock=(r"en\s+stock", r"en\s+existencia"),
        scope_after=(r"para\s+(?!comprar\b)", r"en\s+(?:tu|su)\b",
                     r"en\s+est[ea]\s+(?:talla|color|tienda)"),
        pickup=(r"recog(?:er|ida)\s+en\s+(?:la\s+)?tienda", r"retir[ao]\s+en\s+(?:la\s+)?tienda"),
        exchange_in_store=(r"cambios?\s+en\s+cualquier(?:a\s+de\s+nuestras)?\s+tiendas?",),
        negation=(r"no", r"sin"),
        unavailable=(r"no\s+(?:est[áa]\s+)?disponible",),
    ),
)
