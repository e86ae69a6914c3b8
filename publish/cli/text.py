"""``publish check`` and ``publish convert``: the article texts themselves."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from publish.cli.app import app, say
from publish.i18n import _, ngettext


@app.command(help=_("Print an article converted to a traditional edition, or its proofreading list."))
def convert(
    path: Annotated[Path, typer.Argument(help=_("An article file."), show_default=False)],
    edition: Annotated[str, typer.Option("--edition", "-e", help=_("zh-Hant-HK or zh-Hant-TW."))] = "zh-Hant-HK",
    review: Annotated[bool, typer.Option("--review",
                      help=_("List every context-dependent conversion instead."))] = False,
) -> None:
    from publish.build import BuildOptions, converter_for
    from publish.config import load_config
    from publish.edition import EDITIONS, convert_source, format_review
    from publish.errors import ConfigError
    from publish.sources import read_source_text

    if edition not in EDITIONS or edition == "zh-Hans":
        raise ConfigError(_("unknown traditional edition {edition!r}").format(edition=edition),
                          hint=_("zh-Hant-HK or zh-Hant-TW"))
    config = load_config(Path.cwd())
    converter = converter_for(edition, BuildOptions(
        workspace=Path.cwd(), out_dir=Path("."), taiwan_vocabulary=config.taiwan_vocabulary,
        phrases=tuple(config.phrases.items())))
    text, result = convert_source(read_source_text(path), str(path), converter)
    typer.echo(format_review([result]) if review else text, nl=False)


@app.command(help=_("Lint articles without building: file:line:col: CODE message."))
def check(
    paths: Annotated[Optional[list[Path]], typer.Argument(
        help=_("Article files or folders (default: articles/)."), show_default=False)] = None,
    output_format: Annotated[str, typer.Option("--format", help=_("text or json."))] = "text",
    fix: Annotated[bool, typer.Option("--fix", help=_("Apply the safe fixes in place (keeps a .bak copy)."))] = False,
) -> None:
    import json

    from publish.build import find_articles
    from publish.check import check_file, fix_file
    from publish.fonts import load_fonts

    if output_format not in ("text", "json"):
        raise typer.BadParameter(_("--format must be text or json"))
    workspace = Path.cwd()
    files = find_articles(paths or [], workspace)
    if fix:
        for path in files:
            if count := fix_file(path):
                say(ngettext("fixed {count} problem in {path} (original kept as {backup})",
                             "fixed {count} problems in {path} (original kept as {backup})", count).format(
                    count=count, path=path, backup=path.name + ".bak"))
    fonts = load_fonts(workspace)
    findings = [finding for path in files for finding in check_file(path, fonts, workspace)]
    if output_format == "json":
        typer.echo(json.dumps([f.as_dict() for f in findings], ensure_ascii=False, indent=2))
    else:
        for finding in findings:
            typer.echo(str(finding))
        errors = sum(f.error for f in findings)
        say(_("{files} checked: {errors}, {warnings}").format(
            files=ngettext("{n} file", "{n} files", len(files)).format(n=len(files)),
            errors=ngettext("{n} error", "{n} errors", errors).format(n=errors),
            warnings=ngettext("{n} warning", "{n} warnings", len(findings) - errors).format(
                n=len(findings) - errors)))
    if any(f.error for f in findings):
        raise typer.Exit(1)
