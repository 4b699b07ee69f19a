"""A self-contained, offline HTML page of a map: the SVG diagram, tooltips and chain highlighting.

Nothing is loaded from the network. The map's texts reach the page only as escaped SVG text and
as a JSON block whose ``<``, ``>`` and ``&`` are written as ``\\u003c`` etc., read by a fixed
script that inserts them with ``textContent`` — so no map content can become markup or script.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any

from argmap.model import ArgumentMap, propositions
from argmap.render.theme import THEMES

__all__ = ["to_html"]

_PROLOG = re.compile(r"^\s*<\?xml[^>]*>\s*(<!DOCTYPE[^>]*>\s*)?", re.S)

_SCRIPT = """
(function () {
  var data = JSON.parse(document.getElementById('argmap-data').textContent);
  var tip = document.getElementById('tip');
  var svg = document.querySelector('#diagram svg');
  var parents = {};
  data.edges.forEach(function (e) { (parents[e.to] = parents[e.to] || []).push(e); });
  function nodeOf(el) {
    while (el && el !== svg) {
      if (el.classList && el.classList.contains('node') && data.nodes[el.id]) { return el; }
      el = el.parentNode;
    }
    return null;
  }
  svg.addEventListener('mousemove', function (ev) {
    var el = nodeOf(ev.target);
    if (!el) { tip.hidden = true; return; }
    var info = data.nodes[el.id];
    tip.replaceChildren();
    [['text', info.text], ['quote', info.quote], ['note', info.note]].forEach(function (part) {
      if (!part[1]) { return; }
      var p = document.createElement('p');
      p.className = part[0];
      p.textContent = part[0] === 'quote' ? '\\u300c' + part[1] + '\\u300d' : part[1];
      tip.appendChild(p);
    });
    tip.hidden = false;
    tip.style.left = (ev.pageX + 14) + 'px';
    tip.style.top = (ev.pageY + 14) + 'px';
  });
  svg.addEventListener('mouseleave', function () { tip.hidden = true; });
  function clear() {
    svg.classList.remove('focused');
    svg.querySelectorAll('.lit').forEach(function (n) { n.classList.remove('lit'); });
  }
  svg.addEventListener('click', function (ev) {
    var el = nodeOf(ev.target);
    clear();
    if (!el) { return; }
    svg.classList.add('focused');
    var seen = {}, queue = [el.id];
    while (queue.length) {
      var id = queue.shift();
      if (seen[id]) { continue; }
      seen[id] = true;
      var node = document.getElementById(id);
      if (node) { node.classList.add('lit'); }
      (parents[id] || []).forEach(function (e) {
        var edge = document.getElementById(e.id);
        if (edge) { edge.classList.add('lit', e.attack ? 'attack' : 'support'); }
        queue.push(e.from);
      });
    }
  });
  document.addEventListener('keydown', function (ev) { if (ev.key === 'Escape') { clear(); } });
})();
"""


def _json_for_script(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return (text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def to_html(map: ArgumentMap, svg: str, edges: list[dict[str, Any]], theme: str = "light") -> str:
    """A complete HTML page around an SVG drawing of the map.

    Parameters
    ----------
    map : ArgumentMap
    svg : str
        The diagram as drawn by Graphviz (``render(map, format="svg")``).
    edges : list of dict
        The drawn edges as ``{"id", "from", "to", "attack"}`` (their SVG element ids and ends),
        used to highlight a node's supporting and attacking chains on click.
    theme : str
        The diagram's theme (for the page colours).
    """
    colours = THEMES[theme]
    nodes = {n.id: {"text": n.text, "quote": n.quote, "note": n.note}
             for n in propositions(map)}
    nodes.update({a.id: {"text": a.scheme or "", "quote": None, "note": a.note} for a in map.arguments})
    nodes.update({a.id: {"text": a.type, "quote": None, "note": a.note} for a in map.attacks})
    body = _PROLOG.sub("", svg)
    body = re.sub(r"<!--.*?-->", "", body, flags=re.S)
    title = html.escape(map.title or "argument map")
    lang = html.escape(map.lang or "en")
    return f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="argmap">
<title>{title}</title>
<style>
body {{ margin: 0; background: {colours.background}; color: {colours.text};
       font-family: "Noto Sans CJK TC", "PingFang TC", "Microsoft JhengHei", "Noto Sans", sans-serif; }}
header {{ padding: 12px 20px; border-bottom: 1px solid {colours.cluster_border}; }}
header h1 {{ font-size: 18px; margin: 0 0 4px; }}
header p {{ margin: 0; font-size: 13px; color: {colours.muted}; }}
#diagram {{ padding: 12px; overflow: auto; }}
#diagram svg {{ max-width: none; height: auto; }}
#diagram svg .node {{ cursor: pointer; }}
#diagram svg.focused .node, #diagram svg.focused .edge {{ opacity: 0.18; }}
#diagram svg.focused .lit {{ opacity: 1; }}
#diagram svg .edge.lit.support path {{ stroke-width: 3px; }}
#diagram svg .edge.lit.attack path {{ stroke-width: 3px; }}
#tip {{ position: absolute; max-width: 420px; background: {colours.background}; color: {colours.text};
       border: 1px solid {colours.cluster_border}; border-radius: 6px; padding: 6px 10px; font-size: 13px;
       box-shadow: 0 2px 8px rgba(0,0,0,.2); pointer-events: none; }}
#tip p {{ margin: 4px 0; }}
#tip .quote {{ color: {colours.muted}; }}
#tip .note {{ font-style: italic; color: {colours.muted}; }}
</style>
</head>
<body>
<header><h1>{title}</h1><p>Hover over a node for its quote and note; click it to highlight what supports and
attacks it; Esc clears.</p></header>
<main id="diagram">
{body}
</main>
<div id="tip" role="tooltip" hidden></div>
<script type="application/json" id="argmap-data">{_json_for_script({"nodes": nodes, "edges": edges})}</script>
<script>{_SCRIPT}</script>
</body>
</html>
"""
