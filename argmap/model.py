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
``Attack``     CA-node     a conflict: one proposition attacks a proposition
                           (rebut/undermine), an argument or an attack (undercut)
=============  ==========  ==========================================================

Cross-references between nodes (premises, conclusions, attack ends, sections) are
checked for the whole map at once by :mod:`argmap.integrity`, not here, so that
every problem in a file is reported together.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StringConstraints, model_validator

__all__ = [
    "ANALOGY_FIGURES",
    "ATTACK_TYPES",
    "DIALECTICAL_ROLES",
    "FORMAT_VERSION",
    "QUESTION_STATUSES",
    "STATEMENT_TYPES",
    "Analogy",
    "Argument",
    "ArgumentMap",
    "Attack",
    "CriticalQuestion",
    "MappingPair",
    "NodeId",
    "Section",
    "Source",
    "Statement",
    "propositions",
]

FORMAT_VERSION = "1"
"""The version of the map format written in every map's ``argmap`` key."""

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

AnalogyFigure = Literal["fable", "historical", "metaphor", "idiom", "allusion", "example"]
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
Tags = Annotated[
    list[Annotated[str, StringConstraints(min_length=1, max_length=100)]],
    Field(default_factory=list, description="Free-form labels for filtering and styling."),
]
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
SectionRef = Annotated[
    str | None,
    Field(default=None, description="The id of the section (in `sections`) this node belongs to."),
]


class _Model(BaseModel):
    """Shared configuration: unknown keys are errors, aliases and names both accepted."""

    model_config = ConfigDict(
        extra="forbid",
        populate_by_name=True,
        validate_assignment=False,
        use_attribute_docstrings=False,
    )


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
    role: DialecticalRole | None = Field(
        default=None,
        description=(
            "The proposition's dialectical role, when the analysis records one: `proponent` (put forward in "
            "defence of the main claim) or `opponent` (a challenge to it), as in the Microtext corpus."
        ),
    )
    section: SectionRef = None
    note: Note = None
    tags: Tags
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
            "`allusion` (to a known text or person) or `example` (a parallel case)."
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
    section: SectionRef = None
    note: Note = None
    tags: Tags
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
    section: SectionRef = None
    note: Note = None
    tags: Tags
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
    from_: NodeId = Field(alias="from", description="Id of the attacking statement or analogy.")
    to: NodeId = Field(
        description=(
            "Id of the attacked statement or analogy (rebut, undermine), or of the argument or attack whose "
            "force is denied (undercut)."
        )
    )
    type: AttackType = Field(default="rebut", description="`rebut`, `undermine` or `undercut`.")
    section: SectionRef = None
    note: Note = None
    tags: Tags
    metadata: NodeMetadata = None
    ignore: Ignore = None


class ArgumentMap(_Model):
    """An argument map: statements and analogies linked by arguments and attacks."""

    model_config = ConfigDict(title="argmap argument map")

    argmap: Literal["1"] = Field(description='The format version. Always the string "1" for this version.')
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
    tags: Tags
    metadata: dict[str, Any] = Field(
        default_factory=dict,
        description="Free-form data for other tools (keep it JSON-compatible; namespace your keys).",
    )

    def _repr_svg_(self) -> str:
        """Jupyter shows a map as its diagram.

        The one place where the model layer calls a higher layer: Jupyter looks this method up
        on the object's class, so it must live here; the import is deferred so that the model
        itself never needs the renderer.
        """
        from argmap.render import render

        return render(self, format="svg").decode("utf-8")


def propositions(map: ArgumentMap) -> list[Statement | Analogy]:
    """All propositions of a map (AIF I-nodes): its statements, then its analogies."""
    return [*map.statements, *map.analogies]
