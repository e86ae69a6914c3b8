#!/bin/sh
# Installs the Debian/Ubuntu packages publish needs at run and test time.
# Pango renders the text; libharfbuzz-subset0 lets WeasyPrint subset CJK fonts
# natively (without it builds are ~12x slower); the fonts are the open
# stand-ins for the fonts offices print with; poppler-utils and qpdf are used
# by the tests and by `make demo` previews.
#
# `--test` adds what only the test suite needs (`make test` passes it;
# `make demo` does not): programs the tests start themselves.
set -eu
PKGS="libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig \
fonts-noto-cjk fonts-lxgw-wenkai poppler-utils qpdf"
# libreoffice-writer-nogui: the tests read .doc and .wps files (made with it) for real.
# chromium and its driver: the desk's browser tests (Selenium drives the system browser).
TEST_PKGS="libreoffice-writer-nogui chromium chromium-driver"
if [ "${1:-}" = "--test" ]; then
  PKGS="$PKGS $TEST_PKGS"
fi

# Debian's python3 comes without venv and pip until python3-venv is there.
PY=${PY:-python3}
if ! "$PY" -c "import ensurepip, venv" >/dev/null 2>&1; then
  PKGS="$PKGS python3-venv"
fi

missing=""
for p in $PKGS; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO=sudo
  else
    echo "publish needs these system packages:$missing" >&2
    echo "Install them with:  sudo apt-get update && sudo apt-get install -y$missing" >&2
    exit 1
  fi
else
  SUDO=
fi
echo "Installing system packages:$missing"
$SUDO apt-get update -q
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends $missing
