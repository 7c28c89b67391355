#!/usr/bin/env bash
# Debian packages the pipeline needs: CJK fonts (Fandol, AR PL, Noto), HarfBuzz subsetting for
# fast PDF font embedding, poppler for PDF checks, LibreOffice for round-trip tests and `make bench`.
# With --check-or-install: do nothing when all is present; install as root; otherwise say what to run.
set -euo pipefail
PACKAGES=(fonts-noto-cjk texlive-lang-chinese fonts-arphic-gkai00mp fonts-arphic-gbsn00lp
          libharfbuzz-subset0 libpango-1.0-0 libpangoft2-1.0-0 poppler-utils
          libreoffice-calc-nogui libreoffice-writer-nogui)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
  echo "缺少系统软件包：${missing[*]}" >&2
  echo "请由管理员执行：sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
  [ "${1:-}" = "--check-or-install" ] && exit 2 || exit 1
fi
echo "安装系统软件包：${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
