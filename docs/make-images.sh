#!/bin/sh
# Regenerates the pictures in README.md from the project's own articles.
set -eu
cd "$(dirname "$0")/.."
out=$(mktemp -d)
.venv/bin/publish build -o "$out" --format a4 --format booklet --edition zh-Hans --edition zh-Hant-HK \
  articles/01-jilv-jianshe.md >/dev/null 2>&1
pdftoppm -png -r 60 -f 1 -l 2 "$out/01-jilv-jianshe.zh-Hans.a4.pdf" docs/images/handout
pdftoppm -png -r 40 -f 2 -l 2 "$out/01-jilv-jianshe.zh-Hant-HK.booklet.pdf" docs/images/booklet
mv docs/images/booklet-2.png docs/images/booklet-sheet.png
rm -rf "$out"
