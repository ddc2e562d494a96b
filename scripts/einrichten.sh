#!/usr/bin/env bash
# Richtet einen frischen Debian/Ubuntu-Rechner für berichtsgen ein: Systempakete (LibreOffice,
# Python-UNO, Schriften, Poppler, deutsche Silbentrennung) und eine virtuelle Python-Umgebung .venv mit berichtsgen.
set -euo pipefail
cd "$(dirname "$0")/.."

pakete="libreoffice-writer-nogui python3-uno python3-venv fonts-liberation2 fonts-dejavu-core fonts-crosextra-carlito fonts-crosextra-caladea poppler-utils hyphen-de"
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
echo "Eingerichtet: .venv/bin/berichtsgen"
