"""The error hierarchy. The core raises these; only the CLI turns them into
exit codes and one-line messages."""

from __future__ import annotations

from pathlib import Path


class PublishError(Exception):
    """Something the user can fix: bad input, bad configuration, a missing font."""

    def __init__(self, message: str, path: Path | str | None = None, hint: str | None = None,
                 details: tuple[str, ...] = ()):
        super().__init__(message)
        self.message = message
        self.path = path
        self.hint = hint
        self.details = details  # one line each, printed under the error

    def __reduce__(self):
        # whole across processes: a worker's error reaches the CLI as raised
        return type(self), (self.message, self.path, self.hint, self.details)

    def __str__(self) -> str:
        from publish.i18n import _

        text = _("{message} ({hint})").format(message=self.message, hint=self.hint) if self.hint else self.message
        # "file:line: message", as compilers and editors expect, in every language
        return f"{self.path}: {text}" if self.path is not None else text


def os_reason(exc: OSError) -> str:
    """Why the system refused, in the user's language: the commonest
    reasons (the C library says them in English), else its own words."""
    import errno

    from publish.i18n import N_, _

    said = {errno.ENOENT: N_("no such file or folder"), errno.EACCES: N_("permission denied"),
            errno.EPERM: N_("permission denied"), errno.EROFS: N_("the disk is read-only"),
            errno.ENOSPC: N_("the disk is full"), errno.EDQUOT: N_("the disk quota is used up"),
            errno.EISDIR: N_("it is a folder"), errno.ENOTDIR: N_("a part of the path is not a folder"),
            errno.ENAMETOOLONG: N_("the name is too long")}.get(exc.errno)
    return _(said) if said else str(exc.strerror or exc)


class SourceError(PublishError):
    """An article cannot be read: missing, binary, undecodable, malformed front matter."""


class ConfigError(PublishError):
    """A workspace or layout configuration file is wrong."""


class LayoutError(PublishError):
    """A layout is missing or its templates fail."""


class FontError(PublishError):
    """A font is missing or does not cover the text."""


class EditionError(PublishError):
    """A traditional edition cannot be made right."""


class RenderError(PublishError):
    """Typesetting failed."""


class ImpositionError(PublishError):
    """A PDF cannot be imposed."""


class OptionError(PublishError):
    """An option's value, or a combination of options, cannot be honoured:
    a usage error, reported before anything is built or written."""
