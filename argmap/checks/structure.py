"""Structure (AM0xx) and interchange (AM5xx): the problems the loader and the format readers report.

Their names, severities and summaries are in :data:`argmap.errors.CODES`; this module adds the
documentation (why, and a bad and a good example) to the registry.
"""

from __future__ import annotations

from argmap.checks.registry import document

document("AM001",
         why="Nothing in the file can be read until the syntax is right.",
         bad="statements:\n  - {id: c, text: [unclosed}",
         good="statements:\n  - {id: c, text: closed}")
document("AM002",
         why="Maps are UTF-8 so that every tool reads the same characters.",
         bad="(a map saved as Big5 or GB18030)",
         good="(the same map saved as UTF-8)")
document("AM003",
         why="Untrusted files must not exhaust memory or time (e.g. the 'billion laughs' alias bomb).",
         bad="a: &a [x, x, x]\nb: &b [*a, *a, *a]\n# ... nine levels deep",
         good="(write values out; keep maps flat)")
document("AM004",
         why="The first value would be silently lost.",
         bad="- id: c\n  text: one\n  text: two",
         good="- id: c\n  text: one")
document("AM005",
         why="Nothing can be checked in a file that cannot be read.",
         bad="argmap validate missing.yaml",
         good="argmap validate maps/existing.yaml")
document("AM010",
         why="Tools rely on the format's types and vocabularies.",
         bad="- {id: c, type: opinion, text: x}",
         good="- {id: c, type: claim, text: x}")
document("AM011",
         why="Every statement needs its text, every argument its premises and conclusion.",
         bad="- {id: c}",
         good="- {id: c, text: The claim.}")
document("AM012",
         why="A misspelt key would otherwise be ignored silently and its value lost.",
         bad="- {id: a, premise: [p], conclusion: c}",
         good="- {id: a, premises: [p], conclusion: c}")
document("AM020",
         why="References by id would be ambiguous.",
         bad="statements: [{id: a, text: x}]\narguments: [{id: a, premises: [a], conclusion: a}]",
         good="statements: [{id: s1, text: x}]\narguments: [{id: a1, premises: [s1], conclusion: s2}]")
document("AM021",
         why="An argument from or to nothing cannot be analysed or drawn.",
         bad="arguments: [{id: a1, premises: [missing], conclusion: c}]",
         good="arguments: [{id: a1, premises: [p], conclusion: c}]")
document("AM022",
         why="Premises and conclusions are propositions; an undercut attacks an inference (an argument).",
         bad="attacks: [{id: x, from: p, to: claim, type: undercut}]",
         good="attacks: [{id: x, from: p, to: a1, type: undercut}]  # a1 is an argument")
document("AM023",
         why="A map from an untrusted place must not make tools read arbitrary files.",
         bad="source: {path: ../../etc/passwd}",
         good="source: {path: essay.txt}")
document("AM024",
         why="A premise cannot support a conclusion twice over; the repetition is a slip.",
         bad="premises: [p, p]",
         good="premises: [p, q]")
document("AM025",
         why="An attacker cannot take part in a joint attack twice over; the repetition is a slip.",
         bad="attacks: [{id: x, from: [p, p], to: c}]",
         good="attacks: [{id: x, from: [p, q], to: c}]")
document("AM026",
         why="`restates` points from a restatement to what it restates; one statement of a chain "
             "is the original, so the chain must end there.",
         bad="statements:\n  - {id: a, text: A, restates: b}\n  - {id: b, text: B, restates: a}",
         good="statements:\n  - {id: a, text: A}\n  - {id: b, text: B, restates: a}")
document("AM501",
         why="Nothing is dropped silently: what argmap cannot model travels in `metadata` so that "
             "writing the map back in the same format restores it, and the report says so.",
         bad="(an AIF RA-node whose only input is an L-node)",
         good="(an RA-node with I-node premises and one I-node conclusion)")
document("AM502",
         why="Locutions, speakers and transitions are not argument structure, but a round trip must keep them.",
         bad="(AIF L-, YA- and TA-nodes)",
         good="(the same file: nothing to change; this is a report)")
document("AM503",
         why="An argmap argument has one conclusion; the split is recorded so that export joins the parts again.",
         bad="(an AIF RA-node with two I-node conclusions)",
         good="(one RA-node per conclusion)")
document("AM504",
         why="Guessing a format would misread the file.",
         bad="argmap convert notes.txt out.yaml",
         good="argmap convert notes.json out.yaml --from aif")
document("AM505",
         why="A malformed file cannot be converted faithfully.",
         bad="(a Microtext file whose root element is not <arggraph>)",
         good="(a well-formed <arggraph> file)")
document("AM506",
         why="Some formats have no place for some of argmap's structure; the report lists what was lost.",
         bad="argmap convert map.yaml out.argdown   # with an undercut of an attack",
         good="argmap convert map.yaml out.json --to aif   # AIF keeps it")
