"""``publish check`` and ``publish convert``: the article texts themselves."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from publish.cli.app import app, checked, emit_text, say, wrote
from publish.i18n import _, ngettext


@app.command(help=_("Print an article converted to a traditional edition, or its proofreading list."))
def convert(
    path: Annotated[Path, typer.Argument(help=_("An article file."), show_default=False)],
    edition: Annotated[str, typer.Option("--edition", "-e", help=_(
        "zh-Hant-HK (hk) or zh-Hant-TW (tw)."))] = "zh-Hant-HK",
    review: Annotated[bool, typer.Option("--review",
                      help=_("List every context-dependent conversion instead."))] = False,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help=_(
        "Write to this file (UTF-8) instead of the screen."), show_default=False)] = None,
    hk_forms: Annotated[Optional[str], typer.Option(
        "--hk-forms", help=_("zh-Hant-HK glyphs: press (說 稅 戶, as newspapers print) or standard (説 税 户)."))] = None,
) -> None:
    from publish.build import BuildOptions, converter_for
    from publish.choices import edition_code, one_of
    from publish.config import load_config
    from publish.edition import convert_source, format_review
    from publish.edition.tables import HK_FORMS
    from publish.errors import OptionError
    from publish.output import write_atomic
    from publish.paths import find_workspace
    from publish.sources import read_source_text

    code = checked("--edition", edition_code, edition)
    if code == "zh-Hans":
        raise OptionError(_("--edition: convert makes a traditional edition: zh-Hant-HK or zh-Hant-TW"))
    if output is not None and output.exists() and (output.is_dir() or output.resolve() == path.resolve()):
        raise OptionError(_("--output: {path} is a folder: name a file").format(path=output) if output.is_dir()
                          else _("--output: {path} is the article itself: name another file").format(path=output))
    workspace = find_workspace()
    config = load_config(workspace)
    converter = converter_for(code, BuildOptions(
        workspace=workspace, out_dir=Path("."), taiwan_vocabulary=config.taiwan_vocabulary,
        hk_forms=checked("--hk-forms", lambda v: one_of(v, HK_FORMS), hk_forms) if hk_forms else config.hk_forms,
        phrases=tuple(config.phrases.items())))
    text, result = convert_source(read_source_text(path), str(path), converter)
    produced = format_review([result]) if review else text
    if output is None:
        emit_text(produced)
        return
    write_atomic(output, produced.encode("utf-8"))
    wrote(output)
    say(_("wrote {path}").format(path=output))


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
    from publish.choices import one_of
    from publish.fonts import load_fonts
    from publish.paths import find_workspace

    output_format = checked("--format", lambda value: one_of(value, ("text", "json")), output_format)
    workspace = find_workspace()
    files = find_articles(paths or [], workspace)
    fonts = load_fonts(workspace)
    if fix:
        for path in files:
            if count := fix_file(path, fonts):
                wrote(path)
                say(ngettext("fixed {count} problem in {path} (original kept as {backup})",
                             "fixed {count} problems in {path} (original kept as {backup})", count).format(
                    count=count, path=path, backup=path.name + ".bak"))
    findings = [finding for path in files for finding in check_file(path, fonts, workspace)]
    if output_format == "json":
        emit_text(json.dumps([f.as_dict() for f in findings], ensure_ascii=False, indent=2) + "\n")
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
