"""Language: the words and the number and date grammar every stage reads with.

Takes nothing from the other stages; every stage below the CLI reads with it.

- ``lexicon``: every cue word (headings, roles, statuses, units, figures), named by meaning;
- ``text``: text views (quotes masked, traditional folded), Chinese numerals, ``cue_pattern``;
- ``dates``: dates and date ranges, as found in the text, with their spans;
- ``t2s``: the traditional-to-simplified character table.
"""
