"""The text layer: segmentation, source splitting, anchoring, coverage and drafting."""

from __future__ import annotations

import codecs
import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

import argmap
from argmap.cli import main
from argmap.errors import MapError
from argmap.text import (
    Segmenter,
    anchor,
    coverage,
    decode_source,
    draft,
    find_quote,
    normalize,
    read_source,
    segment,
    split_document,
    to_simplified,
)

from .conftest import EXAMPLES

ESSAY = (EXAMPLES / "deepseek" / "essay.txt").read_text(encoding="utf-8")


# --- segmentation ---------------------------------------------------------------------------------


def test_segment_reproduces_input_exactly() -> None:
    for text in (ESSAY, "mixed 中英 text, 3.14 and\ttabs\n\n新行", "", "   ", "\x00\x01 binary-ish \ufffd"):
        assert "".join(segment(text)) == text


def test_traditional_text_segments_into_real_words() -> None:
    words = segment("作為後起之秀的中國，人梁文鋒")
    assert "後起之秀" in words and "作為" in words  # plain jieba gives 作為後起 / 之秀
    assert "兔賽" not in segment("龜兔賽跑的兔子")


def test_segmenter_keeps_added_words_whole_without_touching_others() -> None:
    custom = Segmenter(words=["梁文鋒", "龜兔賽跑"])
    assert "梁文鋒" in custom.words("人梁文鋒說")
    assert "龜兔賽跑" in custom.words("不要成為龜兔賽跑的兔子")
    assert "龜兔賽跑" not in segment("不要成為龜兔賽跑的兔子")  # the default segmenter is unchanged


def test_shared_segmenter_is_reused_for_the_same_words() -> None:
    from argmap.text.segment import shared_segmenter

    first = shared_segmenter(["龜兔賽跑", "梁文鋒", " 梁文鋒 "])
    assert shared_segmenter(["梁文鋒", "龜兔賽跑"]) is first  # order, repeats and spaces do not matter
    assert "龜兔賽跑" in first.words("不要成為龜兔賽跑的兔子")
    other = shared_segmenter(["乳虎嘯谷"])
    assert other is not first and "乳虎嘯谷" in other.words("乳虎嘯谷，百獸震惶")
    assert "龜兔賽跑" not in other.words("不要成為龜兔賽跑的兔子")  # words never leak between them
    assert shared_segmenter([]).words("龜兔賽跑") == segment("龜兔賽跑")


def test_user_dictionary_file(tmp_path: Path) -> None:
    userdict = tmp_path / "words.txt"
    userdict.write_text("乳虎嘯谷 10 i\n", encoding="utf-8")
    assert "乳虎嘯谷" in Segmenter(userdict=userdict).words("乳虎嘯谷,百獸震惶")


def test_to_simplified_keeps_length() -> None:
    for text in (ESSAY, "乾隆皇帝", "著名的鬍鬚", "於是"):
        assert len(to_simplified(text)) == len(text)
    assert to_simplified("龜兔賽跑") == "龟兔赛跑"


def test_jieba_cache_goes_to_our_cache_dir(tmp_path: Path) -> None:
    import subprocess
    import sys

    cache = tmp_path / "cache"
    readonly = tmp_path / "ro"
    readonly.mkdir()
    os.chmod(readonly, 0o500)
    env = {**os.environ, "XDG_CACHE_HOME": str(cache), "TMPDIR": str(readonly / "missing")}
    code = "from argmap.text import segment; print('/'.join(segment('龜兔賽跑的兔子')))"
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().replace("/", "") == "龜兔賽跑的兔子"
    assert (cache / "argmap" / "jieba.cache").exists()


# --- source documents -------------------------------------------------------------------------------


def test_essay_structure() -> None:
    document = split_document(ESSAY)
    headings = [document.slice(p) for p in document.paragraphs if p.kind == "heading"]
    assert headings[2:] == ["“窮小子”衝散美國AI的資本傲慢", "制裁倒逼中國另闢創新道路", "梁文鋒應成為香港自強的鏡子"]
    assert headings[:2] == ["DeepSeek憑什麼一鳴驚人?"] * 2  # the title, and its repetition
    bylines = [document.slice(p) for p in document.paragraphs if p.kind == "byline"]
    assert bylines == ["文/于品海", "來源/公眾號杭子牙、HK01"]
    sentences = [document.text[s.start:s.end] for s in document.sentences]
    assert "為什麼這樣說?" in sentences
    assert "梁啟超先生很直白地講:“普天下灰心短氣之事,未有甚於老大者。”" in sentences  # closing quote kept


def test_sentence_offsets_are_exact() -> None:
    document = split_document("First one. Second one? 第三句。「第四句！」\nNo end here")
    texts = [document.text[s.start:s.end] for s in document.sentences]
    assert texts == ["First one.", "Second one?", "第三句。", "「第四句！」", "No end here"]
    assert document.sentence_at(document.text.index("第四")).index == 3


def test_text_without_sentence_ends_or_newlines() -> None:
    text = "無標點" * 100_000
    document = split_document(text)
    assert len(document.paragraphs) == 1 and len(document.sentences) == 1


def test_decode_big5_and_gb18030_and_errors(tmp_path: Path) -> None:
    text = "龜兔賽跑的兔子。"
    assert decode_source(text.encode("big5"), "big5") == text
    assert decode_source(text.encode("gb18030"), "gb18030") == text
    assert decode_source(codecs.BOM_UTF8 + text.encode()) == text
    with pytest.raises(MapError) as info:
        decode_source(("前言。" + text * 20).encode("big5"), filename="essay.txt")
    [d] = info.value.diagnostics
    assert d.code == "AM002" and "byte offset" in d.message
    with pytest.raises(MapError) as info:
        decode_source(b"\x00\x01\x02garbage\xff" * 10)
    assert "binary" in info.value.diagnostics[0].message
    with pytest.raises(MapError):
        decode_source(b"x", "no-such-codec")


def test_read_source_refuses_huge_files(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    with open(big, "wb") as handle:
        handle.truncate(100 * 1024 * 1024)
    with pytest.raises(MapError) as info:
        read_source(big)
    assert info.value.diagnostics[0].code == "AM003"


# --- anchoring ----------------------------------------------------------------------------------------


def _map(quotes: dict[str, str]) -> argmap.ArgumentMap:
    return argmap.ArgumentMap.model_validate({
        "argmap": "1", "statements": [{"id": k, "text": "x", "quote": v} for k, v in quotes.items()]})


def test_anchor_exact_normalized_script_ambiguous_missing() -> None:
    source = "他說：「這是真的？」然後離開了。\n這是真的？\n梁文鋒当然不是窮小子。"
    m = _map({
        "exact": "然後離開了",
        "norm": '他說:"這是真的?"',        # half-width punctuation and straight quotes
        "spaces": "然後 離開\n了",
        "script": "梁文锋当然不是穷小子",    # Simplified quote of Traditional text
        "twice": "這是真的？",
        "absent": "梁文鋒是富二代",
    })
    found = {a.node: a for a in anchor(m, source)}
    assert found["exact"].match == "exact" and source[found["exact"].start:found["exact"].end] == "然後離開了"
    assert found["norm"].match == "normalized"
    assert source[found["norm"].start:found["norm"].end] == "他說：「這是真的？」"
    assert found["spaces"].match == "normalized"
    assert found["script"].match == "script" and source[found["script"].start:found["script"].end].startswith("梁文鋒")
    assert found["twice"].status == "ambiguous" and len(found["twice"].occurrences) == 2
    assert found["absent"].status == "missing"
    assert found["absent"].suggestion == "梁文鋒当然不是窮小子。"
    assert found["exact"].paragraph == 0 and found["exact"].sentence == 1


def test_flagship_quotes_all_anchor() -> None:
    m = argmap.load(EXAMPLES / "deepseek" / "map.yaml")
    anchors = anchor(m, ESSAY)
    assert anchors and all(a.found for a in anchors)
    assert all(a.match == "exact" for a in anchors)


def test_find_quote() -> None:
    assert find_quote("a b. c", "A B") == ("normalized", [(0, 3)])
    assert find_quote("abc", "zzz") is None


def test_normalize_maps_offsets_back() -> None:
    text, offsets = normalize("Ａ　ｂ，「c」")
    assert text == 'ab,"c"'
    assert offsets == [0, 2, 3, 4, 5, 6]


# --- coverage ---------------------------------------------------------------------------------------------


def test_flagship_coverage_leaves_only_the_trailer() -> None:
    m = argmap.load(EXAMPLES / "deepseek" / "map.yaml")
    report = coverage(m, ESSAY)
    trailer_start = ESSAY.index("這是一本為美好社會理想")
    assert report.uncovered_sentences
    assert all(s.start >= trailer_start for s in report.uncovered_sentences)
    assert report.sentence_share > 0.85
    headings = [s.heading for s in report.sections]
    assert "制裁倒逼中國另闢創新道路" in headings


def test_coverage_counts_and_threshold() -> None:
    source = "一二三四五六七八九十。甲乙丙丁。\n另一段。"
    m = _map({"q": "一二三四五六"})
    report = coverage(m, source)
    assert [s.covered for s in report.sentences] == [True, False, False]
    assert report.covered_chars == 6 and report.chars == 11 + 5 + 4
    assert report.uncovered_paragraphs == [1]
    assert [s.covered for s in coverage(m, source, threshold=0.7).sentences] == [False, False, False]


# --- drafting ------------------------------------------------------------------------------------------------


def test_draft_of_the_essay_is_valid_and_explains_itself() -> None:
    m = draft(ESSAY, source_path="essay.txt")
    again = argmap.loads(argmap.dumps(m), "yaml")  # passes validation
    assert again == m
    assert m.lang == "zh-Hant" and m.source and m.source.author == "于品海"
    assert [s.title for s in m.sections][-3:] == ["“窮小子”衝散美國AI的資本傲慢", "制裁倒逼中國另闢創新道路",
                                                  "梁文鋒應成為香港自強的鏡子"]
    for node in [*m.statements, *m.analogies, *m.arguments, *m.attacks]:
        assert "draft" in node.tags and node.note and node.note.startswith("draft:")
    for node in [*m.statements, *m.analogies]:
        assert node.quote is None or node.quote in ESSAY
    figures = {a.figure for a in m.analogies}
    assert {"idiom", "historical"} <= figures
    assert any("1957年" in a.source for a in m.analogies if a.figure == "historical")
    assert any("16歲" in a.source for a in m.analogies if a.figure == "historical")  # an age with a name
    assert any(a.source == "小公司" and "quoted-phrase" in (a.note or "") for a in m.analogies)


def test_draft_markers_are_found_on_tokens_not_substrings() -> None:
    m = draft("天氣很好。原因很簡單，大家都知道。但願如此。")
    assert not m.attacks  # 但 inside 但願 is not a contrast marker
    assert not [a for a in m.arguments if "reason-marker" in (a.note or "")]  # 因 inside 原因 is no marker


def test_draft_chinese_relations() -> None:
    m = draft("我們應該出門。因為天氣好，所以心情好。雖然下雨，但是我們很開心。就像小鳥一樣，我們在歌唱。")
    by_quote = {s.quote: s for s in m.statements}
    assert by_quote["雖然下雨"].type == "concession"
    links = {(a.premises[0], a.conclusion) for a in m.arguments}
    reason, result = by_quote["因為天氣好"].id, by_quote["所以心情好。"].id
    assert (reason, result) in links
    attack = next(x for x in m.attacks if "但是" in (x.note or ""))
    assert attack.from_ == by_quote["但是我們很開心。"].id and attack.to == by_quote["雖然下雨"].id
    [analogy] = [a for a in m.analogies if a.figure == "metaphor"]
    assert analogy.source == "小鳥一樣" and analogy.target == "我們在歌唱。"


def test_draft_english() -> None:
    m = draft("Cities should build bike lanes. Because lanes make cycling safer, more people ride. "
              "Therefore traffic falls. However, shops may lose customers. "
              "Just as wider pipes carry more water, safer streets carry more cyclists.")
    assert m.lang == "en"
    quotes = {s.id: s.quote for s in m.statements}
    links = {(quotes[a.premises[0]] if a.premises[0] in quotes else a.premises[0], quotes[a.conclusion])
             for a in m.arguments}
    assert ("Because lanes make cycling safer", "more people ride.") in links
    assert ("more people ride.", "Therefore traffic falls.") in links
    [attack] = m.attacks
    assert quotes[attack.from_].startswith("However") and quotes[attack.to] == "Therefore traffic falls."
    [analogy] = m.analogies
    assert analogy.source == "wider pipes carry more water" and analogy.target.startswith("safer streets")


def test_draft_handles_garbage_and_empty_text() -> None:
    for text in ("", "\n\n", "!!!???", "無標點" * 10_000, "a" * 10_000):
        m = draft(text)
        argmap.loads(argmap.dumps(m), "yaml")


# --- command line -------------------------------------------------------------------------------------------


def test_cli_coverage_and_draft(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["coverage", str(EXAMPLES / "deepseek" / "map.yaml"), "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert all(q["status"] != "missing" for q in report["quotes"])
    assert report["uncovered_sentences"][0]["text"].startswith("這是一本")

    source = tmp_path / "essay.txt"
    source.write_text(ESSAY, encoding="utf-8")
    out = tmp_path / "draft.yaml"
    result = runner.invoke(main, ["draft", str(source), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert runner.invoke(main, ["validate", str(out)]).exit_code == 0
    assert argmap.load(out).source.path == "essay.txt"  # type: ignore[union-attr]


def test_cli_coverage_reports_missing_quotes(tmp_path: Path) -> None:
    (tmp_path / "essay.txt").write_text("甲說了一句話。乙沒說話。", encoding="utf-8")
    (tmp_path / "m.yaml").write_text('argmap: "1"\nsource: {path: essay.txt}\n'
                                     "statements: [{id: s, text: x, quote: 甲說了兩句話}]\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["coverage", str(tmp_path / "m.yaml")])
    assert result.exit_code == 1
    assert "did you mean: 甲說了一句話。" in result.stdout


def test_cli_coverage_source_errors(tmp_path: Path) -> None:
    (tmp_path / "essay.txt").write_bytes("中文內容。".encode("big5"))
    (tmp_path / "m.yaml").write_text('argmap: "1"\nsource: {path: essay.txt}\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["coverage", str(tmp_path / "m.yaml")])
    assert result.exit_code == 1 and "AM002" in result.stdout
    assert CliRunner().invoke(main, ["coverage", str(tmp_path / "m.yaml"), "--encoding", "big5"]).exit_code == 0
    (tmp_path / "n.yaml").write_text('argmap: "1"\n', encoding="utf-8")
    assert CliRunner().invoke(main, ["coverage", str(tmp_path / "n.yaml")]).exit_code == 2


def test_cli_segment() -> None:
    result = CliRunner().invoke(main, ["segment", "-"], input="作為後起之秀的中國".encode())
    assert result.stdout.strip() == "作為 / 後起之秀 / 的 / 中國"


# --- bounded work on repetitive or unpunctuated text ---------------------------------------------


def test_a_quote_of_repetitive_text_lists_a_bounded_number_of_occurrences() -> None:
    from argmap.text.anchor import MAX_OCCURRENCES

    text = "word " * 20_000
    kind, found = find_quote(text, "word " * 50) or ("", [])
    assert kind == "exact" and len(found) == MAX_OCCURRENCES  # not ~20,000 overlapping ones
    m = argmap.ArgumentMap.model_validate({"argmap": "1", "source": {"text": text}, "statements": [
        {"id": "p", "text": "P", "quote": "word word"}]})
    [ambiguous] = [d for d in argmap.validate(m, source=text) if d.code == "AM203"]
    assert f"at least {MAX_OCCURRENCES} times" in ambiguous.message


def test_draft_cuts_unpunctuated_text_into_bounded_statements_at_word_boundaries() -> None:
    from argmap.text.draft import MAX_UNIT_CHARS

    text = ESSAY.translate({ord(c): None for c in "，。！？；：、「」“”（）,.!?\n"}) * 2
    m = draft(text)
    quotes = [s.quote or "" for s in m.statements]
    assert quotes and max(len(q) for q in quotes) <= MAX_UNIT_CHARS
    boundaries, position = set(), 0
    for word in segment(text):
        boundaries.add(position)
        position += len(word)
    cursor = 0
    for quote in quotes:  # each statement starts where a word starts
        cursor = text.index(quote, cursor)
        assert cursor in boundaries
        cursor += len(quote)


def test_draft_refuses_texts_beyond_its_limit_and_segment_streams_long_lines(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text("word " * 1_000_000, encoding="utf-8")  # 5 MB: over draft's default 4 MiB
    result = CliRunner().invoke(main, ["draft", str(big)])
    assert result.exit_code == 1 and "AM003" in result.output + result.stderr
    line = "不要成為龜兔賽跑的兔子" * 20_000  # one line of 220,000 characters, no line breaks
    source = tmp_path / "line.txt"
    source.write_text(line, encoding="utf-8")
    result = CliRunner().invoke(main, ["segment", str(source), "--separator", "|"])
    assert result.exit_code == 0
    assert result.stdout.replace("|", "").strip() == line
