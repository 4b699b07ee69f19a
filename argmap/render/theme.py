"""Colour themes and captions for diagrams."""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["CAPTIONS", "SCHEME_NAMES", "THEMES", "Theme", "captions_for", "fonts_for", "scheme_label"]


@dataclass(frozen=True)
class Theme:
    """Colours of a diagram: per node type a (fill, border) pair, and edge and text colours."""

    name: str
    background: str
    text: str
    muted: str
    support: str
    attack: str
    junction: str
    cluster_border: str
    cluster_fill: str
    nodes: dict[str, tuple[str, str]] = field(default_factory=dict)


_LIGHT_NODES = {
    "claim": ("#E8F0FE", "#1A73E8"),
    "fact": ("#E6F4EA", "#188038"),
    "example": ("#FEF7E0", "#B06000"),
    "quote": ("#F3E8FD", "#8430CE"),
    "concession": ("#F1F3F4", "#5F6368"),
    "question": ("#FFFFFF", "#5F6368"),
    "analogy": ("#FFF1E6", "#E8710A"),
    "argument": ("#E6F4EA", "#188038"),
    "attack": ("#FCE8E6", "#D93025"),
}

THEMES: dict[str, Theme] = {
    "light": Theme("light", "#FFFFFF", "#202124", "#5F6368", "#188038", "#D93025", "#3C4043",
                   "#DADCE0", "#FAFAFA", _LIGHT_NODES),
    "dark": Theme("dark", "#1F1F1F", "#E8EAED", "#9AA0A6", "#81C995", "#F28B82", "#BDC1C6", "#5F6368", "#262626", {
        "claim": ("#1C3A5E", "#8AB4F8"),
        "fact": ("#1E3B28", "#81C995"),
        "example": ("#3D3214", "#FDD663"),
        "quote": ("#35214A", "#D7AEFB"),
        "concession": ("#303134", "#9AA0A6"),
        "question": ("#202124", "#9AA0A6"),
        "analogy": ("#43290F", "#FCAD70"),
        "argument": ("#1E3B28", "#81C995"),
        "attack": ("#4A1D1A", "#F28B82"),
    }),
    "mono": Theme("mono", "#FFFFFF", "#000000", "#444444", "#000000", "#000000", "#000000", "#999999", "#FFFFFF", {
        kind: ("#FFFFFF" if kind not in ("fact", "analogy") else "#EEEEEE", "#000000") for kind in _LIGHT_NODES
    }),
}
"""Built-in themes: ``light`` (default), ``dark`` and ``mono`` (for print)."""

CAPTIONS: dict[str, dict[str, str]] = {
    "en": {"claim": "CLAIM", "fact": "FACT", "example": "EXAMPLE", "quote": "QUOTE", "concession": "CONCESSION",
           "question": "QUESTION", "analogy": "ANALOGY", "fable": "fable", "historical": "precedent",
           "metaphor": "metaphor", "idiom": "idiom", "allusion": "allusion", "main": "MAIN CONCLUSION",
           "support": "supports", "attack": "attacks", "linked": "linked premises", "undercut": "undercut",
           "rebut": "rebut", "undermine": "undermine", "legend": "Legend", "differs": "differences",
           "opponent": "opponent"},
    "zh-Hant": {"claim": "主張", "fact": "事實", "example": "例證", "quote": "引述", "concession": "讓步",
                "question": "問題", "analogy": "類比", "fable": "寓言", "historical": "史例", "metaphor": "隱喻",
                "idiom": "成語", "allusion": "典故", "main": "主要結論", "support": "支持", "attack": "攻擊",
                "linked": "聯合前提", "undercut": "削弱推論", "rebut": "反駁", "undermine": "質疑前提",
                "legend": "圖例", "differs": "處不同", "opponent": "反方"},
    "zh-Hans": {"claim": "主张", "fact": "事实", "example": "例证", "quote": "引述", "concession": "让步",
                "question": "问题", "analogy": "类比", "fable": "寓言", "historical": "史例", "metaphor": "隐喻",
                "idiom": "成语", "allusion": "典故", "main": "主要结论", "support": "支持", "attack": "攻击",
                "linked": "联合前提", "undercut": "削弱推论", "rebut": "反驳", "undermine": "质疑前提",
                "legend": "图例", "differs": "处不同", "opponent": "反方"},
}
"""Node and edge captions per language (the map's ``lang`` picks them)."""
CAPTIONS["en"]["example_figure"] = "parallel case"
CAPTIONS["zh-Hant"]["example_figure"] = "類例"
CAPTIONS["zh-Hans"]["example_figure"] = "类例"
# the marks of format 1.1, the views' stubs and the legend's explanations
CAPTIONS["en"].update({
    "hypothetical": "thought experiment", "difference": "difference", "implicit": "implicit",
    "implicit_legend": "dashed: implicit (supplied by the mapper)", "opponent_legend": "opponent's statement",
    "restates": "restates (same proposition)", "joint": "joint attack (attackers together)",
    "undercut_legend": "undercut: attacks the inference", "attacked_attack": "attack that is itself attacked",
    "scheme": "scheme", "scheme_legend": "argument scheme", "focus": "FOCUS", "focus_legend": "focused node",
    "more_support": "support", "more_supports": "supports", "more_attack": "attack", "more_attacks": "attacks",
    "more_analogy": "analogy", "more_analogies": "analogies", "more_conclusion": "further on",
    "more_conclusions": "further on", "hidden_legend": "＋n: n propositions folded away here",
    "unplaced": "not connected, not shown", "question_legend": "dotted: open question", "score": "score",
    "rebut_legend": "rebut / undermine", "overview": "overview", "of": "of"})
CAPTIONS["zh-Hant"].update({
    "hypothetical": "思想實驗", "difference": "處不同", "implicit": "隱含",
    "implicit_legend": "虛線：隱含（論證圖所補）",
    "opponent_legend": "反方的陳述", "restates": "重述（同一命題）", "joint": "聯合攻擊（共同成立）",
    "undercut_legend": "削弱推論：攻擊推論本身", "attacked_attack": "本身受到攻擊的攻擊", "scheme": "論證型式",
    "scheme_legend": "論證型式", "focus": "焦點", "focus_legend": "所聚焦的節點", "more_support": "支持",
    "more_supports": "支持", "more_attack": "攻擊", "more_attacks": "攻擊", "more_analogy": "類比",
    "more_analogies": "類比", "more_conclusion": "延伸的論證", "more_conclusions": "延伸的論證",
    "hidden_legend": "＋n：此處收起了 n 個命題", "unplaced": "未相連，未畫出", "question_legend": "點線：待答的問題",
    "score": "分數", "rebut_legend": "反駁／質疑前提", "overview": "總覽", "of": "／"})
CAPTIONS["zh-Hans"].update({
    "hypothetical": "思想实验", "difference": "处不同", "implicit": "隐含",
    "implicit_legend": "虚线：隐含（论证图所补）",
    "opponent_legend": "反方的陈述", "restates": "重述（同一命题）", "joint": "联合攻击（共同成立）",
    "undercut_legend": "削弱推论：攻击推论本身", "attacked_attack": "本身受到攻击的攻击", "scheme": "论证型式",
    "scheme_legend": "论证型式", "focus": "焦点", "focus_legend": "所聚焦的节点", "more_support": "支持",
    "more_supports": "支持", "more_attack": "攻击", "more_attacks": "攻击", "more_analogy": "类比",
    "more_analogies": "类比", "more_conclusion": "延伸的论证", "more_conclusions": "延伸的论证",
    "hidden_legend": "＋n：此处收起了 n 个命题", "unplaced": "未相连，未画出", "question_legend": "点线：待答的问题",
    "score": "分数", "rebut_legend": "反驳／质疑前提", "overview": "总览", "of": "／"})

SCHEME_NAMES: dict[str, dict[str, str]] = {
    "zh-Hant": {"analogy": "類比", "example": "例證", "expert_opinion": "專家意見", "authority": "權威",
                "position_to_know": "知情者", "precedent": "先例", "consequences": "後果", "practical_reasoning":
                "實踐推理", "cause_to_effect": "因果", "sign": "徵兆", "popular_opinion": "眾意",
                "ad_hominem": "人身攻擊", "definition": "定義", "a_fortiori": "更強理由", "rule": "規則",
                "generalization": "概括", "plausibility": "合理推斷", "abduction": "最佳解釋",
                "verbal_classification": "歸類", "commitment": "承諾", "composition": "合成", "division": "分割"},
    "zh-Hans": {"analogy": "类比", "example": "例证", "expert_opinion": "专家意见", "authority": "权威",
                "position_to_know": "知情者", "precedent": "先例", "consequences": "后果", "practical_reasoning":
                "实践推理", "cause_to_effect": "因果", "sign": "征兆", "popular_opinion": "众意",
                "ad_hominem": "人身攻击", "definition": "定义", "a_fortiori": "更强理由", "rule": "规则",
                "generalization": "概括", "plausibility": "合理推断", "abduction": "最佳解释",
                "verbal_classification": "归类", "commitment": "承诺", "composition": "合成", "division": "分割"},
}
"""Scheme names shown on diagrams of Chinese maps; other names are shown as written, '_' as a space."""


def scheme_label(scheme: str, lang: str | None) -> str:
    """How a scheme name is shown on a diagram in the map's language."""
    tag = (lang or "en").lower()
    if tag.startswith("zh"):
        table = SCHEME_NAMES["zh-Hans" if any(p in tag for p in ("hans", "-cn", "-sg", "-my")) else "zh-Hant"]
        if scheme in table:
            return table[scheme]
    return scheme.replace("_", " ")


def captions_for(lang: str | None) -> dict[str, str]:
    """Captions for a BCP 47 tag: Traditional or Simplified Chinese, else English."""
    tag = (lang or "en").lower()
    if tag.startswith("zh"):
        simplified = any(part in tag for part in ("hans", "-cn", "-sg", "-my"))
        return CAPTIONS["zh-Hans" if simplified else "zh-Hant"]
    return CAPTIONS["en"]


def fonts_for(lang: str | None) -> str:
    """A font-family fallback list that covers the map's script (used in SVG, PNG and PDF)."""
    tag = (lang or "en").lower()
    cjk_tc = "Noto Sans CJK TC,Source Han Sans TC,PingFang TC,Microsoft JhengHei"
    cjk_sc = "Noto Sans CJK SC,Source Han Sans SC,PingFang SC,Microsoft YaHei"
    if tag.startswith("zh"):
        simplified = any(part in tag for part in ("hans", "-cn", "-sg", "-my"))
        first, second = (cjk_sc, cjk_tc) if simplified else (cjk_tc, cjk_sc)
        return f"{first},{second},WenQuanYi Micro Hei,sans-serif"
    return f"Helvetica,Arial,Noto Sans,DejaVu Sans,{cjk_sc},sans-serif"
