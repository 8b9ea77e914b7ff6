"""Hostile inputs against storage, confinement and integrity: the cache, the archive and the
files a rulebook names. Each test starts from what an attacker controls (a rulebook in a pull
request, a cache or archive folder, a page that echoes a secret) and asserts what cohesion
does with it."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from hostile import Attack

from cohesion_cli import engine, workers
from cohesion_cli.channels.kinds import file
from cohesion_cli.channels.rulebook import load
from cohesion_cli.channels.transport import http
from cohesion_cli.rulebook.plan import DocumentSpec

ATTACKS = (
    Attack(item=2, name="secret-page-in-cache",
           attack="A channel with ${ENV} headers or a literal cookie reads a page that echoes "
                  "them, with --cache-dir.",
           outcome="Nothing of that channel is cached (no page body, no extraction); every "
                   "cache file is 0600 and every cache folder 0700.",
           tests=("test_nothing_from_a_channel_with_secrets_is_cached",
                  "test_cache_files_and_folders_are_private")),
    Attack(item=3, name="rulebook-reads-proc",
           attack="A rulebook edited in a pull request reads 'location: /proc/self' with "
                  "'policy_pages: [environ]', or escapes with '../', an absolute path or a "
                  "symlink, for a channel, the catalog CSV, the served folder or an observation's "
                  "attachments.",
           outcome="Refused when the rulebook is loaded: exit 2 with file:line:col; folders "
                   "outside the engagement only through 'allow_paths:'; /proc, /sys and /dev "
                   "never, even at read time; the served folder answers 403 to a symlink "
                   "leading out of it.",
           tests=("test_a_rulebook_cannot_read_proc", "test_paths_escaping_are_refused",
                  "test_catalog_and_served_folder_are_confined",
                  "test_allow_paths_admits_a_listed_folder",
                  "test_a_served_folder_serves_nothing_outside_it",
                  "test_observation_attachments_stay_beside_the_file",
                  "test_a_file_under_a_system_folder_is_never_read")),
    Attack(item=5, name="archive-index-path-escape",
           attack="The archive's index.json is edited: a document's \"file\" becomes "
                  "\"../../secret.html\" or an absolute path.",
           outcome="--replay reads archived bytes only from files/ and warc/ inside the "
                   "archive folder: that document is unverifiable with the reason.",
           tests=("test_a_tampered_archive_index_reads_no_outside_file",)),
    Attack(item=6, name="damaged-cache-and-archive",
           attack="A cache entry is replaced by {\"extractions\": []}, a cached body is "
                  "truncated before a 304, or an archived WARC record's body is changed.",
           outcome="Cache entries carry a sha256: a damaged one is a cache miss (logged) and "
                   "the document is read again (a 304 whose stored extraction stands for "
                   "the page leaves the cached body unread; when both turn out damaged, the "
                   "page is asked for again, not conditionally); an extraction entry whose "
                   "sha256 matches but that does not parse (not written by cohesion), and a "
                   "replayed record that does not match its sha256, make that document "
                   "unverifiable with the reason.",
           tests=("test_an_emptied_extraction_entry_is_a_cache_miss",
                  "test_a_verified_entry_that_is_no_extraction_makes_its_document_unverifiable",
                  "test_a_damaged_cached_body_is_not_reused_after_304",
                  "test_a_304_whose_extraction_is_stored_leaves_the_stored_bytes_unread",
                  "test_a_damaged_cached_answer_is_dropped_and_asked_again",
                  "test_a_changed_warc_record_is_unverifiable_on_replay")),
    Attack(item=7, name="replay-other-cwd",
           attack="--archive with an absolute rulebook path, --replay with a relative one "
                  "from another working directory.",
           outcome="Archive keys name local files relative to the rulebook's folder: the same "
                   "findings.",
           tests=("test_replay_from_another_working_directory_gives_the_same_findings",)),
    Attack(item=8, name="shared-cache-provenance",
           attack="Two engagements in different folders, with identical settings and pages, "
                  "share one --cache-dir.",
           outcome="The extraction cache is keyed by the document's location too: each "
                   "engagement's evidence names its own files.",
           tests=("test_engagements_sharing_a_cache_keep_their_own_evidence",)),
    Attack(item=15, name="unusable-cache-dir",
           attack="--cache-dir under a regular file (cannot be created) or a read-only folder.",
           outcome="One warning, caching off for the run; every document is read and the "
                   "findings equal a --no-cache run.",
           tests=("test_an_unusable_cache_folder_turns_caching_off",)),
    Attack(item=17, name="replay-unusable-archive",
           attack="--replay of an empty folder, a garbled or malformed index.json, a "
                  "folder a killed first run left, or a truncated WARC file.",
           outcome="An unusable archive is exit 2 with one line naming the folder and what to "
                   "do; a damaged WARC makes its documents unverifiable. Never a traceback.",
           tests=("test_replay_of_an_unusable_archive_is_a_usage_error",
                  "test_replay_of_a_truncated_warc_makes_its_documents_unverifiable")),
    Attack(item=24, name="archive-orphans",
           attack="Repeated runs into one --archive folder, one of them killed mid-run.",
           outcome="After each complete run the folder holds only what its index references: "
                   "no orphaned WARC, stored or .tmp files.",
           tests=("test_repeated_archive_runs_leave_no_orphans",)),
)

TOKEN = "Tok-9F8e7D6c5B4a"
PAGE = "<html><body><h1>Fone</h1><p>Preço: R$ 12,00</p></body></html>"
RULEBOOK = """\
brand: X
catalog: {products: [{sku: A1, name: Fone, price: 10}]}
channels:
  - {id: f, kind: file, location: pages, product_page: "{sku}.html"}
"""


def engagement(folder: Path, rulebook: str = RULEBOOK, page: str = PAGE) -> Path:
    """A small engagement in ``folder``: one file channel whose page differs from the
    catalog (one divergent price)."""
    (folder / "pages").mkdir(parents=True, exist_ok=True)
    (folder / "pages" / "A1.html").write_text(page, encoding="utf-8")
    path = folder / "cohesion.yaml"
    path.write_text(rulebook, encoding="utf-8")
    return path


def report(result: Result) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(result.output)
    return data


def outcomes(result: Result) -> list[tuple[str, str, str]]:
    return [(f["rule"], f["outcome"], f["reason"]) for f in report(result)["findings"]]


class _Echo(BaseHTTPRequestHandler):
    """Echoes the request's secret header and cookie into a cacheable page."""

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        said = f"{self.headers.get('X-Api-Key', '')} {self.headers.get('Cookie', '')}"
        body = f"<p>R$ 12,00</p><p>debug: {said}</p>".encode()
        if self.path == "/robots.txt":
            self.send_response(404)
            self.end_headers()
            return
        if self.headers.get("If-None-Match") == '"v1"':
            self.send_response(304)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("ETag", '"v1"')
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def echo() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Echo)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


# --- item 2: secrets are never cached; the cache is private -----------------------------

def test_nothing_from_a_channel_with_secrets_is_cached(
    cli: Callable[..., Result], tmp_path: Path, echo: str, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SHOP_TOKEN", TOKEN)
    cache = tmp_path / "cache"
    rulebook = engagement(tmp_path, f"""\
brand: X
catalog: {{products: [{{sku: A1, price: 10}}]}}
policies: {{forbidden_phrases: ["debug"]}}
channels:
  - id: api
    kind: web
    location: {echo}/
    product_page: "{{sku}}"
    headers: {{X-Api-Key: "${{SHOP_TOKEN}}"}}
  - id: shop
    kind: web
    location: {echo}/
    product_page: "{{sku}}"
    cookies: {{session: "literal-session-cookie"}}
  - id: keyed
    kind: web
    location: {echo}/
    product_page: "{{sku}}?key=${{SHOP_TOKEN}}"
""")
    for _ in range(2):
        result = cli("check", str(rulebook), "--format", "json", "--cache-dir", str(cache))
        assert result.exit_code == 1
        assert {f["channel"] for f in report(result)["findings"]} >= {"api", "shop"}
    stored = [p for p in cache.rglob("*") if p.is_file()]
    assert stored == [], "nothing read with headers, cookies or a secret in its address is cached"


def test_cache_files_and_folders_are_private(cli: Callable[..., Result], tmp_path: Path,
                                             http_root: tuple[Path, str]) -> None:
    root, url = http_root
    (root / "A1.html").write_text(PAGE, encoding="utf-8")
    rulebook = engagement(tmp_path, RULEBOOK + f"""\
  - {{id: web, kind: web, location: "{url}/", product_page: "{{sku}}.html"}}
""")
    cache = tmp_path / "new" / "cache"
    previous = os.umask(0o022)
    try:
        assert cli("check", str(rulebook), "-q", "--cache-dir", str(cache)).exit_code == 1
    finally:
        os.umask(previous)
    files = [p for p in cache.rglob("*") if p.is_file()]
    folders = [cache, *(p for p in cache.rglob("*") if p.is_dir())]
    assert {p.parent.name for p in files} == {"http", "extract"}
    assert {oct(p.stat().st_mode & 0o777) for p in files} == {oct(0o600)}
    assert {oct(p.stat().st_mode & 0o777) for p in folders} == {oct(0o700)}


# --- item 3: confinement ------------------------------------------------------------------

def test_a_rulebook_cannot_read_proc(cli: Callable[..., Result], tmp_path: Path,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI_SECRET", TOKEN)
    rulebook = engagement(tmp_path, RULEBOOK + """\
  - {id: leak, kind: file, location: /proc/self, policy_pages: [environ]}
""")
    for command in ("check", "validate"):
        result = cli(command, str(rulebook))
        assert result.exit_code == 2
        assert TOKEN not in result.output
        assert "cohesion.yaml:5:" in result.output
        assert "/proc/self/environ is under /proc, which cohesion never reads" in result.output


@pytest.mark.parametrize("escape", ["dotdot", "absolute", "symlink", "template"])
def test_paths_escaping_are_refused(cli: Callable[..., Result], tmp_path: Path,
                                    escape: str) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("R$ 99,00 secret", encoding="utf-8")
    work = tmp_path / "work"
    channel = {"dotdot": "{id: x, kind: file, location: ../outside, policy_pages: [secret.txt]}",
               "absolute": f"{{id: x, kind: file, location: '{outside / 'secret.txt'}'}}",
               "symlink": "{id: x, kind: file, location: pages/link.txt}",
               "template": "{id: x, kind: file, location: pages, product_page: '{name}'}"
               }[escape]
    rulebook = engagement(work, RULEBOOK.replace("name: Fone", "name: ../../outside/secret.txt")
                          + f"  - {channel}\n")
    (work / "pages" / "link.txt").symlink_to(outside / "secret.txt")
    result = cli("check", str(rulebook), "--format", "json")
    assert result.exit_code == 2
    assert "secret" not in result.output.replace("secret.txt", "")
    assert f"{rulebook.name}:5:" in result.output
    assert "is outside the engagement folder" in result.output
    assert "allow_paths" in result.output


def test_catalog_and_served_folder_are_confined(cli: Callable[..., Result],
                                                tmp_path: Path) -> None:
    (tmp_path / "catalog.csv").write_text("sku,name,price\nA1,Fone,10\n", encoding="utf-8")
    rulebook = engagement(tmp_path / "work", """\
brand: X
catalog: {csv: ../catalog.csv}
serve: {root: /}
channels:
  - {id: f, kind: file, location: pages, product_page: "{sku}.html"}
""")
    result = cli("validate", str(rulebook))
    assert result.exit_code == 2
    assert "cohesion.yaml:2:" in result.output and "cohesion.yaml:3:" in result.output
    assert result.output.count("is outside the engagement folder") == 2


def test_allow_paths_admits_a_listed_folder(cli: Callable[..., Result], tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    engagement(shared)
    rulebook = engagement(tmp_path / "work", """\
brand: X
allow_paths: [../shared]
catalog: {products: [{sku: A1, name: Fone, price: 10}]}
channels:
  - {id: f, kind: file, location: ../shared/pages, product_page: "{sku}.html"}
""")
    result = cli("check", str(rulebook), "--format", "json", "--no-cache")
    assert result.exit_code == 1
    assert outcomes(result) == [("price", "divergent", "")]
    proc = rulebook.read_text(encoding="utf-8").replace("[../shared]", "[../shared, /proc]")
    rulebook.write_text(proc, encoding="utf-8")
    refused = cli("validate", str(rulebook))
    assert refused.exit_code == 2 and "cohesion.yaml:2:" in refused.output
    assert "/proc is under /proc, which cohesion never reads" in refused.output


def test_a_served_folder_serves_nothing_outside_it(cli: Callable[..., Result],
                                                   tmp_path: Path) -> None:
    (tmp_path / "secret.html").write_text("<p>R$ 10,00 secret</p>", encoding="utf-8")
    rulebook = engagement(tmp_path / "work", """\
brand: X
catalog: {products: [{sku: A1, name: Fone, price: 10}]}
serve: {root: www}
channels:
  - {id: w, kind: web, location: "{serve_url}/", product_page: "{sku}.html"}
""")
    (tmp_path / "work" / "www").mkdir()
    (tmp_path / "work" / "www" / "A1.html").symlink_to(tmp_path / "secret.html")
    result = cli("check", str(rulebook), "--format", "json", "--no-cache", "--ignore-robots")
    assert result.exit_code == 3 and "secret" not in result.output
    assert outcomes(result) == [("read", "unverifiable", "HTTP 403 outside the served folder")]


@pytest.mark.parametrize("attachment", ["../../etc/passwd", "/etc/passwd", "fotos/../../x.jpg",
                                        "~/.ssh/id_rsa", "C:\\Windows\\win.ini"])
def test_observation_attachments_stay_beside_the_file(
    cli: Callable[..., Result], tmp_path: Path, attachment: str,
) -> None:
    rulebook = engagement(tmp_path, """\
brand: X
catalog: {products: [{sku: A1, name: Fone, price: 10}]}
channels:
  - {id: loja, kind: observations, location: visitas.yaml}
""")
    visit = {"channel": "loja", "product": "A1", "quoted_price": "R$ 10,00",
             "attachments": ["fotos/recibo.jpg", attachment]}
    (tmp_path / "visitas.yaml").write_text(json.dumps([visit]), encoding="utf-8")
    result = cli("check", str(rulebook), "--format", "json", "--no-cache")
    assert result.exit_code == 3
    [(rule, outcome, reason)] = outcomes(result)
    assert (rule, outcome) == ("read", "unverifiable")
    assert f"{attachment!r} is outside the observations file's folder" in reason


def test_a_file_under_a_system_folder_is_never_read(tmp_path: Path) -> None:
    """Even when the rulebook check is bypassed (a symlink made after loading)."""
    link = tmp_path / "page.html"
    link.symlink_to("/proc/self/environ")
    snapshot = file.read(DocumentSpec(channel="f", kind="file", location=str(link),
                                      role="policy"))
    assert snapshot.body == b""
    assert snapshot.error and "is under /proc, which cohesion never reads" in snapshot.error


# --- items 5, 6, 7, 17, 24: the archive ---------------------------------------------------

def _index(archive: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((archive / "index.json").read_text(encoding="utf-8"))
    return data


def test_a_tampered_archive_index_reads_no_outside_file(cli: Callable[..., Result],
                                                         tmp_path: Path) -> None:
    rulebook = engagement(tmp_path / "work")
    archive = tmp_path / "archive"
    assert cli("check", str(rulebook), "-q", "--archive", str(archive)).exit_code == 1
    secret = tmp_path / "secret.html"
    secret.write_text("<p>R$ 10,00 secret</p>", encoding="utf-8")
    for stolen in ("../secret.html", str(secret), "files/../../secret.html"):
        index = _index(archive)
        index["documents"][0]["file"] = stolen
        (archive / "index.json").write_text(json.dumps(index), encoding="utf-8")
        result = cli("check", str(rulebook), "--format", "json", "--replay", str(archive))
        assert result.exit_code == 3
        [(rule, outcome, reason)] = outcomes(result)
        assert (rule, outcome) == ("read", "unverifiable")
        assert f"refused the index entry {stolen!r}" in reason


def test_an_emptied_extraction_entry_is_a_cache_miss(
    cli: Callable[..., Result], tmp_path: Path, caplog: pytest.LogCaptureFixture,
) -> None:
    rulebook, cache = engagement(tmp_path / "work"), tmp_path / "cache"
    first = cli("check", str(rulebook), "--format", "json", "--cache-dir", str(cache))
    entries = list((cache / "extract").iterdir())
    assert first.exit_code == 1 and entries
    for damage in ('{"extractions": []}', '{"extractions": [', "\x00garbage"):
        for entry in entries:
            entry.write_text(damage, encoding="utf-8")
        with caplog.at_level(logging.WARNING):
            again = cli("check", str(rulebook), "--format", "json", "--cache-dir", str(cache))
        assert again.exit_code == 1
        assert outcomes(again) == outcomes(first) == [("price", "divergent", "")]
        assert "ignoring damaged cache entry" in caplog.text


def test_a_verified_entry_that_is_no_extraction_makes_its_document_unverifiable(
    cli: Callable[..., Result], tmp_path: Path,
) -> None:
    """An entry whose sha256 matches was written by whoever can write the cache folder: the
    worker sends it unparsed, and what does not parse is reported, never a crash."""
    rulebook, cache = engagement(tmp_path / "work"), tmp_path / "cache"
    first = cli("check", str(rulebook), "--format", "json", "--cache-dir", str(cache))
    [entry] = list((cache / "extract").iterdir())
    for forged in (b'{"not": "a list"}', b'[{"role": "product"}]', b"[" * 100_000, b"\xff"):
        digest = hashlib.sha256(entry.stem.encode() + b"\x1f" + forged).hexdigest()
        entry.write_bytes(digest.encode() + b"\n" + forged)
        again = cli("check", str(rulebook), "--format", "json", "--cache-dir", str(cache))
        assert first.exit_code == 1 and again.exit_code == 3
        [(rule, outcome, reason)] = outcomes(again)
        assert (rule, outcome) == ("read", "unverifiable")
        assert "its stored extraction cannot be read" in reason and "--no-cache" in reason


def test_a_damaged_cached_body_is_not_reused_after_304(tmp_path: Path, echo: str) -> None:
    spec = DocumentSpec(channel="w", kind="web", location=f"{echo}/p", role="policy",
                        cache_dir=str(tmp_path), respect_robots=False)
    fresh = http.fetch(spec, "text/html")
    [entry] = (tmp_path / "http").glob("*.http")
    for damage in (fresh.body[:9], b"<p>R$ 1,00</p>"):
        _store_body(entry, damage)
        again = http.fetch(spec, "text/html")
        assert (again.from_cache, again.body) == (False, fresh.body)
        assert _stored(entry)[1] == fresh.body, "the damaged entry was replaced"
    assert http.fetch(spec, "text/html").from_cache, "a sound entry is still reused"


def _stored(entry: Path) -> tuple[bytes, bytes]:
    """An HTTP cache entry's line of metadata and its body."""
    head, _, body = entry.read_bytes().partition(b"\n")
    return head, body


def _store_body(entry: Path, body: bytes) -> None:
    entry.write_bytes(_stored(entry)[0] + b"\n" + body)


def test_a_304_whose_extraction_is_stored_leaves_the_stored_bytes_unread(
    tmp_path: Path, echo: str, caplog: pytest.LogCaptureFixture,
) -> None:
    cache = tmp_path / "cache"
    options = engine.RunOptions(cache=cache, respect_robots=False)
    [job] = [job for job in engine.jobs(load(str(_web_engagement(tmp_path / "work", echo))),
                                        "", options, None) if job[0].channel == "web"]

    def facts(extractions: list[Any]) -> list[tuple[str, str]]:
        return [(f.kind, str(f.value)) for e in extractions for f in e.facts]

    first_snapshot, first = workers.read_and_extract(job)
    assert facts(first) and not first_snapshot.from_cache
    [body] = (cache / "http").glob("*.http")
    fresh = _stored(body)[1]
    _store_body(body, b"damaged")
    snapshot, again = workers.read_and_extract(job)  # the stored extraction stands for them
    assert (snapshot.from_cache, snapshot.error, snapshot.digest) == (
        True, None, first_snapshot.digest)
    assert facts(again) == facts(first) and _stored(body)[1] == b"damaged"
    for entry in (cache / "extract").iterdir():
        entry.write_text("garbage", encoding="utf-8")
    with caplog.at_level(logging.WARNING):  # the extraction is damaged, and so are the bytes:
        snapshot, third = workers.read_and_extract(job)  # asked again, not conditionally
    assert "the body does not match its sha256" in caplog.text
    assert (snapshot.from_cache, snapshot.error, facts(third)) == (False, None, facts(first))
    assert _stored(body)[1] == fresh
    for entry in (cache / "extract").iterdir():
        entry.unlink()
    snapshot, fourth = workers.read_and_extract(job)  # 304, no extraction: the bytes are read
    assert (snapshot.from_cache, facts(fourth)) == (True, facts(first))


def test_pages_archived_are_always_read_with_their_bytes(tmp_path: Path, echo: str) -> None:
    loaded = load(str(_web_engagement(tmp_path / "work", echo)))
    for archive, reused in ((None, True), (tmp_path / "archive", False)):
        options = engine.RunOptions(cache=tmp_path / "cache", archive=archive)
        web = [(spec, ctx) for spec, ctx, _, _ in engine.jobs(loaded, "", options, None)
               if spec.channel == "web"]
        assert web and all(spec.reuse == (ctx.cache_key if reused else "")
                           for spec, ctx in web)


def _changed(head: bytes, **fields: object) -> bytes:
    return json.dumps({**json.loads(head), **fields}).encode()


NOT_TEXT = "a field is missing or not text"
DAMAGES: list[tuple[Callable[[bytes, bytes], bytes], str]] = [
    (lambda head, body: _changed(head, etag=["v1"]) + b"\n" + body, NOT_TEXT),
    (lambda head, body: _changed(head, content_type=None) + b"\n" + body, NOT_TEXT),
    (lambda head, body: _changed(head, sha256=7) + b"\n" + body, NOT_TEXT),
    (lambda head, body: b"", "not JSON"),
    (lambda head, body: b"{not json\n" + body, "not JSON"),
    (lambda head, body: body, "not JSON"),
    (lambda head, body: head[:40], "not JSON"),
]


@pytest.mark.parametrize(("damage", "why"), DAMAGES)
def test_a_damaged_cached_answer_is_dropped_and_asked_again(
    tmp_path: Path, echo: str, caplog: pytest.LogCaptureFixture,
    damage: Callable[[bytes, bytes], bytes], why: str,
) -> None:
    """An answer is one file, its metadata on the first line: one that does not read is
    dropped, the page asked for again (not conditionally) and the entry written again."""
    spec = DocumentSpec(channel="w", kind="web", location=f"{echo}/p", role="policy",
                        cache_dir=str(tmp_path), respect_robots=False)
    fresh = http.fetch(spec, "text/html")
    [entry] = (tmp_path / "http").iterdir()
    sound = entry.read_bytes()
    head, _, body = sound.partition(b"\n")
    assert body == fresh.body
    entry.write_bytes(damage(head, body))
    with caplog.at_level(logging.WARNING):
        again = http.fetch(spec, "text/html")
    assert (again.error, again.from_cache, again.body) == (None, False, fresh.body)
    assert "ignoring damaged cache entry" in caplog.text and why in caplog.text
    assert entry.read_bytes() == sound, "written again"


def _web_engagement(folder: Path, url: str) -> Path:
    return engagement(folder, RULEBOOK + f"""\
  - {{id: web, kind: web, location: "{url}/", product_page: "{{sku}}.html"}}
""")


def _rewrite_warc(path: Path, change: Callable[[bytes], bytes]) -> None:
    """Rewrite the WARC at ``path`` with every record's payload changed, record ids kept."""
    import io

    from warcio.archiveiterator import ArchiveIterator
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    with path.open("rb") as stream:
        for record in ArchiveIterator(stream):
            payload = change(record.content_stream().read())
            writer.write_record(writer.create_warc_record(
                record.rec_headers.get_header("WARC-Target-URI"), "response",
                payload=io.BytesIO(payload), http_headers=record.http_headers,
                warc_headers_dict={"WARC-Record-ID":
                                   record.rec_headers.get_header("WARC-Record-ID")}))
    path.write_bytes(out.getvalue())


def test_a_changed_warc_record_is_unverifiable_on_replay(
    cli: Callable[..., Result], tmp_path: Path, http_root: tuple[Path, str],
) -> None:
    root, url = http_root
    (root / "A1.html").write_text(PAGE.replace("12,00", "10,00"), encoding="utf-8")
    rulebook, archive = _web_engagement(tmp_path / "work", url), tmp_path / "archive"
    first = cli("check", str(rulebook), "--format", "json", "--archive", str(archive))
    assert outcomes(first) == [("price", "divergent", "")], "only the file channel differs"
    [warc] = (archive / "warc").glob("*.warc.gz")
    _rewrite_warc(warc, lambda body: body.replace(b"10,00", b"99,00"))
    result = cli("check", str(rulebook), "--format", "json", "--replay", str(archive))
    assert result.exit_code == 1, "the file channel still shows its divergence"
    found = {(f["channel"], f["outcome"]): f["reason"] for f in report(result)["findings"]}
    assert set(found) == {("f", "divergent"), ("web", "unverifiable")}
    assert "do not match their sha256" in found["web", "unverifiable"]


def test_replay_from_another_working_directory_gives_the_same_findings(
    cli: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    rulebook, archive = engagement(tmp_path / "work"), tmp_path / "archive"
    first = cli("check", str(rulebook), "--format", "json", "--archive", str(archive))
    monkeypatch.chdir(tmp_path)
    again = cli("check", "work", "--format", "json", "--replay", "archive")
    assert again.exit_code == first.exit_code == 1
    assert outcomes(again) == outcomes(first) == [("price", "divergent", "")]


def test_engagements_sharing_a_cache_keep_their_own_evidence(
    cli: Callable[..., Result], tmp_path: Path,
) -> None:
    cache = tmp_path / "cache"
    for name in ("client-a", "client-b"):
        rulebook = engagement(tmp_path / name)
        result = cli("check", str(rulebook), "--format", "json", "--cache-dir", str(cache))
        [finding] = report(result)["findings"]
        assert finding["evidence"]["source"] == str(tmp_path / name / "pages" / "A1.html")


def test_an_unusable_cache_folder_turns_caching_off(
    cli: Callable[..., Result], tmp_path: Path, caplog: pytest.LogCaptureFixture,
) -> None:
    rulebook = engagement(tmp_path / "work")
    expected = outcomes(cli("check", str(rulebook), "--format", "json", "--no-cache"))
    (tmp_path / "a-file").write_text("", encoding="utf-8")
    unusable = [tmp_path / "a-file" / "cache"]
    if os.geteuid() != 0:  # root writes to read-only folders
        (tmp_path / "read-only").mkdir(mode=0o500)
        unusable.append(tmp_path / "read-only")
    for cache in unusable:
        caplog.clear()
        with caplog.at_level(logging.WARNING):
            result = cli("check", str(rulebook), "--format", "json", "--cache-dir", str(cache))
        assert result.exit_code == 1 and outcomes(result) == expected
        [warning] = caplog.records
        assert f"cache folder {cache} is not usable" in warning.getMessage()


@pytest.mark.parametrize("damage", ["empty", "killed", "garbled", "not-a-list",
                                    "bad-entry", "not-utf8"])
def test_replay_of_an_unusable_archive_is_a_usage_error(
    cli: Callable[..., Result], tmp_path: Path, damage: str,
) -> None:
    rulebook, archive = engagement(tmp_path / "work"), tmp_path / "archive"
    (archive / "warc").mkdir(parents=True)
    if damage == "killed":  # a first --archive run killed before it wrote the index
        (archive / "warc" / ".0123456789ab.warc.gz.tmp").write_bytes(b"\x1f\x8b")
    contents = {"garbled": b'{"version": 1, "documents": [', "not-a-list": b'{"documents": 3}',
                "bad-entry": b'{"documents": [{"key": 1}]}', "not-utf8": b"\xff\xfe{"}
    if damage in contents:
        (archive / "index.json").write_bytes(contents[damage])
    result = cli("check", str(rulebook), "--format", "json", "--replay", str(archive))
    assert result.exit_code == 2
    assert result.output.startswith(f"cohesion: --replay {archive}: ")
    assert result.output.count("\n") == 1 and "cohesion check --archive" in result.output


def test_replay_of_a_truncated_warc_makes_its_documents_unverifiable(
    cli: Callable[..., Result], tmp_path: Path, http_root: tuple[Path, str],
) -> None:
    root, url = http_root
    (root / "A1.html").write_text(PAGE, encoding="utf-8")
    rulebook, archive = _web_engagement(tmp_path / "work", url), tmp_path / "archive"
    assert cli("check", str(rulebook), "-q", "--archive", str(archive)).exit_code == 1
    [warc] = (archive / "warc").glob("*.warc.gz")
    warc.write_bytes(warc.read_bytes()[:40])
    result = cli("check", str(rulebook), "--format", "json", "--replay", str(archive))
    assert result.exit_code == 1, "the file channel still shows its divergence"
    found = {(f["channel"], f["outcome"]): f["reason"] for f in report(result)["findings"]}
    assert set(found) == {("f", "divergent"), ("web", "unverifiable")}
    assert f"{warc.name}: the file is damaged or incomplete" in found["web", "unverifiable"]


def test_repeated_archive_runs_leave_no_orphans(
    cli: Callable[..., Result], tmp_path: Path, http_root: tuple[Path, str],
) -> None:
    root, url = http_root
    (root / "A1.html").write_text(PAGE, encoding="utf-8")
    rulebook, archive = _web_engagement(tmp_path / "work", url), tmp_path / "archive"
    for run in range(3):
        if run == 1:  # what a killed run leaves behind
            (archive / "warc" / ".0123456789ab.warc.gz.tmp").write_bytes(b"partial")
            (archive / "files" / (64 * "0")).write_bytes(b"orphan")
            (archive / ".index.json.x1y2.tmp").write_bytes(b"{")
        (root / "A1.html").write_text(PAGE.replace("12", str(20 + run)), encoding="utf-8")
        assert cli("check", str(rulebook), "-q", "--archive", str(archive)).exit_code == 1
        documents = _index(archive)["documents"]
        referenced = {archive / d[k] for d in documents for k in ("file", "warc") if k in d}
        present = {p for p in archive.rglob("*") if p.is_file()} - {archive / "index.json"}
        assert present == referenced and len(referenced) == 2
