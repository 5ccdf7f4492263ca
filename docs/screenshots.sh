#!/usr/bin/env bash
# Takes a screenshot of each workbench tab in a real window under Xvfb (not the headless test toolkit) and
# saves them into docs/screenshots/. The workbench drives itself through the tabs (hidden option
# --screenshot-dir): a dataset built from FewRel's val_wiki.json, an evaluation on a sample of MTOP English,
# the attention views. Where `tenor train` works, a short real training run is made first so the Train tab and
# the difference view show a trained model.
#
# Needs: Java 17, Maven, xvfb-run and GTK 3 (Debian/Ubuntu: apt-get install xvfb libgtk-3-0), the shared data
# in ../shared/data. Runs in a temporary Tenor home, so your models/ and data/ are not touched.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="${1:-$ROOT/docs/screenshots}"
SHARED="$(cd "${TENOR_SHARED_DATA:-$ROOT/../shared/data}" && pwd)"
command -v xvfb-run >/dev/null || { echo "screenshots.sh: xvfb-run is missing (apt-get install xvfb libgtk-3-0)" >&2; exit 1; }

(cd "$ROOT" && mvn -q -B -DskipTests package >&2)
HOME_DIR="$(mktemp -d -t tenor-screenshots.XXXXXX)"
trap 'rm -rf "$HOME_DIR"' EXIT
export TENOR_HOME="$HOME_DIR" DJL_OFFLINE=true
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
run_tenor() {
  "$JAVA" -Xmx6g -Dai.djl.offline=true -Dtenor.home="$HOME_DIR" -Dtenor.shared.data="$SHARED" \
    --add-opens java.base/java.lang=ALL-UNNAMED -cp "$ROOT/target/tenor.jar:$ROOT/target/lib/*" dev.tenor.cli.Main "$@"
}

# A short real training run, when the trainer is available (its charts and model make better pictures).
if [[ -f "$SHARED/fewrel/val_wiki.json" ]]; then
  run_tenor dataset build --fewrel "$SHARED/fewrel/val_wiki.json" --out "$HOME_DIR/data/datasets/val_wiki" >/dev/null
  if run_tenor train --base all-MiniLM-L6-v2 --triplets "$HOME_DIR/data/datasets/val_wiki" \
      --out "$HOME_DIR/models/runs/demo-val_wiki" --max-steps 60 --batch-size 8 --max-seq-length 48 \
      --checkpoint-every 30 --validate-every 30 >"$HOME_DIR/train.log" 2>&1; then
    echo "screenshots.sh: made a 60-step training run for the Train tab" >&2
  else
    echo "screenshots.sh: no training run (tenor train: $(tail -1 "$HOME_DIR/train.log"))" >&2
    rm -rf "$HOME_DIR/models/runs"
  fi
fi

mkdir -p "$OUT"
# A real X display; Prism renders with OpenGL where Xvfb offers it, else in software.
xvfb-run -a -s "-screen 0 1440x900x24" \
  "$JAVA" -Xmx6g -Dai.djl.offline=true -Dtenor.home="$HOME_DIR" -Dtenor.shared.data="$SHARED" \
  --add-opens java.base/java.lang=ALL-UNNAMED -cp "$ROOT/target/tenor.jar:$ROOT/target/lib/*" \
  dev.tenor.cli.Main workbench --screenshot-dir "$OUT" 2> >(grep -v -e "^WARNING: Unsupported JavaFX" -e "PlatformImpl startup" >&2)
chmod 644 "$OUT"/*.png
rm -f "$OUT/screenshots.txt"
ls -l "$OUT"
