"""The text layer: source documents, segmentation, anchoring quotes, coverage and drafting.

jieba and OpenCC are imported only when a function here first needs them.
"""

from argmap.text.anchor import Anchor, anchor, find_quote, normalize
from argmap.text.coverage import Coverage, coverage
from argmap.text.draft import draft
from argmap.text.segment import Segmenter, segment, segment_spans, to_simplified
from argmap.text.source import (
    Document,
    Paragraph,
    Sentence,
    decode_source,
    load_source,
    read_source,
    split_document,
)

__all__ = [
    "Anchor",
    "Coverage",
    "Document",
    "Paragraph",
    "Segmenter",
    "Sentence",
    "anchor",
    "coverage",
    "decode_source",
    "draft",
    "find_quote",
    "load_source",
    "normalize",
    "read_source",
    "segment",
    "segment_spans",
    "split_document",
    "to_simplified",
]
