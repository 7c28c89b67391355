#!/usr/bin/env bash
# Debian packages the pipeline needs: CJK fonts (Fandol, AR PL, Noto), HarfBuzz subsetting for
# fast PDF font embedding, poppler and qpdf for PDF checks, chromium and chromium-driver for the status page and the desk's browser tests, LibreOffice for round-trip tests and `make bench`.
# With --check-or-install: do nothing when all is present; install as root; otherwise say what to run.
set -euo pipefail
PACKAGES=(fonts-noto-cjk texlive-lang-chinese fonts-arphic-gkai00mp fonts-arphic-gbsn00lp
          libharfbuzz-subset0 libpango-1.0-0 libpangoft2-1.0-0 poppler-utils qpdf chromium
          libreoffice-calc-nogui libreoffice-writer-nogui chromium-driver)

here="$(cd "$(dirname "$0")" && pwd)"

# Official 公文 font names → free faces, for LibreOffice and fontconfig (idempotent; root or per user).
install_font_aliases() {
  local conf="$here/65-gbt9704-fonts.conf" target
  if [ "$(id -u)" = 0 ]; then target=/etc/fonts/conf.d/65-gbt9704-fonts.conf
  else target="${XDG_CONFIG_HOME:-$HOME/.config}/fontconfig/conf.d/65-gbt9704-fonts.conf"; fi
  if ! cmp -s "$conf" "$target" 2>/dev/null; then
    mkdir -p "$(dirname "$target")" && cp "$conf" "$target" && fc-cache -f >/dev/null 2>&1 || true
  fi
}

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then install_font_aliases; exit 0; fi

if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
  echo "缺少系统软件包：${missing[*]}" >&2
  echo "请由管理员执行：sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
  [ "${1:-}" = "--check-or-install" ] && exit 2 || exit 1
fi
echo "安装系统软件包：${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
install_font_aliases
