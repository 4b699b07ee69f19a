"""Drafting: a first map proposed from raw text, for a person to correct.

The draft is a starting point, not an analysis. It reads the text's discourse markers (English,
German and Chinese, matched on word tokens, never as raw substrings, so 但 in 但願 or *so* in
*also* is no marker) and proposes

* sections from the text's headings, and the title and author from its first line and byline;
* **units**: a statement for every sentence, cut further into clauses where a clause opens with
  a marker (", but", ", because", "because" inside a clause, 但/所以/因為 after a comma ...) or,
  in Chinese, wherever a comma separates two clauses of some length; an opening subordinate
  clause ("Because A, B", "Although A, B", 雖然A，但B) is a unit of its own, while a sentence
  adverb ("Admittedly, ...", 當然，...) never is: no unit is shorter than three words (four
  Chinese characters);
* **the central claim** (``main_conclusions``): the unit scored highest for claim cues
  (*should*, *must*, 應該, *sollte* ...), conclusion markers (*therefore*, *that's why*, 因此 ...)
  and position (first or last), leaving out concessions, objections, reasons and examples;
* **the dialectical structure**: a concession or objection ("I grant that", "admittedly",
  "critics say", "the strongest objection", 誠然, *zwar* ...) is an opponent's unit attacking the
  central claim, with the units that elaborate it as its support; a reply ("But", "However",
  但是, *aber* ...) attacks the objection it answers, however far back it is, not merely the
  preceding unit; a clause that continues a reply (", and ...") joins its attack;
* **support**: a reason clause supports the clause it explains, an example the claim before it,
  the clause before a conclusion marker the conclusion; every other unit supports the first
  claim of its paragraph, and that one the central claim; roles (proponent/opponent) follow
  from the structure;
* **analogies**: from explicit comparisons (*just as*, *is like*, *think of it this way*, 就像,
  好比, 如同, *genauso wie* ...), hypotheticals (*imagine*, *suppose*, 假如), named fables and
  allusions, idioms only where used as figures (a fable or animal image, an idiom in a comparison
  or in quotation marks, never an ordinary 成語 like 水漲船高), short phrases in quotation marks,
  proverbs (正所謂, 俗話說), named historical cases (a year or an age with a name, 曾經/當年 with
  a name, 連X都 a fortiori), metaphors of the "X is Y's mirror" kind, and named figures offered as
  evidence (哥白尼 ... 證明).

Every drafted element carries the tag ``draft`` and a note naming the rule and the marker that
proposed it; every statement and analogy quotes the exact words it comes from, and the draft
always validates.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from typing import Any, Literal

from argmap.model import FORMAT_VERSION, ArgumentMap
from argmap.text.source import Document, split_document

__all__ = ["DRAFT_TAG", "MARKERS", "draft"]

DRAFT_TAG = "draft"
"""The tag every drafted element carries."""

Role = Literal["conclusion", "reason", "contrast", "concession", "admission", "objection", "enumeration",
               "example", "analogy", "hypothetical", "continuation"]

# Chinese markers are listed in Simplified script: tokens are compared after conversion. English and
# German markers are lower case; a phrase is matched word by word.
MARKERS: dict[str, dict[Role, frozenset[str]]] = {
    "zh": {
        "conclusion": frozenset({"所以", "因此", "可见", "因而", "于是", "由此可见", "故此", "总之", "从而", "故而",
                                 "总而言之", "综上所述", "总的来说", "总的说来", "总体来说", "总体而言", "由此看来",
                                 "这说明", "这表明", "说到底"}),
        "reason": frozenset({"因为", "由于", "鉴于", "既然", "毕竟"}),
        "contrast": frozenset({"但", "但是", "然而", "不过", "可是", "只是", "反而", "相反", "却", "其实", "事实上",
                               "问题是", "恰恰相反"}),
        "concession": frozenset({"虽然", "尽管", "即使", "虽说", "哪怕", "纵然", "就算"}),
        "admission": frozenset({"当然", "固然", "诚然", "不可否认", "无可否认", "我承认",
                                "必须承认", "应该承认", "平心而论"}),
        "objection": frozenset({"有人说", "有人认为", "有人会说", "有人质疑", "批评者", "反对者", "质疑者", "有人担心",
                                "也许有人会说", "或许有人会说", "有人可能会说", "最有力的反对", "反对意见",
                                "很多人以为", "许多人以为", "不少人以为", "有人以为", "很多人认为", "许多人认为",
                                "不少人认为", "一些人认为", "有观点认为", "有声音认为", "有人批评", "批评者认为"}),
        "enumeration": frozenset({"首先", "其次", "再次", "最后", "第一", "第二", "第三", "此外", "另外", "而且",
                                  "再者", "还有", "况且", "更何况", "同时"}),
        "example": frozenset({"例如", "比如", "譬如", "比方说", "好比说", "举例来说", "以为例"}),
        "analogy": frozenset({"就像", "如同", "好比", "彷佛", "仿佛", "正如", "犹如", "宛如", "恰似", "好像", "就如",
                               "正像", "一如", "有如", "恰如", "如同是"}),
        "hypothetical": frozenset({"试想", "假如", "假设", "设想", "想象一下", "不妨想想", "打个比方"}),
        "continuation": frozenset(),
    },
    "en": {
        "conclusion": frozenset({"therefore", "thus", "hence", "so", "consequently", "accordingly",
                                 "that is why", "that's why", "this is why", "which is why", "in conclusion",
                                 "all in all", "in short", "in sum", "to sum up", "overall", "as a result",
                                 "for this reason", "for these reasons", "it follows that"}),
        "reason": frozenset({"because", "since", "for", "as", "after all", "given that", "due to", "owing to",
                             "the reason is", "this is because"}),
        "contrast": frozenset({"however", "but", "yet", "nevertheless", "nonetheless", "still", "even so",
                               "on the contrary", "in fact", "actually", "in reality", "the truth is",
                               "this objection fails", "that objection fails", "this misses", "that misses"}),
        "concession": frozenset({"although", "though", "even though", "even if", "while", "whereas", "granted that",
                                 "unless"}),
        "admission": frozenset({"admittedly", "granted", "of course", "i grant", "i admit", "i concede",
                                "it is true that", "it's true that", "true", "sure", "to be sure", "certainly",
                                "undeniably", "indeed", "yes", "no doubt", "it must be admitted", "i accept"}),
        "objection": frozenset({"critics", "critics say", "critics argue", "opponents", "opponents argue",
                                "skeptics", "sceptics", "some say", "some argue", "some people", "some may",
                                "some might", "some would", "some claim", "some worry", "many people think",
                                "many believe", "many people believe", "it is often said", "conventional wisdom",
                                "some will", "some people say", "others argue", "others say", "others will say",
                                "you might object", "you may object", "it might be objected", "a critic might",
                                "the usual objection", "a frequent objection", "naysayers",
                                "one might", "one could", "one may", "you might", "you may say", "it could be argued",
                                "it may be argued", "it might be argued", "the strongest objection",
                                "an obvious objection", "the obvious objection", "the main objection",
                                "one objection", "a common objection", "objection", "proponents of",
                                "those who oppose", "detractors", "on the one hand", "on the other hand"}),
        "enumeration": frozenset({"first", "firstly", "second", "secondly", "third", "thirdly", "finally",
                                  "moreover", "furthermore", "besides", "in addition", "additionally", "plus",
                                  "also", "what is more", "what's more", "for one thing", "lastly"}),
        "example": frozenset({"for example", "for instance", "e g", "such as", "take", "consider", "to illustrate"}),
        "analogy": frozenset({"just as", "just like", "as if", "as though", "similarly", "likewise",
                              "in the same way", "is like", "are like", "was like", "were like", "is akin to",
                              "are akin to", "is comparable to", "are comparable to", "much as", "much like",
                              "think of it this way", "think of it like this", "by analogy", "the same way"}),
        "hypothetical": frozenset({"imagine", "suppose", "picture this", "consider a", "what if"}),
        "continuation": frozenset({"and", "or", "nor", "and also", "but also"}),
    },
    "de": {
        "conclusion": frozenset({"daher", "deshalb", "deswegen", "also", "folglich", "somit", "darum", "demnach",
                                 "insofern", "insgesamt", "kurzum", "kurz gesagt", "alles in allem", "aus diesem grund",
                                 "aus diesen gründen", "letztlich", "schließlich", "infolgedessen"}),
        "reason": frozenset({"weil", "da", "denn", "nämlich", "zumal", "angesichts", "immerhin"}),
        "contrast": frozenset({"aber", "doch", "jedoch", "allerdings", "dennoch", "trotzdem", "sondern",
                               "nichtsdestotrotz", "gleichwohl", "dagegen", "hingegen", "stattdessen", "tatsächlich",
                               "in wahrheit", "vielmehr"}),
        "concession": frozenset({"obwohl", "obgleich", "obschon", "auch wenn", "selbst wenn", "wenn auch",
                                 "während", "wohingegen", "es sei denn"}),
        "admission": frozenset({"zwar", "natürlich", "sicher", "sicherlich", "gewiss", "zugegeben", "zugegebenermaßen",
                                "es stimmt", "es ist wahr", "klar", "freilich", "ja", "ich gebe zu", "ohne frage",
                                "zweifellos"}),
        "objection": frozenset({"kritiker", "gegner", "befürworter", "manche", "einige", "viele meinen",
                                "man könnte", "man kann", "es wird eingewandt", "man mag einwenden",
                                "der stärkste einwand", "ein einwand", "einerseits", "andererseits"}),
        "enumeration": frozenset({"erstens", "zweitens", "drittens", "zunächst", "außerdem", "darüber hinaus",
                                  "zudem", "ferner", "weiterhin", "überdies", "auch", "zusätzlich", "hinzu kommt",
                                  "zum einen", "zum anderen", "nicht zuletzt", "des weiteren"}),
        "example": frozenset({"zum beispiel", "beispielsweise", "etwa", "z b", "so etwa"}),
        "analogy": frozenset({"genauso wie", "so wie", "ebenso wie", "wie wenn", "als ob", "ähnlich wie",
                              "vergleichbar mit", "gleicht", "ist wie", "sind wie", "ebenso", "genauso"}),
        "hypothetical": frozenset({"stellen sie sich vor", "stell dir vor", "angenommen", "man stelle sich vor"}),
        "continuation": frozenset({"und", "oder", "sowie"}),
    },
}

# Sentence adverbs that keep their meaning a few words into a clause ("X however does Y", "Wir sollten daher").
_FLOATING: dict[str, dict[str, Role]] = {
    "en": {"however": "contrast", "nevertheless": "contrast", "nonetheless": "contrast", "therefore": "conclusion",
           "thus": "conclusion", "hence": "conclusion", "consequently": "conclusion"},
    "de": {"jedoch": "contrast", "allerdings": "contrast", "dennoch": "contrast", "trotzdem": "contrast",
           "aber": "contrast", "daher": "conclusion", "deshalb": "conclusion", "deswegen": "conclusion",
           "folglich": "conclusion", "somit": "conclusion", "also": "conclusion"},
}

# Those that mark the clause wherever they stand ("Wurzelsperren verhindern das jedoch").
_ANYWHERE = frozenset({"however", "nevertheless", "nonetheless", "jedoch", "allerdings", "dennoch", "trotzdem"})

# Cues of a claim the text argues for (used to choose the central claim).
_CLAIM_CUES: dict[str, frozenset[str]] = {
    "zh": frozenset({"应该", "应当", "必须", "需要", "我认为", "我觉得", "我相信", "我们应", "不应该", "不应",
                     "应", "理应", "务必", "值得", "推荐", "建议", "一定要", "不能", "是时候",
                     # an overall verdict: 整體不錯, 各方面都很好, 總體滿意, 首選, 下次還會
                     "整体", "总体", "各方面", "整个", "总的来说", "满意", "首选", "还会", "下次"}),
    "en": frozenset({"should", "must", "ought", "need to", "needs to", "have to", "has to", "i think", "i believe",
                     "in my opinion", "in my view", "it is time", "it's time", "we need", "cannot", "should not",
                     "must not", "is wrong", "is right", "is unfair", "is necessary", "recommend"}),
    "de": frozenset({"sollte", "sollten", "soll", "sollen", "muss", "müssen", "müsste", "müssten", "darf",
                     "dürfen", "ich finde", "ich denke", "ich glaube", "meiner meinung nach", "meines erachtens",
                     "es ist zeit", "notwendig", "falsch", "richtig", "unfair"}),
}

# Markers that cut a clause even without a comma before them ("plant trees because trees cool").
_CUT_INSIDE: dict[str, frozenset[str]] = {
    "zh": frozenset(),
    "en": frozenset({"because", "although", "though", "whereas", "unless", "since", "so that", "which is why",
                     "that is why", "but"}),
    "de": frozenset({"weil", "obwohl", "obgleich", "denn", "aber", "jedoch", "sondern", "deshalb", "daher"}),
}

# Roles whose marker, opening a clause after a comma, starts a unit.
_CUT_ROLES: tuple[Role, ...] = ("conclusion", "contrast", "reason", "example", "concession", "continuation",
                                "analogy", "objection")
# Roles a unit takes from its first words (longest phrase first, ties in this order).
_OPENING_ROLES: tuple[Role, ...] = ("objection", "admission", "concession", "conclusion", "reason", "contrast",
                                    "example", "hypothetical", "analogy", "enumeration", "continuation")

_SENTENCE_PUNCTUATION = re.compile(r"[。！？!?；;]")
# 、 lists items, it never separates clauses
_CLAUSE_BREAK = re.compile(r"[,，;；:：—–]|\s[-–—]\s|\.\.\.|…")
_EDGE_PUNCTUATION = " ,，、:：;；\"“”「」『』'‘’—–-()（）"
_WORD = re.compile(r"\w+(?:[’']\w+)?")
_COPULA = re.compile(r"^(.{3,}?)\s+(?:is|are|was|were|ist|sind|war|waren)\s+"
                     r"((?:an?|the|ein|eine|einer|der|die|das)\s.+)$", re.IGNORECASE | re.DOTALL)
_YEAR = re.compile(r"(?<!\d)(1[0-9]{3}|20[0-9]{2})(?:年|s)?(?!\d)")
_AGE = re.compile(r"(?<!\d)(?:\d{1,3}|[一二三四五六七八九十]{1,3})\s*(?:歲|岁)|\baged? \d{1,3}\b")
_SCARE_QUOTED = re.compile(r"[“「『\"]([^“”「」『』\"\n]{2,12})[”」』\"]")
_UNDECIDED = {"zh": "待定", "en": "to be decided", "de": "offen"}
_MIN_WORDS = {"zh": 2, "en": 3, "de": 3}
_MIN_CJK = 4

# Named fables, allusions and proverbs (Simplified): their name alone makes an analogy.
_FABLES = frozenset({
    "龟兔赛跑", "守株待兔", "刻舟求剑", "亡羊补牢", "井底之蛙", "画蛇添足", "拔苗助长", "揠苗助长", "掩耳盗铃",
    "狐假虎威", "杯弓蛇影", "塞翁失马", "愚公移山", "夜郎自大", "邯郸学步", "郑人买履", "叶公好龙", "买椟还珠",
    "杞人忧天", "南辕北辙", "卧薪尝胆", "破釜沉舟", "纸上谈兵", "三顾茅庐", "望梅止渴", "螳臂当车", "班门弄斧",
    "指鹿为马", "自相矛盾", "对牛弹琴", "朝三暮四", "坐井观天", "黔驴技穷", "鹬蚌相争", "惊弓之鸟", "东施效颦",
    "滥竽充数", "盲人摸象", "狼来了", "皇帝的新衣", "温水煮青蛙", "乳虎啸谷", "夏虫不可语冰", "夏虫不可以语冰",
    "鸡毛当令箭", "雕虫小技", "精卫填海", "夸父追日", "后羿射日", "完璧归赵", "负荆请罪", "围魏救赵", "草船借箭",
    "四面楚歌", "背水一战", "退避三舍", "图穷匕见", "唇亡齿寒", "螳螂捕蝉", "黄雀在后", "削足适履", "按图索骥",
    "庖丁解牛", "囫囵吞枣", "皇帝新衣", "煮青蛙", "不可语冰",
})
# Allusions to a known text, person or episode, named.
_ALLUSIONS = frozenset({"特洛伊木马", "潘多拉", "西西弗斯", "阿喀琉斯之踵", "达摩克利斯之剑", "大卫与歌利亚",
                        "修昔底德陷阱", "历史的终结", "历史终结", "诺亚方舟", "滑铁卢", "马其诺防线"})
_FABLES_EN = ("tortoise and the hare", "boy who cried wolf", "emperor's new clothes", "trojan horse",
              "pandora's box", "achilles' heel", "sword of damocles", "david and goliath", "sisyphus",
              "boiling frog", "the ant and the grasshopper", "thucydides trap", "icarus", "canary in the coal mine",
              "goose that laid the golden", "fox and the grapes", "sour grapes", "house of cards")
# Creatures: an idiom drawing on one paints an image (黔驢, 夏蟲), the mark of a figure, not a plain phrase.
_CREATURES = frozenset("驴虫鸡虎兔龟蛙蛇马牛羊狐狼鼠鱼鸟龙凤鹤鹰燕雀猫狗犬猴象蚁蝉螳鹬蚌猪鸭鹅鸿鲸豹熊")
# Vehicles of conventional metaphors: "X是Y的镜子", "a mirror for ...".
_VEHICLES = frozenset({"镜子", "明镜", "缩影", "切面", "灯塔", "试金石", "里程碑", "分水岭", "催化剂", "双刃剑",
                       "温床", "跳板", "风向标", "晴雨表", "避风港", "绊脚石", "敲门砖", "火车头", "引擎", "基石",
                       "定海神针", "照妖镜", "标杆", "榜样", "警钟", "镜鉴", "前车之鉴", "风向球", "窗口"})
_VEHICLES_EN = ("a mirror", "a beacon", "a litmus test", "a double-edged sword", "a wake-up call", "a canary",
                "a springboard", "a stepping stone", "a cornerstone", "a catalyst", "a barometer", "a lifeline",
                "a time bomb", "a slippery slope", "an oven", "a band-aid", "a drop in the ocean")
_LINKING = frozenset({"是", "成为", "作为", "当作", "视为", "犹如", "变成", "堪称", "就是", "乃是", "应成为"})
_PROVERB = frozenset({"正所谓", "俗话说", "古人云", "古人说", "常言道", "俗语说", "有道是", "老话说"})
_HISTORY = frozenset({"曾经", "当年", "昔日", "历史上", "从前", "早年", "冷战", "二战", "古代", "昔年", "当初"})
_EVIDENCE = frozenset({"证明", "说明", "表明", "显示", "告诉", "启示", "印证", "证实"})
_FORTIORI_EVEN = "连"
_FORTIORI_ALSO = frozenset({"都", "也"})
# Chinese cues of an evaluation (a claim) rather than a report (a premise).
_EVALUATIVE = frozenset({"很", "太", "非常", "比较", "挺", "十分", "特别", "相当", "蛮", "超", "极", "最", "更",
                         "好", "不错", "差", "一般", "满意", "失望", "方便", "舒适", "干净", "推荐", "值得", "优秀",
                         "糟糕", "合理", "贵", "便宜", "周到", "热情", "完美", "理想", "应该", "必须", "不够", "够"})


@dataclass
class _Unit:
    """A span of a sentence that becomes one drafted statement."""

    start: int
    end: int
    paragraph: int
    sentence: int
    section: str | None
    sentence_start: bool
    role: Role | None = None
    marker: str | None = None


@dataclass
class _Link:
    """The one relation a unit starts: support of, or attack on, another unit."""

    kind: Literal["support", "attack"]
    target: int
    rule: str
    marker: str | None = None
    scheme: str | None = None


class _Tokens:
    """The source's word spans, with the comparison form of each word, for quick lookups."""

    def __init__(self, text: str, family: str) -> None:
        if family == "zh":
            from argmap.text.segment import segment_spans, to_simplified

            self.spans = segment_spans(text)
            simplified = to_simplified(text)
            self.forms = [simplified[start:end].lower() for start, end in self.spans]
        else:  # jieba would cut German words at umlauts; letters and digits make a word
            self.spans = [match.span() for match in _WORD.finditer(text)]
            self.forms = [text[start:end].lower().replace("’", "'") for start, end in self.spans]
        self.starts = [start for start, _ in self.spans]
        self.joiner = "" if family == "zh" else " "
        self._at_hand: frozenset[str] | None = None
        self._word_index: list[int] = []
        self._word_starts: list[int] | None = None

    def names_at_hand(self, tags: dict[str, str]) -> frozenset[str]:
        """The names the text is about: those used at least a third as often as its most frequent name.

        A precedent is a case other than the one argued about, so 美國 in an essay about America
        makes no historical analogy, while 蘇聯, named a few times, may.
        """
        if self._at_hand is None:
            counts: dict[str, int] = {}
            for form in self.forms:
                if tags.get(form, "")[:2] in ("nr", "ns", "nt"):
                    counts[form] = counts.get(form, 0) + 1
            top = max(counts.values(), default=0)
            self._at_hand = frozenset(name for name, count in counts.items() if count * 3 >= top and count > 2)
        return self._at_hand

    def original(self, text: str, first: int, last: int) -> str:
        """The source's own characters for tokens ``first`` to ``last``."""
        return text[self.spans[first][0]:self.spans[last][1]]

    def words(self, start: int, end: int, limit: int | None = None) -> list[tuple[int, str]]:
        """(token index, comparison form) of the word tokens inside ``[start, end)``, at most ``limit``."""
        if self._word_starts is None:  # the tokens that are words (not spaces or punctuation), once
            self._word_index = [i for i, form in enumerate(self.forms) if any(c.isalnum() for c in form)]
            self._word_starts = [self.starts[i] for i in self._word_index]
        first = bisect_left(self._word_starts, start)
        last = bisect_left(self._word_starts, end, lo=first)
        if limit is not None:
            last = min(last, first + limit)
        return [(index, self.forms[index]) for index in self._word_index[first:last]]


@lru_cache(maxsize=8)
def _phrases(family: str, role: Role) -> dict[str, list[tuple[str, ...]]]:
    """The markers of a role as word sequences, indexed by their first word (longest first)."""
    table: dict[str, list[tuple[str, ...]]] = {}
    for marker in MARKERS[family][role]:
        words = (marker,) if family == "zh" else tuple(_WORD.findall(marker.lower().replace("’", "'")))
        if words:
            table.setdefault(words[0], []).append(words)
    for entries in table.values():
        entries.sort(key=len, reverse=True)
    return table


@lru_cache(maxsize=64)
def _starts(family: str, role: Role) -> frozenset[str]:
    """Words a marker of ``role`` can start with (for Chinese, every leading part of a marker)."""
    if family == "zh":
        return frozenset(marker[:k] for marker in MARKERS["zh"][role] for k in range(1, len(marker) + 1))
    return frozenset(_phrases(family, role))


def _match(words: list[tuple[int, str]], at: int, family: str, role: Role) -> int:
    """Number of words of a ``role`` marker starting at ``words[at]`` (0 when none does).

    Chinese markers may be one token or two joined (就+像 when jieba splits 就像).
    """
    if at >= len(words):
        return 0
    form = words[at][1]
    if form not in _starts(family, role):  # most words start no marker: one set lookup
        return 0
    if family == "zh":
        markers = MARKERS["zh"][role]
        if at + 1 < len(words) and form + words[at + 1][1] in markers:
            return 2
        if at + 2 < len(words) and form + words[at + 1][1] + words[at + 2][1] in markers:
            return 3
        return 1 if form in markers else 0
    for phrase in _phrases(family, role).get(form, []):
        if tuple(f for _, f in words[at:at + len(phrase)]) == phrase:
            return len(phrase)
    return 0


def _opening(words: list[tuple[int, str]], family: str, roles: Iterable[Role] = _OPENING_ROLES,
             reach: int = 1) -> tuple[Role, int, int] | None:
    """The marker that opens a clause: its role and the positions (in ``words``) of its first
    and last word. A marker may start at any of the first ``reach`` words."""
    found: tuple[Role, int, int] | None = None
    for at in range(min(reach, len(words))):
        for role in roles:
            length = _match(words, at, family, role)
            if length and (found is None or length > found[2] - found[1] + 1):
                found = (role, at, at + length - 1)
        if found:
            return found
    return None


def _language(text: str) -> str:
    sample = text[:20_000]
    cjk = sum(1 for c in sample if "\u4e00" <= c <= "\u9fff" or "\u3400" <= c <= "\u4dbf")
    letters = sum(1 for c in sample if c.isalpha())
    if letters and cjk / letters > 0.3:
        from argmap.text.segment import to_simplified

        return "zh-Hant" if to_simplified(sample) != sample else "zh-Hans"
    words = [w.lower() for w in _WORD.findall(sample)]
    german = sum(1 for w in words if w in {"und", "der", "die", "das", "nicht", "ist", "sie", "es", "zu", "den",
                                           "mit", "sich", "auch", "auf", "für", "ein", "eine", "dass", "werden"})
    english = sum(1 for w in words if w in {"the", "and", "of", "to", "is", "in", "that", "it", "for", "not",
                                            "be", "are", "with", "this", "should", "they", "we", "a"})
    return "de" if german > english else "en"


def _family(language: str) -> str:
    tag = language.lower()
    if tag.startswith("zh"):
        return "zh"
    return "de" if tag.startswith("de") else "en"


_HOLDERS = {"en": frozenset({"some", "many", "others", "critics", "opponents", "skeptics", "sceptics", "detractors"}),
            "de": frozenset({"manche", "einige", "viele", "kritiker", "gegner", "andere", "skeptiker"})}
_SAYING = {"en": frozenset({"say", "says", "argue", "argues", "claim", "claims", "think", "believe", "worry", "object",
                            "insist", "contend", "complain", "fear", "warn", "suggest", "maintain", "will", "may",
                            "might", "would"}),
           "de": frozenset({"sagen", "meinen", "behaupten", "argumentieren", "glauben", "finden", "befürchten",
                            "kritisieren", "wenden", "halten", "denken", "warnen"})}


def _reported_view(words: list[tuple[int, str]], family: str) -> bool:
    """Whether a clause reports others' view: "Some parents also say ...", "Viele Eltern meinen ..."."""
    holders = _HOLDERS.get(family, frozenset())
    return len(words) > 2 and words[0][1] in holders and any(form in _SAYING[family] for _, form in words[1:5])


def _big_enough(text: str, tokens: _Tokens, family: str, start: int, end: int) -> bool:
    """Whether ``[start, end)`` holds enough words to stand as a statement of its own."""
    if family == "zh":
        return sum(1 for c in text[start:end] if c.isalnum()) >= _MIN_CJK
    return len(tokens.words(start, end, limit=_MIN_WORDS[family])) >= _MIN_WORDS[family]


def _units(document: Document, tokens: _Tokens, family: str) -> list[_Unit]:
    text = document.text
    units: list[_Unit] = []
    section: str | None = None
    for paragraph in document.paragraphs:
        if paragraph.kind == "heading":
            section = text[paragraph.start:paragraph.end]
            continue
        for sentence in paragraph.sentences:
            cuts = _cuts(text, tokens, family, sentence.start, sentence.end)
            for number, (start, end) in enumerate(pairwise(cuts)):
                quote_start, quote_end = start, end
                while quote_start < quote_end and text[quote_start].isspace():
                    quote_start += 1
                while quote_end > quote_start and (text[quote_end - 1] in ",，;；:：、—–-"
                                                   or text[quote_end - 1].isspace()):
                    quote_end -= 1
                if quote_end <= quote_start:
                    continue
                unit = _Unit(quote_start, quote_end, paragraph.index, sentence.index, section, number == 0)
                words = tokens.words(quote_start, quote_end, limit=8)
                opening = _opening(words, family, reach=2 if family == "zh" else 1)
                if opening is None and family != "zh" and words and words[0][1] in {"i", "we", "it", "this"}:
                    # "I grant that ...", "It is true that ...": the marker may follow the subject
                    opening = _opening(words, family, ("admission", "objection"), reach=2)
                if opening and not (number and opening[0] == "concession"
                                    and words[opening[1]][1] in ("while", "whereas", "während")):
                    # (", while ..." inside a sentence is a contrast of times or facts, not a concession)
                    role, first, last = opening
                    unit.role, unit.marker = role, tokens.original(text, words[first][0], words[last][0])
                elif not opening and _reported_view(words, family):
                    unit.role, unit.marker = "objection", tokens.original(text, words[0][0], words[1][0])
                elif not opening:
                    # a sentence adverb may float into the clause: "Control however hampers them"
                    clause = tokens.words(quote_start, quote_end)
                    floating = next(((index, _FLOATING[family][form]) for at, (index, form) in enumerate(clause)
                                     if at > 0 and (at < 4 or form in _ANYWHERE)
                                     and form in _FLOATING.get(family, {})), None)
                    if floating is not None:
                        unit.role, unit.marker = floating[1], tokens.original(text, floating[0], floating[0])
                units.append(unit)
    return units


def _cuts(text: str, tokens: _Tokens, family: str, start: int, end: int) -> list[int]:
    """Where the units of the sentence ``[start, end)`` begin (and its end)."""
    words = tokens.words(start, end)
    candidates: list[int] = []
    position_of = {index: at for at, (index, _) in enumerate(words)}
    opening = _opening(words[:6], family, ("reason", "concession"))
    subordinate = opening is not None and opening[1] == 0
    breaks = list(_CLAUSE_BREAK.finditer(text, start, end))
    for match in breaks:
        if match.end() >= end:
            break
        first = bisect_left(tokens.starts, match.end())
        if first not in position_of:
            continue
        if family == "zh":  # a Chinese comma separates clauses whatever follows it
            candidates.append(match.end())
            continue
        at = position_of[first]
        opens = _opening(words[at:at + 6], family, _CUT_ROLES)
        if opens is not None and opens[0] == "continuation" and not _clause_follows(words, at, family):
            opens = None
        if opens is not None and words[at][1] == "sondern":  # "nicht X, sondern Y" corrects, one proposition
            opens = None
        if opens is not None or (subordinate and not candidates):
            candidates.append(match.end())
    if family != "zh":
        inside = _CUT_INSIDE[family]
        for at in range(1, len(words)):
            index, form = words[at]
            phrase = form if at + 1 >= len(words) else f"{form} {words[at + 1][1]}"
            if (form in inside or phrase in inside) and not (form == "since" and at + 1 < len(words)
                                                            and words[at + 1][1].isdigit()):
                if form == "though" and words[at - 1][1] in {"even", "as"}:
                    continue
                if form in ("but", "aber", "sondern") and _corrects(words, at):
                    continue  # "not a tax but an investment", "nicht X sondern Y": one proposition
                candidates.append(tokens.spans[index][0] if words[at - 1][1] != "even" else
                                  tokens.spans[words[at - 1][0]][0])
            elif form == "even" and at + 1 < len(words) and words[at + 1][1] in {"if", "though"}:
                candidates.append(tokens.spans[index][0])
    cuts = [start]
    for cut in sorted(set(candidates)):
        # no unit of fewer than three words: "Admittedly," or "Of course," stays with its clause; nor one
        # that is only a marker ("On the other hand,", 有人會說，) or a condition (只要方向正確，也能...)
        if _big_enough(text, tokens, family, cuts[-1], cut) and _big_enough(text, tokens, family, cut, end) \
                and not _only_marker(tokens, family, cuts[-1], cut) and not _condition(tokens, family, cuts[-1], cut):
            cuts.append(cut)
    cuts.append(end)
    return _capped(cuts, tokens)


# Chinese conditions open a clause that belongs with the one after it (只要X，就Y).
_CONDITIONS = frozenset({"只要", "如果", "若", "假如", "要是", "一旦", "除非", "只有", "无论", "不管", "凡是", "倘若",
                         "假若", "如若", "即便"})


def _only_marker(tokens: _Tokens, family: str, start: int, end: int) -> bool:
    """Whether ``[start, end)`` holds nothing but a marker."""
    words = tokens.words(start, end)
    opening = _opening(words, family)
    return opening is not None and opening[1] == 0 and opening[2] == len(words) - 1


def _condition(tokens: _Tokens, family: str, start: int, end: int) -> bool:
    """Whether a Chinese clause is a condition of the next one."""
    return family == "zh" and any(form in _CONDITIONS for _, form in tokens.words(start, end, limit=2))


_POINTERS = frozenset({"this", "that", "it", "this is", "that is", "it is", "this would be", "das", "dies", "es",
                       "das ist", "这", "这就", "这也", "此", "这正", "它", "这就是", "这些", "那"})


def _pointer(words: str, family: str) -> bool:
    """Whether the words before a comparison marker only point back ("This is like", 這就好比)."""
    from argmap.text.segment import to_simplified

    cleaned = (to_simplified(words) if family == "zh" else words.lower()).strip(_EDGE_PUNCTUATION)
    return cleaned in _POINTERS


_NEGATIONS = frozenset({"not", "t", "no", "never", "nothing", "all", "anything", "nicht", "kein", "keine", "keinen",
                        "nie", "nichts"})


def _corrects(words: list[tuple[int, str]], at: int) -> bool:
    """Whether the "but" at ``words[at]`` corrects a negation ("not A but B", "nothing but", "but also")."""
    following = words[at + 1][1] if at + 1 < len(words) else ""
    return following in ("also", "auch") or any(form in _NEGATIONS for _, form in words[max(0, at - 6):at])


def _clause_follows(words: list[tuple[int, str]], at: int, family: str) -> bool:
    """Whether ", and ..." starts a new clause rather than the last item of a list: a few words follow."""
    return len(words) - at >= (5 if family == "en" else 4)


MAX_UNIT_CHARS = 1000
"""Longest drafted statement: a longer stretch without a sentence end is cut at word boundaries."""


def _capped(cuts: list[int], tokens: _Tokens) -> list[int]:
    """The cut points, with more added so that no unit is longer than ``MAX_UNIT_CHARS``.

    A text without sentence punctuation would otherwise become one statement holding all of
    it (twice: as text and as quote). Extra cuts fall on word boundaries where possible.
    """
    out = [cuts[0]]
    for end in cuts[1:]:
        while end - out[-1] > MAX_UNIT_CHARS:
            limit = out[-1] + MAX_UNIT_CHARS
            found = bisect_left(tokens.starts, limit + 1) - 1  # last word start <= limit
            boundary = tokens.starts[found] if found >= 0 else limit
            out.append(boundary if boundary > out[-1] else limit)
        out.append(end)
    return out


# --- the argument's structure ------------------------------------------------------------------------------


def _has_cue(words: list[tuple[int, str]], cues: frozenset[str], family: str) -> bool:
    """Whether the words hold one of the cues (a word, or two or three in a row)."""
    forms = [f for _, f in words]
    joiner = "" if family == "zh" else " "
    return (any(f in cues for f in forms) or any(joiner.join(pair) in cues for pair in pairwise(forms))
            or any(joiner.join(forms[k:k + 3]) in cues for k in range(len(forms) - 2)))


_OPPONENT_ROLES = ("concession", "admission", "objection")


def _central(units: list[_Unit], text: str, tokens: _Tokens, family: str, replied: set[int]) -> int | None:
    """The unit most likely to be the text's central claim."""
    if not units:
        return None
    best, best_score = 0, float("-inf")
    last = len(units) - 1
    first_paragraph = units[0].paragraph
    for i, unit in enumerate(units):
        words = tokens.words(unit.start, unit.end)
        score = 0.0
        if unit.role in (*_OPPONENT_ROLES, "reason", "example", "continuation", "hypothetical", "analogy"):
            score -= 6
        if i in replied:  # "A. But B.": A is usually the point conceded, unless it is the one claiming
            score -= 2
        if text[unit.start:unit.end].rstrip("”’」』\"')）").endswith(("?", "？")):
            score -= 3
        if _has_cue(words, _CLAIM_CUES[family], family):
            score += 2
        if unit.role == "conclusion":
            score += 2.5
        if not unit.sentence_start and family != "zh":  # a Chinese clause is as likely a claim as a sentence
            score -= 1
        if i == 0:
            score += 1.5
        elif i == last:
            score += 1
        if unit.paragraph == first_paragraph:
            score += 0.5
        if score > best_score:
            best, best_score = i, score
    return best


def _structure(units: list[_Unit], text: str, tokens: _Tokens, family: str) -> tuple[int | None, dict[int, _Link]]:
    """The central claim and each unit's one relation (support or attack), from the discourse markers."""
    count = len(units)
    links: dict[int, _Link] = {}

    def previous(i: int) -> int | None:
        return i - 1 if i > 0 and units[i - 1].paragraph == units[i].paragraph else None

    # "Although A, B": B answers A as a reply does; "A. But B": A is what B answers
    def answers(i: int) -> bool:
        unit = units[i]
        if unit.role == "contrast":
            # a Chinese clause with 卻/但 inside a sentence contrasts its own narrative ("柯達曾是霸主，卻
            # 被淘汰"), unless an objection is open or the clause before concedes
            if family == "zh" and not unit.sentence_start:
                return open_objection(i)
            return True
        before = previous(i)
        return (unit.role is None and before is not None and units[before].sentence == unit.sentence
                and units[before].role == "concession")

    def open_objection(i: int) -> bool:
        """Whether an objection or concession stands before unit ``i`` in its paragraph."""
        k = i - 1
        while k >= 0 and units[k].paragraph == units[i].paragraph and units[k].sentence >= units[i].sentence - 1:
            if units[k].role in _OPPONENT_ROLES:
                return True
            if units[k].role == "contrast":
                return False  # answered already
            k -= 1
        return False

    # only an unmarked unit becomes the point a reply answers: "Therefore A. However B." keeps A the
    # proponent's conclusion, and B is the objection
    replied = {i - 1 for i in range(1, count)
               if answers(i) and previous(i) is not None and units[i - 1].role in (None, "concession")}
    central = _central(units, text, tokens, family, replied)
    if central is None:
        return None, links

    heads: set[int] = {i for i, u in enumerate(units) if u.role in _OPPONENT_ROLES and i != central}
    questions = [text[u.start:u.end].rstrip("”’」』\"')）").endswith(("?", "？")) for u in units]
    enumerated: dict[int, int] = {}  # paragraph -> its first enumerated item
    open_head: int | None = None
    group: int | None = None  # the objection whose elaboration is running
    paragraph_head: dict[int, int] = {}
    for i, unit in enumerate(units):
        if i == central:
            paragraph_head[unit.paragraph] = i
    for i, unit in enumerate(units):
        if unit.role == "conclusion" and i != central and unit.paragraph not in paragraph_head:
            paragraph_head[unit.paragraph] = i

    for i, unit in enumerate(units):
        before = previous(i)
        if i in heads or (i in replied and i != central and not answers(i) and i not in links
                          and open_head is None):
            heads.add(i)
            open_head = group = i
            if i != central:
                # a named objection ("critics say") challenges the central claim; a point the text
                # merely answers ("A. But B.") challenges the claim its paragraph defends
                head = paragraph_head.get(unit.paragraph, central) if unit.role is None else central
                links[i] = _Link("attack", head, f"{unit.role}-marker" if unit.role else "answered-by-reply",
                                 unit.marker)
            continue
        if i == central:
            group = None
            continue
        if answers(i):
            if open_head is not None and (before is not None or unit.sentence_start):
                target = open_head
            elif before is not None:
                target = before
            else:
                target = central
            if target == i:
                target = central
            links[i] = _Link("attack", target, "reply-to-objection" if target in heads else "contrast-marker",
                             unit.marker or (units[i - 1].marker if i > 0 else None))
            open_head = group = None
            continue
        if unit.role == "continuation" and before is not None and before in links:
            inherited = links[before]
            links[i] = _Link(inherited.kind, inherited.target, "continuation-marker", unit.marker, inherited.scheme)
            continue
        if unit.role == "reason" and (before is not None or i + 1 < count):
            opens_sentence = unit.sentence_start and i + 1 < count and units[i + 1].sentence == unit.sentence
            target = i + 1 if opens_sentence else (before if before is not None else central)
            links[i] = _Link("support", target, "reason-marker", unit.marker)
            continue
        if unit.role == "example" and before is not None:
            links[i] = _Link("support", before, "example-marker", unit.marker, "example")
            continue
        if group is not None and unit.role is None and before is not None \
                and unit.sentence <= units[group].sentence + 1:  # an objection is elaborated briefly
            links[i] = _Link("support", group, "elaborates-objection")
            continue
        group = None
        if family == "zh" and unit.role is None and before is not None and units[before].sentence == unit.sentence:
            # a report beside an evaluation in one sentence is its evidence (房間很大，有兩張床)
            here, there = _evaluative(unit, tokens), _evaluative(units[before], tokens)
            if not here and there:
                links[i] = _Link("support", before, "report-beside-evaluation")
                continue
            earlier = links.get(before)
            if here and not there and (earlier is None or earlier.rule in ("same-paragraph", "paragraph-claim")):
                # the evaluation takes the report's place, and the report becomes its evidence
                links[before] = _Link("support", i, "report-beside-evaluation")
                if paragraph_head.get(unit.paragraph) == before:
                    paragraph_head[unit.paragraph] = i
                    links[i] = _Link("support", central, "paragraph-claim")
                else:
                    links[i] = _Link("support", earlier.target if earlier else central, "same-paragraph")
                continue
        if questions[i]:
            continue  # a question raises the issue; it is no reason, nor the claim others support
        if unit.role == "enumeration" and unit.paragraph in enumerated and enumerated[unit.paragraph] in links:
            # "First, ... Second, ...": the items are siblings, each supporting what the first supports
            sibling = links[enumerated[unit.paragraph]]
            links[i] = _Link("support", sibling.target, "enumeration-marker", unit.marker)
            continue
        if unit.role == "enumeration":
            enumerated[unit.paragraph] = i
        head = paragraph_head.setdefault(unit.paragraph, i)
        if head != i:
            links[i] = _Link("support", head, "same-paragraph")
        else:
            links[i] = _Link("support", central, "paragraph-claim")
    # a conclusion marker makes what precedes it its premise
    for i, unit in enumerate(units):
        before = previous(i)
        if unit.role == "conclusion" and before is not None and before not in heads and not answers(before) \
                and (links.get(before) is None or links[before].rule in ("same-paragraph", "paragraph-claim")):
            links[before] = _Link("support", i, "conclusion-marker", unit.marker)
        elif unit.role == "conclusion" and before is not None and answers(before) and before in links \
                and units[before].sentence == unit.sentence and links.get(i) is not None \
                and links[i].rule in ("same-paragraph", "paragraph-claim"):
            # "Yet A, so B": B is the reply's point, and A its premise
            reply = links[before]
            links[i] = _Link(reply.kind, reply.target, reply.rule, reply.marker)
            links[before] = _Link("support", i, "conclusion-marker", unit.marker)
    _break_cycles(links, central)
    return central, links


_DEGREE = ("很", "太", "非常", "比较", "挺", "十分", "特别", "相当", "蛮", "超", "最", "真")


def _evaluative(unit: _Unit, tokens: _Tokens) -> bool:
    """Whether a Chinese unit evaluates (很乾淨, 太貴了, 不錯) rather than reports (有兩張床)."""
    return any(form in _EVALUATIVE or (len(form) > 1 and form.startswith(_DEGREE))
               for _, form in tokens.words(unit.start, unit.end))


def _break_cycles(links: dict[int, _Link], central: int) -> None:
    """Re-aim any relation that would close a loop at the central claim (the draft stays a tree)."""
    links.pop(central, None)
    for start in list(links):
        seen = {start}
        node = links[start].target
        while node in links:
            if node in seen:
                links[start] = _Link(links[start].kind, central, links[start].rule + "+tree", links[start].marker,
                                     links[start].scheme)
                break
            seen.add(node)
            node = links[node].target


def _roles(links: dict[int, _Link], central: int | None, count: int) -> list[str]:
    """Proponent or opponent, from the structure: support keeps the role of its target, attack turns it."""
    roles: list[str | None] = [None] * count
    if central is not None:
        roles[central] = "proponent"

    def role(i: int, depth: int = 0) -> str:
        known = roles[i]
        if known is not None:
            return known
        link = links.get(i)
        if link is None or depth > count:
            roles[i] = "proponent"
            return "proponent"
        target = role(link.target, depth + 1)
        roles[i] = target if link.kind == "support" else ("opponent" if target == "proponent" else "proponent")
        return roles[i]  # type: ignore[return-value]

    return [role(i) for i in range(count)]


_STOPWORDS = frozenset({"the", "a", "an", "of", "to", "in", "and", "or", "is", "are", "be", "we", "our", "it", "that",
                        "this", "should", "must", "for", "on", "with", "der", "die", "das", "und", "ist", "sollte",
                        "sollten", "wir", "zu", "ein", "eine", "nicht", "not", "no", "therefore", "so", "thus"})


def _content(unit: _Unit, tokens: _Tokens, family: str) -> set[str]:
    """A unit's content words (Chinese words of two or more characters; other words not in a stop list)."""
    forms = (form for _, form in tokens.words(unit.start, unit.end))
    if family == "zh":
        return {form for form in forms if len(form) >= 2}
    return {form for form in forms if form not in _STOPWORDS and len(form) > 2}


def _restatements(units: list[_Unit], links: dict[int, _Link], central: int | None, tokens: _Tokens,
                  family: str) -> dict[int, int]:
    """Units that say the central claim again (most of their content words and at least three are its own)."""
    if central is None:
        return {}
    thesis = _content(units[central], tokens, family)
    out: dict[int, int] = {}
    for i, link in links.items():
        if link.kind != "support" or link.target != central or units[i].role not in (None, "conclusion"):
            continue
        words = _content(units[i], tokens, family)
        shared = len(words & thesis)
        if shared >= 3 and shared >= 0.6 * min(len(words), len(thesis)):
            out[i] = central
    return out


class _Occurrences:
    """Which occurrence of its quote a unit is (format 1.1 ``occurrence``), for quotes the text repeats.

    A quote found again after the unit, or before it, gets its 1-based occurrence number; a quote
    the text holds once gets none. Occurrences are counted as the anchoring code counts them
    (overlapping ones too), and the scan for one quote resumes where its previous unit left it,
    so a text that repeats itself is still read about once per distinct quote.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.state: dict[str, tuple[int, int]] = {}  # quote -> (last occurrence found, its number)

    def of(self, quote: str, start: int) -> int | None:
        """The occurrence number of ``quote`` at ``start``, or None when the quote occurs only once."""
        position, count = self.state.get(quote, (-1, 0))
        while position < start:
            found = self.text.find(quote, position + 1, start + len(quote))
            if found < 0:
                break
            position, count = found, count + 1
        self.state[quote] = (position, count)
        if count == 1 and self.text.find(quote, start + 1) < 0:
            return None
        return count


# --- the map -------------------------------------------------------------------------------------------------


def draft(text: str, *, title: str | None = None, lang: str | None = None,
          source_path: str | None = None, inline_source: bool = False) -> ArgumentMap:
    """Draft a first map from a source text.

    Parameters
    ----------
    text : str
        The source text (Chinese in either script, English or German).
    title : str, optional
        The map's title; by default the text's first line when it is a heading.
    lang : str, optional
        BCP 47 tag; detected from the text when omitted (``zh-Hant``, ``zh-Hans``, ``de`` or ``en``).
        Tags starting ``zh`` use the Chinese markers, ``de`` the German ones, any other the English.
    source_path : str, optional
        Recorded as ``source.path`` (relative to where the map will be saved).
    inline_source : bool
        Record the text itself as ``source.text`` (when no path can be given).

    Returns
    -------
    ArgumentMap
        A valid map whose every element is tagged ``draft`` and says why it was proposed;
        ``main_conclusions`` names the proposed central claim, and every statement has a
        proposed ``role``.

    Examples
    --------
    >>> m = draft("We should plant more trees because trees cool the streets.")
    >>> [s.quote for s in m.statements]
    ['We should plant more trees', 'because trees cool the streets.']
    >>> m.main_conclusions, [(a.premises, a.conclusion) for a in m.arguments]
    (['s1'], [(['s2'], 's1')])
    """
    document = split_document(text)
    language = lang or _language(text)
    family = _family(language)
    undecided = _UNDECIDED[family]
    tokens = _Tokens(text, family)
    units = _units(document, tokens, family)
    central, links = _structure(units, text, tokens, family)
    roles = _roles(links, central, len(units))

    headings = [p for p in document.paragraphs if p.kind == "heading"]
    first_is_title = bool(document.paragraphs) and document.paragraphs[0].kind == "heading"
    section_ids: dict[str, str] = {}
    sections: list[dict[str, Any]] = []
    for heading in headings:
        heading_text = text[heading.start:heading.end]
        if heading_text not in section_ids:
            section_ids[heading_text] = f"sec{len(section_ids) + 1}"
            sections.append({"id": section_ids[heading_text], "title": heading_text,
                             "note": "draft: a heading of the source text"})

    statements: list[dict[str, Any]] = []
    analogies: list[dict[str, Any]] = []
    arguments: list[dict[str, Any]] = []
    attacks: list[dict[str, Any]] = []

    def note(rule: str, marker: str | None = None) -> str:
        return f"draft: proposed by rule '{rule}'" + (f" (marker '{marker}')" if marker else "")

    def add_argument(premise: str, conclusion: str, rule: str, marker: str | None,
                     scheme: str | None = None) -> None:
        arguments.append({"id": f"a{len(arguments) + 1}", "premises": [premise], "conclusion": conclusion,
                          "scheme": scheme, "section": None, "tags": [DRAFT_TAG], "note": note(rule, marker)})

    ids = [f"s{i + 1}" for i in range(len(units))]
    restated = _restatements(units, links, central, tokens, family)
    for i in restated:
        links.pop(i, None)  # a restatement is the claim again, not a reason for it
    occurrences = _Occurrences(text)
    for i, unit in enumerate(units):
        quote = text[unit.start:unit.end]
        kind = "claim"
        reasons = [f"sentence {unit.sentence + 1} of the source (rule 'sentence')" if unit.sentence_start else
                   f"a clause of sentence {unit.sentence + 1}, cut by rule 'clause-marker'"
                   + (f" (marker '{unit.marker}')" if unit.marker else "")]
        if i == central:
            reasons.append("the proposed central claim (rule 'central-claim': claim cues, markers, position)")
        if unit.role in ("concession", "admission") and i != central:
            kind = "concession"
            reasons.append(f"concession marker '{unit.marker}'")
        elif unit.role == "objection":
            reasons.append(f"objection marker '{unit.marker}'")
        elif unit.role == "example":
            kind = "example"
        elif quote.rstrip("”’」』\"')）").endswith(("?", "？")):
            kind = "question"
        section = section_ids.get(unit.section) if unit.section else None
        statement: dict[str, Any] = {"id": ids[i], "type": kind, "text": quote, "quote": quote, "section": section,
                                     "role": roles[i], "tags": [DRAFT_TAG]}
        if i in restated:
            statement["restates"] = ids[restated[i]]
            reasons.append("restates the central claim")
        statement["occurrence"] = occurrences.of(quote, unit.start)
        statement["note"] = "draft: " + "; ".join(reasons)
        statements.append(statement)

    joined: dict[tuple[int, str], dict[str, Any]] = {}  # (target, rule of the reply) -> its attack
    for i, link in sorted(links.items()):
        if link.kind == "support":
            add_argument(ids[i], ids[link.target], link.rule, link.marker, link.scheme)
            continue
        reply = joined.get((link.target, "open")) if link.rule == "continuation-marker" else None
        if reply is not None and reply["from"][-1] == ids[i - 1]:
            # "But A, and B": the clauses attack together (a joint attack, format 1.1)
            reply["from"].append(ids[i])
            reply["note"] += f"; joined by rule 'continuation-marker' (marker '{link.marker}')"
            continue
        attack = {"id": f"x{len(attacks) + 1}", "from": [ids[i]], "to": ids[link.target], "type": "rebut",
                  "tags": [DRAFT_TAG], "note": note(link.rule, link.marker)}
        attacks.append(attack)
        joined[(link.target, "open")] = attack
    for attack in attacks:
        if len(attack["from"]) == 1:
            attack["from"] = attack["from"][0]

    heading_figures: dict[str, list[str]] = {}  # heading -> its quoted phrases not yet used in its section
    for heading in headings:
        heading_text = text[heading.start:heading.end]
        heading_figures[heading_text] = [m.group(1) for m in _SCARE_QUOTED.finditer(heading_text)
                                         if len(m.group(1).strip()) >= (3 if family == "zh" else 2)]
    for i, unit in enumerate(units):
        section = section_ids.get(unit.section) if unit.section else None
        # a figure that illustrates what was said before supports the nearest claim before it
        # that is not an attack (the claim, not the reply to an objection)
        back = i - 1
        while back >= 0 and units[back].paragraph == unit.paragraph and back in links \
                and links[back].kind == "attack":
            back -= 1
        before = ids[back] if back >= 0 and units[back].paragraph == unit.paragraph else \
            (ids[central] if central is not None else None)
        figures = _figures(unit, i, units, text, tokens, family)
        quote = text[unit.start:unit.end]
        for phrase in heading_figures.get(unit.section or "", []):
            # a heading's “窮小子” is the figure its section then uses unquoted: 窮小子不一定就輸給富二代
            if phrase in quote and not any(f[4] == "quoted-phrase" and f[1] == phrase for f in figures):
                figures.append(("metaphor", phrase, None, quote, "heading-figure", phrase, "analogy", "self"))
                heading_figures[unit.section or ""].remove(phrase)
        for figure, familiar, target, quote, rule, marker, scheme, aim in figures:
            analogies.append({"id": f"an{len(analogies) + 1}", "figure": figure, "text": quote, "source": familiar,
                              "target": target or undecided, "quote": quote, "section": section,
                              "occurrence": occurrences.of(quote, unit.start), "tags": [DRAFT_TAG],
                              "note": note(rule, marker)})
            if aim == "before" and i in links and links[i].kind == "support":
                conclusion = ids[links[i].target]  # what the unit holding the figure argues for
            else:
                conclusion = (before or ids[i]) if aim == "before" else ids[i + 1] if aim == "next" else ids[i]
            add_argument(analogies[-1]["id"], conclusion, rule, None, scheme=scheme)

    section_of = {s["id"]: s["section"] for s in statements}
    section_of.update({a["id"]: a["section"] for a in analogies})
    for argument in arguments:  # an argument belongs to its conclusion's section
        argument["section"] = section_of.get(argument["conclusion"])

    byline_author = _author(document)
    source: dict[str, Any] = {}
    if source_path is not None:
        source["path"] = source_path
    elif inline_source:
        source["text"] = text
    if byline_author:
        source["author"] = byline_author
    map_title = title or (text[document.paragraphs[0].start:document.paragraphs[0].end] if first_is_title else None)
    return ArgumentMap.model_validate({
        "argmap": FORMAT_VERSION,
        "title": map_title,
        "lang": language,
        "description": "Draft proposed by `argmap draft` from discourse markers; review every element.",
        "source": source or None,
        "main_conclusions": [ids[central]] if central is not None else [],
        "sections": sections,
        "statements": statements,
        "analogies": analogies,
        "arguments": arguments,
        "attacks": attacks,
        "tags": [DRAFT_TAG],
        "notes": "Every element tagged 'draft' was proposed by a rule named in its note. Statements quote the "
                 "sentence or clause they come from; rewrite `text` as a concise paraphrase, delete what is not "
                 "argument, check the proposed central claim, roles and attack targets, and fill in analogy "
                 "targets and mappings.",
    })


# --- analogies -----------------------------------------------------------------------------------------------

_Aim = Literal["self", "before", "next"]
_Figure = tuple[str, str, str | None, str, str, str | None, str, _Aim]
"""figure, source, target, quote, rule, marker, scheme, and the unit it supports: its own, the claim
before it, or the next unit of its sentence."""


def _figures(unit: _Unit, position: int, units: list[_Unit], text: str, tokens: _Tokens,
             family: str) -> list[_Figure]:
    """The analogies, fables, precedents and metaphors a unit proposes."""
    quote = text[unit.start:unit.end]
    words = tokens.words(unit.start, unit.end)
    out: list[_Figure] = []
    taken: list[tuple[int, int]] = []  # character spans already used by a figure of this unit

    def add(figure: str, source: str, target: str | None, rule: str, marker: str | None, scheme: str,
            aim: _Aim, span: tuple[int, int] | None = None) -> None:
        if span is not None:
            if any(span[0] < b and a < span[1] for a, b in taken):
                return
            taken.append(span)
        source = source.strip(_EDGE_PUNCTUATION) or quote
        out.append((figure, source, target, quote, rule, marker, scheme, aim))

    # explicit comparisons and hypotheticals
    for at in range(len(words)):
        for role in ("analogy", "hypothetical"):
            length = _match(words, at, family, role)
            if not length:
                continue
            first, last = words[at][0], words[at + length - 1][0]
            marker_start, marker_end = tokens.spans[first][0], tokens.spans[last][1]
            marker = text[marker_start:marker_end]
            clause_end = _CLAUSE_BREAK.search(text, marker_end, unit.end)
            source_end = clause_end.start() if clause_end else unit.end
            familiar = text[marker_end:source_end].strip(_EDGE_PUNCTUATION)
            before = text[unit.start:marker_start].strip(_EDGE_PUNCTUATION)
            after = text[source_end:unit.end].strip(_EDGE_PUNCTUATION)
            if not familiar and clause_end is not None:  # "Think of it this way: <the familiar case>"
                source_end = unit.end
                familiar = text[clause_end.end():unit.end].strip(_EDGE_PUNCTUATION)
                after = ""
            introduces = not familiar and position + 1 < len(units)  # "Think of it this way." + next unit
            if introduces:
                following = units[position + 1]
                familiar = text[following.start:following.end]
            if not familiar or (role == "hypothetical" and at > (0 if family == "zh" else 1)):
                continue
            figure = "metaphor" if role == "analogy" else "hypothetical"
            copula = _COPULA.match(familiar) if family != "zh" else None
            if copula and not (before or after):
                # "Think of it this way: a tree is a pension": the pension is the familiar case, the tree the
                # target, and the figure illustrates the claim before it
                add(figure, copula.group(2), copula.group(1), f"{role}-marker", marker, "analogy", "before",
                    (marker_start, source_end))
                break
            aim: _Aim = "self"
            if not before and not after and position + 1 < len(units) \
                    and units[position + 1].sentence == unit.sentence:
                # "就像X，Y" cut into two units: Y, the next unit, is the target
                following = units[position + 1]
                after, aim = text[following.start:following.end], "next"
            elif introduces or not after:  # "Think of it this way: ...", "A is like B": it illustrates a claim
                aim = "before"
            target = before or after or None
            if target is not None and _pointer(target, family) and position > 0 \
                    and units[position - 1].paragraph == unit.paragraph:
                # "這就好比刻舟求劍", "This is like ...": the target is what the text just said
                target = text[units[position - 1].start:units[position - 1].end]
            add(figure, familiar, target, f"{role}-marker", marker, "analogy", aim, (marker_start, source_end))
            break
        if out:
            break
    if family == "zh":
        last = position
        while last + 1 < len(units) and units[last + 1].sentence == unit.sentence:
            last += 1
        out.extend(_chinese_figures(unit, quote, words, text, tokens, add, units[last].end))
    else:
        lowered = quote.lower()
        for fable in _FABLES_EN:
            at = lowered.find(fable)
            if at >= 0:
                add("fable", quote[at:at + len(fable)], None, "named-fable", quote[at:at + len(fable)], "analogy",
                    "self", (unit.start + at, unit.start + at + len(fable)))
        for vehicle in _VEHICLES_EN:
            at = lowered.find(f" is {vehicle}") if f" is {vehicle}" in lowered else lowered.find(f" are {vehicle}")
            if at >= 0:
                add("metaphor", quote[at:].strip(" .!?"), quote[:at], "metaphor-vehicle", vehicle, "analogy", "self",
                    (unit.start + at, unit.end))
    for phrase in _SCARE_QUOTED.finditer(quote):
        # a short phrase in quotation marks is often used figuratively ("窮小子", 「一顆衛星」)
        inner = phrase.group(1)
        # (not a two-character word: “成功” in quotation marks is irony, not a figure)
        if not _SENTENCE_PUNCTUATION.search(inner) and (len(inner.strip()) >= 3 if family == "zh"
                                                         else " " not in inner.strip()):
            add("metaphor", inner, None, "quoted-phrase", phrase.group(0), "analogy", "self",
                (unit.start + phrase.start(), unit.start + phrase.end()))
    case = _YEAR.search(quote) or _AGE.search(quote)
    if case and _names_a_case(words, family, text, tokens):
        add("historical", quote, None, "named-historical-case", case.group(0), "precedent", "before")
    return out


@lru_cache(maxsize=1)
def _named_figures() -> re.Pattern[str]:
    """One pattern for every named fable and allusion, longest first (龜兔賽跑 before a shorter name in it)."""
    return re.compile("|".join(re.escape(name) for name in sorted(_FABLES | _ALLUSIONS, key=len, reverse=True)))


def _chinese_figures(unit: _Unit, quote: str, words: list[tuple[int, str]], text: str, tokens: _Tokens,
                     add: Any, sentence_end: int) -> list[_Figure]:
    """Chinese figures: fables and idioms used as figures, proverbs, precedents, metaphors, named figures."""
    from argmap.text.segment import to_simplified, word_tags

    tags = word_tags()
    at_hand = tokens.names_at_hand(tags)
    simplified = to_simplified(quote)
    forms = [form for _, form in words]
    # named fables and allusions, by name (they may span several tokens: 龜兔賽跑, 夏蟲不可語冰)
    for found in _named_figures().finditer(simplified):
        name, at = found.group(), found.start()
        if name:
            figure = "allusion" if name in _ALLUSIONS else "idiom" if tags.get(name) == "i" else "fable"
            add(figure, quote[at:at + len(name)], None, "named-fable", quote[at:at + len(name)], "analogy", "self",
                (unit.start + at, unit.start + at + len(name)))
    compared = any(_match(words, k, "zh", "analogy") for k in range(len(words)))
    for k, (index, form) in enumerate(words):
        span = tokens.spans[index]
        idiom = text[span[0]:span[1]]
        if len(form) >= 4 and tags.get(form) == "i":
            # an idiom is a figure only when it paints an image or stands in a comparison
            quoted = span[0] > 0 and text[span[0] - 1] in "“「『\"" and span[1] < len(text) \
                and text[span[1]] in "”」』\""
            likened = k + 1 < len(words) and words[k + 1][1] in {"一样", "一般", "似的", "般"}
            creature = any(char in _CREATURES for char in form)
            if creature or quoted or likened or (compared and k > 0 and _match(words, k - 1, "zh", "analogy")):
                why = "creature-idiom" if creature else "idiom-in-comparison"
                add("idiom", idiom, None, why, idiom, "analogy", "self", span)
        if form in _PROVERB or (form == "所谓" and k > 0 and words[k - 1][1] == "正"):  # 正+所謂, not 所謂 "so-called"
            rest = text[span[1]:unit.end].strip(_EDGE_PUNCTUATION)
            if not rest:
                continue
            add("allusion", rest, None, "proverb-marker", idiom, "analogy", "before", (span[0], unit.end))
        if form in _VEHICLES and k > 0 and any(f in _LINKING for f in forms[max(0, k - 8):k]):
            add("metaphor", idiom, text[unit.start:span[0]].strip(_EDGE_PUNCTUATION) or None, "metaphor-vehicle",
                idiom, "analogy", "self", span)
        if form == _FORTIORI_EVEN and any(f in _FORTIORI_ALSO for f in forms[k + 1:k + 10]) \
                and any(tags.get(f, "")[:2] in ("nr", "ns", "nt") for f in forms[k + 1:k + 10]):
            add("example", text[span[0]:unit.end], None, "a-fortiori-case", idiom, "a_fortiori", "before",
                (span[0], unit.end))
    named = [f for f in forms if tags.get(f, "")[:2] in ("nr", "ns") and f not in at_hand]
    if named and any(f in _HISTORY for f in forms):
        add("historical", quote, None, "named-past-case", next(f for f in forms if f in _HISTORY), "precedent",
            "before", (unit.start, unit.end))
    people = [k for k, f in enumerate(forms) if tags.get(f, "") == "nr" and len(f) >= 2 and f not in at_hand]
    # the clause that follows in the same sentence may hold the verb: "哥白尼的觀察，證明了..."
    following = [f for _, f in tokens.words(unit.end, sentence_end, limit=6)]
    if people and people[0] <= 2 and any(f in _EVIDENCE for f in forms[people[0]:] + following):
        # "哥白尼對...的觀察，證明..." — a named figure offered as evidence
        add("historical", quote, None, "named-figure-as-evidence", words[people[0]][1], "precedent", "before",
            (unit.start, unit.end))
    return []


def _names_a_case(words: list[tuple[int, str]], family: str, text: str, tokens: _Tokens) -> bool:
    """Whether a unit with a year also names someone or somewhere (a historical case)."""
    if family == "zh":
        from argmap.text.segment import word_tags

        tags = word_tags()
        return any(tags.get(form, "")[:2] in ("nr", "ns", "nt") for _, form in words)
    return any(text[tokens.spans[index][0]].isupper() for index, _ in words[1:])


_BYLINE_AUTHOR = re.compile(r"^(?:文|作者|撰文|By)\s*[/／:：|丨]?\s*(.+)$")


def _author(document: Document) -> str | None:
    for paragraph in document.paragraphs:
        if paragraph.kind == "byline":
            match = _BYLINE_AUTHOR.match(document.text[paragraph.start:paragraph.end])
            if match:
                return match.group(1).strip()
    return None

