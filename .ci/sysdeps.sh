#!/usr/bin/env bash
# sysdeps.sh installs the system packages gongkai needs when they are missing:
# Debian's chromium (headless rendering), fonts-noto-cjk (Chinese in
# screenshots and PDF reports), prometheus (the scrape test) and poppler-utils
# (the PDF report tests). It never downloads a browser
# any other way.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
[ -d /usr/share/fonts/opentype/noto ] && ls /usr/share/fonts/opentype/noto | grep -q CJK || need+=(fonts-noto-cjk)
command -v prometheus >/dev/null 2>&1 || need+=(prometheus)
command -v unshare >/dev/null 2>&1 || need+=(util-linux)
command -v ip >/dev/null 2>&1 || need+=(iproute2)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)   # the PDF report tests read PDFs back
command -v fc-match >/dev/null 2>&1 || need+=(fontconfig)
if [ ${#need[@]} -eq 0 ]; then exit 0; fi
if [ "$(id -u)" != 0 ]; then
  SUDO=sudo
else
  SUDO=
fi
echo "installing: ${need[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}"
