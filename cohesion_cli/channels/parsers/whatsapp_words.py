"""What WhatsApp writes into an export in each language: media placeholders and system
notices, for en, pt-BR, pt-PT, es, de, fr, it and nl (Android and iOS forms).

Used by :mod:`cohesion_cli.channels.parsers.whatsapp`. Every pattern is matched against one
line of bounded length, so reading stays linear in the size of the export.
"""

from __future__ import annotations

import re

# Media -----------------------------------------------------------------------------------

_OMITTED = (
    "omitted",  # en: <Media omitted>
    "omitid[oa]s?",  # es: <Multimedia omitido>, pt-PT: <Multimédia omitido>
    "ocult[oa]", "ocultad[oa]",  # pt-BR: <Mídia oculta>, <Arquivo de mídia oculto>
    "ausgeschlossen", "ausgelassen", "weggelassen",  # de: <Medien ausgeschlossen>
    "omise?s?", "absente?",  # fr: <Médias omis>
    "omess[aeio]",  # it: <Media omessi>
    "weggelaten",  # nl: <Media weggelaten>
)
_NOUNS = (
    # en
    "image", "video", "audio", "sticker", "gif", "document", "contact card", "video note",
    # pt-BR, pt-PT
    "imagem", "v[ií]deo", "[aá]udio", "figurinha", "autocolante", "documento",
    "cart[aã]o d[eo] contat[o]", "cart[aã]o de contacto",
    # es
    "imagen", "tarjeta de contacto",
    # de
    "bild", "dokument", "kontaktkarte",
    # fr
    "vid[ée]o", "autocollant", "fiche contact", "carte de contact",
    # it
    "immagine", "scheda contatto",
    # nl
    "afbeelding", "contactkaart",
)
_ATTACHED = (
    "attached", "anexado", "anexo", "adjunto", "anhang", "pi[eè]ce jointe", "allegato",
    "bijgevoegd", "bijlage",
)
_WORDS_OMITTED = "|".join(_OMITTED)
MEDIA = re.compile(
    rf"<[^<>]{{0,60}}(?:{_WORDS_OMITTED})>"
    rf"|<(?:{'|'.join(_ATTACHED)})\s?:\s?[^<>]{{1,250}}>"
    rf"|(?:{'|'.join(_NOUNS)})\s+(?:{_WORDS_OMITTED}|non inclus[oa])",
    re.IGNORECASE,
)
"""A whole first line that is only a media placeholder."""

MEDIA_SUFFIXES = (
    # Android: "IMG-20250514-WA0003.jpg (file attached)"
    "(file attached)", "(arquivo anexado)", "(ficheiro anexado)", "(archivo adjunto)",
    "(datei angehängt)", "(fichier joint)", "(file allegato)", "(bestand bijgevoegd)",
    # iOS: "Catalogo.pdf • 3 páginas ‎documento omitido"
    " document omitted", " documento omitido", " documento ocultado", " dokument weggelassen",
    " document omis", " documento omesso", " document weggelaten",
)
"""Endings (lower case) of a first line that names an attached file."""

# System notices --------------------------------------------------------------------------

NOTICE = re.compile(
    "|".join((
        r"messages (?:and calls are|to this (?:chat|group) and calls are now secured with)"
        r" end-to-end",  # en
        r"as mensagens e (?:as )?(?:chamadas|liga[cç][oõ]es) s[aã]o "
        r"(?:protegidas com a criptografia|criptografadas|encriptadas)",  # pt-BR, pt-PT
        r"los mensajes y (?:las )?llamadas (?:est[aá]n cifrados|ahora est[aá]n protegid)",
        r"nachrichten (?:und anrufe sind ende-zu-ende|in diesem chat sowie anrufe sind)",
        r"les messages et (?:les )?appels sont (?:chiffr|d[ée]sormais prot[ée]g)",  # fr
        r"i messaggi e le chiamate sono (?:crittografat|protett)",  # it
        r"berichten en (?:gesprekken|oproepen) (?:worden|zijn) end-to-end",  # nl
        r"this business (?:uses|works with) (?:a )?(?:secure service|other companies)",
        r"esta empresa usa um servi[cç]o seguro",
    )),
    re.IGNORECASE,
)
"""The start of a notice WhatsApp writes in every chat (encryption, business account).
iOS attributes it to the chat's name, i.e. possibly the brand; it is never a message."""

SYSTEM = re.compile(
    "|".join((
        # en
        r"end-to-end|encrypt|created (?:group|this group)|\badded\b|\bremoved\b|\bleft\b"
        r"|\bjoined\b|\bchanged\b|security code|disappearing|business account"
        r"|secure service|missed (?:voice|video|group) call",
        # pt-BR, pt-PT
        r"ponta a ponta|ponto a ponto|criptografia|encriptad|criou (?:o |este )?grupo"
        r"|\badicionou\b|\bremoveu\b|\bsaiu\b|\bentrou\b|\bmudou\b|\balterou\b"
        r"|c[oó]digo de seguran[cç]a|tempor[aá]rias|conta comercial|servi[cç]o seguro"
        r"|chamada de (?:voz|v[ií]deo) (?:perdida|n[aã]o atendida)",
        # es
        r"extremo a extremo|cifrad[oa]s|cre[oó] (?:el|este) grupo|\ba[nñ]adi[oó]\b"
        r"|\bsali[oó]\b|\bcambi[oó]\b|\belimin[oó] a\b|c[oó]digo de seguridad"
        r"|mensajes temporales|llamada (?:de voz |de video |de vídeo )?perdida",
        # de
        r"ende-zu-ende|verschl[uü]sselt|hat die gruppe|\bhinzugef[uü]gt\b|\bentfernt\b"
        r"|\bverlassen\b|\bge[aä]ndert\b|sicherheitsnummer|verpasster (?:sprach|video)anruf"
        r"|selbstl[oö]schende",
        # fr
        r"bout en bout|chiffr[ée]s|a cr[ée]{2} (?:le |ce )?groupe|\ba ajout[ée]\b"
        r"|\ba retir[ée]\b|est parti|\ba quitt[ée]\b|\ba (?:modifi|chang)[ée]\b"
        r"|code de s[ée]curit[ée]|appel (?:vocal|vid[ée]o) manqu[ée]|messages [ée]ph[ée]m[èe]res",
        # it
        r"crittografat|ha creato (?:il |questo )?gruppo|\bha aggiunto\b|\bha rimosso\b"
        r"|[èe] uscit[oa]|\bha (?:cambiato|modificato)\b|codice di sicurezza"
        r"|(?:chiamata vocale|videochiamata) persa|messaggi effimeri",
        # nl
        r"versleuteld|heeft (?:de )?groep .{0,80}aangemaakt|\btoegevoegd\b|\bvertrokken\b"
        r"|heeft de groep verlaten|\bgewijzigd\b|beveiligingscode"
        r"|gemiste (?:spraak|video)-?oproep|verdwijnende berichten",
    )),
    re.IGNORECASE,
)
"""Words of a system notice iOS attributes to someone (added, left, missed call...): only
trusted on a text that starts with a direction mark, as iOS writes such notices."""

# Courtesy --------------------------------------------------------------------------------

COURTESY = re.compile(
    r"(?<!\w)(?:" + "|".join((
        # en
        r"thanks?(?: you)?(?: (?:so|very) much)?(?: for (?:the|your) help)?|thx|ty|ok(?:ay)?"
        r"|k|cool|great|perfect|got it|understood|sure|fine|bye|goodbye|see you|cheers"
        r"|have a (?:nice|good) (?:day|one)|no problem",
        # pt-BR, pt-PT
        r"obrigad[oa]s?(?: (?:pela|pelo) (?:ajuda|aten[cç][aã]o|retorno))?|brigad[oa]|valeu|vlw"
        r"|ok|t[aá] bom|t[aá]|beleza|blz|perfeito|[oó]timo|show|entendi|certo|combinado"
        r"|fechado|tudo certo|de nada|at[eé] mais|tchau|abra[cç]os?|muito|mt|mto",
        # es
        r"gracias|muchas gracias|vale|perfecto|genial|entendido|de acuerdo|hasta luego|adi[oó]s",
        # de
        r"danke(?: sch[oö]n)?|vielen dank|alles klar|super|prima|verstanden|tsch[uü]ss",
        # fr
        r"merci(?: beaucoup)?|d'accord|parfait|compris|au revoir|bonne (?:journ[ée]e|soir[ée]e)",
        # it
        r"grazie(?: mille)?|va bene|perfetto|capito|ciao|arrivederci",
        # nl
        r"dank(?: je| u)?(?: wel)?|bedankt|prima|top|begrepen|doei|tot ziens",
    )) + r")(?!\w)",
    re.IGNORECASE,
)
"""Words of a customer's message that awaits no answer: thanks, "ok", goodbyes (per
language). A message made only of them (and emoji) is not a question."""
