"""The JSON Schema of the map format, generated from the models."""

from __future__ import annotations

import json
from typing import Any

from argmap.model import ArgumentMap

__all__ = ["SCHEMA_ID", "json_schema", "schema_text"]

SCHEMA_ID = "https://raw.githubusercontent.com/argmap/argmap/main/schemas/argmap.schema.json"
"""Where the published schema lives; the ``$id`` of the generated schema."""


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) that every valid map file satisfies.

    Cross-references (unique ids, premises naming existing statements) cannot be expressed
    in JSON Schema; ``argmap validate`` checks those too.
    """
    schema = ArgumentMap.model_json_schema(by_alias=True, mode="validation")
    # A file names its format version (Python code may leave it to the default): the key is what
    # tells an argmap file from other YAML and JSON.
    schema["required"] = ["argmap", *schema.get("required", [])]
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID, **schema}


def schema_text() -> str:
    """The schema as the text of ``schemas/argmap.schema.json``."""
    return json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n"
