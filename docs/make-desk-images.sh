#!/bin/sh
# Regenerates the request desk's pictures in README.md: the browser tests
# take them in Debian's Chromium as they go (PUBLISH_DESK_SCREENSHOTS).
set -eu
cd "$(dirname "$0")/.."
PUBLISH_DESK_SCREENSHOTS=docs/images .venv/bin/python -m pytest -q tests/test_desk_browser.py
