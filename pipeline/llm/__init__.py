"""The LLM backend: a model refines the rules' record, section by section.

Takes a decoded source and a configured endpoint; hands on a
:class:`~pipeline.records.Notice` to the run, with each section's answer in place of the
rules' where the checks allow, and the rules' record (with the reason in
``provenance.fallbacks``) where they do not.

- ``extract``: the plan of asks for a notice (outline first when it is a close call),
  and the merge of the answers into the rules' record;
- ``arbitrate``: a grounded answer against the rules' reading of the same text;
- ``answers``: what the model returns for each kind of section, with grounding checks;
- ``grounding``: checks that what the model says is in the section it was given;
- ``client``: one OpenAI-compatible endpoint behind instructor, with throttle, breaker,
  cache and token accounting;
- ``transport``: retries, the run-wide circuit breaker and 429 throttling;
- ``cache``: the disk cache of answers;
- ``prompts``: the versioned templates and the digests that pin them;
- ``stub``: the fake model (``--model stub``) that answers as the rules read the section.
"""
