#!/usr/bin/env bash
# Richtet einen frischen Debian/Ubuntu-Rechner für berichtsgen ein: Systempakete (LibreOffice,
# Python-UNO, Schriften, Poppler, deutsche Silbentrennung; Chromium und axe-core für die Browsertests der
# HTML-Fassung) und eine virtuelle Python-Umgebung .venv mit berichtsgen.
set -euo pipefail
cd "$(dirname "$0")/.."

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"

# LibreOffice ab 24.2: erst damit sind die Bilder im PDF getaggte Abbildungen (PDF/UA). Debian 13
# und Ubuntu ab 24.04 bringen sie mit; Debian 12 hat 7.4, die neue Fassung liegt in
# bookworm-backports. Die Paketquelle dafür wird aus dem eigenen Debian-Eintrag des Rechners
# abgeleitet (derselbe Spiegel, Suite bookworm-backports): das Projekt schreibt keinen Spiegel vor.
lo_mindestens="4:24.2"
lo_ziel=""
if [ -r /etc/os-release ] && . /etc/os-release && [ "${ID:-}" = debian ] && [ "${VERSION_CODENAME:-}" = bookworm ]; then
  lo_ziel="bookworm-backports"
  if ! grep -rqs "bookworm-backports" /etc/apt/sources.list /etc/apt/sources.list.d/; then
    spiegel="$(grep -hs '^URIs:' /etc/apt/sources.list.d/*.sources | grep -v security | head -1 | awk '{print $2}' || true)"
    [ -n "$spiegel" ] || spiegel="$(grep -hs '^deb ' /etc/apt/sources.list | grep -v security | head -1 | awk '{print $2}' || true)"
    [ -n "$spiegel" ] || spiegel="http://deb.debian.org/debian"
    echo "Paketquelle bookworm-backports ($spiegel) für LibreOffice ab 24.2"
    printf 'Types: deb\nURIs: %s\nSuites: bookworm-backports\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
      "$spiegel" | $sudo tee /etc/apt/sources.list.d/berichtsgen-backports.sources >/dev/null
  fi
fi

pakete="python3-venv fonts-liberation2 fonts-dejavu-core fonts-crosextra-carlito fonts-crosextra-caladea poppler-utils hyphen-de chromium chromium-driver"
fehlend=""
for p in $pakete; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || fehlend="$fehlend $p"
done
lo_fehlt=""
lo_version="$(dpkg-query -W -f='${Version}' libreoffice-writer-nogui 2>/dev/null || true)"
if [ -z "$lo_version" ] || ! dpkg --compare-versions "$lo_version" ge "$lo_mindestens"; then
  lo_fehlt="libreoffice-writer-nogui python3-uno"
fi
if [ -n "$fehlend$lo_fehlt" ]; then
  echo "Installiere Systempakete:$fehlend $lo_fehlt"
  $sudo apt-get update -qq
  if [ -n "$fehlend" ]; then
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $fehlend >/dev/null
  fi
  if [ -n "$lo_fehlt" ]; then
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
      ${lo_ziel:+-t "$lo_ziel"} $lo_fehlt >/dev/null
  fi
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
