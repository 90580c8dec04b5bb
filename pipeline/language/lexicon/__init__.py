"""Lexicon: the contract's cue words, in one place.

The rules build their patterns from these lists and the prompts render the same lists
(``prompts/contract.v2.j2``), so the model reads the definitions the rules apply. A list
that a prompt renders is part of that prompt: changing it changes the prompt's text, so
the prompt's version must change with it (a test compares the rendered prompts exactly).
Rendered: UNFINISHED_CUES, PLAN_CUES, COMPLETED_CUES, CUE_EXCEPTIONS, UNITS, QUALIFIERS,
NOT_QUALIFIERS, NOT_METRICS, STAT_KINDS, NOT_STATS, DATE_LABELS, ISSUER_LABELS,
PART_ROLE_MEANINGS. Every other list is read by the rules only.

In a cue, ``…`` stands for a few characters of the same clause (尚有…未 = 尚有3户未);
:func:`pipeline.language.text.cue_pattern` turns a list of cues into one regex. A rule
whose regex holds words among its structure keeps the structure and takes the words from
here by name; a list is then tried in the order written, and a string such as
``NOT_PLAN_AFTER`` is a set of single characters (a regex character class).
"""

# The lexicon is read as one namespace (lexicon.UNITS); each module holds one subject.
from pipeline.language.lexicon.status import *  # noqa: F401,F403
from pipeline.language.lexicon.figures import *  # noqa: F401,F403
from pipeline.language.lexicon.notice import *  # noqa: F401,F403
from pipeline.language.lexicon.outline import *  # noqa: F401,F403
