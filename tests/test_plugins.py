"""One place per plug-in: the rule registry agrees with the rulebook language, every rule
describes itself completely, and adding a rule takes its module plus one registry line."""

from __future__ import annotations

import json
import pkgutil
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import get_args

import pytest
from click.testing import Result as CliResult

from cohesion_cli import checks
from cohesion_cli.checks import RULES, load_rules
from cohesion_cli.checks import rules as rules_package
from cohesion_cli.domain import FACT_KINDS, Outcome
from cohesion_cli.rulebook.models import FactKind, RuleId
from cohesion_cli.rulebook.policies import Policies
from cohesion_cli.ruleinfo import LANGUAGES

LEVELS = {"info", "low", "medium", "high", "critical"}
TAGS = {"product", "policy", "wording", "service", "availability"}


def test_rule_id_literal_is_the_registry() -> None:
    assert list(RULES) == list(get_args(RuleId))


def test_every_rule_module_is_registered() -> None:
    modules = {m.name for m in pkgutil.iter_modules(rules_package.__path__)}
    unregistered = modules - set(RULES)
    assert not unregistered, (f"checks/rules/{sorted(unregistered)[0]}.py is not registered: "
                              "add its id to RuleId in cohesion_cli/rulebook/models.py")


def test_a_module_without_its_descriptor_is_refused_with_what_to_add(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    package = tmp_path / "bare_rules"
    package.mkdir()
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "bare.py").write_text('"""bare: a rule module without RULE."""\nID = "bare"\n',
                                     encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(TypeError, match=r"bare_rules\.bare must define RULE = Rule\("):
        load_rules(["bare"], package="bare_rules")


def test_channel_facts_are_the_rules_that_say_so() -> None:
    assert set(get_args(FactKind)) == {r.id for r in RULES.values() if r.channel_fact}


@pytest.mark.parametrize("rule_id", list(RULES))
def test_every_rule_describes_itself(rule_id: str) -> None:
    rule = RULES[rule_id]
    info = rule.info
    module = sys.modules[rule.check.__module__]
    assert module.__name__ == f"cohesion_cli.checks.rules.{rule_id}"
    assert info.doc == module.__doc__ and info.doc.startswith(f"{rule_id}:")
    assert info.severity in LEVELS and info.tag in TAGS
    assert set(rule.consumes) <= {*FACT_KINDS.values(), "text"}
    missing = [lang for lang in LANGUAGES if lang not in info.words]
    assert not missing, f"rule {rule_id}: add Words for {missing} to its RULE"
    outcomes = {o.value for o in Outcome}
    subjects = {name for lang in LANGUAGES for name in info.words[lang].subjects}
    for lang in LANGUAGES:
        words = info.words[lang]
        assert words.title.strip() and words.fact.strip()
        assert set(words.actions) <= outcomes
        assert set(words.subjects) == subjects, f"rule {rule_id}: subjects differ in {lang}"
    if rule.defined_in is not None:
        assert rule.defined_in[0] == "policies" and rule.defined_in[1] in Policies.model_fields


def test_policy_subjects_have_words() -> None:
    """Every store-wide subject a rule reports on (``policy:<name>``) is named by a rule."""
    named = {n for r in RULES.values() for n in r.info.words["en"].subjects}
    sources = "".join(Path(sys.modules[r.check.__module__].__file__ or "").read_text(
        encoding="utf-8") for r in RULES.values())
    sources += (Path(checks.__file__).parent / "policy.py").read_text(encoding="utf-8")
    used = {part.split('"')[0] for part in sources.split('"policy:')[1:]}
    assert used == named


# --- adding a rule: its module and one registry line ----------------------------------------

THROWAWAY = '''\
"""cents: every main price a channel shows ends in ,90 (a throw-away rule: the registry
test adds it with one line)."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from cohesion_cli.checks.context import Context, result
from cohesion_cli.checks.rule import Rule
from cohesion_cli.domain import Outcome, Price, Result
from cohesion_cli.ruleinfo import RuleInfo, Words

ID = "cents"


def check(ctx: Context) -> Iterator[Result]:
    for data in ctx.channels:
        for doc in data.readable:
            main = doc.main_price
            if main is not None and isinstance(main.value, Price):
                cents = main.value.amount % 1
                yield result(ID, data, doc.snapshot.product or "", Outcome.OK
                             if cents == Decimal("0.90") else Outcome.DIVERGENT,
                             expected="ends in ,90", observed=main.value.show(), fact=main)


RULE = Rule(
    info=RuleInfo(id=ID, severity="high", doc=__doc__ or "", tag="product", words={
        "en": Words("Price endings", "price ending"),
        "pt-BR": Words("Final dos preços", "final do preço"),
    }),
    check=check, consumes=("price",),
)
'''

RULEBOOK = """\
brand: Aurora
catalog:
  products:
    - {sku: A1, name: Tênis Brisa, price: 399.99}
channels:
  - id: loja
    kind: file
    location: pages
    product_page: "{sku}.html"
"""


@pytest.fixture
def with_throwaway_rule(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    package = tmp_path / "extra_rules"
    package.mkdir()
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "cents.py").write_text(THROWAWAY, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    # the one registry line (RuleId gets "cents"):
    monkeypatch.setitem(RULES, "cents", load_rules(["cents"], package="extra_rules")["cents"])
    yield
    sys.modules.pop("extra_rules.cents", None)
    sys.modules.pop("extra_rules", None)


@pytest.mark.usefixtures("with_throwaway_rule")
def test_a_new_rule_reaches_every_output(
    cli: Callable[..., CliResult], write: Callable[[str, str], Path],
) -> None:
    write("pages/A1.html", "<html><body><h1>Tênis Brisa</h1>"
                           "<p class='price'>R$ 399,99</p></body></html>")
    rulebook = str(write("cohesion.yaml", RULEBOOK))
    data = json.loads(cli("check", rulebook, "--format", "json", "--no-cache").output)
    [finding] = [f for f in data["findings"] if f["rule"] == "cents"]
    assert finding["severity"] == "high" and finding["outcome"] == "divergent"
    assert finding["fact"] == "cents" and finding["observed"] == "R$ 399.99"
    assert finding["rule_location"]["line"] == 4  # the product's catalog entry
    markdown = cli("check", rulebook, "--format", "markdown", "--lang", "pt-BR",
                   "--no-cache").output
    assert "corrigir final do preço: esperado ends in ,90" in markdown
    html = cli("check", rulebook, "--format", "html", "--lang", "en", "--no-cache").output
    assert "Price endings" in html and "Correct the price endings" in html
    sarif = json.loads(cli("check", rulebook, "--format", "sarif", "--no-cache").output)
    [rule] = [r for r in sarif["runs"][0]["tool"]["driver"]["rules"] if r["id"] == "cents"]
    assert rule["properties"]["tags"][-1] == "product"
    assert rule["shortDescription"]["text"].startswith("Every main price a channel shows")
    assert rule["defaultConfiguration"]["level"] == "error"
    listing = cli("rules").output
    assert "cents (default severity: high)" in listing
