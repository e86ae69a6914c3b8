"""Writing output files atomically: a temp file beside the target, then a
rename. A failed or interrupted build never leaves a truncated PDF and never
clobbers the previous good one; two builds writing the same folder at once
each rename a complete file of their own."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from publish.errors import PublishError, os_reason
from publish.i18n import _


def check_writable(folder: Path) -> None:
    """That files can be written into ``folder`` (made when first written),
    tried now, before anything is typeset for it: a folder that cannot be
    made (in /proc, under a file, on a read-only disk) was found only once a
    compilation's pages were done. What is tried leaves nothing behind: a
    hidden folder made and removed in the nearest folder that exists."""
    nearest = folder
    while not nearest.exists() and nearest.parent != nearest:
        nearest = nearest.parent
    try:  # (a file there: mkdtemp says it is no folder)
        os.rmdir(tempfile.mkdtemp(prefix=".publish-", dir=nearest))
    except OSError as exc:
        raise PublishError(_("cannot write: {reason}").format(reason=os_reason(exc)), folder) from None


def write_atomic(path: Path, data: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise PublishError(_("cannot write: {reason}").format(reason=os_reason(exc)), path.parent) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException as exc:
        # KeyboardInterrupt included: never leave the temp file behind.
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise PublishError(_("cannot write: {reason}").format(reason=os_reason(exc)), path) from None
        raise
