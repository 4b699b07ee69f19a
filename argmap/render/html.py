"""A self-contained, offline HTML viewer of a map: the diagram beside the source text.

The page opens with the whole drawing fitted to the window; it pans (drag, arrow keys) and
zooms (wheel, pinch, ``+``/``-``, ``0`` to fit). Clicking a node lights what supports and
attacks it (for an objection: also what it attacks, and the replies to it) and scrolls the text
to its quote; selecting a passage of the text lights the nodes that quote it. The "−" badge on
a node folds what hangs below it (and "＋n" unfolds it). The search box finds nodes by text or
id. Statuses passed in (``statuses=``) can be switched on and off. Every quoted span of the
text is highlighted and unquoted paragraphs are marked (the coverage report, drawn).
Interface strings follow the map's language (en, zh-Hant, zh-Hans).

Nothing is loaded from the network, and no library is bundled: pan and zoom are a CSS
transform on the SVG (about forty lines, composited by the browser at frame rate), which is
all a pan-zoom library would do here. The map's texts reach the page only as escaped HTML and
SVG text and as a JSON block whose ``<``, ``>`` and ``&`` are written as ``\\u003c`` etc., read
by a fixed script that inserts them with ``textContent``: no map content can become markup.
"""

from __future__ import annotations

import html
import json
import re
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from argmap.model import Analogy, ArgumentMap, propositions
from argmap.render.theme import THEMES, captions_for

if TYPE_CHECKING:
    from argmap.render.dot import RenderOptions
    from argmap.selection import View

__all__ = ["STRINGS", "page"]

_PROLOG = re.compile(r"^\s*<\?xml[^>]*>\s*(<!DOCTYPE[^>]*>\s*)?", re.S)

STRINGS: dict[str, dict[str, str]] = {
    "en": {"search": "Search text or id", "fit": "Fit", "zoom_in": "Zoom in", "zoom_out": "Zoom out",
           "text": "Text", "statuses": "Statuses", "no_source": "The map names no source text.",
           "unquoted": "not quoted in the map", "fold": "Fold what hangs below", "unfold": "Unfold",
           "help": "Drag to pan, wheel or pinch to zoom, 0 fits; click a node to light its reasons and "
                   "objections and find its quote; select text to find the nodes quoting it; − folds.",
           "matches": "matches", "differences": "Differences", "quote": "Quote", "note": "Note"},
    "zh-Hant": {"search": "搜尋文字或編號", "fit": "適合視窗", "zoom_in": "放大", "zoom_out": "縮小",
                "text": "原文", "statuses": "評估狀態", "no_source": "此論證圖未附原文。",
                "unquoted": "論證圖未引用此段", "fold": "收起下方的論證", "unfold": "展開",
                "help": "拖曳平移，滾輪或雙指縮放，按 0 適合視窗；點選節點可標示其理由與反對並找到引文；"
                        "在原文中選取文字可找到引用它的節點；− 收起。",
                "matches": "個符合", "differences": "不同之處", "quote": "引文", "note": "附註"},
    "zh-Hans": {"search": "搜索文字或编号", "fit": "适合窗口", "zoom_in": "放大", "zoom_out": "缩小",
                "text": "原文", "statuses": "评估状态", "no_source": "此论证图未附原文。",
                "unquoted": "论证图未引用此段", "fold": "收起下方的论证", "unfold": "展开",
                "help": "拖动平移，滚轮或双指缩放，按 0 适合窗口；点选节点可标示其理由与反对并找到引文；"
                        "在原文中选取文字可找到引用它的节点；− 收起。",
                "matches": "个符合", "differences": "不同之处", "quote": "引文", "note": "附注"},
}
"""The viewer's interface strings per language."""


def _strings_for(lang: str | None) -> dict[str, str]:
    words = captions_for(lang)
    if words is captions_for("zh-Hans"):
        return STRINGS["zh-Hans"]
    if words is captions_for("zh-Hant"):
        return STRINGS["zh-Hant"]
    return STRINGS["en"]


_SCRIPT = r"""
(function () {
  'use strict';
  var started = performance.now();
  var data = JSON.parse(document.getElementById('argmap-data').textContent);
  var S = data.strings;
  var canvas = document.getElementById('canvas');
  var svg = canvas.querySelector('svg');
  var tip = document.getElementById('tip');
  var textPane = document.getElementById('text');
  var vb = svg.viewBox.baseVal;
  var W = vb.width * 4 / 3, H = vb.height * 4 / 3;  // points to CSS pixels, as at natural size
  svg.removeAttribute('preserveAspectRatio');
  var view = { x: 0, y: 0, k: 1 }, frame = 0, drawnScale = 0;
  function apply() {
    // zoom sets the SVG's own size (the browser redraws the vector picture at that size, once);
    // pan is a translation only, which the compositor moves without redrawing: frame rate on big maps.
    // (Scaling a natural-size SVG with a CSS transform instead would rasterise the whole drawing
    // at full size on every frame: 4 frames a second on a 1,000-node map.)
    frame = 0;
    if (view.k !== drawnScale) {
      svg.setAttribute('width', W * view.k); svg.setAttribute('height', H * view.k);
      drawnScale = view.k;
    }
    svg.style.transform = 'translate(' + view.x + 'px,' + view.y + 'px)';
  }
  function schedule() { if (!frame) { frame = requestAnimationFrame(apply); } }
  function fit() {
    var r = canvas.getBoundingClientRect();
    var k = Math.min(r.width / W, r.height / H) * 0.97;
    view = { k: k, x: (r.width - W * k) / 2, y: (r.height - H * k) / 2 };
    apply();
  }
  function zoomAt(factor, px, py) {
    var k = Math.min(Math.max(view.k * factor, 0.02), 8);
    view.x = px - (px - view.x) * k / view.k;
    view.y = py - (py - view.y) * k / view.k;
    view.k = k;
    schedule();
  }
  function centre() { var r = canvas.getBoundingClientRect(); return [r.width / 2, r.height / 2]; }
  window.argmapView = { fit: fit, state: function () { return { x: view.x, y: view.y, k: view.k }; },
    panBy: function (dx, dy) { view.x += dx; view.y += dy; apply(); } };

  // --- pan and zoom: wheel, drag, pinch, keyboard --------------------------------------------
  canvas.addEventListener('wheel', function (ev) {
    ev.preventDefault();
    var r = canvas.getBoundingClientRect();
    zoomAt(Math.exp(-ev.deltaY * (ev.deltaMode ? 0.05 : 0.0015)), ev.clientX - r.left, ev.clientY - r.top);
  }, { passive: false });
  var pointers = {}, moved = false, pinch = null;
  canvas.addEventListener('pointerdown', function (ev) {
    if (ev.target.closest && ev.target.closest('.fold')) { return; }
    pointers[ev.pointerId] = { x: ev.clientX, y: ev.clientY };
    moved = false;
    var ids = Object.keys(pointers);
    if (ids.length === 2) {
      var a = pointers[ids[0]], b = pointers[ids[1]];
      pinch = { d: Math.hypot(a.x - b.x, a.y - b.y) };
    }
  });
  canvas.addEventListener('pointermove', function (ev) {
    var p = pointers[ev.pointerId];
    if (!p) { return; }
    var ids = Object.keys(pointers);
    if (ids.length === 2 && pinch) {
      p.x = ev.clientX; p.y = ev.clientY;
      var a = pointers[ids[0]], b = pointers[ids[1]], r = canvas.getBoundingClientRect();
      var d = Math.hypot(a.x - b.x, a.y - b.y);
      if (pinch.d > 0) { zoomAt(d / pinch.d, (a.x + b.x) / 2 - r.left, (a.y + b.y) / 2 - r.top); }
      pinch.d = d; moved = true;
      return;
    }
    var dx = ev.clientX - p.x, dy = ev.clientY - p.y;
    if (!moved && Math.abs(dx) + Math.abs(dy) < 4) { return; }
    if (!moved) { canvas.setPointerCapture(ev.pointerId); }
    moved = true;
    view.x += dx; view.y += dy; p.x = ev.clientX; p.y = ev.clientY;
    canvas.classList.add('dragging');
    schedule();
  });
  function release(ev) {
    delete pointers[ev.pointerId];
    if (Object.keys(pointers).length < 2) { pinch = null; }
    canvas.classList.remove('dragging');
  }
  canvas.addEventListener('pointerup', release);
  canvas.addEventListener('pointercancel', release);
  document.addEventListener('keydown', function (ev) {
    if (ev.target && (ev.target.tagName === 'INPUT' || ev.target.tagName === 'TEXTAREA')) {
      if (ev.key === 'Escape') { ev.target.blur(); clear(); }
      return;
    }
    var c = centre(), step = 80;
    if (ev.key === '+' || ev.key === '=') { zoomAt(1.25, c[0], c[1]); }
    else if (ev.key === '-' || ev.key === '_') { zoomAt(0.8, c[0], c[1]); }
    else if (ev.key === '0') { fit(); }
    else if (ev.key === 'ArrowLeft') { view.x += step; schedule(); }
    else if (ev.key === 'ArrowRight') { view.x -= step; schedule(); }
    else if (ev.key === 'ArrowUp') { view.y += step; schedule(); }
    else if (ev.key === 'ArrowDown') { view.y -= step; schedule(); }
    else if (ev.key === '/') { ev.preventDefault(); search.focus(); }
    else if (ev.key === 'Escape') { clear(); }
    else { return; }
    ev.preventDefault();
  });
  document.getElementById('fit').addEventListener('click', fit);
  function zoomCentre(factor) { var c = centre(); zoomAt(factor, c[0], c[1]); }
  document.getElementById('zoom-in').addEventListener('click', function () { zoomCentre(1.25); });
  document.getElementById('zoom-out').addEventListener('click', function () { zoomCentre(0.8); });

  // --- the graph: who hangs below whom --------------------------------------------------------
  var below = {}, above = {}, attacksOut = {};
  data.edges.forEach(function (e) {
    if (e.kind === 'stub' || e.kind === 'restates') { return; }
    (below[e.to] = below[e.to] || []).push(e);
    (above[e.from] = above[e.from] || []).push(e);
  });
  var nodes = {};
  svg.querySelectorAll('g.node').forEach(function (el) { if (data.nodes[el.id]) { nodes[el.id] = el; } });
  Object.keys(nodes).forEach(function (id) {
    var info = data.nodes[id];
    if (info.status) { nodes[id].classList.add('st-' + info.status); }
    // the node's outline: the first shape Graphviz drew for it (coloured by status and search)
    var shape = nodes[id].querySelector('path, polygon, ellipse');
    if (shape) { shape.classList.add('shape'); }
  });
  function nodeOf(el) {
    while (el && el !== svg) {
      if (el.classList && el.classList.contains('node') && data.nodes[el.id]) { return el; }
      el = el.parentNode;
    }
    return null;
  }

  // --- highlighting -----------------------------------------------------------------------------
  function clear() {
    svg.classList.remove('focused');
    document.querySelectorAll('.lit').forEach(function (n) { n.classList.remove('lit', 'support', 'attack'); });
    document.querySelectorAll('mark.current').forEach(function (m) { m.classList.remove('current'); });
  }
  function light(ids) {
    clear();
    if (!ids.length) { return; }
    svg.classList.add('focused');
    ids.forEach(function (id) { if (nodes[id]) { nodes[id].classList.add('lit'); } });
  }
  function chain(start) {
    // what supports and attacks it, all the way down; for an attacker, also what it attacks
    var seen = {}, queue = [start], edges = [];
    while (queue.length) {
      var id = queue.shift();
      if (seen[id]) { continue; }
      seen[id] = true;
      (below[id] || []).forEach(function (e) { edges.push(e); queue.push(e.from); });
    }
    // an objection: what it attacks (through a joint attack's junction), and for an undercut the
    // conclusion of the inference it attacks
    (above[start] || []).forEach(function (e) {
      if (!e.attack) { return; }
      edges.push(e); seen[e.to] = true;
      var target = data.nodes[e.to];
      (above[e.to] || []).forEach(function (f) {
        if (f.attack || (target && (target.kind === 'argument' || target.kind === 'attack'))) {
          edges.push(f); seen[f.to] = true;
          var next = data.nodes[f.to];
          if (next && (next.kind === 'argument' || next.kind === 'attack')) {
            (above[f.to] || []).forEach(function (g) { edges.push(g); seen[g.to] = true; });
          }
        }
      });
    });
    return { nodes: Object.keys(seen), edges: edges };
  }
  function select(id) {
    var found = chain(id);
    light(found.nodes);
    found.edges.forEach(function (e) {
      var edge = document.getElementById(e.id);
      if (edge) { edge.classList.add('lit', e.attack ? 'attack' : 'support'); }
    });
    var marks = textPane.querySelectorAll('mark');
    var first = null;
    marks.forEach(function (m) {
      if ((' ' + m.dataset.nodes + ' ').indexOf(' ' + id + ' ') >= 0) {
        m.classList.add('current'); if (!first) { first = m; }
      }
    });
    if (first) { first.scrollIntoView({ block: 'center', behavior: 'instant' }); }
  }
  svg.addEventListener('click', function (ev) {
    if (moved) { return; }
    if (ev.target.closest && ev.target.closest('.fold')) { return; }
    var el = nodeOf(ev.target);
    if (!el) { clear(); return; }
    select(el.id);
  });

  // --- tooltips beside (never over) the node ------------------------------------------------------
  function show(el) {
    var info = data.nodes[el.id];
    tip.replaceChildren();
    [['text', info.text], ['quote', info.quote], ['note', info.note]].forEach(function (part) {
      if (!part[1]) { return; }
      var p = document.createElement('p');
      p.className = part[0];
      p.textContent = part[0] === 'quote' ? '\u300c' + part[1] + '\u300d' : part[1];
      tip.appendChild(p);
    });
    if (info.disanalogies && info.disanalogies.length) {
      var h = document.createElement('p'); h.className = 'head'; h.textContent = S.differences;
      tip.appendChild(h);
      var ul = document.createElement('ul');
      info.disanalogies.forEach(function (d) {
        var li = document.createElement('li'); li.textContent = '\u2260 ' + d; ul.appendChild(li);
      });
      tip.appendChild(ul);
    }
    if (!tip.childNodes.length) { tip.hidden = true; return; }
    tip.hidden = false;
    var r = el.getBoundingClientRect(), t = tip.getBoundingClientRect();
    var left = r.right + 12;
    if (left + t.width > window.innerWidth - 8) { left = r.left - t.width - 12; }
    var top = Math.min(Math.max(r.top, 8), window.innerHeight - t.height - 8);
    if (left < 8) {  // no room beside it: above or below it
      left = Math.min(Math.max(r.left, 8), window.innerWidth - t.width - 8);
      top = r.top - t.height - 12 >= 8 ? r.top - t.height - 12 : r.bottom + 12;
    }
    tip.style.left = left + 'px'; tip.style.top = top + 'px';
  }
  var hovered = null;
  svg.addEventListener('mouseover', function (ev) {
    var el = nodeOf(ev.target);
    if (el === hovered) { return; }
    hovered = el;
    if (el && !canvas.classList.contains('dragging')) { show(el); } else { tip.hidden = true; }
  });
  svg.addEventListener('mouseleave', function () { hovered = null; tip.hidden = true; });

  // --- folding -----------------------------------------------------------------------------------
  var folded = {}, badges = {};
  var tops = Object.keys(nodes).filter(function (id) { return !(above[id] || []).length; });
  function reach(stopAtFolds) {
    var seen = {}, queue = tops.slice();
    while (queue.length) {
      var id = queue.pop();
      if (seen[id]) { continue; }
      seen[id] = true;
      if (stopAtFolds && folded[id]) { continue; }
      (below[id] || []).forEach(function (e) { queue.push(e.from); });
    }
    return seen;
  }
  var always = {}, base = reach(false);
  Object.keys(nodes).forEach(function (id) { if (!base[id]) { always[id] = true; } });
  function refold() {
    var seen = reach(true);
    Object.keys(nodes).forEach(function (id) {
      nodes[id].classList.toggle('folded-away', !(seen[id] || always[id]));
    });
    data.edges.forEach(function (e) {
      var el = document.getElementById(e.id);
      if (!el) { return; }
      var hide = (nodes[e.from] && nodes[e.from].classList.contains('folded-away')) ||
                 (nodes[e.to] && nodes[e.to].classList.contains('folded-away')) ||
                 (e.kind === 'stub' && false);
      el.classList.toggle('folded-away', !!hide);
    });
    Object.keys(badges).forEach(function (id) {
      var count = 0;
      if (folded[id]) {
        var queue = (below[id] || []).map(function (e) { return e.from; }), s = {};
        while (queue.length) {
          var n = queue.pop();
          if (s[n] || !nodes[n] || !nodes[n].classList.contains('folded-away')) { continue; }
          s[n] = true;
          if (data.nodes[n].kind !== 'argument' && data.nodes[n].kind !== 'attack') { count += 1; }
          (below[n] || []).forEach(function (e) { queue.push(e.from); });
        }
      }
      var label = badges[id].querySelector('text');
      label.textContent = folded[id] ? '\uff0b' + count : '\u2212';
      badges[id].querySelector('title').textContent = folded[id] ? S.unfold : S.fold;
      badges[id].classList.toggle('is-folded', !!folded[id]);
    });
  }
  var NS = 'http://www.w3.org/2000/svg';
  // read every box first, then add the badges: interleaving reads and writes would lay the page out
  // once per node (seconds on a 1,000-node map instead of milliseconds)
  var foldable = Object.keys(nodes).filter(function (id) {
    var kind = data.nodes[id].kind;
    return (kind === 'statement' || kind === 'analogy') && (below[id] || []).length;
  });
  var boxes = foldable.map(function (id) { return nodes[id].getBBox(); });
  foldable.forEach(function (id, i) {
    var box = boxes[i];
    var g = document.createElementNS(NS, 'g');
    g.setAttribute('class', 'fold');
    g.setAttribute('data-node', id);
    var c = document.createElementNS(NS, 'rect');
    c.setAttribute('x', box.x + box.width - 20); c.setAttribute('y', box.y + box.height - 9);
    c.setAttribute('width', 26); c.setAttribute('height', 16); c.setAttribute('rx', 8);
    var t = document.createElementNS(NS, 'text');
    t.setAttribute('x', box.x + box.width - 7); t.setAttribute('y', box.y + box.height + 3);
    t.setAttribute('text-anchor', 'middle');
    var title = document.createElementNS(NS, 'title');
    g.appendChild(title); g.appendChild(c); g.appendChild(t);
    nodes[id].parentNode.appendChild(g);
    badges[id] = g;
    g.addEventListener('click', function (ev) {
      ev.stopPropagation();
      folded[id] = !folded[id];
      refold();
    });
  });
  refold();

  // --- search ------------------------------------------------------------------------------------
  var search = document.getElementById('search'), count = document.getElementById('count');
  var matches = [], current = -1;
  search.addEventListener('input', function () {
    var q = search.value.trim().toLowerCase();
    svg.querySelectorAll('.match').forEach(function (n) { n.classList.remove('match'); });
    matches = [];
    current = -1;
    if (q) {
      Object.keys(nodes).forEach(function (id) {
        var info = data.nodes[id];
        var hay = (id + ' ' + (info.text || '') + ' ' + (info.quote || '')).toLowerCase();
        if (hay.indexOf(q) >= 0) { matches.push(id); nodes[id].classList.add('match'); }
      });
    }
    svg.classList.toggle('searching', !!q);
    count.textContent = q ? matches.length + ' ' + S.matches : '';
  });
  search.addEventListener('keydown', function (ev) {
    if (ev.key !== 'Enter' || !matches.length) { return; }
    current = (current + 1) % matches.length;
    var el = nodes[matches[current]], r = el.getBoundingClientRect(), c = canvas.getBoundingClientRect();
    view.x += c.left + c.width / 2 - (r.left + r.width / 2);
    view.y += c.top + c.height / 2 - (r.top + r.height / 2);
    apply();
    select(matches[current]);
  });

  // --- statuses on and off -------------------------------------------------------------------------
  var toggle = document.getElementById('statuses');
  if (toggle) {
    document.body.classList.toggle('statuses', toggle.checked);
    toggle.addEventListener('change', function () { document.body.classList.toggle('statuses', toggle.checked); });
  }

  // --- the text: selecting a passage lights the nodes quoting it ---------------------------------
  var textToggle = document.getElementById('show-text');
  textToggle.addEventListener('change', function () {
    document.body.classList.toggle('no-text', !textToggle.checked);
    fit();
  });
  textPane.addEventListener('mouseup', function () {
    var sel = window.getSelection();
    if (!sel || sel.isCollapsed || !sel.rangeCount) { return; }
    var range = sel.getRangeAt(0), ids = {};
    textPane.querySelectorAll('mark').forEach(function (m) {
      if (range.intersectsNode(m)) { m.dataset.nodes.split(' ').forEach(function (id) { ids[id] = true; }); }
    });
    light(Object.keys(ids));
  });
  textPane.addEventListener('click', function (ev) {
    var m = ev.target.closest && ev.target.closest('mark');
    var sel = window.getSelection();
    if (!m || (sel && !sel.isCollapsed)) { return; }
    light(m.dataset.nodes.split(' '));
  });
  window.addEventListener('resize', fit);
  fit();
  window.argmapReadyMs = performance.now();  // since navigation started: how long until the page is interactive
  window.argmapScriptMs = window.argmapReadyMs - started;  // of which the viewer's own set-up
  document.body.classList.add('ready');
})();
"""


def _css_fonts(families: str) -> str:
    """A Graphviz font list as a CSS ``font-family`` value (each name quoted, nothing that could end the rule)."""
    names = [re.sub(r"[^\w .-]", "", name).strip() for name in families.split(",")]
    return ", ".join(f'"{name}"' if name != "sans-serif" else name for name in names if name)


def _json_for_script(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return (text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _spans(map: ArgumentMap, text: str) -> tuple[list[tuple[int, int, str]], list[tuple[int, int, str, bool]]]:
    """The quoted spans (start, end, node) and the paragraphs (start, end, kind, quoted) of the text."""
    from argmap.text.anchor import anchor
    from argmap.text.source import split_document

    document = split_document(text)
    nodes = {n.id: n for n in propositions(map)}
    spans: list[tuple[int, int, str]] = []
    for found in anchor(map, document):
        if not found.occurrences:
            continue
        occurrence = getattr(nodes.get(found.node), "occurrence", None)
        pick = occurrence - 1 if occurrence and 0 < occurrence <= len(found.occurrences) else 0
        start, end = found.occurrences[pick]
        spans.append((start, end, found.node))
    paragraphs: list[tuple[int, int, str, bool]] = []
    for paragraph in document.paragraphs:
        quoted = any(start < paragraph.end and end > paragraph.start for start, end, _ in spans)
        paragraphs.append((paragraph.start, paragraph.end, paragraph.kind, quoted))
    return spans, paragraphs


def _text_pane(map: ArgumentMap, text: str | None, strings: dict[str, str]) -> str:
    """The source text as HTML: paragraphs, quoted spans as ``<mark data-nodes>``, unquoted ones marked."""
    if not text:
        return f'<p class="empty">{html.escape(strings["no_source"])}</p>'
    spans, paragraphs = _spans(map, text)
    out = []
    for start, end, kind, quoted in paragraphs:
        inside = [(max(s, start), min(e, end), node) for s, e, node in spans if s < end and e > start]
        cuts = sorted({start, end, *(s for s, _, _ in inside), *(e for _, e, _ in inside)})
        pieces = []
        for left, right in pairwise(cuts):
            covering = [node for s, e, node in inside if s <= left and e >= right]
            chunk = html.escape(text[left:right])
            if covering:
                ids = html.escape(" ".join(dict.fromkeys(covering)), quote=True)
                pieces.append(f'<mark data-nodes="{ids}">{chunk}</mark>')
            else:
                pieces.append(chunk)
        classes = [kind] + ([] if quoted or kind in ("heading", "byline") else ["unquoted"])
        note = (f'<span class="unquoted-note">{html.escape(strings["unquoted"])}</span>'
                if "unquoted" in classes else "")
        out.append(f'<p class="{" ".join(classes)}" data-start="{start}">{note}{"".join(pieces)}</p>')
    return "\n".join(out)


def page(map: ArgumentMap, view: View, svg: str, edges: list[dict[str, Any]], options: RenderOptions) -> str:
    """A complete HTML viewer around an SVG drawing of the map.

    Parameters
    ----------
    map : ArgumentMap
        The whole map (its source text is shown beside the drawing).
    view : argmap.selection.View
        What the drawing shows.
    svg : str
        The diagram as drawn by Graphviz.
    edges : list of dict
        The drawn edges as ``{"id", "from", "to", "attack", "kind"}`` (their SVG element ids and
        ends), used to light chains and to fold.
    options : RenderOptions
        Theme, statuses (shown with a switch), and ``source_text`` for the text pane.
    """
    colours = THEMES[options.theme]
    strings = _strings_for(map.lang)
    statuses = dict(options.statuses or {})
    nodes: dict[str, dict[str, Any]] = {}
    for node in propositions(view.map):
        nodes[node.id] = {"kind": "analogy" if isinstance(node, Analogy) else "statement", "text": node.text,
                          "quote": node.quote, "note": node.note,
                          "disanalogies": list(node.disanalogies) if isinstance(node, Analogy) else []}
    for argument in view.map.arguments:
        nodes[argument.id] = {"kind": "argument", "text": argument.scheme or "", "quote": None, "note": argument.note}
    for attack in view.map.attacks:
        nodes[attack.id] = {"kind": "attack", "text": attack.type, "quote": None, "note": attack.note}
    for node_id, status in statuses.items():
        if node_id in nodes:
            nodes[node_id]["status"] = status
    body = _PROLOG.sub("", svg)
    body = re.sub(r"<!--.*?-->", "", body, flags=re.S)
    # the page's own tooltip sits beside a node; the browser's native one (from Graphviz's titles) would cover it
    body = re.sub(r'\s(?:xlink:)?title="[^"]*"', "", body)
    body = re.sub(r"<title>[^<]*</title>", "", body)
    # every text element repeats the font list: say it once in the style sheet (a fifth of a big page)
    font = re.search(r' font-family="([^"]*)"', body)
    font_family = html.unescape(font.group(1)) if font else "sans-serif"
    if font:
        body = body.replace(font.group(0), "")
    title = html.escape(map.title or "argument map")
    lang = html.escape(map.lang or "en", quote=True)
    text = options.source_text
    if text is None and map.source is not None:
        text = map.source.text
    pane = _text_pane(map, text, strings)
    semantics = f" ({html.escape(options.evaluation)})" if options.evaluation else ""
    status_switch = (f'<label><input type="checkbox" id="statuses"{" checked" if options.show_statuses else ""}> '
                     f'{html.escape(strings["statuses"])}{semantics}</label>' if statuses else "")
    s = {key: html.escape(value, quote=True) for key, value in strings.items()}
    return f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="argmap">
<title>{title}</title>
<style>
html, body {{ height: 100%; }}
body {{ margin: 0; background: {colours.background}; color: {colours.text}; display: flex; flex-direction: column;
       font-family: "Noto Sans CJK TC", "PingFang TC", "Microsoft JhengHei", "Noto Sans", sans-serif; }}
header {{ display: flex; align-items: center; gap: 12px; padding: 6px 14px; flex-wrap: wrap;
         border-bottom: 1px solid {colours.cluster_border}; font-size: 13px; }}
header h1 {{ font-size: 16px; margin: 0; flex: 1 1 auto; }}
header input[type=search] {{ font: inherit; padding: 3px 6px; width: 16em; }}
header button {{ font: inherit; padding: 2px 8px; cursor: pointer; }}
#count {{ color: {colours.muted}; min-width: 5em; }}
#help {{ color: {colours.muted}; font-size: 12px; padding: 2px 14px 4px; }}
main {{ flex: 1 1 auto; display: flex; min-height: 0; }}
#canvas {{ flex: 3 1 0; position: relative; overflow: hidden; cursor: grab; touch-action: none; }}
#canvas.dragging {{ cursor: grabbing; }}
#canvas svg {{ position: absolute; left: 0; top: 0; will-change: transform; }}
#text {{ flex: 2 1 0; max-width: 40em; overflow: auto; padding: 8px 18px; font-size: 15px; line-height: 1.75;
        border-left: 1px solid {colours.cluster_border}; }}
body.no-text #text {{ display: none; }}
#text p {{ margin: 0 0 0.8em; }}
#text p.heading {{ font-weight: bold; margin-top: 1.2em; }}
#text p.unquoted {{ border-left: 4px solid {colours.attack}; padding-left: 8px; color: {colours.muted}; }}
#text .unquoted-note {{ display: block; font-size: 11px; color: {colours.attack}; }}
#text mark {{ background: #FEF7E0; color: inherit; border-bottom: 2px solid #F9AB00; cursor: pointer; }}
#text mark.current {{ background: #FDE293; outline: 2px solid #E37400; }}
#canvas svg text {{ font-family: {_css_fonts(font_family)}; }}
svg .node {{ cursor: pointer; }}
svg.focused .node, svg.focused .edge {{ opacity: 0.15; }}
svg.focused .lit {{ opacity: 1; }}
svg.searching .node:not(.match) {{ opacity: 0.25; }}
svg .edge.lit path {{ stroke-width: 3px; }}
.folded-away {{ display: none; }}
svg .fold {{ cursor: pointer; }}
svg .fold rect {{ fill: {colours.background}; stroke: {colours.muted}; }}
svg .fold text {{ font-size: 12px; fill: {colours.muted}; font-weight: bold; }}
svg .fold.is-folded rect {{ fill: {colours.muted}; }}
svg .fold.is-folded text {{ fill: {colours.background}; }}
body.statuses svg .node.st-IN .shape {{ stroke: #188038; stroke-width: 3.5px; }}
body.statuses svg .node.st-OUT .shape {{ stroke: #D93025; stroke-width: 3.5px; fill-opacity: 0.35; }}
body.statuses svg .node.st-UNDEC .shape {{ stroke: #E37400; stroke-width: 3.5px; }}
svg .node.match .shape {{ stroke-width: 4px; stroke: #F9AB00; }}
#tip {{ position: fixed; max-width: 420px; background: {colours.background}; color: {colours.text}; z-index: 5;
       border: 1px solid {colours.cluster_border}; border-radius: 6px; padding: 6px 10px; font-size: 13px;
       box-shadow: 0 2px 8px rgba(0,0,0,.2); pointer-events: none; }}
#tip p {{ margin: 4px 0; }}
#tip ul {{ margin: 2px 0; padding-left: 1.2em; }}
#tip .quote, #tip .head {{ color: {colours.muted}; }}
#tip .note {{ font-style: italic; color: {colours.muted}; }}
</style>
</head>
<body>
<header><h1>{title}</h1>
<input type="search" id="search" placeholder="{s["search"]}" aria-label="{s["search"]}"><span id="count"></span>
<button id="zoom-out" title="{s["zoom_out"]}">−</button><button id="fit">{s["fit"]}</button>
<button id="zoom-in" title="{s["zoom_in"]}">+</button>
{status_switch}
<label><input type="checkbox" id="show-text" checked> {s["text"]}</label>
</header>
<div id="help">{s["help"]}</div>
<main>
<div id="canvas">
{body}
</div>
<article id="text" lang="{lang}">
{pane}
</article>
</main>
<div id="tip" role="tooltip" hidden></div>
<script type="application/json" id="argmap-data">{_json_for_script({"nodes": nodes, "edges": edges,
                                                                      "strings": strings})}</script>
<script>{_SCRIPT}</script>
</body>
</html>
"""
