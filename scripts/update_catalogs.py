#!/usr/bin/env python3
"""Keep the message catalogs in step with the source.

    .venv/bin/python scripts/update_catalogs.py          # extract, merge, convert, compile
    .venv/bin/python scripts/update_catalogs.py --check  # exit 1 when anything is out of date

1. Extracts every ``_()``, ``N_()`` and ``ngettext()`` message from ``publish/``
   (Babel).
2. Merges them into ``publish/locale/zh_CN/LC_MESSAGES/publish.po``, the one
   catalog a person writes: new messages arrive untranslated, messages no
   longer in the source are dropped.
3. Makes ``zh_TW`` and ``zh_HK`` from it with publish's own conversion
   (Taiwan vocabulary for zh_TW, Hong Kong forms for zh_HK, 「」 quotes),
   so the traditional catalogs never drift from the simplified one.
4. Compiles the three ``.mo`` files the package ships.

``tests/test_i18n.py`` runs the ``--check`` comparison, so a message added
without a translation fails the suite.
"""

from __future__ import annotations

import argparse
import datetime
import io
import re
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "publish"
LOCALE = PACKAGE / "locale"
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
SOURCE = "zh_CN"
DERIVED = {"zh_TW": "zh-Hant-TW", "zh_HK": "zh-Hant-HK"}
_PLACEHOLDER = re.compile(r"\{[^{}]*\}")
_HAN_RUN = re.compile(r"[\u3400-\u9fff]+(?: [\u3400-\u9fff]+)*")
# Fixed dates keep the files byte-identical between runs.
_DATE = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)


def new_catalog(locale: str | None = None) -> Catalog:
    return Catalog(locale=locale, project="publish", charset="utf-8", creation_date=_DATE,
                   revision_date=_DATE, language_team="publish", last_translator="publish", fuzzy=False,
                   version=None, header_comment="# Messages of publish. zh_CN is written by hand; zh_TW and zh_HK are\n"
                   "# made from it by scripts/update_catalogs.py.")


def po_path(locale: str) -> Path:
    return LOCALE / locale / "LC_MESSAGES" / "publish.po"


def extract() -> Catalog:
    template = new_catalog()
    for filename, lineno, message, comments, context in extract_from_dir(
            str(PACKAGE), method_map=[("**.py", "python")], keywords=KEYWORDS,
            comment_tags=("Translators:",), strip_comment_tags=True):
        template.add(message, None, [(f"publish/{filename}", lineno)], auto_comments=comments, context=context)
    return template


def read(path: Path, locale: str) -> Catalog:
    if not path.is_file():
        return new_catalog(locale)
    with path.open("rb") as handle:
        return read_po(handle, locale=locale)


def merged(template: Catalog, current: Catalog) -> Catalog:
    """The template's messages with the translations ``current`` has; a
    message whose text changed starts untranslated (no fuzzy guesses)."""
    catalog = new_catalog(str(current.locale))
    for message in template:
        if not message.id:
            continue
        old = current.get(message.id)
        string = old.string if old is not None else ("", "") if message.pluralizable else ""
        catalog.add(message.id, string, message.locations, auto_comments=message.auto_comments)
    return catalog


def derive(source: Catalog, locale: str, edition: str) -> Catalog:
    """The simplified catalog in traditional characters, by the project's own
    converter (placeholders are ASCII and pass through untouched)."""
    from publish.edition import EDITIONS, Converter, convert_quotes

    converter = Converter(EDITIONS[edition], taiwan_vocabulary=edition == "zh-Hant-TW")
    import opencc

    t2s = opencc.OpenCC("t2s")

    def convert(text: str, source: str) -> str:
        """Runs of Han characters that the English message itself holds in
        traditional forms (說 稅 戶, 説 税 户: examples of glyphs) are data,
        kept as written; everything else is converted."""
        if not text:
            return text
        kept = [run for run in _HAN_RUN.findall(source) if t2s.convert(run) != run]
        for index, run in enumerate(kept):
            text = text.replace(run, f"\x00{index}\x00")
        text = convert_quotes(converter.convert(text))[0]
        for index, run in enumerate(kept):
            text = text.replace(f"\x00{index}\x00", run)
        return text

    catalog = new_catalog(locale)
    for message in source:
        if not message.id:
            continue
        source = message.id[0] if isinstance(message.id, tuple) else message.id
        string = tuple(convert(s, source) for s in message.string) if isinstance(message.string, tuple) \
            else convert(message.string, source)
        catalog.add(message.id, string, message.locations)
    return catalog


def po_bytes(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_po(out, catalog, width=100, sort_output=False, include_lineno=False)
    return out.getvalue()


def mo_bytes(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_mo(out, catalog)
    return out.getvalue()


def problems(catalog: Catalog) -> list[str]:
    """Untranslated messages and translations that lost a placeholder."""
    found = []
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(strings):
            found.append(f"{catalog.locale}: untranslated: {ids[0]!r}")
            continue
        wanted = sorted(_PLACEHOLDER.findall(ids[-1]))
        for string in strings:
            if sorted(set(_PLACEHOLDER.findall(string))) != sorted(set(wanted)):
                found.append(f"{catalog.locale}: placeholders differ: {ids[0]!r} -> {string!r}")
    return found


def planned() -> dict[Path, bytes]:
    """Every catalog file as it should be."""
    template = extract()
    source = merged(template, read(po_path(SOURCE), SOURCE))
    files = {po_path(SOURCE): po_bytes(source), po_path(SOURCE).with_suffix(".mo"): mo_bytes(source)}
    for locale, edition in DERIVED.items():
        catalog = derive(source, locale, edition)
        files[po_path(locale)] = po_bytes(catalog)
        files[po_path(locale).with_suffix(".mo")] = mo_bytes(catalog)
    return files


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="report what is out of date; write nothing")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    files = planned()
    stale = [path for path, data in files.items() if not path.is_file() or path.read_bytes() != data]
    source = read_po(io.BytesIO(files[po_path(SOURCE)]), locale=SOURCE)
    missing = problems(source)
    if args.check:
        for path in stale:
            print(f"out of date: {path.relative_to(ROOT)}")
        for line in missing:
            print(line)
        return 1 if stale or missing else 0
    for path, data in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    for line in missing:
        print(line)
    print(f"{len(source)} messages; {len(missing)} to translate in {po_path(SOURCE).relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
