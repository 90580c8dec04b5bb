"""Rules: an :class:`~pipeline.segment.Outline` -> the records of one notice, offline.

The default backend and the LLM backend's fallback and yardstick. Hands its records to
assemble.

- ``header``: issuer, dates, the inspection (level, kind, round, group, target), contact;
- ``problems``: each fed-back problem, with its measures;
- ``measures``: one measure's status, figures and cited documents;
- ``summary``: the notice-level totals (stats) from sentences and figure tables.
"""
