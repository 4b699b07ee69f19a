"""The flagship example: the hand-built map of 于品海, "DeepSeek憑什麼一鳴驚人?".

These tests check the map in ``examples/deepseek/`` against its own source text
(``essay.txt``) and reading guide (``README.md``); they read nothing outside the repo.

Definitions used below
----------------------
Body
    The essay's argument: from the first paragraph after the byline (starting
    ``當美國新上任總統特朗普``) to the sentence ``香港應該以此為榜樣。`` inclusive.
    The lede, title and byline before it and the reposting site's trailer after it are
    not part of the body.
Paragraph
    A non-empty line of the body that is not one of the essay's three section headings
    (the headings are the titles of the map's sections).
Sentence
    A paragraph is split after every run of the terminators: ``。``, the full-width
    exclamation and question marks (U+FF01, U+FF1F) and the ASCII ``!`` and ``?``; closing quotation
    marks ``”」』`` directly after a terminator stay with the sentence they close, and a
    trailing fragment without a terminator counts as a sentence. Whitespace-only pieces are
    dropped.
Quoted sentence
    Every occurrence in the body of every node's ``quote`` marks the characters it spans.
    A sentence is *quoted* when at least half of its characters are marked, so a quote that
    merely touches a sentence's edge does not count.
"""

from __future__ import annotations

import re
from pathlib import Path

import networkx as nx
import pytest

import argmap.io as io

ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT / "examples" / "deepseek"
MAP = FOLDER / "map.yaml"
ESSAY = FOLDER / "essay.txt"
README = FOLDER / "README.md"

BODY_START = "當美國新上任總統特朗普"
BODY_END = "香港應該以此為榜樣。"
TRAILER_START = "這是一本為美好社會理想構建政治地基的探索之作"
HEADINGS = (
    "“窮小子”衝散美國AI的資本傲慢",
    "制裁倒逼中國另闢創新道路",
    "梁文鋒應成為香港自強的鏡子",
)
MIN_SENTENCE_COVERAGE = 0.6
TERMINATORS = "。\uff01\uff1f!?"  # ideographic full stop, full-width ! and ?, ASCII ! and ?
SENTENCE_RE = re.compile(f"[^{TERMINATORS}]*[{TERMINATORS}]+[”」』]*|[^{TERMINATORS}]+$")

# The analogies the map must contain, with the figure each must have.
REQUIRED_ANALOGIES = {
    "an-hare": "fable",  # 龜兔賽跑
    "an-sputnik": "historical",  # Sputnik and the US-Soviet space race
    "an-poor-kid": "metaphor",  # 窮小子 vs 富二代
    "an-soviet-path": "historical",  # the Soviet military's different technological path
    "an-tiger": "allusion",  # 乳虎嘯谷 (梁啟超《少年中國說》)
    "an-summer-insects": "idiom",  # 夏蟲不可語冰
    "an-qian-donkey": "idiom",  # 黔驢技窮
    "an-chicken-feather": "idiom",  # 拿著雞毛當令箭
    "an-petty-skill": "idiom",  # 雕蟲小技
    "an-ignorant-child": "metaphor",  # 日月星辰焉能被孤陋寡聞的小兒所看透
    "an-copernicus": "historical",
    "an-young-achievers": "example",  # Mao, Deng, Gates, Google, Newton, 漢武帝, 唐太宗, Napoleon
    "an-mirror": "metaphor",  # 梁文鋒 as Hong Kong's mirror
}
# Words of the essay each required analogy's quote must contain (it stands for that figure).
ANALOGY_WORDS = {
    "an-hare": ["龜兔賽跑"],
    "an-sputnik": ["Sputnik-1"],
    "an-poor-kid": ["窮小子", "富二代"],
    "an-soviet-path": ["蘇聯的軍事力量"],
    "an-tiger": ["乳虎嘯谷"],
    "an-summer-insects": ["夏蟲"],
    "an-qian-donkey": ["黔驢技窮"],
    "an-chicken-feather": ["雞毛當令箭"],
    "an-petty-skill": ["雕蟲小技"],
    "an-ignorant-child": ["孤陋寡聞的小兒"],
    "an-copernicus": ["哥白尼"],
    "an-young-achievers": ["毛、鄧", "蓋茨", "谷歌", "牛頓", "漢武帝", "唐太宗", "拿破崙"],
    "an-mirror": ["鏡子"],
}


# ----------------------------------------------------------------------------- helpers


def split_sentences(paragraph: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the sentences of ``paragraph`` (see the module docstring)."""
    return [(m.start(), m.end()) for m in SENTENCE_RE.finditer(paragraph) if m.group().strip()]


def body_of(text: str) -> tuple[int, int]:
    start = text.index(BODY_START)
    end = text.index(BODY_END) + len(BODY_END)
    assert start < end <= text.index(TRAILER_START)
    return start, end


def quotes_of(m) -> dict[str, str]:
    return {n.id: n.quote for n in [*m.statements, *m.analogies] if n.quote}


def marked_mask(body: str, quotes) -> list[bool]:
    mask = [False] * len(body)
    for quote in quotes:
        for hit in re.finditer(re.escape(quote), body):
            mask[hit.start():hit.end()] = [True] * (hit.end() - hit.start())
    return mask


def paragraphs_of(body: str, headings) -> list[tuple[int, str]]:
    """(offset in body, text) of each paragraph."""
    out, offset = [], 0
    for line in body.split("\n"):
        if line.strip() and line.strip() not in headings:
            out.append((offset, line))
        offset += len(line) + 1
    return out


def coverage(body: str, headings, quotes) -> tuple[int, int]:
    """(quoted sentences, all sentences) of the body."""
    mask = marked_mask(body, quotes)
    quoted = total = 0
    for offset, para in paragraphs_of(body, headings):
        for start, end in split_sentences(para):
            total += 1
            marked = sum(mask[offset + start:offset + end])
            quoted += 2 * marked >= end - start
    return quoted, total


def graph_of(m) -> nx.DiGraph:
    """Premise -> argument -> conclusion, attacker -> attack -> target."""
    g = nx.DiGraph()
    for n in [*m.statements, *m.analogies, *m.arguments, *m.attacks]:
        g.add_node(n.id)
    for a in m.arguments:
        for p in a.premises:
            g.add_edge(p, a.id)
        g.add_edge(a.id, a.conclusion)
    for t in m.attacks:
        for attacker in t.attackers:
            g.add_edge(attacker, t.id)
        g.add_edge(t.id, t.to)
    for s in m.statements:  # a restatement leads where its original does
        if s.restates:
            g.add_edge(s.id, s.restates)
    return g


# ----------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def m():
    return io.load(MAP)


@pytest.fixture(scope="module")
def essay() -> str:
    return ESSAY.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def body(essay) -> str:
    start, end = body_of(essay)
    return essay[start:end]


@pytest.fixture(scope="module")
def headings(m) -> set[str]:
    return {s.title for s in m.sections}


# ----------------------------------------------------------------------------- the rules themselves


def test_sentence_split_rule():
    text = "甲說:“乙!”丙,丁?戊。”己"
    assert [text[a:b] for a, b in split_sentences(text)] == ["甲說:“乙!”", "丙,丁?", "戊。”", "己"]
    full_width = "庚\uff01辛\uff1f\uff1f壬"
    assert [full_width[a:b] for a, b in split_sentences(full_width)] == ["庚\uff01", "辛\uff1f\uff1f", "壬"]


def test_coverage_rule_counts_sentences_not_characters():
    body = "標題\n一二三四。五六七八。\n九十。"
    assert coverage(body, {"標題"}, []) == (0, 3)
    assert coverage(body, {"標題"}, ["一二三"]) == (1, 3)  # 3 of 5 characters: quoted
    assert coverage(body, {"標題"}, ["一二"]) == (0, 3)  # 2 of 5: not quoted
    assert coverage(body, {"標題"}, [body]) == (3, 3)


# ----------------------------------------------------------------------------- the map


def test_source_metadata(m):
    assert m.lang == "zh-Hant"
    assert m.source is not None and m.source.path == "essay.txt"
    assert m.source.author == "于品海"
    assert m.source.title == "DeepSeek憑什麼一鳴驚人?"
    assert "HK01" in (m.source.publisher or "")


def test_body_bounds(essay, body):
    assert body.startswith(BODY_START) and body.endswith(BODY_END)
    assert "文/于品海" not in body and TRAILER_START not in body
    for heading in HEADINGS:
        assert f"\n{heading}\n" in body


def test_quotes_are_verbatim_spans_of_one_body_paragraph(m, body):
    quotes = quotes_of(m)
    assert len(quotes) >= 40
    for node_id, quote in quotes.items():
        assert quote in body, f"{node_id}: quote not found verbatim in the essay's body: {quote!r}"
        assert "\n" not in quote, f"{node_id}: quote spans more than one paragraph"


def test_every_paragraph_is_quoted(m, body, headings):
    assert set(HEADINGS) <= headings
    paragraphs = paragraphs_of(body, headings)
    assert len(paragraphs) == 13
    quotes = list(quotes_of(m).values())
    for _, para in paragraphs:
        hits = [q for q in quotes if q in para]
        assert hits, f"no node quotes the paragraph {para[:30]!r}..."
        assert len(hits) >= 2 or len(split_sentences(para)) == 1, f"only one node for {para[:30]!r}..."


def test_sentence_coverage(m, body, headings):
    quoted, total = coverage(body, headings, quotes_of(m).values())
    assert total == 49
    assert quoted / total >= MIN_SENTENCE_COVERAGE, f"{quoted}/{total} sentences quoted"


def test_main_conclusions(m):
    ids = {s.id for s in m.statements}
    assert m.main_conclusions and set(m.main_conclusions) <= ids
    for c in m.main_conclusions:
        assert any(a.conclusion == c for a in m.arguments), f"main conclusion {c} is not argued for"


def test_sections_cover_every_node(m):
    section_ids = {s.id for s in m.sections}
    assert len(m.sections) == 4
    for n in [*m.statements, *m.analogies, *m.arguments, *m.attacks]:
        assert n.section in section_ids, f"{n.id} has no section"
    # each of the essay's sections carries part of the argument
    used = {n.section for n in m.statements}
    assert used == section_ids


def test_required_analogies(m):
    analogies = {a.id: a for a in m.analogies}
    premises = {p for a in m.arguments for p in a.premises}
    for node_id, figure in REQUIRED_ANALOGIES.items():
        assert node_id in analogies, f"missing analogy {node_id}"
        a = analogies[node_id]
        assert a.figure == figure, f"{node_id}: figure {a.figure}, expected {figure}"
        assert a.source.strip() and a.target.strip() and a.mapping
        assert all(p.from_.strip() and p.to.strip() for p in a.mapping)
        assert a.quote and all(w in a.quote for w in ANALOGY_WORDS[node_id]), node_id
        assert node_id in premises, f"{node_id} is not a premise of any argument"


def test_every_analogy_is_weighed(m):
    """Each analogy lists disanalogies and meets an open critical question where it is used."""
    for a in m.analogies:
        assert a.disanalogies, f"{a.id} has no disanalogies"
        users = [arg for arg in m.arguments if a.id in arg.premises]
        assert users, f"{a.id} is not used as a premise"
        assert any(q.status == "open" for arg in users for q in arg.critical_questions), (
            f"no argument using {a.id} has an open critical question"
        )


def test_statement_kinds(m):
    by_type: dict[str, list] = {}
    for s in m.statements:
        by_type.setdefault(s.type, []).append(s)
    for q in by_type["quote"]:
        assert q.attribution, f"{q.id}: a quote needs an attribution"
    assert sum("梁啟超" in (q.attribution or "") for q in by_type["quote"]) >= 3
    assert len(by_type["fact"]) >= 5
    assert len(by_type["concession"]) >= 4
    # the author's own hedges named in the brief
    texts = {s.id: s.quote for s in by_type["concession"]}
    for words in ("當然不是窮小子", "還無法證明", "一個Sputnik Moment遠不能改變"):
        assert any(words in q for q in texts.values()), words


def test_attacks_include_the_essays_counter_considerations(m):
    kinds = {t.type for t in m.attacks}
    assert "undercut" in kinds and "rebut" in kinds
    concessions = {s.id for s in m.statements if s.type == "concession"}
    assert sum(bool(set(t.attackers) & concessions) for t in m.attacks) >= 4


def test_linked_and_convergent_support(m):
    assert any(len(a.premises) >= 2 for a in m.arguments)  # linked
    conclusions = [a.conclusion for a in m.arguments]
    assert any(conclusions.count(c) >= 2 for c in m.main_conclusions)  # convergent


def test_every_node_reaches_a_main_conclusion(m):
    g = graph_of(m)
    reaching = set(m.main_conclusions)
    for c in m.main_conclusions:
        reaching |= nx.ancestors(g, c)
    stray = sorted(set(g.nodes) - reaching)
    assert not stray, f"not connected to a main conclusion: {stray}"


def test_no_support_cycles(m):
    g = nx.DiGraph()
    for a in m.arguments:
        for p in a.premises:
            g.add_edge(p, a.id)
        g.add_edge(a.id, a.conclusion)
    assert nx.is_directed_acyclic_graph(g), nx.find_cycle(g)


def test_schemes_are_named(m):
    for a in m.arguments:
        assert a.scheme and re.fullmatch(r"[a-z]+(_[a-z]+)*", a.scheme), a.id


def test_texts_are_traditional_chinese_paraphrases(m):
    cjk = re.compile(r"[\u4e00-\u9fff]")
    simplified = set("们这说为时国么发会经过东对现实门问间长车马见还进")
    for n in [*m.statements, *m.analogies]:
        assert cjk.search(n.text), f"{n.id}: text is not in Chinese"
        assert not (set(n.text) & simplified), f"{n.id}: simplified characters in text"


def test_readme_lists_analogies_and_main_conclusions(m):
    readme = README.read_text(encoding="utf-8")
    for node_id in [*(a.id for a in m.analogies), *m.main_conclusions]:
        assert f"`{node_id}`" in readme, f"README does not list `{node_id}`"
    assert re.search(r"[\u4e00-\u9fff]{20}", readme), "README needs a Chinese part"
    assert "Thesis" in readme or "thesis" in readme


# ----------------------------------------------------------------------------- format 1.1


def test_reconstructed_links_are_implicit(m):
    """The map's reconstructions are `implicit: true`, not a tag; the text itself has no such nodes."""
    assert m.argmap == "1.1"
    every = [*m.statements, *m.analogies, *m.arguments, *m.attacks]
    assert not any("reconstructed" in n.tags for n in every)
    implicit = {a.id for a in m.arguments if a.implicit}
    assert {"arg-mirror-basis", "arg-hk-mirror", "arg-boundless", "arg-hare-wakeup"} <= implicit
    for a in m.arguments:
        if a.implicit:
            assert "重建" in (a.note or "") or "補出" in (a.note or "") or "解讀" in (a.note or ""), a.id
    assert not any(s.implicit for s in m.statements)  # every statement is quoted from the essay


def test_conceded_objections_are_the_opponents_and_replies_the_proponents(m):
    statements = {s.id: s for s in m.statements}
    attackers = {a for t in m.attacks for a in t.attackers}
    opponents = {s.id for s in m.statements if s.role == "opponent"}
    assert len(opponents) >= 5
    for node_id in opponents:  # objections the author voices and concedes: they attack his own claims
        assert statements[node_id].type == "concession" and node_id in attackers, node_id
    # a reply to an objection (undercutting its attack, or answering it) is the proponent's
    replies = {a for t in m.attacks if t.to in {u.id for u in m.attacks if set(u.attackers) & opponents}
               for a in t.attackers}
    assert replies and all(statements[r].role == "proponent" for r in replies)
    assert statements["c-few-million"].role == "proponent"


def test_the_lede_restates_hare_advice_at_its_own_occurrence(m, essay):
    lede = next(s for s in m.statements if s.restates)
    assert lede.restates == "hare-advice" and [s.id for s in m.statements if s.restates] == [lede.id]
    original = next(s for s in m.statements if s.id == "hare-advice")
    assert lede.quote == original.quote
    hits = [h.start() for h in re.finditer(re.escape(original.quote), essay)]
    assert len(hits) == 2 and (lede.occurrence, original.occurrence) == (1, 2)
    start, _ = body_of(essay)
    assert hits[lede.occurrence - 1] < start <= hits[original.occurrence - 1]  # the lede, then the body


def test_notes_give_the_reasons_for_the_1_1_fields(m):
    for word in ("implicit", "role", "restates", "occurrence", "weight"):
        assert word in (m.notes or ""), word
