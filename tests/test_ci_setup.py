"""One-line CI setup: the GitHub Action, the GitLab CI template and the pre-commit hook are
valid by their documented schemas, and their scripts do what they say when run.

The schemas are written here from each tool's documentation of the fields:
- ``action.yml``: "Metadata syntax for GitHub Actions" (docs.github.com, actions/sharing-
  automations/creating-actions/metadata-syntax-for-github-actions): name, description,
  author, inputs, outputs, runs, branding; composite steps' keys; ``shell`` required with
  ``run``; outputs of a composite action need ``value``.
- ``.pre-commit-hooks.yaml``: "Creating new hooks" (pre-commit.com/#new-hooks): id, name,
  entry, language required, the optional keys listed there.
- GitLab: "CI/CD YAML syntax reference" (docs.gitlab.com/ee/ci/yaml/): the job keywords
  used, ``parallel`` 1-200, ``artifacts`` keys, ``rules`` entries.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

ROOT = Path(__file__).parent.parent
BIN = Path(sys.executable).parent
EXPRESSION = re.compile(r"\$\{\{\s*([^}]*?)\s*\}\}")
STRING = {"type": "string"}
BOOLISH = {"type": ["boolean", "string"]}

STEP = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "id": STRING, "name": STRING, "if": BOOLISH, "run": STRING, "shell": STRING,
        "uses": STRING, "with": {"type": "object"},
        "env": {"type": "object", "additionalProperties": STRING},
        "working-directory": STRING, "continue-on-error": BOOLISH,
    },
    "oneOf": [{"required": ["run", "shell"], "not": {"required": ["uses"]}},
              {"required": ["uses"], "not": {"required": ["run"]}}],
}
ACTION = {
    "type": "object",
    "additionalProperties": False,
    "required": ["name", "description", "runs"],
    "properties": {
        "name": STRING, "description": STRING, "author": STRING,
        "branding": {"type": "object", "additionalProperties": False, "properties": {
            "icon": STRING,
            "color": {"enum": ["white", "black", "yellow", "blue", "green", "orange", "red",
                               "purple", "gray-dark"]}}},
        "inputs": {"type": "object", "propertyNames": {"pattern": "^[A-Za-z_][A-Za-z0-9_-]*$"},
                   "additionalProperties": {
                       "type": "object", "additionalProperties": False,
                       "required": ["description"],
                       "properties": {"description": STRING, "required": {"type": "boolean"},
                                      "default": STRING, "deprecationMessage": STRING}}},
        "outputs": {"type": "object", "additionalProperties": {
            "type": "object", "additionalProperties": False, "required": ["description", "value"],
            "properties": {"description": STRING, "value": STRING}}},
        "runs": {"type": "object", "additionalProperties": False, "required": ["using", "steps"],
                 "properties": {"using": {"const": "composite"},
                                "steps": {"type": "array", "minItems": 1, "items": STEP}}},
    },
}
HOOKS = {
    "type": "array",
    "minItems": 1,
    "items": {
        "type": "object",
        "additionalProperties": False,
        "required": ["id", "name", "entry", "language"],
        "properties": {
            "id": STRING, "name": STRING, "entry": STRING, "description": STRING,
            "language": {"enum": ["conda", "coursier", "dart", "docker", "docker_image",
                                  "dotnet", "fail", "golang", "haskell", "lua", "node", "perl",
                                  "pygrep", "python", "r", "ruby", "rust", "swift", "script",
                                  "system"]},
            "files": STRING, "exclude": STRING,
            "types": {"type": "array", "items": STRING},
            "types_or": {"type": "array", "items": STRING},
            "exclude_types": {"type": "array", "items": STRING},
            "always_run": {"type": "boolean"}, "fail_fast": {"type": "boolean"},
            "verbose": {"type": "boolean"}, "pass_filenames": {"type": "boolean"},
            "require_serial": {"type": "boolean"}, "language_version": STRING,
            "minimum_pre_commit_version": STRING, "log_file": STRING,
            "args": {"type": "array", "items": STRING},
            "stages": {"type": "array", "items": STRING},
        },
    },
}
SCRIPT = {"type": "array", "minItems": 1, "items": STRING}
JOB = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "image": STRING, "stage": STRING, "extends": STRING, "script": SCRIPT,
        "before_script": SCRIPT, "after_script": SCRIPT,
        "parallel": {"type": "integer", "minimum": 1, "maximum": 200},
        "needs": {"type": "array", "items": STRING},
        "variables": {"type": "object", "additionalProperties": STRING},
        "artifacts": {"type": "object", "additionalProperties": False, "properties": {
            "when": {"enum": ["on_success", "on_failure", "always"]}, "expire_in": STRING,
            "name": STRING, "paths": {"type": "array", "items": STRING},
            "reports": {"type": "object", "properties": {"junit": STRING}}}},
        "rules": {"type": "array", "items": {
            "type": "object", "additionalProperties": False, "properties": {
                "if": STRING, "when": {"enum": ["on_success", "on_failure", "always",
                                                "manual", "delayed", "never"]}}}},
        "allow_failure": {"type": "boolean"},
    },
}
GITLAB = {
    "type": "object",
    "properties": {"variables": {"type": "object", "additionalProperties": STRING}},
    "additionalProperties": JOB,
}


def _yaml(name: str) -> Any:
    return yaml.safe_load((ROOT / name).read_text(encoding="utf-8"))


def test_the_files_are_valid_by_their_documented_schemas() -> None:
    jsonschema.validate(_yaml("action.yml"), ACTION)
    jsonschema.validate(_yaml(".pre-commit-hooks.yaml"), HOOKS)
    jsonschema.validate(_yaml("ci/gitlab/cohesion.gitlab-ci.yml"), GITLAB)
    broken = _yaml("action.yml")
    del broken["runs"]["steps"][1]["shell"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, ACTION)


def _bash(script: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["bash", "-e", "-c", script], env=env, cwd=cwd, text=True,
                          capture_output=True, timeout=120, check=False)


def _environment(tmp_path: Path, **more: str) -> dict[str, str]:
    return {"PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}", "HOME": str(tmp_path),
            "XDG_CACHE_HOME": str(tmp_path / "cache"), "NO_COLOR": "1", **more}


def _small_rulebook(folder: Path, price: str) -> Path:
    folder.mkdir(parents=True)
    (folder / "cohesion.yaml").write_text(
        "version: 1\nbrand: Pequena\nlocale: pt-BR\ncurrency: BRL\ncatalog:\n  products:\n"
        + "".join(f"    - {{sku: P{n}, name: Produto {n}, price: '{price}'}}\n"
                  for n in range(3))
        + 'channels:\n  - {id: zap, kind: file, location: zap/, product_page: "{sku}.txt"}\n',
        encoding="utf-8")
    (folder / "zap").mkdir()
    for n in range(3):
        (folder / "zap" / f"P{n}.txt").write_text(f"Produto {n}: R$ 199,90.\n", encoding="utf-8")
    return folder


@pytest.mark.parametrize(("price", "code"), [("199,90", "0"), ("189,90", "1")])
def test_the_actions_check_step_writes_the_reports_and_passes_on_the_exit_code(
        tmp_path: Path, price: str, code: str) -> None:
    steps = {s.get("id") or s["name"]: s for s in _yaml("action.yml")["runs"]["steps"]}
    check, verdict = steps["check"], steps["Verdict"]
    folder = _small_rulebook(tmp_path / "repo", price)
    outputs, temp = tmp_path / "github_output", tmp_path / "runner"
    values = {"inputs.path": str(folder), "inputs.args": "--no-history --fail-on high",
              "runner.temp": str(temp)}
    env = {k: EXPRESSION.sub(lambda m: values[m[1]], v) for k, v in check["env"].items()}
    done = _bash(check["run"], _environment(tmp_path, GITHUB_OUTPUT=str(outputs),
                                            GITHUB_ACTIONS="true",
                                            GITHUB_WORKSPACE=str(tmp_path), **env), tmp_path)
    assert done.returncode == 0, done.stderr
    said = dict(line.split("=", 1) for line in outputs.read_text().splitlines())
    assert said == {"exit-code": code, "report-folder": str(temp / "cohesion-report")}
    reports = sorted(p.name for p in (temp / "cohesion-report").iterdir())
    assert reports == ["cohesion.json", "cohesion.sarif", "report.html"]
    if code == "1":  # annotations point at the rulebook's lines
        assert re.search(r"^::error file=repo/cohesion\.yaml,line=\d+", done.stdout, re.M)
    assert _bash(verdict["run"], _environment(tmp_path, CODE=code), tmp_path).returncode \
        == int(code)


@pytest.mark.slow
def test_the_gitlab_shard_and_merge_jobs_give_the_verdict_of_a_full_run(tmp_path: Path) -> None:
    template = _yaml("ci/gitlab/cohesion.gitlab-ci.yml")
    folder = _small_rulebook(tmp_path / "repo", "189,90")
    env = _environment(tmp_path, **(template["variables"] | {
        "COHESION_PATH": str(folder), "COHESION_ARGS": "--no-cache", "CI_NODE_TOTAL": "2"}))
    (tmp_path / env["COHESION_REPORTS"]).mkdir()
    for index in ("1", "2"):
        for line in template[".cohesion-shard"]["script"]:
            done = _bash(line, env | {"CI_NODE_INDEX": index}, tmp_path)
            assert done.returncode == 0, done.stderr
    for line in template[".cohesion-merge"]["script"]:
        merged = _bash(line.replace("--no-color", "--no-color --no-history"), env, tmp_path)
    assert merged.returncode == 1, merged.stderr  # the prices differ from the rulebook
    reports = tmp_path / env["COHESION_REPORTS"]
    assert "P0" in (reports / "junit.xml").read_text(encoding="utf-8")
    for line in template["cohesion"]["script"]:
        full = _bash(line.replace("--no-color", "--no-color --no-history"), env, tmp_path)
    assert full.returncode == 1


def test_the_pre_commit_hook_validates_every_rulebook_it_is_given(tmp_path: Path) -> None:
    (hook,) = _yaml(".pre-commit-hooks.yaml")
    files = re.compile(hook["files"])
    assert [bool(files.search(p)) for p in (
        "cohesion.yaml", "examples/aurora/cohesion.yaml", "x/cohesion.yml", "cohesion.yaml.bak",
        "my-cohesion.yaml", "catalogo.csv")] == [True, True, True, False, False, False]
    good = _small_rulebook(tmp_path / "good", "199,90") / "cohesion.yaml"
    bad = tmp_path / "bad" / "cohesion.yaml"
    bad.parent.mkdir()
    shutil.copy(good, bad)
    bad.write_text(bad.read_text(encoding="utf-8").replace("version: 1", "version: one"),
                   encoding="utf-8")
    run = [*hook["entry"].split(), *hook.get("args", [])]
    ok = _bash(" ".join([*run, str(good)]), _environment(tmp_path), tmp_path)
    assert ok.returncode == 0, ok.stderr
    both = _bash(" ".join([*run, str(good), str(bad)]), _environment(tmp_path), tmp_path)
    assert both.returncode == 2 and f"{bad}:1" in both.stderr
