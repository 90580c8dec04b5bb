"""Segmentation: decoded notice text -> :class:`Outline`, where every part, problem, measure
and the tail are spans into the text (handed on to the rules and the LLM backend).

The modules, from the top down (the order of their layers):
- ``outline``: the :class:`Outline` records and :func:`segment`, which builds one from a
  role table (the rules' or a checked foreign one);
- ``roles``: the rules' role for each heading (:data:`ROLES`) and the check of any role
  table against how the headings nest;
- ``blocks``: problems read from their own text (tables, ledger entries, unnumbered
  关于…问题 paragraphs) and the measures in a problem's body;
- ``markers``: every part heading and list marker, exact and without meaning, and the
  spans of the items a list's markers open;
- ``tail``: the closing contact paragraph and the signature (issuer, date) cut off the end;
- ``parts``: which top-level part is which (overview, organisation, problems, next steps),
  scored from each part's heading words, shape and place, with how sure the choice is.
"""

from pipeline.segment.blocks import ProblemBlock
from pipeline.segment.markers import Heading, find_headings
from pipeline.segment.outline import Outline, Section, segment
from pipeline.segment.parts import CLOSE_CALL, KINDS, PLAUSIBLE, PartRoles, describe_shape, role_tables
from pipeline.segment.roles import ROLES, check_roles, rule_roles

__all__ = [
    "CLOSE_CALL", "KINDS", "PLAUSIBLE", "ROLES", "Heading", "Outline", "PartRoles", "ProblemBlock", "Section",
    "check_roles", "describe_shape", "find_headings", "role_tables", "rule_roles", "segment",
]
