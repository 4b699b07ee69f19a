"""Formal argumentation: Dung frameworks, their semantics, and the evaluation of maps.

* :mod:`argmap.semantics.framework` -- :class:`ArgumentationFramework` and the ``apx``,
  ``tgf`` and ICCMA 2023 (``i23``) file formats;
* :mod:`argmap.semantics.solve` -- grounded (linear time), complete, preferred and stable
  semantics (SAT), as extensions and labellings, with credulous and sceptical acceptance;
* :mod:`argmap.semantics.evaluate` -- the translation of an argument map into a framework,
  and :func:`evaluate`, which says which statements stand and why.

The SAT solver (``python-sat``) and numpy are imported only when a computation needs them.
"""

from argmap.semantics.evaluate import (
    Evaluation,
    MapFramework,
    NodeStatus,
    Reason,
    evaluate,
    to_framework,
)
from argmap.semantics.framework import (
    AF_FORMATS,
    DEFAULT_AF_LIMITS,
    AFFormat,
    AFLimits,
    ArgumentationFramework,
    Label,
    detect_af_format,
    format_af,
    parse_af,
    read_af,
    write_af,
)
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
    "parse_af",
    "read_af",
    "sceptical_counterexample",
    "semantics_name",
    "some_extension",
    "to_framework",
    "write_af",
]
