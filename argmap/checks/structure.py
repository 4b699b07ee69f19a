"""Structure (AM0xx): the problems the loader reports. Documented here; a map with them does not load."""

from __future__ import annotations

from argmap.checks.registry import document

document(
    "AM001",
    "syntax-error",
    "error",
    "The file is not valid YAML or JSON.",
    why="Nothing in the file can be read until the syntax is right.",
    bad="statements:\n  - {id: c, text: [unclosed}",
    good="statements:\n  - {id: c, text: closed}",
)
document(
    "AM002",
    "encoding-error",
    "error",
    "The file is not valid UTF-8 text.",
    why="Maps are UTF-8 so that every tool reads the same characters.",
    bad="(a map saved as Big5 or GB18030)",
    good="(the same map saved as UTF-8)",
)
document(
    "AM003",
    "resource-limit",
    "error",
    "The file exceeds a safety limit: size, nesting depth or YAML alias expansion.",
    why="Untrusted files must not exhaust memory or time (e.g. the 'billion laughs' alias bomb).",
    bad="a: &a [x, x, x]\nb: &b [*a, *a, *a]\n# ... nine levels deep",
    good="(write values out; keep maps flat)",
)
document(
    "AM004",
    "duplicate-key",
    "error",
    "A mapping repeats a key; only one value would survive.",
    why="The first value would be silently lost.",
    bad="- id: c\n  text: one\n  text: two",
    good="- id: c\n  text: one",
)
document(
    "AM005",
    "io-error",
    "error",
    "A file (map, source text or settings) cannot be read or written.",
    why="Nothing can be checked in a file that cannot be read.",
    bad="argmap validate missing.yaml",
    good="argmap validate maps/existing.yaml",
)
document(
    "AM010",
    "invalid-value",
    "error",
    "A value has the wrong type or is not one of the allowed values.",
    why="Tools rely on the format's types and vocabularies.",
    bad="- {id: c, type: opinion, text: x}",
    good="- {id: c, type: claim, text: x}",
)
document(
    "AM011",
    "missing-key",
    "error",
    "A required key is missing.",
    why="Every statement needs its text, every argument its premises and conclusion.",
    bad="- {id: c}",
    good="- {id: c, text: The claim.}",
)
document(
    "AM012",
    "unknown-key",
    "error",
    "A key is not part of the format (often a typo).",
    why="A misspelt key would otherwise be ignored silently and its value lost.",
    bad="- {id: a, premise: [p], conclusion: c}",
    good="- {id: a, premises: [p], conclusion: c}",
)
document(
    "AM020",
    "duplicate-id",
    "error",
    "Two nodes share an id; ids must be unique across the whole map.",
    why="References by id would be ambiguous.",
    bad="statements: [{id: a, text: x}]\narguments: [{id: a, premises: [a], conclusion: a}]",
    good="statements: [{id: s1, text: x}]\narguments: [{id: a1, premises: [s1], conclusion: s2}]",
)
document(
    "AM021",
    "dangling-reference",
    "error",
    "A reference names an id that no node has.",
    why="An argument from or to nothing cannot be analysed or drawn.",
    bad="arguments: [{id: a1, premises: [missing], conclusion: c}]",
    good="arguments: [{id: a1, premises: [p], conclusion: c}]",
)
document(
    "AM022",
    "wrong-target-kind",
    "error",
    "A reference names a node of the wrong kind, e.g. an undercut aimed at a statement.",
    why="Premises and conclusions are propositions; an undercut attacks an inference (an argument).",
    bad="attacks: [{id: x, from: p, to: claim, type: undercut}]",
    good="attacks: [{id: x, from: p, to: a1, type: undercut}]  # a1 is an argument",
)
document(
    "AM023",
    "unsafe-source-path",
    "error",
    "The source path leaves the map's folder tree.",
    why="A map from an untrusted place must not make tools read arbitrary files.",
    bad="source: {path: ../../etc/passwd}",
    good="source: {path: essay.txt}",
)
document(
    "AM024",
    "duplicate-premise",
    "error",
    "An argument lists the same premise twice.",
    why="A premise cannot support a conclusion twice over; the repetition is a slip.",
    bad="premises: [p, p]",
    good="premises: [p, q]",
)

# --- interchange (AM5xx): reported by `argmap convert` and the format readers and writers -----------

document("AM501", "not-representable", "warning",
         "A part of the input has no equivalent in argmap's model; it is kept in metadata and restored on export.",
         why="Nothing is dropped silently: what argmap cannot model travels in `metadata` so that writing the "
             "map back in the same format restores it, and the report says so.",
         bad="(an AIF RA-node whose only input is an L-node)",
         good="(an RA-node with I-node premises and one I-node conclusion)")
document("AM502", "kept-in-metadata", "info",
         "A layer of the input outside argmap's model (e.g. AIF's dialogue layer) is kept in metadata.",
         why="Locutions, speakers and transitions are not argument structure, but a round trip must keep them.",
         bad="(AIF L-, YA- and TA-nodes)", good="(the same file: nothing to change; this is a report)")
document("AM503", "split-node", "warning",
         "One node of the input became several argmap nodes (e.g. a joint attack: one attack per attacker).",
         why="argmap's attacks have one attacker; the split is recorded so that export joins the parts again.",
         bad="(an AIF CA-node with two attacking I-nodes)", good="(one CA-node per attacker)")
document("AM504", "unknown-format", "error",
         "The format of the input cannot be determined, or is not the one requested.",
         why="Guessing a format would misread the file.",
         bad="argmap convert notes.txt out.yaml", good="argmap convert notes.json out.yaml --from aif")
document("AM505", "invalid-structure", "error", "The input breaks the rules of its own format.",
         why="A malformed file cannot be converted faithfully.",
         bad="(a Microtext file whose root element is not <arggraph>)", good="(a well-formed <arggraph> file)")
document("AM506", "lossy-export", "warning", "A part of the map cannot be written in the output format.",
         why="Some formats have no place for some of argmap's structure; the report lists what was lost.",
         bad="argmap convert map.yaml out.argdown   # with an undercut of an attack",
         good="argmap convert map.yaml out.json --to aif   # AIF keeps it")
