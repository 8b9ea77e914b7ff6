"""Standard output is written a line at a time with secrets masked."""

from __future__ import annotations

import io
import subprocess
import sys
from dataclasses import replace
from types import SimpleNamespace
from typing import IO

import pytest
from report_fixture import fixed_report

from cohesion_cli.commands import emit as emit_module
from cohesion_cli.commands.emit import _Redacting, emit
from cohesion_cli.output.base import RenderOptions
from cohesion_cli.secrets import Redactor

SECRET = "tok-3f9a7c1e"


@pytest.mark.parametrize("fmt", ["json", "markdown", "csv"])
def test_secrets_are_masked_on_standard_output(
    fmt: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("SHOP_TOKEN", SECRET)
    report = fixed_report()
    leaked = [replace(report.results[0], observed=f"echo {SECRET} echo", observed_msg=None),
              *report.results[1:]]
    emit(replace(report, results=leaked), fmt, [], RenderOptions(), Redactor(["SHOP_TOKEN"]))
    out = capsys.readouterr().out
    assert SECRET not in out and "echo *** echo" in out


def test_a_secret_written_in_pieces_is_masked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SHOP_TOKEN", SECRET)
    real = io.StringIO()
    stream = _Redacting(real, Redactor(["SHOP_TOKEN"]))
    for piece in ("first line\nkey=tok-3f", "9a7c1e; more", "\nlast ", SECRET):
        stream.write(piece)
    assert real.getvalue() == "first line\nkey=***; more\n"
    stream.end()
    assert real.getvalue() == "first line\nkey=***; more\nlast ***"


def test_a_secret_spanning_lines_makes_the_text_masked_whole(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("SHOP_KEY", "-----BEGIN-----\nline-two")
    redact = Redactor(["SHOP_KEY"])
    assert redact.multiline and not Redactor(["SHOP_TOKEN"]).multiline

    def render(report: object, out: IO[str], options: object) -> None:
        out.write("before -----BEGIN-----\n")
        out.write("line-two after\n")

    monkeypatch.setitem(emit_module.FORMATS, "json", SimpleNamespace(render=render))
    emit(fixed_report(), "json", [], RenderOptions(), redact)
    assert capsys.readouterr().out == "before *** after\n"


def test_a_run_imports_only_the_renderers_it_writes_with() -> None:
    """The output formats load on first use: a JSON run does not pay for the HTML report's
    templates or the terminal table."""
    probe = ("import sys\nfrom cohesion_cli.commands import check\n"
             "from cohesion_cli.output import FORMATS\n"
             "assert 'jinja2' not in sys.modules and 'cohesion_cli.output.table' not in "
             "sys.modules, 'a renderer was imported before use'\n"
             "assert FORMATS['json'].NAME == 'json' and 'jinja2' not in sys.modules\n"
             "assert FORMATS['html'].NAME == 'html' and 'jinja2' in sys.modules\n")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stderr
