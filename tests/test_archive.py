"""--archive stores what was read; --replay re-runs the check from it, offline, with the
same findings. Secrets from the environment appear in no output and no archive file."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from cohesion_cli.channels.transport import http

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "aurora"
TOKEN = "Tok-9F8e7D6c5B4a"


def findings(result: Result) -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = json.loads(result.output)["findings"]
    return data


@pytest.mark.slow
def test_archive_then_replay_gives_identical_findings(
    cli: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    archive = tmp_path / "arquivo"
    first = cli("check", str(EXAMPLE), "--format", "json", "--no-history", "--archive",
                str(archive))
    assert first.exit_code == 1
    index = json.loads((archive / "index.json").read_text(encoding="utf-8"))
    assert index["documents"] and all(len(d["sha256"]) == 64 for d in index["documents"])
    web = [d for d in index["documents"] if d["status"] is not None]
    assert web and all(d["warc"].endswith(".warc.gz") for d in web)
    assert list((archive / "warc").glob("*.warc.gz"))

    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("replay used the network")

    monkeypatch.setattr(http, "fetch", no_network)
    monkeypatch.setattr("cohesion_cli.channels.transport.serve.serving", no_network)
    second = cli("check", str(EXAMPLE), "--format", "json", "--no-history", "--replay",
                 str(archive))
    assert second.exit_code == first.exit_code
    assert findings(second) == findings(first)


def test_replay_of_a_document_not_archived_is_unverifiable(
    cli: Callable[..., Result], write: Callable[[str, str], Path], tmp_path: Path,
) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "index.json").write_text('{"version": 1, "documents": []}')
    write("pages/A1.html", "<p>R$ 10,00</p>")
    rulebook = write("cohesion.yaml", "brand: X\ncatalog: {products: [{sku: A1, price: 10}]}\n"
                     "channels:\n  - {id: f, kind: file, location: pages, "
                     "product_page: '{sku}.html'}\n")
    result = cli("check", str(rulebook), "--format", "json", "--replay", str(tmp_path / "empty"))
    assert result.exit_code == 3
    assert findings(result)[0]["reason"] == "not in the archive"
    # a replay is not a new audit round: not recorded unless a history is asked for
    assert not (rulebook.parent / ".cohesion").exists()
    history = tmp_path / "replays.sqlite"
    cli("check", str(rulebook), "--replay", str(tmp_path / "empty"), "--history", str(history))
    assert history.exists()


class EchoHandler(BaseHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        auth = self.headers.get("Authorization", "")
        body = f"<p>R$ 10,00</p><p>debug: {auth}</p>".encode()
        self.send_response(200 if auth == f"Bearer {TOKEN}" else 401)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def echo_server() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), EchoHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_secrets_appear_in_no_output_and_no_archive(
    cli: Callable[..., Result], write: Callable[[str, str], Path], tmp_path: Path,
    echo_server: str, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SHOP_TOKEN", TOKEN)
    rulebook = write("cohesion.yaml", f"""\
brand: X
catalog: {{products: [{{sku: A1, price: 12}}]}}
policies: {{forbidden_phrases: ["debug: Bearer"]}}
channels:
  - id: loja
    kind: web
    location: {echo_server}/
    product_page: "{{sku}}"
    headers: {{Authorization: "Bearer ${{SHOP_TOKEN}}"}}
""")
    archive, files = tmp_path / "arq", tmp_path / "reports"
    formats = ("table", "json", "junit", "sarif", "github", "markdown", "csv", "html")
    outputs = [cli("check", str(rulebook), "--format", fmt, "--archive", str(archive),
                   "--output", f"{fmt}={files / fmt}", "--details")  # the table's evidence
               for fmt in formats]
    assert {o.exit_code for o in outputs} == {1}, "the page was read and the price differs"
    assert "R$ 10.00" in outputs[1].output
    for output in outputs:
        assert TOKEN not in output.output and TOKEN.lower() not in output.output
        assert "***" in output.output, "the echoed secret is masked in the evidence"
    for path in [*archive.rglob("*"), *files.iterdir()]:
        if path.is_file():
            raw = path.read_bytes()
            assert TOKEN.encode() not in raw, path
            if path.suffix == ".gz":
                import gzip

                assert TOKEN.encode() not in gzip.decompress(raw), path
