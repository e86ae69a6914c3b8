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
