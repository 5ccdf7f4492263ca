#!/usr/bin/env bash
# Renders icon.svg to the PNG sizes the workbench window and the installers use.
# Needs rsvg-convert (Debian/Ubuntu: apt-get install librsvg2-bin).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
for size in 16 32 48 64 128 256 512; do
  rsvg-convert -w "$size" -h "$size" icon.svg -o "icon-$size.png"
done
cp icon-256.png icon.png
echo "wrote icon-{16,32,48,64,128,256,512}.png and icon.png"
