#!/usr/bin/env bash
# Richtet einen frischen Debian/Ubuntu-Rechner für berichtsgen ein: Systempakete (LibreOffice,
# Python-UNO, Schriften, Poppler, deutsche Silbentrennung; Chromium und axe-core für die Browsertests der
# HTML-Fassung) und eine virtuelle Python-Umgebung .venv mit berichtsgen.
set -euo pipefail
cd "$(dirname "$0")/.."

pakete="libreoffice-writer-nogui python3-uno python3-venv fonts-liberation2 fonts-dejavu-core fonts-crosextra-carlito fonts-crosextra-caladea poppler-utils hyphen-de chromium chromium-driver"
fehlend=""
for p in $pakete; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || fehlend="$fehlend $p"
done
if [ -n "$fehlend" ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "Installiere Systempakete:$fehlend"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $fehlend >/dev/null
fi

python="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  "$python" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip >/dev/null
.venv/bin/python -m pip install -q -e ".[test]"
# axe-core 4 (WCAG 2.1 rules) for the browser tests of the HTML edition, from the npm registry
axe=".venv/share/axe-core"
if [ ! -f "$axe/axe.min.js" ] && command -v npm >/dev/null; then
  tmp="$(mktemp -d)"
  (cd "$tmp" && npm pack --silent "axe-core@4" >/dev/null && tar -xzf axe-core-*.tgz package/axe.min.js package/LICENSE)
  mkdir -p "$axe" && mv "$tmp/package/axe.min.js" "$tmp/package/LICENSE" "$axe/"
  rm -rf "$tmp"
fi
echo "Eingerichtet: .venv/bin/berichtsgen"
