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

# Typography, before and after: the same paragraphs with [typography] off and on.
plain=$(mktemp -d)
mkdir -p "$plain/layouts/handout"
printf '[typography]\njustify = false\ncompress_punctuation = false\nlatin_gap = false\nkeep_last_line = false\n' \
  > "$plain/layouts/handout/layout.toml"
cp tests/fixtures/typography.md "$plain/"
(cd "$plain" && "$OLDPWD/.venv/bin/publish" build typography.md -o before >/dev/null 2>&1)
.venv/bin/publish build tests/fixtures/typography.md -o "$plain/after" >/dev/null 2>&1
pdftoppm -png -r 70 -f 1 -l 1 -x 60 -y 150 -W 470 -H 560 "$plain/before/typography.zh-Hans.a4.pdf" docs/images/typography-before
pdftoppm -png -r 70 -f 1 -l 1 -x 60 -y 150 -W 470 -H 560 "$plain/after/typography.zh-Hans.a4.pdf" docs/images/typography-after
mv docs/images/typography-before-1.png docs/images/typography-before.png
mv docs/images/typography-after-1.png docs/images/typography-after.png

# Long tokens (URLs, addresses, paths, English) and emphasis dots.
.venv/bin/publish build tests/fixtures/long-tokens.md -o "$plain/tokens" >/dev/null 2>&1
pdftoppm -png -r 70 -f 1 -l 1 -x 60 -y 150 -W 470 -H 560 "$plain/tokens/long-tokens.zh-Hans.a4.pdf" docs/images/long-tokens
pdftoppm -png -r 150 -f 2 -l 2 -x 140 -y 585 -W 1000 -H 140 "$plain/tokens/long-tokens.zh-Hans.a4.pdf" docs/images/emphasis
mv docs/images/long-tokens-1.png docs/images/long-tokens.png
mv docs/images/emphasis-2.png docs/images/emphasis.png
rm -rf "$plain"

# A notice (通知): its 主送机关 flush left, its 落款 at the right.
notice=$(mktemp -d)
.venv/bin/publish build tests/fixtures/notice.txt -o "$notice" >/dev/null 2>&1
pdftoppm -png -r 60 -f 1 -l 1 "$notice/notice.zh-Hans.a4.pdf" docs/images/notice
mv docs/images/notice-1.png docs/images/notice.png
rm -rf "$notice"

# The contact sheet --preview writes: every page of the example compilation.
sheet=$(mktemp -d)
.venv/bin/publish build -o "$sheet" --format a4 --edition zh-Hans --preview --no-cache >/dev/null 2>&1
cp "$sheet/xuexi-huibian.zh-Hans.a4.contact.png" docs/images/contact-sheet.png
rm -rf "$sheet"
