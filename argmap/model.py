"""The argmap format: Pydantic models that define an argument map.

These models are the single source of truth for the format. The JSON Schema in
``schemas/argmap.schema.json`` is generated from them (``argmap schema``), so every
``Field(description=...)`` below is also the documentation that editors show.

An argument map has four kinds of node, each mapped to the Argument Interchange
Format (AIF):

=============  ==========  ==========================================================
argmap         AIF         meaning
=============  ==========  ==========================================================
``Statement``  I-node      a proposition: claim, fact, example, quote, ...
``Analogy``    I-node      a structured analogy (source, target, mapping) used as a
                           proposition, typically as a premise
``Argument``   RA-node     an inference: the premises *jointly* support a conclusion
``Attack``     CA-node     a conflict: one proposition (or several jointly) attacks a
                           proposition (rebut/undermine), an argument or an attack
                           (undercut)
=============  ==========  ==========================================================

Cross-references between nodes (premises, conclusions, attack ends, sections) are
checked for the whole map at once by :mod:`argmap.integrity`, not here, so that
every problem in a file is reported together.
"""

from __future__ import annotations

import difflib
import json
import typing
from collections.abc import Iterator
from typing import Annotated, Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StringConstraints, ValidationError, model_validator
from pydantic_core import ErrorDetails

from argmap.errors import Diagnostic, Location, MapError, MapPath

__all__ = [
    "ANALOGY_FIGURES",
    "ATTACK_TYPES",
    "DIALECTICAL_ROLES",
    "EXPECT_SEMANTICS",
    "FORMAT_VERSION",
    "FORMAT_VERSIONS",
    "QUESTION_STATUSES",
    "STATEMENT_TYPES",
    "Analogy",
    "Argument",
    "ArgumentMap",
    "Attack",
    "CriticalQuestion",
    "Expectation",
    "MappingPair",
    "Node",
    "NodeId",
    "Section",
    "Source",
    "Statement",
    "diagnostics_from_validation_error",
    "model_in",
    "propositions",
]

FormatVersion = Literal["1", "1.1"]
FORMAT_VERSIONS: tuple[str, ...] = get_args(FormatVersion)
"""The format versions this library reads. Version 1.1 only adds optional fields, so every
map written for "1" is valid under 1.1 and means the same."""

FORMAT_VERSION: FormatVersion = "1.1"
"""The current version of the map format, the default of a new map's ``argmap`` key."""

ID_PATTERN = r"^[A-Za-z0-9_-]+$"
"""Node ids are ASCII so they are safe as DOT, Mermaid, HTML and XML identifiers."""

NodeId = Annotated[
    str,
    StringConstraints(pattern=ID_PATTERN, min_length=1, max_length=128),
    Field(
        description=(
            "An identifier unique across the whole map: letters A-Z/a-z, digits, '_' and '-', "
            "at most 128 characters."
        ),
        examples=["thesis", "a1", "tortoise-hare"],
    ),
]

StatementType = Literal["claim", "fact", "example", "quote", "concession", "question"]
STATEMENT_TYPES: tuple[str, ...] = get_args(StatementType)
"""The allowed values of ``Statement.type``."""

AnalogyFigure = Literal["fable", "historical", "metaphor", "idiom", "allusion", "example", "hypothetical"]
ANALOGY_FIGURES: tuple[str, ...] = get_args(AnalogyFigure)
"""The allowed values of ``Analogy.figure``."""

AttackType = Literal["rebut", "undercut", "undermine"]
ATTACK_TYPES: tuple[str, ...] = get_args(AttackType)
"""The allowed values of ``Attack.type``."""

QuestionStatus = Literal["open", "answered", "conceded"]
QUESTION_STATUSES: tuple[str, ...] = get_args(QuestionStatus)
"""The allowed values of ``CriticalQuestion.status``."""

DialecticalRole = Literal["proponent", "opponent"]
DIALECTICAL_ROLES: tuple[str, ...] = get_args(DialecticalRole)
"""The allowed values of ``Statement.role``."""

Text = Annotated[str, StringConstraints(min_length=1)]
Tags = list[Annotated[str, StringConstraints(min_length=1, max_length=100)]]
_TAGS = "Free-form labels for filtering and styling."
Note = Annotated[
    str | None,
    Field(default=None, description="A remark by the map's author: a reading, a doubt, a caveat."),
]
Quote = Annotated[
    str | None,
    Field(
        default=None,
        min_length=1,
        description=(
            "The verbatim words of the source text that this node stands for. "
            "Checked against the source when one is given."
        ),
    ),
]
NodeMetadata = Annotated[
    dict[str, Any] | None,
    Field(
        default=None,
        description=(
            "Free-form data for other tools, kept with this node (JSON-compatible; namespace your keys, "
            "e.g. `aif` for what an AIF import keeps so that export restores it)."
        ),
    ),
]
Ignore = Annotated[
    list[Annotated[str, StringConstraints(pattern=r"^AM[0-9]{1,3}$")]] | None,
    Field(
        default=None,
        description=(
            "Rule codes (or code prefixes such as `AM3`) that `argmap validate` should not report for this "
            "node, e.g. `[AM304]`; say why in `note`."
        ),
        examples=[["AM304"]],
    ),
]
Weight = Annotated[
    float | None,
    Field(
        default=None,
        ge=0.0,
        le=1.0,
        allow_inf_nan=False,
        description=(
            "An optional strength in [0, 1] (format 1.1): a base score for a proposition, the strength of an "
            "inference or of an attack, used by weighted and gradual semantics. Left out, the semantics' "
            "documented default applies."
        ),
        examples=[0.7],
    ),
]
Implicit = Annotated[
    StrictBool | None,
    Field(
        default=None,
        description=(
            "`true` when the node is not in the text but supplied by the mapper (format 1.1): a reconstructed "
            "premise or link. It has no quote, is drawn dashed, and coverage of the source ignores it."
        ),
    ),
]
Occurrence = Annotated[
    int | None,
    Field(
        default=None,
        ge=1,
        description=(
            "Which occurrence of `quote` in the source this node means (1-based, format 1.1), when the "
            "quoted words occur more than once."
        ),
        examples=[2],
    ),
]
SectionRef = Annotated[
    str | None,
    Field(default=None, description="The id of the section (in `sections`) this node belongs to."),
]


class _Model(BaseModel):
    """Shared configuration.

    Unknown keys are errors. Python code may use the field names (``from_=``) or the file's names;
    files are read by alias only (``argmap.io`` validates with ``by_name=False``), so a file's
    ``from_`` key is an unknown key. Dumps use the file's names by default. Assignment is validated,
    so ``statement.type = "objection"`` fails at once instead of producing a file that does not load.
    """

    model_config = ConfigDict(
        extra="forbid",
        validate_by_name=True,
        validate_by_alias=True,
        serialize_by_alias=True,
        validate_assignment=True,
        use_attribute_docstrings=False,
    )

    def __setattr__(self, name: str, value: Any) -> None:
        # Assignment is validated by pydantic; report a bad value as the loader would (a MapError
        # with code, message and hint) rather than as a raw ValidationError.
        try:
            super().__setattr__(name, value)
        except ValidationError as exc:
            raise MapError(diagnostics_from_validation_error(exc, type(self))) from None


class Source(_Model):
    """The text the map describes: a file next to the map, or the text inline."""

    path: str | None = Field(
        default=None,
        min_length=1,
        description=(
            "Path of the source text, relative to the map file's folder. It may not leave that "
            "folder tree (no absolute paths, no '..' escaping it) unless the loading tool allows it."
        ),
        examples=["essay.txt"],
    )
    text: str | None = Field(default=None, min_length=1, description="The source text, inline.")
    encoding: str | None = Field(
        default=None,
        description="Character encoding of the file at `path`; UTF-8 when omitted (e.g. 'big5', 'gb18030').",
        examples=["utf-8", "big5", "gb18030"],
    )
    title: str | None = Field(default=None, description="Title of the source document.")
    author: str | None = Field(default=None, description="Author of the source document.")
    publisher: str | None = Field(default=None, description="Where the source was published.")
    date: str | None = Field(
        default=None, description="Publication date, preferably ISO 8601 (YYYY-MM-DD).", examples=["2025-01-28"]
    )
    url: str | None = Field(default=None, description="Where the source can be found.")
    lang: str | None = Field(default=None, description="Language of the source as a BCP 47 tag, if not the map's.")

    @model_validator(mode="after")
    def _path_or_text(self) -> Source:
        if self.path is not None and self.text is not None:
            raise ValueError("give either `path` or `text`, not both")
        return self


class Section(_Model):
    """A group of nodes, e.g. one of the source text's own headed sections."""

    id: NodeId
    title: str = Field(min_length=1, description="The section's title, e.g. the essay's own heading.")
    note: Note = None


class Statement(_Model):
    """A proposition of the argument (an AIF I-node)."""

    id: NodeId
    type: StatementType = Field(
        default="claim",
        description=(
            "What kind of proposition this is: `claim` (asserted by the arguer), `fact` (reported as "
            "true), `example` (a case), `quote` (someone's words used as authority), `concession` "
            "(the arguer's own hedge), `question` (a question the text raises)."
        ),
    )
    text: Text = Field(description="The proposition, stated concisely (a paraphrase in the source's language).")
    quote: Quote = None
    attribution: str | None = Field(
        default=None, description="Who said or wrote the proposition, when it is not the arguer (e.g. for quotes)."
    )
    occurrence: Occurrence = None
    role: DialecticalRole | None = Field(
        default=None,
        description=(
            "Whose side the proposition is on: `proponent` (put forward in defence of the main claim; the "
            "default when left out) or `opponent` (an objection, or a challenge to it), as in the Microtext "
            "corpus. A reply to an objection is the proponent's again."
        ),
    )
    implicit: Implicit = None
    restates: NodeId | None = Field(
        default=None,
        description=(
            "The id of a statement or analogy that this one restates: the same proposition in other words "
            "(AIF MA-node, 'Default Rephrase'; format 1.1). The two are evaluated as one; a chain of "
            "restatements may not loop."
        ),
    )
    weight: Weight = None
    section: SectionRef = None
    note: Note = None
    tags: Tags = Field(default_factory=list, description=_TAGS)  # a Field default, so type checkers see it
    metadata: NodeMetadata = None
    ignore: Ignore = None


class MappingPair(_Model):
    """One correspondence of an analogy: an element of the source case and its counterpart in the target."""

    from_: str = Field(alias="from", min_length=1, description="The element in the familiar (source) case.")
    to: str = Field(min_length=1, description="The corresponding element in the case argued about (target).")
    note: Note = None


class Analogy(_Model):
    """An analogy, fable, precedent or metaphor as a structured proposition (an AIF I-node).

    It reads: what holds of `source` holds of `target`, element by element as `mapping` says.
    """

    id: NodeId
    figure: AnalogyFigure = Field(
        description=(
            "The figure of speech: `fable`, `historical` (a precedent), `metaphor`, `idiom`, "
            "`allusion` (to a known text or person), `example` (a parallel case) or `hypothetical` (a thought "
            "experiment or imagined case; format 1.1)."
        )
    )
    text: Text = Field(description="What the analogy asserts about the target, stated concisely.")
    source: str = Field(min_length=1, description="The familiar case the analogy draws on.")
    target: str = Field(min_length=1, description="The case argued about.")
    mapping: list[MappingPair] = Field(
        default_factory=list, description="Correspondences from elements of the source to elements of the target."
    )
    disanalogies: list[Text] = Field(
        default_factory=list,
        description="Known ways in which the source and the target differ, which weaken the analogy.",
    )
    quote: Quote = None
    occurrence: Occurrence = None
    weight: Weight = None
    section: SectionRef = None
    note: Note = None
    tags: Tags = Field(default_factory=list, description=_TAGS)
    metadata: NodeMetadata = None
    ignore: Ignore = None


class CriticalQuestion(_Model):
    """A critical question of the argument's scheme, and how the map's argument fares on it."""

    question: str = Field(min_length=1, description="The critical question, or its id in the scheme catalogue.")
    status: QuestionStatus = Field(
        default="open",
        description="`open` (not addressed), `answered` (the text answers it) or `conceded` (the text grants it).",
    )
    note: Note = None


class Argument(_Model):
    """An inference (an AIF RA-node): the premises jointly support the conclusion.

    Several premises in one argument are *linked* (they work only together);
    independent (*convergent*) support is written as several arguments with the same conclusion.
    """

    id: NodeId
    premises: list[NodeId] = Field(
        min_length=1, description="Ids of the statements or analogies that jointly support the conclusion."
    )
    conclusion: NodeId = Field(description="Id of the statement or analogy supported.")
    linked: StrictBool | None = Field(
        default=None,
        description=(
            "Whether the premises work only together. Usually left out: several premises in one argument are "
            "linked by definition. `true` on a one-premise argument records that a premise is missing (an "
            "enthymeme still to complete; rule AM109 reports it); `false` on several premises says they are "
            "independent, which needs one argument per premise (rule AM110)."
        ),
    )
    scheme: str | None = Field(
        default=None,
        min_length=1,
        description="Name of the argument scheme, e.g. `analogy`, `example`, `expert_opinion`.",
        examples=["analogy", "example", "expert_opinion"],
    )
    critical_questions: list[CriticalQuestion] = Field(
        default_factory=list, description="The scheme's critical questions and their status for this argument."
    )
    weight: Weight = None
    implicit: Implicit = None
    section: SectionRef = None
    note: Note = None
    tags: Tags = Field(default_factory=list, description=_TAGS)
    metadata: NodeMetadata = None
    ignore: Ignore = None


class Attack(_Model):
    """A conflict (an AIF CA-node).

    `rebut` attacks a conclusion, `undermine` attacks a premise (both target a statement or
    analogy), `undercut` attacks the inference itself (targets an argument) or the force of
    another attack (targets an attack, as a Microtext undercut of a rebuttal or an AIF CA-node
    pointing at a CA-node).
    """

    id: NodeId
    from_: NodeId | Annotated[list[NodeId], Field(min_length=1)] = Field(
        alias="from",
        description=(
            "Id of the attacking statement or analogy, or a list of ids that attack jointly (format 1.1): "
            "a joint attack has force only if all of them stand, as linked premises support only together."
        ),
        examples=["objection", ["office-contact", "school-line"]],
    )
    to: NodeId = Field(
        description=(
            "Id of the attacked statement or analogy (rebut, undermine), or of the argument or attack whose "
            "force is denied (undercut)."
        )
    )
    type: AttackType = Field(default="rebut", description="`rebut`, `undermine` or `undercut`.")
    weight: Weight = None
    implicit: Implicit = None
    section: SectionRef = None
    note: Note = None
    tags: Tags = Field(default_factory=list, description=_TAGS)
    metadata: NodeMetadata = None
    ignore: Ignore = None

    @property
    def attackers(self) -> list[str]:
        """The attacking ids as a list: ``[from_]`` for a single attacker, ``from_`` for a joint attack."""
        return [self.from_] if isinstance(self.from_, str) else list(self.from_)

    @property
    def joint(self) -> bool:
        """Whether several propositions attack together."""
        return not isinstance(self.from_, str) and len(self.from_) > 1


Node = Section | Statement | Analogy | Argument | Attack
"""Any node of a map that has an id."""


ExpectedStatus = Literal["in", "out", "undec"]
EXPECT_SEMANTICS: tuple[str, ...] = (
    "grounded", "preferred", "stable", "complete", "hcat", "dfquad", "qe", "euler", "carneades")
"""The semantics an expectation may name: every semantics ``argmap eval --semantics`` accepts."""
Score = Annotated[float, Field(ge=0.0, le=1.0, allow_inf_nan=False)]


class Expectation(_Model):
    """What a map's author expects an evaluation to give (format 1.1): a regression test of the reading.

    ``argmap validate`` evaluates the map under ``semantics`` and reports each node whose status
    or score differs (rule AM110).
    """

    semantics: Literal["grounded", "preferred", "stable", "complete", "hcat", "dfquad", "qe", "euler",
                       "carneades"] = Field(description="The semantics, by the name `argmap eval --semantics` takes.")
    status: dict[NodeId, ExpectedStatus] | None = Field(
        default=None,
        description="The expected status of nodes: `in` (stands), `out` (defeated) or `undec` (undecided); "
        "for Dung semantics and carneades.",
        examples=[{"thesis": "out", "hk-model": "in"}],
    )
    score: dict[NodeId, tuple[Score, Score]] | None = Field(
        default=None,
        description="The expected score range `[low, high]` (inclusive) of nodes, for gradual semantics.",
        examples=[{"thesis": [0.2, 0.5]}],
    )

    @model_validator(mode="after")
    def _check(self) -> Expectation:
        if not self.status and not self.score:
            raise ValueError("an expectation needs `status` or `score` (or both)")
        gradual = self.semantics in ("hcat", "dfquad", "qe", "euler")
        if gradual and self.status:
            raise ValueError(f"{self.semantics} gives scores, not statuses: use `score: {{id: [low, high]}}`")
        if not gradual and self.score:
            raise ValueError(f"{self.semantics} gives statuses, not scores: use `status: {{id: in|out|undec}}`")
        for node, (low, high) in (self.score or {}).items():
            if low > high:
                raise ValueError(f"the score range of {node!r} is empty: {low} > {high}")
        return self


class ArgumentMap(_Model):
    """An argument map: statements and analogies linked by arguments and attacks."""

    model_config = ConfigDict(title="argmap argument map")

    argmap: FormatVersion = Field(
        default=FORMAT_VERSION,
        description='The format version, a string: "1" or "1.1" (which adds optional fields only).',
    )
    title: str | None = Field(default=None, description="Title of the map.")
    lang: str | None = Field(
        default=None,
        pattern=r"^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$",
        description="Language of the map's texts as a BCP 47 tag, e.g. `en`, `zh-Hant`, `zh-Hans`.",
        examples=["en", "zh-Hant"],
    )
    description: str | None = Field(default=None, description="What the map is about, in a sentence or two.")
    source: Source | None = Field(default=None, description="The text the map describes.")
    main_conclusions: list[NodeId] = Field(
        default_factory=list,
        description="Ids of the map's main conclusion(s), when the map's author declares them.",
    )
    sections: list[Section] = Field(default_factory=list, description="Groups of nodes, e.g. the source's sections.")
    statements: list[Statement] = Field(default_factory=list, description="Propositions (AIF I-nodes).")
    analogies: list[Analogy] = Field(
        default_factory=list, description="Analogies as structured propositions (AIF I-nodes)."
    )
    arguments: list[Argument] = Field(default_factory=list, description="Inferences (AIF RA-nodes).")
    attacks: list[Attack] = Field(default_factory=list, description="Conflicts (AIF CA-nodes).")
    notes: str | None = Field(default=None, description="The map author's notes on the map as a whole.")
    expect: list[Expectation] = Field(
        default_factory=list,
        description="Expected evaluations (format 1.1), checked by `argmap validate` (AM120): the map's "
        "intended reading as a regression test.",
    )
    tags: Tags = Field(default_factory=list, description=_TAGS)
    metadata: dict[str, Any] = Field(
        default_factory=dict,
        description="Free-form data for other tools (keep it JSON-compatible; namespace your keys).",
    )

    def nodes(self) -> Iterator[Node]:
        """Every node with an id, collection by collection: sections, statements, analogies, arguments, attacks."""
        yield from self.sections
        yield from self.statements
        yield from self.analogies
        yield from self.arguments
        yield from self.attacks

    def node(self, id: str) -> Node:
        """The node with this id, of any kind.

        Raises
        ------
        KeyError
            When no node has this id (a :class:`LookupError`, so ``m[id]`` behaves like a mapping).

        Examples
        --------
        >>> m = ArgumentMap(statements=[Statement(id="c", text="C")])
        >>> m.node("c").text
        'C'
        >>> "c" in m, "x" in m
        (True, False)
        """
        for node in self.nodes():
            if node.id == id:
                return node
        raise KeyError(id)

    def __getitem__(self, id: str) -> Node:
        """``m[id]``: the same as :meth:`node`."""
        return self.node(id)

    def __contains__(self, id: object) -> bool:
        """``id in m``: whether a node has this id."""
        return any(node.id == id for node in self.nodes())

    def _repr_svg_(self) -> str:
        """Jupyter shows a map as its diagram.

        The one place where the model layer calls a higher layer: Jupyter looks this method up
        on the object's class, so it must live here; the import is deferred so that the model
        itself never needs the renderer.
        """
        from argmap.render import render

        return render(self, format="svg").decode("utf-8")


# --- pydantic errors -> diagnostics ----------------------------------------------------------


def _model_at(path: MapPath, root: type[BaseModel]) -> type[BaseModel] | None:
    """The model class that describes the object at ``path`` (used to suggest key names)."""
    model: type[BaseModel] = root
    for part in path:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(str(part))
        if field is None:
            field = next((f for f in model.model_fields.values() if f.alias == part), None)
        if field is None:
            return None
        found = model_in(field.annotation)
        if found is None:
            return None
        model = found
    return model


def model_in(annotation: Any) -> type[BaseModel] | None:
    """The model class inside a field's type annotation (``list[Statement] | None`` -> ``Statement``), if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = model_in(arg)
        if found is not None:
            return found
    return None


def _keys_of(model: type[BaseModel]) -> list[str]:
    return [field.alias or name for name, field in model.model_fields.items()]


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str) if not isinstance(value, str) else repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


# Keys people write for another key of the same object (from other tools' vocabularies, or from
# plain English): an unknown key found here is suggested as its counterpart before any spelling match.
_SYNONYMS: dict[str, dict[str, str]] = {
    "Attack": {"target": "to", "on": "to", "against": "to", "source": "from", "attacker": "from",
               "attackers": "from", "by": "from", "kind": "type"},
    "Argument": {"premise": "premises", "reasons": "premises", "reason": "premises", "from": "premises",
                 "conclusions": "conclusion", "claim": "conclusion", "to": "conclusion", "kind": "scheme"},
    "Statement": {"label": "text", "claim": "text", "content": "text", "statement": "text", "kind": "type",
                  "quotation": "quote", "author": "attribution", "speaker": "attribution", "tag": "tags"},
    "Analogy": {"kind": "figure", "type": "figure", "label": "text", "tag": "tags"},
    "MappingPair": {"source": "from", "target": "to"},
    "CriticalQuestion": {"id": "question", "answer": "status"},
    "Section": {"name": "title", "heading": "title"},
    "ArgumentMap": {"version": "argmap", "format": "argmap", "language": "lang", "claims": "statements",
                    "nodes": "statements", "conclusions": "main_conclusions", "main_conclusion": "main_conclusions",
                    "thesis": "main_conclusions", "edges": "arguments", "supports": "arguments",
                    "objections": "attacks", "tag": "tags"},
}


def _suggested_key(key: str, model: type[BaseModel] | None) -> str | None:
    if model is None:
        return None
    allowed = _keys_of(model)
    synonym = _SYNONYMS.get(model.__name__, {}).get(key)
    if synonym in allowed:
        return synonym
    close = difflib.get_close_matches(key, allowed, n=1)
    return close[0] if close else None


_REFERENCE_FIELDS = {"id", "premises", "conclusion", "from", "to", "main_conclusions", "restates", "section"}


def _shape_hint(path: MapPath, kind: str, value: Any) -> str | None:
    """How to fix a value of the wrong shape, as the YAML to write (checked to read back as meant)."""
    key = next((str(part) for part in reversed(path) if isinstance(part, str)), "")
    if kind == "list_type" and isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return f"write a list: {key}: [{_yaml_scalar(str(value))}]"
    if key == "source" and len(path) == 1 and isinstance(value, str):
        if "\n" not in value and len(value) <= 200 and "." in value.rsplit("/", 1)[-1]:
            return f"the source is a mapping: source: {{path: {_yaml_scalar(value)}}}"
        return "the source is a mapping: source: {text: ...} (the text inline) or source: {path: essay.txt}"
    if kind == "string_type" and key in _REFERENCE_FIELDS and isinstance(value, (int, float)) \
            and not isinstance(value, bool):
        number = _yaml_scalar(str(value))
        written = f"{key}: [{number}]" if isinstance(path[-1], int) else f"{key}: {number}"
        return f"ids are text: quote the number ({written}) or, better, use a name such as p1 or thesis"
    return None


def _yaml_scalar(value: str) -> str:
    # quoted unless YAML reads it back as this very string (``1``, ``true``, ``a: b`` are not strings)
    import yaml

    try:
        plain = yaml.safe_load(f"[{{k: {value}}}]") == [{"k": value}]
    except yaml.YAMLError:
        plain = False
    return value if plain and value and value == value.strip() else json.dumps(value, ensure_ascii=False)


def _from_validation_error(err: ErrorDetails, root: type[BaseModel]) -> Diagnostic:
    path: MapPath = tuple(err["loc"])
    kind = err["type"]
    message = err["msg"]
    hint: str | None = None
    if kind == "extra_forbidden":
        key = str(path[-1]) if path else "?"
        model = _model_at(path[:-1], root)
        allowed = _keys_of(model) if model else []
        suggestion = _suggested_key(key, model)
        value = err.get("input")
        synonym = (suggestion is not None and model is not None
                   and _SYNONYMS.get(model.__name__, {}).get(key) == suggestion)
        if synonym and isinstance(value, str) and len(value) <= 60 and "\n" not in value:
            hint = f"did you mean '{suggestion}'? write {suggestion}: {_yaml_scalar(str(value))}"
        elif suggestion:
            hint = f"did you mean '{suggestion}'?"
        else:
            hint = f"allowed keys: {', '.join(allowed)}" if allowed else None
        return Diagnostic("AM012", f"unknown key '{key}'", Location(path=path), hint)
    if kind == "missing":
        key = str(path[-1]) if path else "?"
        return Diagnostic("AM011", f"missing required key '{key}'", Location(path=path), f"add '{key}: ...'")
    if kind == "string_pattern_mismatch" and err.get("ctx", {}).get("pattern") == ID_PATTERN:
        message = f"id {_short(err['input'])} may contain only letters A-Z and a-z, digits, '_' and '-'"
        hint = "use ASCII ids such as 'thesis' or 'a1'; put the wording in `text`"
    elif kind in ("model_type", "model_attributes_type") and not path:
        message = "the map must be a mapping with keys such as 'argmap', 'statements' and 'arguments'"
        hint = 'start the file with: argmap: "1"'
    else:
        if kind == "value_error":
            message = message.removeprefix("Value error, ")
        message = message[0].lower() + message[1:] if message else kind
        if kind not in ("model_type", "value_error", "list_type", "dict_type"):
            message += f", got {_short(err['input'])}"
        if path == ("argmap",):
            hint = 'write the format version as a quoted string: argmap: "1"'
        elif kind == "bool_type":
            hint = "write true or false (YAML 1.2: yes, no, on, off and 1 are not booleans here)"
        else:
            hint = _shape_hint(path, kind, err.get("input"))
    return Diagnostic("AM010", message, Location(path=path), hint)



def diagnostics_from_validation_error(exc: ValidationError, root: type[BaseModel] | None = None) -> list[Diagnostic]:
    """Pydantic's errors as argmap diagnostics (``AM010``-``AM012``), with map paths and hints.

    ``root`` is the model class the error paths start from (the map by default). A key given by
    its Python name (``from_``) instead of the file's (``from``) gives one error that says so,
    not an unknown key and a missing one.
    """
    model = root or ArgumentMap
    found = [_from_validation_error(err, model) for err in exc.errors(include_url=False)]
    # unknown key 'from_' where 'from' is missing: (path of the missing key) -> (name, alias)
    renamed: dict[MapPath, tuple[str, str]] = {}
    for d in found:
        path = d.location.path
        if d.code == "AM012" and path:
            owner = _model_at(path[:-1], model)
            field = owner.model_fields.get(str(path[-1])) if owner else None
            if field is not None and field.alias and field.alias != path[-1]:
                missing_key: MapPath = (*path[:-1], field.alias)
                renamed[missing_key] = (str(path[-1]), field.alias)
    # an unknown key suggested as a required key that is missing (`target:` for `to`, `premise:` for
    # `premises`) is one mistake: keep the unknown key's error, with the hint, and drop the missing one's
    for d in found:
        path = d.location.path
        if d.code == "AM012" and path:
            suggestion = _suggested_key(str(path[-1]), _model_at(path[:-1], model))
            if suggestion is not None and (*path[:-1], suggestion) not in renamed:
                renamed.setdefault((*path[:-1], suggestion), (str(path[-1]), ""))
    result = []
    for d in found:
        path = d.location.path
        if d.code == "AM011" and path in renamed:
            continue
        if d.code == "AM012" and path:
            same_key: MapPath = (*path[:-1], _alias_of(path, model))
            hit = renamed.get(same_key)
            if hit is not None:
                d = Diagnostic("AM012", f"unknown key '{hit[0]}'", d.location,
                               f"write '{hit[1]}': '{hit[0]}' is its name in Python code, not in files")
        result.append(d)
    return result


def _alias_of(path: MapPath, root: type[BaseModel]) -> str:
    owner = _model_at(path[:-1], root)
    field = owner.model_fields.get(str(path[-1])) if owner else None
    return field.alias if field is not None and field.alias else ""


def propositions(map: ArgumentMap) -> list[Statement | Analogy]:
    """All propositions of a map (AIF I-nodes): its statements, then its analogies."""
    return [*map.statements, *map.analogies]
