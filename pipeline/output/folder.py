"""The output folder itself: its file names, its lock, and the error when it cannot be written."""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

from pipeline.errors import FileAccessError, OutputBusy

NOTICES = "notices.jsonl"
ERRORS = "errors.jsonl"
LOCK = ".lock"  # held by the run writing into the folder
STAGING = ".partial"  # a replacing run's new files, until they are moved into place


def folder_error(exc: OSError, out_dir: Path) -> FileAccessError:
    """The error of an output folder that ``exc`` kept from being written."""
    return FileAccessError(f"cannot write the output folder: {exc.strerror}", path=str(out_dir))


def lock_folder(out_dir: Path) -> int:
    """Take the folder's lock and return its descriptor; close it to release the lock.

    Raises:
        OutputBusy: another process holds it.
    """
    fd = os.open(out_dir / LOCK, os.O_RDWR | os.O_CREAT, 0o666)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = os.read(fd, 32).decode("ascii", "replace").strip() or "?"
        os.close(fd)
        raise OutputBusy(f"another run (process {holder}) is writing into this folder; "
                         "wait for it to finish or choose another --out", path=str(out_dir)) from None
    # The pid is only for that message; the kernel's lock is what counts, so a file left by
    # a killed run never blocks anyone.
    os.ftruncate(fd, 0)
    os.write(fd, f"{os.getpid()}\n".encode("ascii"))
    return fd
