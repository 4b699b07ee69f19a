"""Argument schemes: a catalogue with critical questions, and the scheme rules (AM4xx).

The catalogue follows Walton, Reed and Macagno, *Argumentation Schemes* (2008). A map records,
per argument, how each critical question fares (``critical_questions: [{question, status}]``,
where ``question`` is the question's id below or its text); questions not recorded are open.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from argmap.checks.registry import Context, emit, rule, yaml_scalar
from argmap.errors import Diagnostic
from argmap.model import Argument

__all__ = ["SCHEMES", "CriticalQuestionSpec", "Scheme", "find_scheme", "open_questions", "record_hint", "scheme_of"]


@dataclass(frozen=True)
class CriticalQuestionSpec:
    """A critical question of a scheme: a stable id and its text."""

    id: str
    text: str


@dataclass(frozen=True)
class Scheme:
    """An argument scheme: its name, other names it goes by, what it says, and its critical questions."""

    name: str
    summary: str
    questions: tuple[CriticalQuestionSpec, ...]
    aliases: tuple[str, ...] = ()


def _q(*pairs: tuple[str, str]) -> tuple[CriticalQuestionSpec, ...]:
    return tuple(CriticalQuestionSpec(i, t) for i, t in pairs)


SCHEMES: dict[str, Scheme] = {
    s.name: s
    for s in (
        Scheme(
            "analogy",
            "Case C1 is similar to case C2; A holds in C1; so A holds in C2.",
            _q(
                ("similarity", "Are the two cases similar in the respects the argument relies on?"),
                ("differences", "Are there differences between the cases that would undermine the conclusion?"),
                ("source-truth", "Is it true that A holds in the source case?"),
                ("counter-analogy", "Is there another case, also similar, in which A does not hold?"),
            ),
        ),
        Scheme(
            "example",
            "These cases have property P; so cases like them generally have P.",
            _q(
                ("true", "Are the examples true?"),
                ("support", "Do the examples support the general claim?"),
                ("typical", "Are the examples typical of the cases the claim is about?"),
                ("special", "Were there special circumstances that make the examples unrepresentative?"),
                ("counter-example", "Are there counter-examples?"),
            ),
            ("generalization", "example_generalisation"),
        ),
        Scheme(
            "precedent",
            "A past case was decided (or went) a certain way; the present case is like it.",
            _q(
                ("similar", "Is the present case similar to the precedent in the relevant respects?"),
                ("differences", "Are there relevant differences?"),
                ("settled", "Did the precedent really go the way claimed, and was that outcome right?"),
            ),
        ),
        Scheme(
            "expert_opinion",
            "E is an expert in domain D; E asserts A (in D); so A.",
            _q(
                ("expertise", "How credible is E as an expert?"),
                ("field", "Is E an expert in the field A is in?"),
                ("opinion", "What did E assert that implies A?"),
                ("reliable", "Is E personally reliable as a source?"),
                ("consistent", "Is A consistent with what other experts assert?"),
                ("evidence", "Is E's assertion based on evidence?"),
            ),
        ),
        Scheme(
            "authority",
            "A respected authority says A; so A.",
            _q(
                ("authority", "Is the source a genuine authority on this question?"),
                ("said", "Did the authority really say this, in this sense?"),
                ("applies", "Does what was said apply to the present case?"),
            ),
            ("appeal_to_authority",),
        ),
        Scheme(
            "position_to_know",
            "S is in a position to know about A; S asserts A; so A.",
            _q(
                ("position", "Is S in a position to know whether A is true?"),
                ("honest", "Is S an honest (trustworthy, reliable) source?"),
                ("asserted", "Did S assert that A is true?"),
            ),
        ),
        Scheme(
            "consequences",
            "If A is brought about, good (bad) consequences will follow; so A should (not).",
            _q(
                ("likely", "How likely are the consequences?"),
                ("evidence", "What evidence supports the claim that they will occur?"),
                ("opposite", "Are there consequences of the opposite value that should be weighed?"),
            ),
        ),
        Scheme(
            "practical_reasoning",
            "I have goal G; doing A is a means to G; so I should do A.",
            _q(
                ("alternatives", "Are there alternative ways of realising G?"),
                ("best", "Is A the best (or most acceptable) of them?"),
                ("goals", "Does G conflict with other goals?"),
                ("side-effects", "Does A have side effects that should be considered?"),
                ("possible", "Is it possible to bring about A?"),
            ),
        ),
        Scheme(
            "cause_to_effect",
            "Generally, if A occurs then B occurs; A occurs; so B will occur.",
            _q(
                ("strength", "How strong is the causal generalisation?"),
                ("evidence", "Is the evidence good enough to warrant the generalisation?"),
                ("interference", "Are there other factors that would interfere with or counteract B?"),
            ),
        ),
        Scheme(
            "sign",
            "B is generally a sign of A; B is present; so A.",
            _q(
                ("strength", "What is the strength of the correlation between the sign and what it signals?"),
                ("other", "Are there other events that would more reliably account for the sign?"),
            ),
        ),
        Scheme(
            "popular_opinion",
            "A is generally accepted; so A.",
            _q(
                ("accepted", "What evidence shows that A is generally accepted?"),
                ("doubt", "Even if it is, is there good reason to doubt A?"),
            ),
        ),
        Scheme(
            "established_rule",
            "Rule R applies to cases like this one; so the conclusion R prescribes holds.",
            _q(
                ("rule", "Does the rule really hold (is it established, and in force)?"),
                ("applies", "Does the present case fall under the rule?"),
                ("exceptions", "Is the present case an exception, or does another rule override this one?"),
            ),
            ("rule",),
        ),
        Scheme(
            "best_explanation",
            "F is observed; E would explain F better than the alternatives; so E.",
            _q(
                ("fact", "Is F really observed?"),
                ("explains", "Does E explain F?"),
                ("alternatives", "Are there alternative explanations, and is E better than them?"),
                ("enough", "Has enough been looked into to conclude?"),
            ),
            ("abduction",),
        ),
        Scheme(
            "a_fortiori",
            "If A holds of the less likely case, it holds all the more of the more likely one.",
            _q(
                ("premise", "Does A really hold of the first case?"),
                ("ordering", "Is the second case really more favourable to A than the first?"),
                ("comparable", "Are the two cases comparable in the respect that matters?"),
            ),
        ),
        Scheme(
            "ad_hominem",
            "Person P has a bad character (is inconsistent, biased); so P's argument is not to be accepted.",
            _q(
                ("true", "Is the premise about P's character (or circumstances) true?"),
                ("relevant", "Is the character at issue relevant to the argument P put forward?"),
                (
                    "weight",
                    "Does the conclusion say only that P's argument deserves less weight, not that it is false?",
                ),
            ),
        ),
    )
}
"""The built-in scheme catalogue, by name."""

_BY_ALIAS = {alias: scheme for scheme in SCHEMES.values() for alias in (scheme.name, *scheme.aliases)}


def scheme_of(argument: Argument) -> Scheme | None:
    """The catalogue scheme an argument names (by name or alias), if any."""
    return _BY_ALIAS.get(argument.scheme or "")


def find_scheme(name: str) -> Scheme | None:
    """The catalogue scheme with this name or alias, if any."""
    return _BY_ALIAS.get(name)


def scheme_names() -> list[str]:
    """Every name and alias the catalogue knows, sorted."""
    return sorted(_BY_ALIAS)


def record_hint(question: CriticalQuestionSpec) -> str:
    """How to record an answer to ``question``, as YAML that reads back as written (ids such as
    ``true`` are quoted, or YAML would read a boolean)."""
    return f"critical_questions: [{{question: {yaml_scalar(question.id)}, status: answered}}]"


def open_questions(argument: Argument) -> list[CriticalQuestionSpec]:
    """The scheme's critical questions that the map does not record as answered or conceded."""
    scheme = scheme_of(argument)
    if scheme is None:
        return []
    settled = {q.question for q in argument.critical_questions if q.status != "open"}
    return [q for q in scheme.questions if q.id not in settled and q.text not in settled]


@rule(
    "AM401",
    "unknown-scheme",
    "info",
    "An argument names a scheme that is not in the built-in catalogue.",
    why="Its critical questions cannot be checked; a typo in a scheme name also lands here.",
    bad="scheme: analogie",
    good="scheme: analogy   # see `argmap rules AM402` for the catalogue",
)
def unknown_scheme(context: Context) -> Iterator[Diagnostic]:
    names = sorted(_BY_ALIAS)
    for index, argument in enumerate(context.map.arguments):
        if argument.scheme and argument.scheme not in _BY_ALIAS:
            import difflib

            close = difflib.get_close_matches(argument.scheme, names, n=1)
            hint = f"did you mean '{close[0]}'?" if close else f"catalogue: {', '.join(sorted(SCHEMES))}"
            yield emit(
                "AM401",
                f"scheme '{argument.scheme}' of '{argument.id}' is not in the catalogue",
                ("arguments", index, "scheme"),
                [argument.id],
                hint,
            )


@rule(
    "AM402",
    "open-critical-questions",
    "info",
    "An argument's scheme has critical questions the map leaves open (analogies: see AM305).",
    why="A scheme's critical questions are where such arguments usually fail; recording which are answered "
    "or conceded shows how strong the argument is. Catalogue: " + ", ".join(sorted(SCHEMES)) + ".",
    bad="- {id: a1, premises: [expert-says], conclusion: c, scheme: expert_opinion}",
    good="- id: a1\n  premises: [expert-says]\n  conclusion: c\n  scheme: expert_opinion\n"
    "  critical_questions:\n    - {question: field, status: answered, note: She is a virologist.}",
)
def open_critical_questions(context: Context) -> Iterator[Diagnostic]:
    wording: dict[object, tuple[str, str]] = {}  # the same open questions recur across a big map
    for index, argument in enumerate(context.map.arguments):
        scheme = _BY_ALIAS.get(argument.scheme) if argument.scheme else None
        if scheme is None or scheme.name == "analogy":
            continue
        if argument.critical_questions:
            questions = open_questions(argument)
            key: object = (scheme.name, *(q.id for q in questions))
        else:  # the usual case on a big map: every question of the scheme is open
            questions, key = list(scheme.questions), scheme.name
        if not questions:
            continue
        words = wording.get(key)
        if words is None:
            words = wording[key] = (
                f"({scheme.name}) leaves {len(questions)} critical question(s) open: "
                f"{'; '.join(q.text for q in questions)}",
                f"record answers with {record_hint(questions[0])} (or conceded); `argmap schemes {scheme.name}` "
                "lists the question ids",
            )
        yield emit("AM402", f"'{argument.id}' {words[0]}", ("arguments", index), (argument.id,), words[1])


_ID_LIKE = re.compile(r"^[A-Za-z0-9_-]{1,40}$")


def _looks_like_id(text: str) -> bool:
    # catalogue ids are short ASCII words; anything else (a sentence, in any language) is free text
    return _ID_LIKE.match(text) is not None


@rule(
    "AM403",
    "unknown-critical-question",
    "warning",
    "A critical question names an id that the argument's scheme does not have.",
    why="A question is recorded by its id in the scheme's catalogue (or by its full text). A misspelt id "
    "matches none of the scheme's questions, so the question it meant stays open and the record is read "
    "as a free-text question of its own. `argmap schemes NAME` lists the ids.",
    bad="- id: a1\n  premises: [expert-says]\n  conclusion: c\n  scheme: expert_opinion\n"
    "  critical_questions:\n    - {question: feild, status: answered}",
    good="- id: a1\n  premises: [expert-says]\n  conclusion: c\n  scheme: expert_opinion\n"
    "  critical_questions:\n    - {question: field, status: answered}",
)
def unknown_critical_question(context: Context) -> Iterator[Diagnostic]:
    import difflib

    for index, argument in enumerate(context.map.arguments):
        scheme = scheme_of(argument) if argument.critical_questions else None
        if scheme is None:
            continue
        ids = [q.id for q in scheme.questions]
        texts = {q.text for q in scheme.questions}
        for position, recorded in enumerate(argument.critical_questions):
            asked = recorded.question
            if asked in ids or asked in texts:
                continue
            close = difflib.get_close_matches(asked, ids, n=1, cutoff=0.6)
            if not close and not _looks_like_id(asked):
                # free text: a question of the mapper's own, unless it is a slip on a catalogue text
                wording = difflib.get_close_matches(asked, list(texts), n=1, cutoff=0.85)
                if not wording:
                    continue
                close = [next(q.id for q in scheme.questions if q.text == wording[0])]
            if close:
                hint = f"did you mean {yaml_scalar(close[0])}? write question: {yaml_scalar(close[0])}"
            else:
                hint = f"the questions of {scheme.name} are: {', '.join(ids)} (`argmap schemes {scheme.name}`)"
            yield emit(
                "AM403",
                f"'{argument.id}' ({scheme.name}) records the critical question '{asked}', which the scheme "
                "does not have",
                ("arguments", index, "critical_questions", position, "question"),
                [argument.id],
                hint,
            )
