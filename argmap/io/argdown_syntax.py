"""Argdown text, parsed in Python: a lexer, a recursive-descent parser and Argdown's own model.

:func:`parse_document` turns ``.argdown`` text into the same data that the Argdown CLI's
``argdown json`` export holds (statements as equivalence classes with their members,
arguments with their premise-conclusion structures, relations, sections, tags, front matter),
so that one converter (:mod:`argmap.io.argdown`) maps both to argmap, and so that this parser
can be checked against the real one document by document.

Why a hand-written lexer and recursive descent rather than a parser library
---------------------------------------------------------------------------
Argdown's grammar is small (about twenty rules, LL(2)), but its lexer is not a regular one:
whether ``+``, ``-``, ``_``, ``(1)``, ``#`` or ``--`` starts a relation, a numbered statement, a
heading or an inference depends on the previous token (start of input, line break, empty
line); indentation turns into INDENT/DEDENT tokens from a stack that some tokens reset; the
end of ``*italic*``/``__bold__`` is recognised only while such a range is open; comments swallow
different line breaks depending on what precedes them; the first matching pattern wins, not the
longest. The reference implementation (``@argdown/core``, Chevrotain) expresses all of this as
custom matcher functions around its regular expressions. A PEG or Earley grammar (lark, parsimonious)
would need the same stateful lexer written by hand in front of it, and would then only replace
twenty short, LL(2) rule functions -- while making the two things this module must guarantee
harder to see: the token-for-token agreement with Argdown and bounded time on hostile input.
Here every token is found with anchored patterns or with searches whose results are cached
monotonically (``_Finder``), so a file is lexed in time linear in its length even when it is
one huge line of brackets; nesting is bounded by ``Limits.max_depth``.

The module mirrors Argdown 1.7.5 (the version the test suite installs): the same tokens in
the same order, the same rules, the same model (``Untitled N`` titles, equivalence classes,
relation merging, sections, tags, inline data and front matter read as YAML).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from argmap.errors import Diagnostic, Location, MapError
from argmap.io.parse import DEFAULT_LIMITS, Limits

__all__ = ["SHORTCODES", "Node", "Occurrence", "Token", "keeping_tokens", "parse_document", "parse_tree",
           "title_occurrences", "tokenize"]

# Named special characters: Argdown replaces ``.name.`` / ``:name:`` by these (logic symbols and
# a few emoji), everything else that looks like one stays as written.
_SYMBOLS = {
    "A": "∀", "E": "∃", "O": "𝗢", "P": "𝗣", "->": "→", "<->": "↔", "~": "¬", "^": "∧", "v": "∨",
    "v_": "⊻", "<>": "◇", "[]": "◻", "happy": "😀", "smiley": "☺", "laugh": "😆", "lol": "😆",
    "rofl": "🤣", "joy": "😂", "heart": "❤", "?": "❓", "question": "❓", "love": "😍", "wink": "😉",
    "shush": "🤫", "meh": "😐", "eye-roll": "🙄", "sad": "😢", "disappointed": "😞", "scream": "😱",
    "+1": "👍", "up": "👍", "-1": "👎", "down": "👎", "think": "🤔", "star": "⭐", "y": "✔",
    "agree": "✔", "n": "❌", "disagree": "❌",
}
SHORTCODES: dict[str, str] = {f"{d}{k}{d}": v for k, v in _SYMBOLS.items() for d in ".:"}
"""Argdown's named special characters (``:~:`` is ``¬``), as Argdown 1.7.5 defines them."""
SHORTCODES[":smile:"], SHORTCODES[".smile."] = "☺️", "☺"

# Token kinds (the names Argdown uses in its error messages are in _LABELS).
FRONT_MATTER, DATA, ESCAPED, SPECIAL, EMPTYLINE, NEWLINE = "FrontMatter", "Data", "EscapedChar", "SpecialChar", \
    "Emptyline", "Newline"
INDENT, DEDENT, INFERENCE_START, INFERENCE_END, LIST_DELIMITER = "Indent", "Dedent", "InferenceStart", \
    "InferenceEnd", "ListDelimiter"
IN_SUPPORT, IN_ATTACK, OUT_SUPPORT, OUT_ATTACK = "IncomingSupport", "IncomingAttack", "OutgoingSupport", \
    "OutgoingAttack"
CONTRADICTION, IN_UNDERCUT, OUT_UNDERCUT = "Contradiction", "IncomingUndercut", "OutgoingUndercut"
HEADING, NUMBER, ORDERED, UNORDERED = "HeadingStart", "StatementNumber", "OrderedListItem", "UnorderedListItem"
BOLD_A_END, BOLD_U_END, ITALIC_A_END, ITALIC_U_END = "AsteriskBoldEnd", "UnderscoreBoldEnd", \
    "AsteriskItalicEnd", "UnderscoreItalicEnd"
BOLD_A_START, BOLD_U_START, ITALIC_A_START, ITALIC_U_START = "AsteriskBoldStart", "UnderscoreBoldStart", \
    "AsteriskItalicStart", "UnderscoreItalicStart"
LINK, TAG, S_DEF, S_REF, S_MENTION = "Link", "Tag", "StatementDefinition", "StatementReference", "StatementMention"
A_DEF, A_REF, A_MENTION, FREESTYLE, UNUSED = "ArgumentDefinition", "ArgumentReference", "ArgumentMention", \
    "Freestyle", "UnusedControlChar"
EOF = "EOF"

_LABELS = {
    FRONT_MATTER: "front matter (=== ... ===)", DATA: "data ({...})", EMPTYLINE: "an empty line",
    NEWLINE: "a line break", INDENT: "an indented relation", DEDENT: "the end of an indented block",
    INFERENCE_START: "an inference line (--)", INFERENCE_END: "the end of an inference line (--)",
    IN_SUPPORT: "'+>'", IN_ATTACK: "'->'", OUT_SUPPORT: "'<+' or '+'", OUT_ATTACK: "'<-' or '-'",
    CONTRADICTION: "'><'", IN_UNDERCUT: "'_>'", OUT_UNDERCUT: "'<_' or '_'", HEADING: "a heading (#)",
    NUMBER: "a numbered statement ((1))", ORDERED: "an ordered list item (1.)", UNORDERED: "a list item (*)",
    S_DEF: "a statement definition ([title]:)", S_REF: "a statement reference ([title])",
    A_DEF: "an argument definition (<title>:)", A_REF: "an argument reference (<title>)", TAG: "a tag (#tag)",
    EOF: "the end of the input", LIST_DELIMITER: "','",
}

_RELATIONS = (IN_SUPPORT, IN_ATTACK, OUT_SUPPORT, OUT_ATTACK, CONTRADICTION, IN_UNDERCUT, OUT_UNDERCUT)
_TEXT_TOKENS = frozenset({FREESTYLE, UNUSED, ESCAPED, SPECIAL})
_CONTENT_START = _TEXT_TOKENS | {LINK, BOLD_A_START, BOLD_U_START, ITALIC_A_START, ITALIC_U_START, TAG, A_MENTION,
                                 S_MENTION, NEWLINE}
_STATEMENT_START = _CONTENT_START | {S_REF, S_DEF}
_ARGUMENT_START = frozenset({A_DEF, A_REF})

# JavaScript's ``.`` stops at these; Argdown's patterns are JavaScript regular expressions.
_JS_LINE_END = re.compile(r"[\n\r\u2028\u2029]")
# JavaScript's ``\s`` (Python's differs: it has U+001C-U+001F and U+0085, not U+FEFF)
_WS = "\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
_JS_SPACE = re.compile(f"[{_WS}]")
_FREESTYLE = re.compile(r"[^\\@#*_\[\],.:</>(){}\r\n;-]+")
_SPACES = re.compile(r"[ \t]+")
_NEWLINE = re.compile(r"[ \t]*(?:\r\n|\n|\r)")
_EMPTYLINE = re.compile(r"(?:[ \t]*(?:\r\n|\n)){2,}")
_ESCAPED = re.compile(r"\\[^\n\r\u2028\u2029] *")
_SPECIAL = re.compile(f"\\.[^{_WS}]+?\\.[ \t]?|:[^{_WS}]+?:[ \t]?")
_TAG = re.compile(r"#(?:\([^)]+\)|[a-zA-z0-9\-\u00A0-\uD7FF\uF900-\uFDCF\uFDF0-\uFFEF]+)[ \t]?")
_SIMPLE_TAG = re.compile(r"#[a-zA-z0-9\-\u00A0-\uD7FF\uF900-\uFDCF\uFDF0-\uFFEF]+[ \t]?")
_HEADING = re.compile(r"#+ ")
_LINE_START = re.compile(r"[ \t]*")
_NUMBER = re.compile(r"[ \t]*\([0-9]+\)")
_ORDERED = re.compile(f"([ \t]*)[0-9]+\\.(?=[{_WS}])")
_UNORDERED = re.compile(f"([ \t]*)\\*(?=[{_WS}])")
_INFERENCE_START = re.compile(r"[ \t]*--")
_INFERENCE_END = re.compile(r"-{2,}")
_RANGE_END_AFTER = re.compile(r"[ \t]|(?=[\n\r)}_.,!?;:\-*]|\Z)")
_DATA_BARRIER = re.compile(f"[\\r\u2028\u2029]|\\}}(?=[{_WS}][^,}}])")
_DATA_CLOSE = re.compile(f"\\}}(?![{_WS}]*[,}}])")
_COMMENT_BREAKS = re.compile(r"[ \t]*\r\n|\n|\r")
# Characters that may start a token other than plain text (Freestyle, UnusedControlChar, Spaces)
# in the middle of a line; at a line's start more do (relations, numbers, headings, lists).
_STARTERS = frozenset("/<={\\.: \t\r\n*_[#@")


@dataclass(slots=True)
class Token:
    """A token: its kind (Argdown's token name), its text and where it starts (0-based offset)."""

    kind: str
    image: str
    offset: int


@dataclass(slots=True)
class Node:
    """A rule of the parse tree (Argdown's rule names: ``statement``, ``pcs``, ``relations`` ...)."""

    name: str
    children: list[Token | Node] = field(default_factory=list)
    # what the model builder attaches while walking the tree
    info: dict[str, Any] = field(default_factory=dict)


class _Finder:
    """``str.find`` with a monotone cache, so that repeated failing searches stay linear overall."""

    __slots__ = ("found", "needle", "start", "text")

    def __init__(self, text: str, needle: str) -> None:
        self.text, self.needle, self.start, self.found = text, needle, -1, -1

    def __call__(self, start: int) -> int:
        if self.start >= 0 and start < self.start:
            # a search a little behind the cached one: only the gap needs looking at
            early = self.text.find(self.needle, start, self.start + len(self.needle) - 1)
            return early if early != -1 else self.found
        if self.start < 0 or (self.found != -1 and self.found < start):
            self.start, self.found = start, self.text.find(self.needle, start)
        return self.found


class _LineEnd:
    """The offset of the next JavaScript line terminator (or the end of text), cached monotonically."""

    __slots__ = ("found", "start", "text")

    def __init__(self, text: str) -> None:
        self.text, self.start, self.found = text, -1, -1

    def __call__(self, start: int) -> int:
        if self.start >= 0 and start < self.start:
            hit = _JS_LINE_END.search(self.text, start, self.start)
            return hit.start() if hit else self.found
        if self.start < 0 or self.found < start:
            hit = _JS_LINE_END.search(self.text, start)
            self.start, self.found = start, hit.start() if hit else len(self.text)
        return self.found


class _Positions:
    """Line and column (1-based) of offsets, for error messages."""

    def __init__(self, text: str) -> None:
        self.starts = [0] + [m.end() for m in re.finditer(r"\r\n|\n|\r", text)]

    def __call__(self, offset: int) -> tuple[int, int]:
        line = bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1


def _error(message: str, text: str, offset: int, filename: str | None, code: str = "AM001",
           hint: str | None = None) -> MapError:
    line, column = _Positions(text)(offset)
    return MapError([Diagnostic(code, message, Location(filename, line, column), hint)])


class _Lexer:
    def __init__(self, text: str, filename: str | None, limits: Limits) -> None:
        self.text, self.filename, self.limits = text, filename, limits
        self.tokens: list[Token] = []
        self.indents = [0]
        self.ranges: list[str] = []
        self.skipped_last = False  # a skipped token (spaces, comment) came after the last token
        self.line_end = _LineEnd(text)
        self.finders: dict[str, _Finder] = {}
        self.data: tuple[list[int], list[int]] | None = None

    def find(self, needle: str, start: int) -> int:
        finder = self.finders.get(needle)
        if finder is None:
            finder = self.finders[needle] = _Finder(self.text, needle)
        return finder(start)

    # --- token helpers ---------------------------------------------------------------------------

    def push(self, kind: str, image: str, offset: int) -> None:
        self.tokens.append(Token(kind, image, offset))
        self.skipped_last = False

    def last(self) -> str | None:
        return self.tokens[-1].kind if self.tokens else None

    def dedent_all(self, offset: int) -> None:
        while len(self.indents) > 1:
            self.indents.pop()
            self.push(DEDENT, "", offset)

    def indent_to(self, width: int, offset: int) -> None:
        top = self.indents[-1]
        if width > top:
            if len(self.indents) > self.limits.max_depth:
                raise _error(f"relations nested deeper than {self.limits.max_depth} levels", self.text, offset,
                             self.filename, "AM003", hint="raise Limits.max_depth if you trust the file")
            self.indents.append(width)
            self.push(INDENT, "", offset)
        elif width < top:
            while len(self.indents) > 1 and width < self.indents[-1]:
                self.indents.pop()
                self.push(DEDENT, "", offset)

    # --- patterns with more than a regular expression -------------------------------------------

    def comment(self, pos: int, last: str | None) -> int:
        """End of a comment at ``pos`` (with the line breaks it swallows), or -1."""
        text = self.text
        if text.startswith("<!--", pos):
            close = self.find("-->", pos + 4)
            end = close + 3 if close != -1 else -1
        elif text.startswith("/*", pos):
            close = self.find("*/", pos + 2)
            end = close + 2 if close != -1 else -1
        elif text.startswith("//", pos):
            end = self.line_end(pos + 2)
            if end >= len(text) or text[end] not in "\r\n":
                return -1
        else:
            return -1
        if end == -1 or (text.startswith(("<!--", "/*"), pos) and self.has_js_separator(pos, end)):
            return -1
        if last == EMPTYLINE:
            while True:
                hit = _COMMENT_BREAKS.match(text, end)
                if hit is None:
                    return end
                end = hit.end()
        if last == NEWLINE:
            hit = _NEWLINE.match(text, end)
            if hit is not None and _NEWLINE.match(text, hit.end()) is None:
                return hit.end()
        return end

    def has_js_separator(self, start: int, end: int) -> bool:
        """Whether U+2028/U+2029 occur in text[start:end] (JavaScript's ``(.|\\n|\\r)`` misses them)."""
        a, b = self.find("\u2028", start), self.find("\u2029", start)
        return (a != -1 and a < end) or (b != -1 and b < end)

    def front_matter(self, pos: int) -> int:
        text = self.text
        run = 0
        while pos + run < len(text) and text[pos + run] == "=":
            run += 1
        if run < 3:
            return -1
        close = self.find("===", pos + run)
        if close != -1:
            end = close
            while end < len(text) and text[end] == "=":
                end += 1
            return end
        return pos + run if run >= 6 else -1

    def data_block(self, pos: int) -> int:
        if self.data is None:
            self.data = ([m.start() for m in _DATA_BARRIER.finditer(self.text)],
                         [m.start() for m in _DATA_CLOSE.finditer(self.text)])
        barriers, closes = self.data
        index = bisect_right(barriers, pos)
        barrier = barriers[index] if index < len(barriers) else len(self.text)
        index = bisect_right(closes, barrier) - 1
        if index >= 0 and closes[index] > pos:
            return closes[index] + 1
        return -1

    def bracket(self, pos: int, close: str, definition: bool) -> int:
        """End of ``[title]:`` / ``<title>:`` (definition) or ``[title]`` / ``<title>`` at ``pos``, or -1."""
        text = self.text
        if definition:
            end = self.find(close + ":", pos + 2)
            return end + 2 if end != -1 and end < self.line_end(pos + 1) else -1
        if pos + 1 >= len(text) or text[pos + 1] == "-":
            return -1
        end = self.find(close, pos + 2)
        return end + 1 if end != -1 and end <= self.line_end(pos + 2) else -1

    def mention(self, pos: int, close: str) -> int:
        end = self.find(close, pos + 3)
        if end == -1 or end >= self.line_end(pos + 2):
            return -1
        end += 1
        return end + 1 if end < len(self.text) and self.text[end] in " \t" else end

    def tag(self, pos: int) -> int:
        """End of ``#tag`` or ``#(a tag)`` at ``pos``, or -1 (the parenthesised form may span lines)."""
        text = self.text
        if text.startswith("#(", pos):
            close = self.find(")", pos + 2)
            if close > pos + 2:
                end = close + 1
                return end + 1 if end < len(text) and text[end] in " \t" else end
        hit = _SIMPLE_TAG.match(text, pos)
        return hit.end() if hit is not None else -1

    def link(self, pos: int) -> int:
        text = self.text
        close = self.find("]", pos + 1)
        if close < pos + 2 or not text.startswith("(", close + 1):
            return -1
        end = self.find(")", close + 2)
        if end < close + 3:
            return -1
        end += 1
        return end + 1 if end < len(text) and text[end] in " \t" else end

    # --- the main loop --------------------------------------------------------------------------

    def run(self) -> list[Token]:
        text = self.text
        size = len(text)
        pos = 0
        inference = False
        tokens = self.tokens
        while pos < size:
            char = text[pos]
            last = tokens[-1].kind if tokens else None
            at_line_start = last is None or last in (NEWLINE, EMPTYLINE)
            if not inference and not at_line_start and char not in _STARTERS:
                pos = self.plain(pos, char)  # plain text: nothing else can start here
                continue
            end = -1
            # comments come first, and are skipped
            if char in "/<":
                end = self.comment(pos, last)
                if end != -1:
                    pos, self.skipped_last = end, True
                    continue
            if inference:
                pos, inference = self.inference_token(pos, char)
                continue
            if char == "=":
                end = self.front_matter(pos)
                if end != -1:
                    self.push(FRONT_MATTER, text[pos:end], pos)
                    pos = end
                    continue
            elif char == "{":
                end = self.data_block(pos)
                if end != -1:
                    self.push(DATA, text[pos:end], pos)
                    pos = end
                    continue
            elif char == "\\":
                hit = _ESCAPED.match(text, pos)
                if hit is not None:
                    self.push(ESCAPED, hit.group(), pos)
                    pos = hit.end()
                    continue
            elif char in ".:":
                hit = _SPECIAL.match(text, pos)
                if hit is not None:
                    self.push(SPECIAL, hit.group(), pos)
                    pos = hit.end()
                    continue
            if char in " \t\r\n":
                if last != EMPTYLINE:
                    hit = _EMPTYLINE.match(text, pos)
                    if hit is not None:
                        if hit.end() < size:
                            self.dedent_all(pos)
                        self.push(EMPTYLINE, hit.group(), pos)
                        pos = hit.end()
                        continue
                hit = _NEWLINE.match(text, pos)
                if hit is not None:
                    self.push(NEWLINE, hit.group(), pos)
                    pos = hit.end()
                    continue
            if at_line_start and char in " \t-+<>_(*#0123456789":
                end = self.line_start_token(pos, last)
                if end != -1:
                    if self.tokens[-1].kind == INFERENCE_START:
                        inference = True
                    pos = end
                    continue
            if char in "*_":
                end = self.range_token(pos, char)
                if end != -1:
                    pos = end
                    continue
            if char == "[":
                end = self.link(pos)
                if end != -1:
                    self.push(LINK, text[pos:end], pos)
                    pos = end
                    continue
            elif char == "#":
                end = self.tag(pos)
                if end != -1:
                    self.push(TAG, text[pos:end], pos)
                    pos = end
                    continue
            if char in "[<":
                close = "]" if char == "[" else ">"
                for kind, definition in ((S_DEF, True), (S_REF, False)) if char == "[" else \
                        ((A_DEF, True), (A_REF, False)):
                    end = self.bracket(pos, close, definition)
                    if end != -1:
                        self.push(kind, text[pos:end], pos)
                        break
                if end != -1:
                    pos = end
                    continue
            elif char == "@" and pos + 1 < size and text[pos + 1] in "[<":
                end = self.mention(pos, "]" if text[pos + 1] == "[" else ">")
                if end != -1:
                    self.push(S_MENTION if text[pos + 1] == "[" else A_MENTION, text[pos:end], pos)
                    pos = end
                    continue
            pos = self.plain(pos, char)
        # trailing empty lines mean nothing; close every open indentation
        if self.tokens and self.tokens[-1].kind == EMPTYLINE:
            self.tokens.pop()
        self.dedent_all(size)
        return self.tokens

    def plain(self, pos: int, char: str) -> int:
        text = self.text
        if char in " \t":
            hit = _SPACES.match(text, pos)
            assert hit is not None
            self.skipped_last = True
            return hit.end()
        hit = _FREESTYLE.match(text, pos)
        if hit is not None:
            self.push(FREESTYLE, hit.group(), pos)
            return hit.end()
        if char in "@#*_[],.:</>(){};-":
            end = pos + 1
            if end < len(text) and text[end] in " \t":
                end += 1
            self.push(UNUSED, text[pos:end], pos)
            return end
        if char == "\\":
            raise _error("a backslash at the end of a line escapes nothing", text, pos, self.filename,
                         hint="write \\\\ for a backslash")
        raise _error(f"unexpected character {char!r}", text, pos, self.filename)  # pragma: no cover

    def inference_token(self, pos: int, char: str) -> tuple[int, bool]:
        text = self.text
        if char in "\r\n" or (char in " \t" and _NEWLINE.match(text, pos)):
            hit = _NEWLINE.match(text, pos)
            if hit is not None:
                self.push(NEWLINE, hit.group(), pos)
                return hit.end(), True
        if char == "\\":
            hit = _ESCAPED.match(text, pos)
            if hit is not None:
                self.push(ESCAPED, hit.group(), pos)
                return hit.end(), True
        if char in ".:":
            hit = _SPECIAL.match(text, pos)
            if hit is not None:
                self.push(SPECIAL, hit.group(), pos)
                return hit.end(), True
        if char == "-":
            hit = _INFERENCE_END.match(text, pos)
            if hit is not None:
                self.push(INFERENCE_END, hit.group(), pos)
                return hit.end(), False
        if char == "{":
            end = self.data_block(pos)
            if end != -1:
                self.push(DATA, text[pos:end], pos)
                return end, True
        if char == ",":
            self.push(LIST_DELIMITER, ",", pos)
            return pos + 1, True
        return self.plain(pos, char), True

    def line_start_token(self, pos: int, last: str | None) -> int:
        """Relations, inference starts, headings, numbered statements and list items (only at a line's start)."""
        text = self.text
        indent = _LINE_START.match(text, pos)
        assert indent is not None
        width, after = indent.end() - pos, indent.end()
        if last != EMPTYLINE and text.startswith("--", after):
            self.dedent_all(pos)
            self.push(INFERENCE_START, text[pos:after + 2], pos)
            return after + 2
        kind, size = None, 0
        if text.startswith("+>", after):
            kind, size = IN_SUPPORT, 2
        elif text.startswith("->", after):
            kind, size = IN_ATTACK, 2
        elif text.startswith("<+", after):
            kind, size = OUT_SUPPORT, 2
        elif text.startswith("+", after):
            kind, size = OUT_SUPPORT, 1
        elif text.startswith("<-", after):
            kind, size = OUT_ATTACK, 2
        elif text.startswith("-", after):
            kind, size = OUT_ATTACK, 1
        elif text.startswith("><", after):
            kind, size = CONTRADICTION, 2
        elif text.startswith("_>", after):
            kind, size = IN_UNDERCUT, 2
        elif text.startswith("<_", after):
            kind, size = OUT_UNDERCUT, 2
        elif text.startswith("_", after) and _JS_SPACE.match(text, after + 1):
            kind, size = OUT_UNDERCUT, 1
        if kind is not None:
            self.indent_to(width, pos)
            self.push(kind, text[pos:after + size], pos)
            return after + size
        if width == 0 and text.startswith("#", pos):
            hit = _HEADING.match(text, pos)
            if hit is not None:
                self.push(HEADING, hit.group(), pos)
                return hit.end()
            return -1
        hit = _NUMBER.match(text, pos)
        if hit is not None:
            self.dedent_all(pos)
            self.push(NUMBER, hit.group(), pos)
            return hit.end()
        for pattern, list_kind in ((_ORDERED, ORDERED), (_UNORDERED, UNORDERED)):
            hit = pattern.match(text, pos)
            if hit is not None:
                # a list item counts its marker as one column of indentation
                self.indent_to(len(hit.group(1)) + 1, pos)
                self.push(list_kind, hit.group(), pos)
                return hit.end()
        return -1

    def range_token(self, pos: int, char: str) -> int:
        """Ends and starts of bold and italic ranges (``**``/``__`` and ``*``/``_``)."""
        text = self.text
        double = text.startswith(char * 2, pos)
        kinds = ((BOLD_A_END, ITALIC_A_END) if char == "*" else (BOLD_U_END, ITALIC_U_END))
        starts = ((BOLD_A_START, ITALIC_A_START) if char == "*" else (BOLD_U_START, ITALIC_U_START))
        if self.tokens and not self.skipped_last and self.ranges:
            for kind, width in ((kinds[0], 2), (kinds[1], 1)):
                if (width == 2 and not double) or self.ranges[-1] != kind[:-3]:
                    continue
                after = _RANGE_END_AFTER.match(text, pos + width)
                if after is not None:
                    self.ranges.pop()
                    self.push(kind, text[pos:after.end()], pos)
                    return after.end()
        for kind, width in ((starts[0], 2), (starts[1], 1)):
            if width == 2 and not double:
                continue
            if not _JS_SPACE.match(text, pos + width):
                if len(self.ranges) >= self.limits.max_depth:
                    raise _error(f"bold and italic ranges nested deeper than {self.limits.max_depth} levels",
                                 text, pos, self.filename, "AM003",
                                 hint="close the ranges, or escape '*' and '_' with a backslash")
                self.ranges.append(kind[:-5])
                self.push(kind, text[pos:pos + width], pos)
                return pos + width
        return -1


def tokenize(text: str, *, filename: str | None = None, limits: Limits = DEFAULT_LIMITS) -> list[Token]:
    """Argdown's tokens for ``text`` (as Argdown 1.7.5 lexes it).

    Raises
    ------
    MapError
        ``AM001`` where no token fits (a backslash at a line's end), ``AM003`` for indentation
        nested deeper than ``limits.max_depth``; located by line and column.
    """
    return _Lexer(text, filename, limits).run()



@dataclass(frozen=True, slots=True)
class Occurrence:
    """Where a title is written: a statement's ``[title]``, an argument's ``<title>``, or a heading.

    Offsets are 0-based character offsets into the text, ``end`` exclusive, and cover the title
    alone (not its brackets, the colon of a definition or the ``@`` of a mention).
    """

    kind: str
    """``statement``, ``argument``, ``heading`` or ``front matter`` (the whole ``=== ... ===`` block)."""
    role: str
    """``definition`` (``[title]:``, ``<title>:``), ``reference`` (``[title]``, ``<title>``), ``mention``
    (``@[title]``, ``@<title>``); ``heading`` and ``front matter`` for those."""
    title: str
    start: int
    end: int
    level: int = 0
    """A heading's level (the number of ``#``); 0 for the others."""


_OCCURRENCE = {S_DEF: ("statement", "definition", 1, 2), S_REF: ("statement", "reference", 1, 1),
               S_MENTION: ("statement", "mention", 2, 1), A_DEF: ("argument", "definition", 1, 2),
               A_REF: ("argument", "reference", 1, 1), A_MENTION: ("argument", "mention", 2, 1)}
_HEADING_END = frozenset({NEWLINE, EMPTYLINE, DATA, DEDENT, INDENT})


def title_occurrences(text: str, *, limits: Limits = DEFAULT_LIMITS,
                      tokens: list[Token] | None = None) -> tuple[list[Occurrence], MapError | None]:
    """Every statement and argument title written in ``text``, every heading and the front matter, in text order.

    Read from the lexer's own tokens (the very ones the parser reads), so a title is found exactly
    where Argdown sees one, and not in comments, links or escaped brackets. The text need not
    parse: while it is being typed, the titles are there all the same. When the lexer itself stops
    (a backslash at the end of a line, indentation nested too deeply), the titles before that point
    are returned with the error. ``tokens``, the text's tokens if it was lexed already (see
    :func:`keeping_tokens`), spares lexing it again.

    Examples
    --------
    >>> found, error = title_occurrences("# Trees\\n\\n[Shade]: Trees cool @<Heat>.\\n  + [Shade]\\n")
    >>> [(o.role, o.title, o.start) for o in found]
    [('heading', 'Trees', 2), ('definition', 'Shade', 10), ('mention', 'Heat', 31), ('reference', 'Shade', 43)]
    """
    error: MapError | None = None
    if tokens is None:
        lexer = _Lexer(text, None, limits)
        try:
            tokens = lexer.run()
        except MapError as exc:  # keep what was lexed before the error
            tokens, error = lexer.tokens, exc
    found: list[Occurrence] = []
    heading: tuple[int, int] | None = None  # (token index, level) of the heading whose text is read
    for number, token in enumerate(tokens):
        kind = token.kind
        if heading is not None and kind in _HEADING_END:
            found.append(_heading(text, tokens, *heading, number))
            heading = None
        shape = _OCCURRENCE.get(kind)
        if shape is not None:
            image = token.image.rstrip(" \t") if shape[1] == "mention" else token.image
            start = token.offset + shape[2]
            end = token.offset + len(image) - shape[3]
            found.append(Occurrence(shape[0], shape[1], text[start:end], start, end))
        elif kind == HEADING:
            heading = (number, len(token.image) - 1)
        elif kind == FRONT_MATTER:  # its argmap extension names titles too (``"[title]"`` keys)
            found.append(Occurrence("front matter", "front matter", "", token.offset,
                                    token.offset + len(token.image)))
    if heading is not None:
        found.append(_heading(text, tokens, *heading, len(tokens)))
    return found, error


_kept_tokens: ContextVar[dict[str, list[Token]] | None] = ContextVar("argmap_argdown_tokens", default=None)


@contextmanager
def keeping_tokens() -> Iterator[dict[str, list[Token]]]:
    """Keep the tokens of the Argdown text parsed meanwhile (in this thread or task).

    A caller that parses a document and may then ask where its titles are (the language server)
    hands them to :func:`title_occurrences` instead of lexing the text again. Only the last text
    parsed is kept; a text whose lexing failed keeps none.

    Yields
    ------
    dict of str to list of Token
        The text parsed last, and its tokens.
    """
    kept: dict[str, list[Token]] = {}
    token = _kept_tokens.set(kept)
    try:
        yield kept
    finally:
        _kept_tokens.reset(token)


def _heading(text: str, tokens: list[Token], index: int, level: int, stop: int) -> Occurrence:
    """A heading's occurrence: its text from the ``#`` marker to the token that ends it, trimmed."""
    start = tokens[index].offset + len(tokens[index].image)
    end = tokens[stop].offset if stop < len(tokens) else len(text)
    words = text[start:end]
    left = len(words) - len(words.lstrip())
    title = _trim(words)
    return Occurrence("heading", "heading", title, start + left, start + left + len(title), level)


# --- the parser -----------------------------------------------------------------------------------


class _Parser:
    """Recursive descent over Argdown's rules; each method is one rule of Argdown's grammar."""

    def __init__(self, tokens: list[Token], text: str, filename: str | None) -> None:
        self.tokens, self.text, self.filename = tokens, text, filename
        self.pos = 0
        # the kinds, with two end markers so that looking ahead needs no bounds check
        self.kinds = [t.kind for t in tokens] + [EOF, EOF]

    def peek(self, ahead: int = 0) -> str:
        return self.kinds[self.pos + ahead]

    def take(self, kind: str, into: list[Token | Node] | None = None) -> Token:
        if self.peek() != kind:
            raise self.fail([kind])
        token = self.tokens[self.pos]
        self.pos += 1
        if into is not None:
            into.append(token)
        return token

    def maybe(self, kind: str, into: list[Token | Node]) -> bool:
        if self.peek() == kind:
            into.append(self.tokens[self.pos])
            self.pos += 1
            return True
        return False

    def fail(self, expected: list[str]) -> MapError:
        found = self.peek()
        if self.pos < len(self.tokens):
            token = self.tokens[self.pos]
            offset, shown = token.offset, repr(token.image.strip() or token.image) if token.image else \
                _LABELS.get(found, found)
        else:  # located where Argdown locates it: at the last token
            offset, shown = (self.tokens[-1].offset if self.tokens else 0), "the end of the input"
        wanted = " or ".join(dict.fromkeys(_LABELS.get(k, k) for k in expected))
        hint = None
        if found in (ITALIC_A_START, ITALIC_U_START, BOLD_A_START, BOLD_U_START) or \
                (EOF in expected and found in (ITALIC_A_START, ITALIC_U_START)):
            hint = "close the bold or italic range, or escape the character with a backslash"
        elif EMPTYLINE in expected or EOF in expected:
            hint = "separate top-level statements, arguments and headings with an empty line"
        return _error(f"invalid Argdown: expected {wanted}, found {shown}", self.text, offset, self.filename,
                      hint=hint)

    # --- rules ----------------------------------------------------------------------------------

    def document(self) -> Node:
        node = Node("argdown")
        self.maybe(NEWLINE, [])
        self.maybe(EMPTYLINE, [])
        if self.peek() == FRONT_MATTER:
            node.children.append(self.take(FRONT_MATTER))
            self.maybe(NEWLINE, [])
            node.children.append(self.take(EMPTYLINE))
        node.children.append(self.top_level())
        while self.peek() == EMPTYLINE:
            node.children.append(self.take(EMPTYLINE))
            node.children.append(self.top_level())
        if self.peek() != EOF:
            raise self.fail([EMPTYLINE, EOF])
        return node

    def top_level(self) -> Node:
        kind = self.peek()
        if kind == HEADING:
            return self.heading()
        if kind in _STATEMENT_START:
            return self.statement()
        if kind == NUMBER:
            return self.pcs()
        if kind in _ARGUMENT_START:
            return self.argument()
        if kind == INDENT and self.peek(1) == ORDERED:
            return self.list_("orderedList", ORDERED)
        if kind == INDENT and self.peek(1) == UNORDERED:
            return self.list_("unorderedList", UNORDERED)
        raise self.fail([HEADING, S_DEF, S_REF, NUMBER, A_DEF, A_REF])

    def heading(self) -> Node:
        node = Node("heading", [self.take(HEADING)])
        if self.peek() not in _CONTENT_START:
            raise self.fail(["the heading's text"])
        node.children.append(self.content())
        while self.peek() in _CONTENT_START:
            node.children.append(self.content())
        self.data(node)
        return node

    def data(self, node: Node) -> None:
        if self.peek() == DATA or (self.peek() == NEWLINE and self.peek(1) == DATA):
            self.maybe(NEWLINE, node.children)
            node.children.append(self.take(DATA))
            self.maybe(NEWLINE, node.children)

    def pcs(self) -> Node:
        node = Node("pcs", [self.pcs_statement()])
        node.children.append(self.pcs_tail())
        while self.peek() in (NUMBER, INFERENCE_START):
            node.children.append(self.pcs_tail())
        return node

    def pcs_tail(self) -> Node:
        node = Node("pcsTail")
        while self.peek() == NUMBER:
            node.children.append(self.pcs_statement())
        node.children.append(self.inference())
        node.children.append(self.pcs_statement())
        return node

    def pcs_statement(self) -> Node:
        node = Node("pcsStatement", [self.take(NUMBER)])
        if self.peek() not in _STATEMENT_START:
            raise self.fail([S_DEF, S_REF])
        node.children.append(self.statement())
        return node

    def inference(self) -> Node:
        node = Node("inference", [self.take(INFERENCE_START)])
        if self.peek() in _TEXT_TOKENS or (self.peek() == NEWLINE and self.peek(1) in _TEXT_TOKENS):
            self.maybe(NEWLINE, node.children)
            rules = Node("inferenceRules", [self.freestyle()])
            while self.peek() == LIST_DELIMITER:
                rules.children.append(self.take(LIST_DELIMITER))
                rules.children.append(self.freestyle())
            node.children.append(rules)
        self.maybe(NEWLINE, node.children)
        if self.peek() == DATA:
            node.children.append(self.take(DATA))
            self.maybe(NEWLINE, node.children)
        self.take(INFERENCE_END, node.children)
        self.take(NEWLINE, node.children)
        if self.peek() == INDENT:
            relations = Node("relations", [self.take(INDENT)])
            relations.children.append(self.relation(OUT_UNDERCUT))
            while self.peek() == OUT_UNDERCUT:
                relations.children.append(self.relation(OUT_UNDERCUT))
            self.take(DEDENT)
            node.children.append(relations)
        return node

    def list_(self, name: str, item: str) -> Node:
        node = Node(name, [self.take(INDENT)])
        while True:
            entry = Node(name + "Item", [self.take(item)])
            entry.children.append(self.member())
            node.children.append(entry)
            if self.peek() != item:
                break
        self.take(DEDENT)
        return node

    def member(self) -> Node:
        if self.peek() in _ARGUMENT_START:
            return self.argument()
        if self.peek() in _STATEMENT_START:
            return self.statement()
        raise self.fail([S_DEF, S_REF, A_DEF, A_REF])

    def argument(self) -> Node:
        node = Node("argument")
        if self.peek() == A_DEF:
            node.children.append(self.take(A_DEF))
            if self.peek() not in _CONTENT_START:
                raise self.fail(["text"])
            node.children.append(self.content())
        else:
            node.children.append(self.take(A_REF))
            while self.maybe(TAG, node.children):
                pass
            self.maybe(NEWLINE, node.children)
        self.data_and_relations(node)
        return node

    def statement(self) -> Node:
        node = Node("statement")
        kind = self.peek()
        if kind == S_REF:
            node.children.append(self.take(S_REF))
            while self.maybe(TAG, node.children):
                pass
            self.maybe(NEWLINE, node.children)
        elif kind == S_DEF:
            definition = Node("statementDefinition", [self.take(S_DEF)])
            if self.peek() not in _CONTENT_START:
                raise self.fail(["text"])
            definition.children.append(self.content())
            node.children.append(definition)
        else:
            node.children.append(self.content())
        self.data_and_relations(node)
        return node

    def data_and_relations(self, node: Node) -> None:
        if self.peek() == DATA:
            node.children.append(self.take(DATA))
            self.maybe(NEWLINE, node.children)
        if self.peek() == INDENT:
            relations = Node("relations", [self.take(INDENT)])
            relations.children.append(self.relation(None))
            while self.peek() in _RELATIONS:
                relations.children.append(self.relation(None))
            self.take(DEDENT)
            node.children.append(relations)

    def relation(self, only: str | None) -> Node:
        kind = self.peek()
        if kind not in _RELATIONS or (only is not None and kind != only):
            raise self.fail([only] if only else list(_RELATIONS))
        node = Node(kind[0].lower() + kind[1:], [self.take(kind)])
        if kind == CONTRADICTION:
            if self.peek() not in _STATEMENT_START:
                raise self.fail([S_DEF, S_REF])
            node.children.append(self.statement())
        else:
            node.children.append(self.member())
        return node

    def content(self) -> Node:
        node = Node("statementContent")
        while True:
            kind = self.peek()
            if kind in _TEXT_TOKENS:
                node.children.append(self.freestyle())
            elif kind in (LINK, TAG, A_MENTION, S_MENTION, NEWLINE):
                node.children.append(self.take(kind))
            elif kind in (BOLD_A_START, BOLD_U_START, ITALIC_A_START, ITALIC_U_START):
                node.children.append(self.range_(kind))
            else:
                break
        return node

    def range_(self, start: str) -> Node:
        opener = self.take(start)
        node = Node("bold" if "Bold" in start else "italic", [opener])
        if self.peek() in _CONTENT_START:
            node.children.append(self.content())
        if self.peek() != start[:-5] + "End":
            kind = "bold" if "Bold" in start else "italic"
            raise _error(f"invalid Argdown: the {kind} text range opened by {opener.image!r} is not closed",
                         self.text, opener.offset, self.filename,
                         hint=f"close it with {opener.image!r} (followed by a space or punctuation), or write "
                              f"{chr(92) + opener.image[0]!r} for the character itself")
        self.take(start[:-5] + "End", node.children)
        return node

    def freestyle(self) -> Node:
        if self.peek() not in _TEXT_TOKENS:
            raise self.fail(["an inference rule's name"])
        node = Node("freestyleText")
        while self.peek() in _TEXT_TOKENS:
            node.children.append(self.tokens[self.pos])
            self.pos += 1
        return node


def parse_tree(text: str, *, filename: str | None = None, limits: Limits = DEFAULT_LIMITS) -> Node:
    """Argdown's parse tree for ``text``.

    Raises
    ------
    MapError
        ``AM001`` for text that is not valid Argdown (as Argdown 1.7.5 would reject it), located
        by line and column, with a hint; ``AM003`` for nesting deeper than ``limits.max_depth``.
    """
    tokens = tokenize(text, filename=filename, limits=limits)
    kept = _kept_tokens.get()
    if kept is not None:
        kept.clear()
        kept[text] = tokens
    if not tokens:
        raise _error("the input holds no Argdown statement, argument or heading", text, 0, filename,
                     hint="an Argdown file needs at least one statement, e.g. `[Title]: text`")
    return _Parser(tokens, text, filename).document()


# --- the model (what Argdown's ModelPlugin and DataPlugin build) -----------------------------------


def _load_yaml(source: str, text: str, offset: int, filename: str | None, limits: Limits) -> Any:
    from argmap.io.parse import parse

    try:
        data, _ = parse(source, "yaml", filename, limits)
    except MapError as error:
        first = error.diagnostics[0]
        line, column = _Positions(text)(offset)
        if first.location.line is not None:  # the YAML's own position, moved to where it sits in the file
            column = (first.location.column or 1) + (column - 1 if first.location.line == 1 else 0)
            line += first.location.line - 1
        raise MapError([Diagnostic(first.code, first.message.replace("invalid YAML", "invalid YAML data"),
                                   Location(filename, line, column), first.hint)]) from None
    return data


def _data(token: Token, text: str, filename: str | None, limits: Limits) -> Any:
    image = token.image
    block = re.match(r"\{[ \t]*(\n\r|\n)", image)
    if block is not None:  # a multi-line block: its inside is block YAML
        image = re.sub(r"\}\s*$", "", image[block.end():])
    return _load_yaml(image, text, token.offset, filename, limits)


def _merge(base: Any, extra: Any) -> Any:
    """Deep merge of plain data (lodash ``merge``: objects merged key by key, the rest replaced)."""
    if isinstance(base, dict) and isinstance(extra, dict):
        out = dict(base)
        for key, value in extra.items():
            out[key] = _merge(out.get(key), value) if key in out else value
        return out
    if isinstance(base, list) and isinstance(extra, list):
        out_list = list(base)
        for index, value in enumerate(extra):
            if index < len(out_list):
                out_list[index] = _merge(out_list[index], value)
            else:
                out_list.append(value)
        return out_list
    return base if extra is None else extra


def _trim(text: str) -> str:
    return text.strip("\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009"
                      "\u200a\u2028\u2029\u202f\u205f\u3000\ufeff")


class _Model:
    """Walks the parse tree as Argdown's model plugin does and builds its JSON-export data."""

    def __init__(self, text: str, filename: str | None, limits: Limits) -> None:
        self.text, self.filename, self.limits = text, filename, limits
        self.statements: dict[str, dict[str, Any]] = {}
        self.arguments: dict[str, dict[str, Any]] = {}
        self.relations: list[dict[str, Any]] = []
        self.sections: list[dict[str, Any]] = []
        self.tags: dict[str, dict[str, Any]] = {}
        self.front_matter: Any = None
        self.untitled = 0
        self.section: dict[str, Any] | None = None
        self.section_count = 0
        self.target: dict[str, Any] | None = None  # the statement or heading whose text is being read
        self.parents: list[dict[str, Any]] = []  # the elements that enclosing relations start from
        self.current_pcs: dict[str, Any] | None = None
        self.current_inference: dict[str, Any] | None = None
        self.in_relation = False
        self._shortcodes: dict[str, str] | None = None
        self._handlers: dict[str, tuple[Any, Any]] = {}
        self.pairs: set[tuple[int, int, str]] = set()
        self.into: set[tuple[int, str]] = set()

    def unique(self) -> str:
        self.untitled += 1
        return f"Untitled {self.untitled}"

    def equivalence_class(self, title: str) -> dict[str, Any]:
        found = self.statements.get(title)
        if found is None:
            found = self.statements[title] = {"type": "equivalence-class", "title": title, "members": [],
                                              "relations": {}}
        return found

    def argument(self, title: str | None) -> dict[str, Any]:
        found = self.arguments.get(title) if title else None
        if found is None:
            found = {"type": "argument", "title": title or self.unique(), "members": [], "pcs": [],
                     "relations": {}}
            self.arguments[found["title"]] = found
        return found

    def relation_member(self, element: dict[str, Any]) -> dict[str, Any]:
        """The equivalence class or argument that a statement or argument description stands for."""
        if element.get("type") != "statement":
            return element
        if not element.get("title"):
            element["title"] = self.unique()
        if element.get("role") == "argument-description":
            return self.argument(element["title"])
        return self.equivalence_class(element["title"])

    # --- the walk -------------------------------------------------------------------------------

    def walk(self, node: Node, parent: Node | None = None, index: int = 0) -> None:
        handlers = self._handlers.get(node.name)
        if handlers is None:
            handlers = self._handlers[node.name] = (getattr(self, "enter_" + node.name, None),
                                                    getattr(self, "exit_" + node.name, None))
        enter, leave = handlers
        if enter is not None:
            enter(node, parent, index)
        if node.name != "freestyleText":  # plain text: its tokens mean nothing one by one
            for number, child in enumerate(node.children):
                if isinstance(child, Node):
                    self.walk(child, node, number)
                else:
                    self.token(child, node, number)
        if leave is not None:
            leave(node, parent, index)

    def add_text(self, text: str) -> int:
        target = self.target
        assert target is not None
        # pieces joined once at the end: repeated concatenation would be quadratic on long texts
        parts = target.setdefault("parts", [])
        start: int = target.get("size", 0)
        if not text:
            return start
        parts.append(text)
        target["size"] = start + len(text)
        return start

    def token(self, token: Token, parent: Node, index: int) -> None:
        kind = token.kind
        if kind == DATA:
            parent.info["data"] = _data(token, self.text, self.filename, self.limits)
        elif kind == FRONT_MATTER:
            body = re.sub(r"={3,}\s*$", "", re.sub(r"^\s*={3,}", "", token.image))
            self.front_matter = _load_yaml(body, self.text, token.offset, self.filename, self.limits)
        elif kind in (S_DEF, S_REF, A_DEF, A_REF):
            statement = parent.info.get("owner")
            if statement is not None:
                statement["title"] = token.image[1:-2] if kind in (S_DEF, A_DEF) else token.image[1:-1]
                if kind in (S_REF, A_REF):
                    statement["isReference"] = True
        elif self.target is None:
            return
        elif kind in (S_MENTION, A_MENTION):
            self.add_text(token.image)
        elif kind == LINK:
            hit = re.match(r"\[(.+)\]\((.+)\)", token.image, re.DOTALL)
            self.add_text(hit.group(1) if hit else token.image)
            if hit is not None:
                self.target.setdefault("links", []).append({"text": hit.group(1), "url": hit.group(2)})
            if token.image[-1] in " \t":
                self.add_text(" ")
        elif kind == TAG:
            tag = token.image[1:].rstrip(" \t")
            tag = tag[1:-1] if tag.startswith("(") else tag
            start = self.add_text(token.image)
            self.target.setdefault("ranges", []).append((start, start + len(token.image)))
            _add_tags(self.target, [tag])
            if tag not in self.tags:
                self.tags[tag] = {"tag": tag, "occurrenceIndex": len(self.tags)}
        elif kind == NEWLINE and parent.name == "statementContent":
            parts = self.target.get("parts")
            if index != len(parent.children) - 1 and not (parts and parts[-1].endswith(" ")):
                self.add_text(" ")

    def enter_heading(self, node: Node, parent: Node | None, index: int) -> None:
        self.target = {}

    def exit_heading(self, node: Node, parent: Node | None, index: int) -> None:
        heading = self.target or {}
        first = node.children[0]
        assert isinstance(first, Token)
        level = len(first.image) - 1
        self.section_count += 1
        section: dict[str, Any] = {"type": "section", "id": f"s{self.section_count}", "level": level,
                                   "title": _trim("".join(heading.get("parts", []))), "children": []}
        if heading.get("tags"):
            section["tags"] = heading["tags"]
        if node.info.get("data") is not None:
            section["data"] = node.info["data"]
        previous = self.section
        while previous is not None and previous["level"] >= level:
            previous = previous.get("_parent")
        if previous is not None:
            previous["children"].append(section)
            section["_parent"] = previous
        else:
            self.sections.append(section)
        self.section = section
        self.target = None

    def enter_statement(self, node: Node, parent: Node | None, index: int) -> None:
        statement: dict[str, Any] = {"type": "statement"}
        if parent is not None and parent.name == "argdown":
            statement["role"] = "top-level-statement"
        elif self.in_relation:
            statement["role"] = "relation-statement"
        self.target = statement
        node.info["owner"] = statement
        for child in node.children:  # the definition's title token sits one level down
            if isinstance(child, Node) and child.name == "statementDefinition":
                child.info["owner"] = statement
        self.parents.append(statement)

    def exit_statement(self, node: Node, parent: Node | None, index: int) -> None:
        statement = node.info["owner"]
        self.parents.pop()
        data = node.info.get("data")
        if not statement.get("title"):
            statement["title"] = self.unique()
        ec = self.equivalence_class(statement["title"])
        node.info["ec"] = ec
        if statement.get("tags"):
            _add_tags(ec, statement["tags"])
        if data is not None:
            statement["data"] = data
            ec["data"] = _merge(ec.get("data"), data)
        if self.section is not None:
            statement["section"] = self.section
        member = {"text": _cut(statement), "isReference": bool(statement.get("isReference"))}
        if statement.get("links"):
            member["links"] = statement["links"]
        if statement.get("role"):
            member["role"] = statement["role"]
        if data is not None:
            member["data"] = data
        if statement.get("tags"):
            member["tags"] = statement["tags"]
        if "section" in statement:
            member["section"] = statement["section"]["id"]
        statement["member"] = member
        ec["members"].append(member)
        in_group = data.get("isInGroup") if isinstance(data, dict) else None
        if in_group is True or (not statement.get("isReference") and in_group is None and "section" not in ec):
            if "section" in statement:
                ec["section"] = statement["section"]["id"]
            else:
                ec.pop("section", None)
        self.target = None

    def enter_argument(self, node: Node, parent: Node | None, index: int) -> None:
        description: dict[str, Any] = {"type": "statement", "role": "argument-description"}
        if self.section is not None:
            description["section"] = self.section
        self.target = description
        node.info["owner"] = description
        self.parents.append(description)

    def exit_argument(self, node: Node, parent: Node | None, index: int) -> None:
        description = node.info["owner"]
        self.parents.pop()
        data = node.info.get("data")
        if not description.get("title"):
            description["title"] = self.unique()
        argument = self.argument(description["title"])
        node.info["argument"] = argument
        if description.get("tags"):
            _add_tags(argument, description["tags"])
        if data is not None:
            argument["data"] = _merge(argument.get("data"), data)
        member: dict[str, Any] = {"text": _cut(description), "isReference": bool(description.get("isReference"))}
        if data is not None:
            member["data"] = data
        if "section" in description:
            member["section"] = description["section"]["id"]
        argument["members"].append(member)
        in_group = data.get("isInGroup") if isinstance(data, dict) else None
        if in_group is True or (not description.get("isReference") and in_group is None
                                and "section" not in argument):
            if "section" in description:
                argument["section"] = description["section"]["id"]
            else:
                argument.pop("section", None)
        self.target = None

    def enter_pcs(self, node: Node, parent: Node | None, index: int) -> None:
        argument = None
        if parent is not None and index > 0:
            before = parent.children[index - 1]
            if isinstance(before, Token) and before.kind == EMPTYLINE and index > 1:
                before = parent.children[index - 2]
            if isinstance(before, Node) and before.name == "argument":
                argument = before.info.get("argument")
        if argument is None:
            argument = self.argument(None)
        if self.section is not None:
            argument["section"] = self.section["id"]
        if argument["pcs"]:
            first = node.children[0]
            offset = first.children[0].offset if isinstance(first, Node) and isinstance(first.children[0], Token) \
                else 0
            raise _error(f"a second premise-conclusion structure for the argument <{argument['title']}>; an "
                         "argument has only one", self.text, offset, self.filename, "AM505",
                         hint="give the second reconstruction its own argument title")
        self.current_pcs = argument
        node.info["argument"] = argument

    def exit_pcs(self, node: Node, parent: Node | None, index: int) -> None:
        argument = node.info["argument"]
        last = argument["pcs"][-1]
        # the grammar ends every structure with an inference and its conclusion
        last["role"] = "main-conclusion"
        self.current_pcs = None

    def exit_pcsStatement(self, node: Node, parent: Node | None, index: int) -> None:
        argument = self.current_pcs
        assert argument is not None and parent is not None
        statement_node = node.children[1]
        assert isinstance(statement_node, Node)
        statement = statement_node.info["owner"]
        entry: dict[str, Any] = {"title": statement["title"], "role": "premise"}
        before = parent.children[index - 1] if index > 0 else None
        if isinstance(before, Node) and before.name == "inference":
            entry["role"] = "intermediary-conclusion"
            entry["inference"] = before.info["inference"]
        statement["member"]["role"] = entry["role"]
        entry["_member"] = statement["member"]
        if statement.get("data") is not None:
            entry["data"] = statement["data"]
        argument["pcs"].append(entry)

    def enter_inference(self, node: Node, parent: Node | None, index: int) -> None:
        inference: dict[str, Any] = {"type": "inference", "inferenceRules": [], "relations": {}}
        self.current_inference = inference
        node.info["inference"] = inference
        self.parents.append(inference)

    def exit_inference(self, node: Node, parent: Node | None, index: int) -> None:
        inference = node.info["inference"]
        if node.info.get("data") is not None:
            inference["data"] = node.info["data"]
        argument = self.current_pcs
        assert argument is not None
        inference["argumentTitle"] = argument["title"]
        inference["conclusionIndex"] = len(argument["pcs"])
        self.parents.pop()

    def exit_inferenceRules(self, node: Node, parent: Node | None, index: int) -> None:
        inference = self.current_inference
        assert inference is not None
        for child in node.children:
            if isinstance(child, Node):
                inference["inferenceRules"].append(_trim(_freestyle(child, self.shortcodes())))

    def exit_freestyleText(self, node: Node, parent: Node | None, index: int) -> None:
        if self.target is not None and (parent is None or parent.name != "inferenceRules"):
            self.add_text(_freestyle(node, self.shortcodes()))

    def shortcodes(self) -> dict[str, str]:
        """Argdown's named special characters and those the front matter adds (``model.shortcodes``)."""
        if self._shortcodes is None:
            extra = self.settings().get("shortcodes")
            self._shortcodes = dict(SHORTCODES)
            if isinstance(extra, dict):
                self._shortcodes.update({str(k): v["unicode"] for k, v in extra.items()
                                         if isinstance(v, dict) and isinstance(v.get("unicode"), str)})
        return self._shortcodes

    def exit_bold(self, node: Node, parent: Node | None, index: int) -> None:
        self.range_end(node)

    exit_italic = exit_bold

    def range_end(self, node: Node) -> None:
        end = node.children[-1]
        if self.target is not None and isinstance(end, Token) and end.image[-1:] in (" ", "\t"):
            self.add_text(" ")

    def enter_relations(self, node: Node, parent: Node | None, index: int) -> None:
        # the element the relations hang from: the last statement or argument entered, or the inference
        owner = self.parents[-1] if self.parents else None
        if owner is None:  # pragma: no cover - the grammar puts relations under an element
            raise _error("relations without an element to hang from", self.text, 0, self.filename, "AM505")
        self.parents.append(self.relation_member(owner))
        self.in_relation = True

    def exit_relations(self, node: Node, parent: Node | None, index: int) -> None:
        self.parents.pop()
        self.in_relation = False

    def _relation(self, node: Node) -> None:
        kind = node.children[0]
        assert isinstance(kind, Token)
        member = node.children[1]
        assert isinstance(member, Node)
        other = self.relation_member(member.info["owner"]) if member.name == "statement" else member.info["argument"]
        anchor = self.parents[-1]
        incoming = kind.kind in (IN_SUPPORT, IN_ATTACK, IN_UNDERCUT, CONTRADICTION)
        relation_type = {IN_SUPPORT: "support", OUT_SUPPORT: "support", IN_ATTACK: "attack", OUT_ATTACK: "attack",
                         CONTRADICTION: "contradictory", IN_UNDERCUT: "undercut", OUT_UNDERCUT: "undercut"}[kind.kind]
        if incoming:
            source, target = anchor, other
        else:
            if kind.kind == OUT_UNDERCUT and anchor.get("type") == "equivalence-class" \
                    and self.current_inference is not None:
                anchor = self.current_inference
            source, target = other, anchor
        # one relation per source, target and type (a contradiction: per pair), as Argdown merges them
        if (id(source), id(target), relation_type) in self.pairs or (
                relation_type == "contradictory" and (id(target), id(source), relation_type) in self.pairs):
            return
        if source is target and (id(target), relation_type) in self.into:
            return  # Argdown drops a relation of an element to itself when another of its kind reaches it
        self.pairs.add((id(source), id(target), relation_type))
        self.into.add((id(target), relation_type))
        relation = {"type": "relation", "relationType": relation_type, "from": source, "to": target}
        self.relations.append(relation)
        source["relations"][id(relation)] = relation
        target["relations"][id(relation)] = relation

    def exit_incomingSupport(self, node: Node, parent: Node | None, index: int) -> None:
        self._relation(node)

    exit_incomingAttack = exit_outgoingSupport = exit_outgoingAttack = exit_contradiction = \
        exit_incomingUndercut = exit_outgoingUndercut = exit_incomingSupport

    def enter_incomingSupport(self, node: Node, parent: Node | None, index: int) -> None:
        self.in_relation = True

    enter_incomingAttack = enter_outgoingSupport = enter_outgoingAttack = enter_contradiction = \
        enter_incomingUndercut = enter_outgoingUndercut = enter_incomingSupport

    # --- after the walk (ModelPlugin.run) --------------------------------------------------------

    def settings(self) -> dict[str, Any]:
        """The front matter's ``model`` settings (front matter overrides Argdown's configuration)."""
        settings = self.front_matter.get("model") if isinstance(self.front_matter, dict) else None
        return settings if isinstance(settings, dict) else {}

    def finish(self) -> dict[str, Any]:
        for element in [*self.statements.values(), *self.arguments.values()]:
            if "section" not in element and element["members"] and element["members"][0].get("section"):
                element["section"] = element["members"][0]["section"]
        if self.settings().get("transformArgumentRelations", True) is not False:
            self.move_argument_relations()
        if self.settings().get("mode") == "strict":
            self.strict_relations()
        self.drop_redundant_attacks()
        if self.settings().get("explodeArguments"):
            for argument in list(self.arguments.values()):
                self.explode(argument)
        group = self.front_matter.get("group") if isinstance(self.front_matter, dict) else None
        if isinstance(group, dict) and isinstance(group.get("regroup"), list) and group["regroup"]:
            self.regroup(group["regroup"])
        relations = []
        for relation in self.relations:
            source, target = relation["from"], relation["to"]
            item = {"type": "relation", "relationType": relation["relationType"],
                    "from": _title_of(source), "fromType": source["type"],
                    "to": _title_of(target), "toType": target["type"]}
            relations.append(item)
        statements = {}
        for title, ec in self.statements.items():
            statements[title] = {k: v for k, v in ec.items() if k not in ("relations", "_tags")}
        arguments = {}
        for title, argument in self.arguments.items():
            out = {k: v for k, v in argument.items() if k not in ("relations", "_tags")}
            out["pcs"] = [_pcs_entry(entry) for entry in argument["pcs"]]
            arguments[title] = out
        document: dict[str, Any] = {"statements": _js_order(statements), "arguments": _js_order(arguments),
                                    "relations": relations, "sections": [_section(s) for s in self.sections],
                                    "tags": list(_js_order(self.tags))}
        if self.front_matter is not None:
            document["frontMatter"] = self.front_matter
        return document

    def explode(self, argument: dict[str, Any]) -> None:
        """Argdown's ``explodeArguments``: one argument per inference step, titled ``T - 1``, ``T - 2`` ..."""
        pcs = argument["pcs"]
        steps = []
        for index, conclusion in enumerate(pcs):
            if conclusion["role"] not in ("intermediary-conclusion", "main-conclusion"):
                continue
            uses = None
            for holder, key in ((conclusion.get("inference", {}).get("data"), "uses"), (conclusion.get("data"), "uses"),
                                (conclusion.get("inference", {}).get("data"), "from")):
                if isinstance(holder, dict) and isinstance(holder.get(key), list):
                    uses = holder[key]
                    break
            if uses is not None:
                if not all(isinstance(i, int) and not isinstance(i, bool) and 1 <= i <= len(pcs) for i in uses):
                    raise _error(f"the 'uses' list of statement {index + 1} of <{argument['title']}> names a statement "
                                 "the argument does not have", self.text, 0, self.filename, "AM505")
                step = [self.restate({**pcs[i - 1], "role": "premise"}, pcs[i - 1]) for i in uses]
            else:
                step = []
                for i in range(index - 1, -1, -1):
                    step.append(self.restate({**pcs[i], "role": "premise"}, pcs[i]))
                    if pcs[i]["role"] == "intermediary-conclusion":
                        break
                step.reverse()
            step.append(self.restate({**conclusion, "role": "main-conclusion"}, conclusion))
            steps.append(step)
        if len(steps) <= 1:
            return
        new = [{**argument, "title": f"{argument['title']} - {n}", "pcs": step, "relations": {}}
               for n, step in enumerate(steps, start=1)]
        for relation in argument["relations"].values():
            if relation["from"] is argument:
                relation["from"] = new[-1]
            else:
                relation["to"] = new[-1]
        new[-1]["relations"] = dict(argument["relations"])
        del self.arguments[argument["title"]]
        for item in new:
            if item["title"] in self.arguments:
                raise _error(f"explodeArguments cannot create the argument <{item['title']}>: one has that title",
                             self.text, 0, self.filename, "AM505")
            self.arguments[item["title"]] = item

    def restate(self, new: dict[str, Any], old: dict[str, Any]) -> dict[str, Any]:
        """A copy of a structure's statement, moved to the end of its equivalence class (as Argdown does)."""
        members = self.statements[new["title"]]["members"]
        member = old.get("_member")
        if member is not None and any(m is member for m in members):
            members.remove(member)
        copy = dict(member) if member is not None else {"text": "", "isReference": True}
        copy["role"] = new["role"]
        members.append(copy)
        new["_member"] = copy
        return new

    def regroup(self, config: list[Any]) -> None:
        """Argdown's ``group.regroup``: the front matter replaces the headings' sections."""
        for element in [*self.statements.values(), *self.arguments.values()]:
            element.pop("section", None)
        self.sections = []

        def build(item: dict[str, Any], level: int, counter: int) -> dict[str, Any]:
            section: dict[str, Any] = {"type": "section", "id": f"s{counter}", "level": level,
                                       "title": item.get("title"), "children": []}
            for key, pool in (("statements", self.statements), ("arguments", self.arguments)):
                for title in item.get(key) or []:
                    if isinstance(title, str) and title in pool:
                        pool[title]["section"] = section["id"]
            children = item.get("children")
            for number, child in enumerate(children if isinstance(children, list) else []):
                if isinstance(child, dict):
                    section["children"].append(build(child, level + 1, counter + 1 + number))
            return section

        for number, item in enumerate(config):
            if isinstance(item, dict):
                self.sections.append(build(item, 1, number))

    # Each element keeps its relations in a dict keyed by id() (insertion-ordered, O(1) removal), and
    # the duplicate checks below use counted indexes instead of scanning: a statement with 100,000
    # relations costs linear time, as Argdown's list scans would not.

    def move_argument_relations(self) -> None:
        """Relations of a reconstructed argument: from its conclusion; an undercut to its last inference."""
        by_target: dict[int, Counter[tuple[int, str]]] = {}  # element -> (id of a relation's "to", type)
        by_source: dict[int, Counter[tuple[int, str]]] = {}  # inference -> (id of a relation's "from", type)

        def targets(element: dict[str, Any]) -> Counter[tuple[int, str]]:
            found = by_target.get(id(element))
            if found is None:
                found = by_target[id(element)] = Counter((id(r["to"]), r["relationType"])
                                                         for r in element["relations"].values())
            return found

        def sources(element: dict[str, Any]) -> Counter[tuple[int, str]]:
            found = by_source.get(id(element))
            if found is None:
                found = by_source[id(element)] = Counter((id(r["from"]), r["relationType"])
                                                         for r in element["relations"].values())
            return found

        def drop(element: dict[str, Any], relation: dict[str, Any]) -> None:
            if element["relations"].pop(id(relation), None) is not None:
                forget(element, relation)

        def forget(element: dict[str, Any], relation: dict[str, Any]) -> None:
            if id(element) in by_target:
                by_target[id(element)][(id(relation["to"]), relation["relationType"])] -= 1
            if id(element) in by_source:
                by_source[id(element)][(id(relation["from"]), relation["relationType"])] -= 1

        def attach(element: dict[str, Any], relation: dict[str, Any]) -> None:
            element["relations"][id(relation)] = relation
            if id(element) in by_target:
                by_target[id(element)][(id(relation["to"]), relation["relationType"])] += 1
            if id(element) in by_source:
                by_source[id(element)][(id(relation["from"]), relation["relationType"])] += 1

        kept = []
        for relation in self.relations:
            add = True
            source, target = relation["from"], relation["to"]
            if source["type"] == "argument" and source["pcs"]:
                drop(source, relation)
                ec = self.statements[source["pcs"][-1]["title"]]
                relation["from"] = ec
                if targets(ec)[(id(target), relation["relationType"])] > 0:
                    drop(target, relation)
                    add = False
                else:
                    attach(ec, relation)
            if add and target["type"] == "argument" and target["pcs"] and relation["relationType"] == "undercut":
                inference = target["pcs"][-1]["inference"]
                relation["to"] = inference
                # Argdown removes the relation from its new target, where it is not: JavaScript's
                # splice(-1, 1) then drops that target's last relation (kept here for equal results)
                if id(relation) in inference["relations"]:
                    drop(inference, relation)
                elif inference["relations"]:
                    _, last = inference["relations"].popitem()
                    forget(inference, last)
                if sources(inference)[(id(relation["from"]), "undercut")] > 0:
                    drop(relation["from"], relation)
                    add = False
                else:
                    attach(inference, relation)
            if add:
                kept.append(relation)
        self.relations = kept

    def strict_relations(self) -> None:
        """Argdown's strict mode: between statements, support is entailment and attack is contrariety."""
        kept = []
        contrary: set[frozenset[int]] = set()
        for relation in self.relations:
            source, target = relation["from"], relation["to"]
            if source["type"] == "equivalence-class" and target["type"] == "equivalence-class":
                if relation["relationType"] == "support":
                    relation["relationType"] = "entails"
                elif relation["relationType"] == "attack":
                    pair = frozenset((id(source), id(target)))
                    if pair in contrary:
                        source["relations"].pop(id(relation), None)
                        target["relations"].pop(id(relation), None)
                        continue
                    relation["relationType"] = "contrary"
                    contrary.add(pair)
            kept.append(relation)
        self.relations = kept

    def drop_redundant_attacks(self) -> None:
        """An attack on a reconstructed argument that repeats an attack on one of its premises is dropped."""
        kept = []
        partners: dict[int, set[str]] = {}  # statement -> titles it attacks or contradicts
        for relation in self.relations:
            source, target = relation["from"], relation["to"]
            if source["type"] != "equivalence-class" or relation["relationType"] != "attack" \
                    or target["type"] != "argument" or not target["pcs"]:
                kept.append(relation)
                continue
            found = partners.get(id(source))
            if found is None:
                found = partners[id(source)] = set()
                for other in source["relations"].values():
                    partner = other["to"] if other["from"] is source else other["from"]
                    if partner.get("type") == "equivalence-class" and (
                            (other["relationType"] == "attack" and other["from"] is source)
                            or other["relationType"] in ("contradictory", "contrary")):
                        found.add(partner["title"])
            if any(entry["title"] in found for entry in target["pcs"] if entry["role"] == "premise"):
                source["relations"].pop(id(relation), None)
                target["relations"].pop(id(relation), None)
            else:
                kept.append(relation)
        self.relations = kept


def _add_tags(element: dict[str, Any], tags: list[str]) -> None:
    """Add tags to an element's, each once, in order (a set beside the list keeps this linear)."""
    known = element.setdefault("_tags", set())
    listed = element.setdefault("tags", [])
    for tag in tags:
        if tag not in known:
            known.add(tag)
            listed.append(tag)


_ARRAY_INDEX = re.compile(r"0|[1-9][0-9]{0,9}")


def _js_order(items: dict[str, Any]) -> dict[str, Any]:
    """Keys as a JavaScript object orders them: array-index keys ("0", "7") ascending, then the rest as inserted."""
    numeric = sorted((k for k in items if _ARRAY_INDEX.fullmatch(k) and int(k) < 2**32 - 1), key=int)
    if not numeric:
        return items
    rest = set(numeric)
    return {**{k: items[k] for k in numeric}, **{k: v for k, v in items.items() if k not in rest}}


def _title_of(element: dict[str, Any]) -> str:
    if element["type"] == "inference":
        return str(element["argumentTitle"])
    return str(element["title"])


def _pcs_entry(entry: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"title": entry["title"], "role": entry["role"]}
    if "inference" in entry:
        inference = entry["inference"]
        out["inference"] = {"type": "inference", "inferenceRules": list(inference["inferenceRules"])}
        if inference.get("data") is not None:
            out["inference"]["data"] = inference["data"]
    return out


def _section(section: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in section.items() if k not in ("_parent", "children")}
    out["children"] = [_section(child) for child in section["children"]]
    return out


def _cut(element: dict[str, Any]) -> str:
    """An element's text without its tags (Argdown keeps them in the text and marks them as ranges)."""
    text = "".join(element.get("parts", []))
    kept, last = [], 0
    for start, stop in element.get("ranges", []):  # in text order, not overlapping
        kept.append(text[last:start])
        last = stop
    kept.append(text[last:])
    return "".join(kept)


def _freestyle(node: Node, shortcodes: dict[str, str]) -> str:
    parts = []
    for child in node.children:
        assert isinstance(child, Token)
        if child.kind == ESCAPED:
            parts.append(child.image[1:])
        elif child.kind == SPECIAL:
            symbol = shortcodes.get(child.image.strip())
            if symbol is None:
                parts.append(child.image)
            else:
                parts.append(symbol + (" " if child.image.endswith(" ") else ""))
        else:
            parts.append(child.image)
    return "".join(parts)


def parse_document(text: str, *, filename: str | None = None, limits: Limits = DEFAULT_LIMITS) -> dict[str, Any]:
    """Parse Argdown text into the data of Argdown's JSON export (``argdown json``).

    Returns a dict with ``statements`` (equivalence classes by title, each with its ``members``:
    ``text`` without tags, ``isReference``, ``role``, ``data``, ``section``), ``arguments`` (by title,
    with ``members`` and ``pcs``: ``title``, ``role`` and, for conclusions, the ``inference`` with
    its ``inferenceRules`` and ``data``), ``relations`` (``relationType``, ``from``, ``fromType``,
    ``to``, ``toType``), ``sections`` (a tree: ``id``, ``level``, ``title``, ``children``), ``tags``
    and, when there is one, ``frontMatter``.

    Raises
    ------
    MapError
        For text Argdown rejects, located by line and column (``AM001``); invalid YAML in
        front matter or inline data (``AM001``, located in the file); a second
        premise-conclusion structure for one argument (``AM505``); nesting deeper than
        ``limits.max_depth`` (``AM003``).

    Examples
    --------
    >>> doc = parse_document("[Rain]: It rains.\\n  + [Clouds]: It is cloudy.\\n")
    >>> sorted(doc["statements"]), [(r["from"], r["relationType"], r["to"]) for r in doc["relations"]]
    (['Clouds', 'Rain'], [('Clouds', 'support', 'Rain')])
    """
    from argmap._perf import gc_paused

    try:
        with gc_paused():  # hundreds of thousands of small objects, built once
            tree = parse_tree(text, filename=filename, limits=limits)
            model = _Model(text, filename, limits)
            model.walk(tree)
            return model.finish()
    except RecursionError:  # only with a Limits.max_depth far above the default
        raise _error("the document nests too deeply for Python's stack", text, 0, filename, "AM003",
                     hint="lower Limits.max_depth") from None

