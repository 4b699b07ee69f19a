"""Formal argumentation: Dung frameworks, their semantics, and the evaluation of maps.

* :mod:`argmap.semantics.framework` -- :class:`ArgumentationFramework`;
* :mod:`argmap.semantics.formats` -- its file formats ``apx``, ``tgf`` and ICCMA 2023 (``i23``):
  :func:`load_af`, :func:`loads_af`, :func:`dump_af`, :func:`dumps_af`;
* :mod:`argmap.semantics.solve` -- grounded (linear time), complete, preferred and stable
  semantics (SAT), as extensions and labellings, with credulous and sceptical acceptance;
* :mod:`argmap.semantics.translate` -- the translation of an argument map into a framework;
* :mod:`argmap.semantics.explain` -- :class:`Reason` trees: why a node has its status;
* :mod:`argmap.semantics.evaluate` -- :func:`evaluate`, which says which statements stand and why;
* :mod:`argmap.semantics.gradual` -- gradual semantics (h-categorizer, DF-QuAD, quadratic
  energy, Euler-based): a strength in [0, 1] per node, vectorised with numpy;
* :mod:`argmap.semantics.carneades` -- Carneades' own evaluation (CAES: proof standards,
  weights, assumptions, issues) for maps read from Carneades argument graphs.

The SAT solver (``python-sat``) and numpy are imported only when a computation needs them.
"""

from argmap.semantics.evaluate import Evaluation, NodeStatus, evaluate
from argmap.semantics.explain import Reason
from argmap.semantics.formats import (
    AF_FORMATS,
    DEFAULT_AF_LIMITS,
    AFFormat,
    AFLimits,
    detect_af_format,
    dump_af,
    dumps_af,
    format_af,
    load_af,
    loads_af,
    parse_af,
    read_af,
    write_af,
)
from argmap.semantics.framework import ArgumentationFramework, Label
from argmap.semantics.solve import (
    SEMANTICS,
    Semantics,
    credulous_witness,
    extensions,
    grounded_extension,
    grounded_labelling,
    is_credulously_accepted,
    is_extension,
    is_sceptically_accepted,
    labelling_of,
    labellings,
    sceptical_counterexample,
    semantics_name,
    some_extension,
)
from argmap.semantics.translate import MapFramework, to_framework

__all__ = [
    "AF_FORMATS",
    "DEFAULT_AF_LIMITS",
    "SEMANTICS",
    "AFFormat",
    "AFLimits",
    "ArgumentationFramework",
    "Evaluation",
    "Label",
    "MapFramework",
    "NodeStatus",
    "Reason",
    "Semantics",
    "credulous_witness",
    "detect_af_format",
    "dump_af",
    "dumps_af",
    "evaluate",
    "extensions",
    "format_af",
    "grounded_extension",
    "grounded_labelling",
    "is_credulously_accepted",
    "is_extension",
    "is_sceptically_accepted",
    "labelling_of",
    "labellings",
    "load_af",
    "loads_af",
    "parse_af",
    "read_af",
    "sceptical_counterexample",
    "semantics_name",
    "some_extension",
    "to_framework",
    "write_af",
]
