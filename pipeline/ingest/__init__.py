"""Ingest: files, folders, globs and stdin -> :class:`~pipeline.ingest.source.Source`.

A Source holds the decoded text that every later ``span`` points into, its sha256 and
the input's path; a bad input raises an :class:`~pipeline.errors.InputError` naming it.
Hands each Source to segment.

- ``source``: expands the inputs, reads and checks each one (size, emptiness, binary);
- ``decode``: bytes -> text (UTF-8, GB18030, Big5, UTF-16), judged by decoding;
- ``htmltext``: a saved web page -> its visible main text;
- ``formats``: .docx and PDF -> text, and the refused formats told apart by their bytes.
"""

from pipeline.ingest.source import Source, expand_inputs, read_source, source_from_bytes

__all__ = ["Source", "expand_inputs", "read_source", "source_from_bytes"]
