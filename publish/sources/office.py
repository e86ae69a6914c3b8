"""LibreOffice, when it is installed, for what Python cannot read: Word 97
(.doc) and WPS (.wps) files become .docx, EMF/WMF pictures become PNG.

``soffice`` runs headless with a profile of its own in a temporary folder
(a user's running LibreOffice is neither disturbed nor reused), under a time
limit. Results are cached by the input's hash, so a second build does not
start LibreOffice again. Without LibreOffice a .doc is refused in one line
naming the package to install, and a picture is left out with a warning.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from publish.errors import SourceError
from publish.i18n import _
from publish.paths import cache_dir

log = logging.getLogger(__name__)

PACKAGE = "libreoffice-writer-nogui"
TIMEOUT = 120.0


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(data: bytes, suffix: str, target: str, timeout: float = TIMEOUT) -> bytes:
    """``data`` (a file ending in ``suffix``) converted by LibreOffice to
    ``target`` ("docx", "png"). Raises RuntimeError with LibreOffice's
    complaint, or TimeoutError."""
    # LibreOffice goes by the bytes, not the name: a .wps copy of a .doc is converted once
    key = hashlib.sha256(data + target.encode()).hexdigest()
    cached = cache_dir("office") / f"{key}.{target}"
    if cached.is_file():
        return cached.read_bytes()
    program = soffice()
    if program is None:
        raise FileNotFoundError(PACKAGE)
    with tempfile.TemporaryDirectory(prefix="publish-office-") as folder:
        work = Path(folder)
        source = work / f"input{suffix}"
        source.write_bytes(data)
        out = work / "out"
        profile = (work / "profile").as_uri()
        env = {**os.environ, "HOME": str(work), "SAL_USE_VCLPLUGIN": "svp"}
        try:
            result = subprocess.run(
                [program, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--nologo",
                 "--nolockcheck", "--nodefault", "--convert-to", target, "--outdir", str(out), str(source)],
                capture_output=True, timeout=timeout, env=env, stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            raise TimeoutError(timeout) from None
        produced = out / f"input.{target}"
        if not produced.is_file():
            complaint = (result.stderr or result.stdout).decode("utf-8", "replace").strip().splitlines()
            raise RuntimeError(complaint[-1] if complaint else f"exit code {result.returncode}")
        converted = produced.read_bytes()
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_suffix(".tmp")
        tmp.write_bytes(converted)
        tmp.replace(cached)
    except OSError:
        pass  # a cache that cannot be written is only slower
    return converted


def legacy_to_docx(data: bytes, path: Path) -> bytes:
    """A .doc or .wps file's bytes as .docx bytes."""
    try:
        return convert(data, path.suffix.lower(), "docx")
    except FileNotFoundError:
        raise SourceError(_("reading {suffix} files needs LibreOffice, which is not installed").format(
            suffix=path.suffix.lower()), path,
            _("install the package {package}, or save the file as .docx").format(package=PACKAGE)) from None
    except TimeoutError:
        raise SourceError(_("LibreOffice took longer than {seconds} s to convert the file").format(
            seconds=int(TIMEOUT)), path, _("save it as .docx in Word or WPS")) from None
    except RuntimeError as exc:
        raise SourceError(_("LibreOffice could not convert the file: {reason}").format(reason=exc), path,
                          _("save it as .docx in Word or WPS")) from None


def convert_picture(data: bytes, suffix: str, path: Path, label: str) -> bytes | None:
    """An EMF or WMF picture as PNG, or None (with a warning) when it cannot be."""
    try:
        return convert(data, suffix, "png", timeout=60)
    except FileNotFoundError:
        log.warning(_("{path}: {picture} is an {kind} drawing, which needs LibreOffice ({package}) to print; "
                      "left out").format(path=path, picture=label, kind=suffix[1:].upper(), package=PACKAGE))
    except (TimeoutError, RuntimeError) as exc:
        log.warning(_("{path}: {picture} could not be converted ({reason}); left out").format(
            path=path, picture=label, reason=exc or "time limit"))
    return None
