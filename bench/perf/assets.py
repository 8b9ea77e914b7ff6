"""The inline critical CSS and the inline script bundle every product page carries.

Real shop pages inline a good part of their weight: above-the-fold CSS and analytics,
tag-manager and storefront scripts. These are generated once (seeded) and shared by every
page, like a real storefront theme.
"""

from __future__ import annotations

import functools
import random

BLOCKS = ("topbar", "header", "menu", "breadcrumb", "produto", "galeria", "preco",
          "parcelas", "entrega", "trocas", "compra", "descricao", "specs", "avaliacao",
          "vitrine", "card", "rodape", "newsletter", "selo", "modal", "drawer", "busca")
ELEMENTS = ("", "__titulo", "__item", "__link", "__icone", "__lista", "__texto", "__botao",
            "__imagem", "__grid", "__rotulo", "__valor")
MODIFIERS = ("", "--ativo", "--destaque", "--mobile", "--aberto", "--desabilitado")
PROPERTIES = (
    "display:flex", "display:grid", "display:block", "display:none", "align-items:center",
    "justify-content:space-between", "gap:{n}px", "padding:{n}px {m}px", "margin:0 auto",
    "margin-top:{n}px", "font-size:{s}rem", "font-weight:{w}", "line-height:1.{n}",
    "color:#{c}", "background:#{c}", "border:1px solid #{c}", "border-radius:{n}px",
    "max-width:{x}px", "width:100%", "position:relative", "position:absolute", "top:0",
    "z-index:{n}", "transition:all .{n}s ease", "text-transform:uppercase",
    "letter-spacing:.0{n}em", "overflow:hidden", "white-space:nowrap",
    "text-overflow:ellipsis", "box-shadow:0 {n}px {m}px rgba(0,0,0,.1{n})", "opacity:.{n}",
    "grid-template-columns:repeat({n},minmax(0,1fr))", "cursor:pointer",
    "text-decoration:line-through", "object-fit:cover", "aspect-ratio:1/1",
)
JS_VERBS = ("init", "bind", "render", "track", "update", "toggle", "load", "observe",
            "format", "sync", "mount", "flush")
JS_NOUNS = ("Cart", "Menu", "Gallery", "Zoom", "Shipping", "Reviews", "Carousel", "Wishlist",
            "Consent", "Search", "Newsletter", "Variant", "Tracker", "Session", "Banner")


def _declaration(rng: random.Random) -> str:
    return rng.choice(PROPERTIES).format(
        n=rng.randint(1, 9), m=rng.randint(8, 32), s=rng.choice(("0.75", "0.875", "1", "1.25")),
        w=rng.choice((400, 500, 600, 700)), c=f"{rng.randrange(0x1000000):06x}",
        x=rng.choice((320, 480, 720, 960, 1200, 1440)))


@functools.cache
def critical_css(rules: int = 250) -> str:
    rng = random.Random(1)
    out = [":root{--cor-primaria:#0b3d5c;--cor-destaque:#e4572e;--fonte:Inter,Arial,sans-serif}"
           "*{box-sizing:border-box}body{margin:0;font-family:var(--fonte);color:#1d1d1f}"]
    for _ in range(rules):
        selector = f".{rng.choice(BLOCKS)}{rng.choice(ELEMENTS)}{rng.choice(MODIFIERS)}"
        if rng.random() < 0.15:
            selector += rng.choice((":hover", ":focus-visible", "::before", " > li"))
        body = ";".join(_declaration(rng) for _ in range(rng.randint(2, 6)))
        rule = f"{selector}{{{body}}}"
        if rng.random() < 0.12:
            rule = f"@media (max-width:{rng.choice((480, 768, 1024))}px){{{rule}}}"
        out.append(rule)
    return "".join(out)


def _function(rng: random.Random, name: str) -> str:
    arg = rng.choice(("e", "t", "n", "r"))
    selector = f".{rng.choice(BLOCKS)}{rng.choice(ELEMENTS)}"
    event = rng.choice(("click", "scroll", "resize", "keydown", "change", "mouseenter"))
    return (
        f"function {name}({arg},o){{var i=document.querySelectorAll(\"{selector}\"),s=0;"
        f"if(!i.length)return null;for(;s<i.length;s++){{i[s].addEventListener(\"{event}\","
        f"function(a){{a&&a.preventDefault&&o&&o.prevent&&a.preventDefault();"
        f"window.hz&&window.hz.emit(\"{name}\",{{el:i[s],detail:{arg}}});}},{{passive:!0}})}}"
        f"try{{localStorage.setItem(\"hz:{name}\",JSON.stringify({{t:Date.now(),n:i.length}}))}}"
        f"catch(c){{}}return i.length}}"
    )


@functools.cache
def script_bundle(functions: int = 75) -> str:
    rng = random.Random(2)
    names = [f"{rng.choice(JS_VERBS)}{rng.choice(JS_NOUNS)}{index}" for index in range(functions)]
    body = "".join(_function(rng, name) for name in names)
    boot = ";".join(f"{name}(window.hzConfig,{{prevent:{rng.randint(0, 1)}}})"
                    for name in names[: functions // 3])
    return (
        "(function(w,d){\"use strict\";w.hz=w.hz||{q:[],emit:function(n,p){this.q.push([n,p])}};"
        f"{body}d.addEventListener(\"DOMContentLoaded\",function(){{{boot}}})}})(window,document);"
    )


TAG_MANAGER = (
    "(function(w,d,s,l,i){w[l]=w[l]||[];w[l].push({'gtm.start':new Date().getTime(),"
    "event:'gtm.js'});var f=d.getElementsByTagName(s)[0],j=d.createElement(s),"
    "dl=l!='dataLayer'?'&l='+l:'';j.async=true;j.src='/static/tm.js?id='+i+dl;"
    "f.parentNode.insertBefore(j,f);})(window,document,'script','dataLayer','HZ-0001');"
)
