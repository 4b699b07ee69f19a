"""Reports of diagnostics for tools: JSON (argmap's own), SARIF 2.1.0 and GitHub workflow annotations."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from argmap.checks.registry import RULES
from argmap.errors import Diagnostic, format_path

__all__ = ["JSON_REPORT_VERSION", "github_annotations", "json_report", "sarif_report"]

JSON_REPORT_VERSION = 1
"""Version of the ``--format json`` layout; it changes only when a field is removed or redefined."""

Results = Sequence[tuple[str, Sequence[Diagnostic]]]


def json_report(results: Results) -> dict[str, Any]:
    """The ``--format json`` report: per file its diagnostics, and a summary.

    ``{"version": 1, "files": [{"file", "valid", "diagnostics": [{"code", "name", "severity",
    "message", "hint", "file", "line", "column", "path", "nodes"}]}], "summary": {"files",
    "invalid", "problems", "errors", "warnings", "infos"}}``. ``valid`` means no error.
    """
    every = [d for _, found in results for d in found]
    return {
        "version": JSON_REPORT_VERSION,
        "files": [
            {
                "file": file,
                "valid": not any(d.severity == "error" for d in found),
                "diagnostics": [d.to_dict() for d in found],
            }
            for file, found in results
        ],
        "summary": {
            "files": len(results),
            "invalid": sum(1 for _, found in results if any(d.severity == "error" for d in found)),
            "problems": len(every),
            "errors": sum(d.severity == "error" for d in every),
            "warnings": sum(d.severity == "warning" for d in every),
            "infos": sum(d.severity == "info" for d in every),
        },
    }


_SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def sarif_report(results: Results, tool_version: str) -> dict[str, Any]:
    """A SARIF 2.1.0 log (for code-scanning UIs) with one run and argmap's rules as its driver's rules."""
    codes = sorted({d.code for _, found in results for d in found} | {c for c, r in RULES.items() if r.check})
    index = {code: i for i, code in enumerate(codes)}
    rules = []
    for code in codes:
        rule = RULES.get(code)
        rules.append(
            {
                "id": code,
                "name": rule.name if rule else code,
                "shortDescription": {"text": rule.summary if rule else code},
                "fullDescription": {"text": rule.why if rule else code},
                "help": {"text": rule.explain() if rule else code},
                "defaultConfiguration": {"level": _SARIF_LEVEL[rule.severity if rule else "error"]},
            }
        )
    sarif_results = []
    for file, found in results:
        for diagnostic in found:
            where = diagnostic.location
            physical: dict[str, Any] = {"artifactLocation": {"uri": (where.file or file).replace("\\", "/")}}
            if where.line:
                physical["region"] = {"startLine": where.line, "startColumn": where.column or 1}
            location: dict[str, Any] = {"physicalLocation": physical}
            if where.path:
                location["logicalLocations"] = [{"fullyQualifiedName": format_path(where.path), "kind": "member"}]
            message = diagnostic.message + (f" (hint: {diagnostic.hint})" if diagnostic.hint else "")
            sarif_results.append(
                {
                    "ruleId": diagnostic.code,
                    "ruleIndex": index[diagnostic.code],
                    "level": _SARIF_LEVEL[diagnostic.severity],
                    "message": {"text": message},
                    "locations": [location],
                }
            )
    return {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "argmap",
                        "version": tool_version,
                        "informationUri": "https://github.com/argmap/argmap",
                        "rules": rules,
                    }
                },
                "results": sarif_results,
            }
        ],
    }


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_annotations(results: Results) -> str:
    """GitHub Actions workflow commands (``::error file=...,line=...::message``), one per diagnostic."""
    kinds = {"error": "error", "warning": "warning", "info": "notice"}
    lines = []
    for file, found in results:
        for diagnostic in found:
            where = diagnostic.location
            properties = [f"file={_escape_property(where.file or file)}"]
            if where.line:
                properties += [f"line={where.line}", f"col={where.column or 1}"]
            properties.append(f"title={_escape_property(f'{diagnostic.code} {diagnostic.name}')}")
            message = diagnostic.message + (f" — hint: {diagnostic.hint}" if diagnostic.hint else "")
            lines.append(f"::{kinds[diagnostic.severity]} {','.join(properties)}::{_escape_data(message)}")
    return "\n".join(lines) + ("\n" if lines else "")
