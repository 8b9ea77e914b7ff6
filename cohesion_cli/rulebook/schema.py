"""JSON Schema of the rulebook, generated from the models (for editors)."""

from __future__ import annotations

import json
from typing import Any

from cohesion_cli.rulebook.models import Rulebook

SCHEMA_ID = "https://cohesion-cli.invalid/rules/cohesion.schema.json"


def rulebook_schema() -> dict[str, Any]:
    schema = Rulebook.model_json_schema(mode="validation")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID,
            **schema}


def rulebook_schema_text() -> str:
    return json.dumps(rulebook_schema(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"
