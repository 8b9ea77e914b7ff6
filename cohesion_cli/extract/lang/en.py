"""English (en, en-US, en-GB...).

Reads "arrives in 3-5 business days", "free returns within 30 days", "30-day money-back
guarantee", "12x $74.92", "4 interest-free payments of $25.00", "As low as $45/mo for 12
months", "free shipping on orders over $50", "Spend $100 and get free shipping". A
customer's own past ("arrived in 2 days", "I returned it after 30 days") is never the
store's promise.
"""

from __future__ import annotations

from cohesion_cli.extract.lang.words import (
    DayWords,
    Language,
    OfferWords,
    PlanWords,
    ShippingWords,
)

ENGLISH = Language(
    DayWords(
        delivery=(r"delivery", r"deliver", r"arriv", r"transit", r"get\s+it", r"shipping\b",
                  r"expect\s+(?:your|it)"),
        not_delivery_after=(r"after ", r"of "),
        returns=(r"return", r"exchange", r"money[- ]back", r"send\s+(?:it|them)\s+back",
                 r"changed\s+your\s+mind"),
        withdrawal=(r"withdraw", r"cancel\w*\s+(?:the|your)\s+(?:purchase|order)"),
        ignore=(
            r"warranty", r"(?<!money-back )(?<!money back )guarantee", r"refund",
            r"dispatch", r"handling", r"process", r"ships\b", r"shipped", r"assembl",
            r"claim", r"defect", r"bank", r"credit", r"report", r"notify", r"respond",
            r"support", r"repl(?:y|ies)", r"answer", r"\bends?\b", r"valid", r"promo",
            r"payment", r"pick\s*up",
        ),
        experience=(
            r"arrived", r"came\b", r"took\b", r"showed\s+up", r"got\s+(?:it|mine|them|my)",
            r"received\s+(?:it|mine|them|my)", r"returned\s+(?:it|them|mine|my)",
            r"sent\s+(?:it|them)\s+back", r"exchanged\s+(?:it|them|mine|my)",
            r"\bI\s+(?:\w+\s+)?(?:returned|exchanged|received|got|ordered|bought)",
        ),
        business=(r"(?:business|working)\s+days?",),
        calendar=(r"calendar\s+days?",),
        plain=(r"days?",),
        hours=(r"h", r"hrs?", r"hours"),
        range=(r"-", r"–", r"to", r"or"),
        frequency=(r"(?:a|per|each)\s+week", r"/\s*week", r"(?:a|per)\s+day"),
        clock_before=(r"\bat", r"\bfrom", r"\buntil", r"\btill"),
        clock_after=(r"to", r"-", r"–"),
        weekdays=(
            r"mondays?", r"tuesdays?", r"wednesdays?", r"thursdays?", r"fridays?",
            r"saturdays?", r"sundays?", r"weekdays", r"weekends?", r"holidays",
            r"mon\b", r"tue\b", r"wed\b", r"thu\b", r"fri\b", r"sat\b", r"sun\b",
        ),
        next_business_day=(r"next[- ]business[- ]day",),
        next_day=(r"next[- ]day",),
    ),
    PlanWords(
        before_count=(r"up\s+to\s+",),
        units=(r"(?:monthly\s+)?(?:payments|installments)",),
        weak_units=(),
        free_before_unit=(r"interest[- ]free",),
        of=(r"of",),
        free=(r"(?:with\s+)?(?:no|zero)\s+interest", r"interest[- ]free",
              r"without\s+interest", r"(?:with\s+|at\s+)?0(?:[.,]0+)?\s*%\s*apr"),
        paid=(r"with\s+interest", r"\(?interest\s+applies\)?",
              r"(?:at\s+|with\s+)?\d+(?:[.,]\d+)?\s*%\s*apr"),
        per_month=(r"mo", r"month"),
        months=(r"months",),
        for_months=(r"for",),
        not_after_times=(r"more\b", r"less\b", r"faster", r"slower", r"longer", r"bigger",
                         r"smaller", r"stronger", r"brighter", r"better", r"zoom",
                         r"magnification", r"optical"),
    ),
    ShippingWords(
        free=(r"free\s+(?:standard\s+|ground\s+|express\s+|\d+-day\s+)?(?:shipping|delivery)",
              r"ships?\s+free", r"shipping\s+is\s+free"),
        over=(r"of\s+over", r"over", r"above", r"of(?=\s*\S*\d)"),
        orders=(r"all\s+orders?", r"all\s+purchases", r"orders?", r"purchases"),
        before_orders=(r"on", r"for"),
        on_orders=(r"on\s+(?:all\s+)?orders\s+",),
        spend=(r"spend",),
        trigger=(r"free",),
    ),
    OfferWords(
        discount=(r"off\b", r"discount"),
        discount_before=(r"save", r"discount\s+of"),
        pix=(r"pix",),
        cash=(r"cash", r"bank\s+transfer", r"wire\s+transfer"),
        offer=(r"offers?", r"sales?", r"promotions?", r"promo", r"deals?", r"discounts?",
               r"coupons?", r"prices?", r"valid", r"black\s+friday"),
        until=(r"until", r"till", r"through", r"thru", r"ends?(?:\s+on)?",
               r"expires?(?:\s+on)?", r"valid\s+to", r"by"),
        range_from=(r"from",),
        range_to=(r"to", r"until", r"through", r"-", r"–"),
        months=(r"january", r"february", r"march", r"april", r"may", r"june", r"july",
                r"august", r"september", r"october", r"november", r"december"),
        day_first=False,
        out_of_stock=(r"out\s+of\s+stock", r"sold\s+out", r"currently\s+unavailable",
                      r"temporarily\s+unavailable", r"no\s+longer\s+available",
                      r"notify\s+me\s+when\s+(?:available|in\s+stock|back)"),
        sold_out_word=(r"sold\s+out", r"unavailable"),
        in_stock=(r"in\s+stock", r"ready\s+to\s+ship"),
        scope_after=(r"for\s+(?!purchase\b)", r"in\s+your\b",
                     r"in\s+this\s+(?:size|colou?r|area|store)", r"at\s+this\s+(?:location|store)"),
        pickup=(r"(?:in-?\s?store|store)\s+pick-?\s?up", r"pick\s*(?:it\s+)?up\s+in[- ]store",
                r"click\s*(?:&|and|\+)\s*collect", r"collect\s+in[- ]store",
                r"pick\s*up\s+(?:at|from)\s+(?:a|any|your|our)\s+(?:local\s+)?store"),
        exchange_in_store=(
            r"(?:exchange|return)s?\s+(?:it\s+|them\s+|items\s+)?(?:at|in|to)\s+any\s+"
            r"(?:of\s+our\s+)?stores?", r"in-?\s?store\s+(?:returns?|exchanges?)"),
        negation=(r"not", r"never", r"cannot", r"can't", r"don't", r"doesn't"),
        unavailable=(r"(?:is\s+)?(?:not|un)available", r"isn't\s+available"),
    ),
)
