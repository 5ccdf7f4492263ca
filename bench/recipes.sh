#!/usr/bin/env bash
# The recipe comparison behind the training defaults (docs/recipes.md), one command:
#   bench/recipes.sh [WORKDIR]
# For each seed and recipe: `tenor train` on the FewRel triplets (300 steps, batch 16, length 64,
# validation every 50 steps on MTOP English and ATIS validation splits, --select best, --merge-alpha auto),
# then the selected checkpoint (no merge) and the merged model/ are evaluated (exact search) on the MTOP
# English and ATIS test splits, beside the base model. Writes WORKDIR/results.tsv and prints the table
# with mean and spread over seeds.
# Environment: SEEDS (default "1 2 3"), RECIPES (names below, default all), STEPS (300), TENOR (bin/tenor).
# CPU: about 15-25 minutes per run on 2 cores; on a GPU add DEVICE=cuda:0.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="${1:-$ROOT/data/bench/recipes}"
SEEDS="${SEEDS:-1 2 3}"
STEPS="${STEPS:-300}"
TENOR="${TENOR:-$ROOT/bin/tenor}"
DEVICE="${DEVICE:-cpu}"
SHARED="${TENOR_SHARED_DATA:-$ROOT/../shared/data}"
declare -A FLAGS=(
  [seed-triplet]="--recipe seed --merge-alpha auto"
  [cosine-triplet]="--recipe seed --loss cosine-triplet --merge-alpha auto"
  [mnrl]="--recipe seed --loss mnrl --merge-alpha auto"
  [mnrl-grouped]="--recipe seed --loss mnrl --merge-alpha auto --group-by-length true"
  [seed-grouped]="--recipe seed --merge-alpha auto --group-by-length true"
  [triplet-lr5e-5]="--recipe seed --lr 5e-5 --merge-alpha auto"
  [triplet-lr1e-4]="--recipe seed --lr 1e-4 --merge-alpha auto"
)
RECIPES="${RECIPES:-seed-triplet cosine-triplet mnrl}"
SETS=(mtop_intent/en atis)
mkdir -p "$WORK/runs" "$WORK/eval"

if [[ ! -f "$WORK/triplets/.done" ]]; then
  "$TENOR" dataset build --fewrel "$SHARED/fewrel/train_wiki_partial.json" --out "$WORK/triplets"
  touch "$WORK/triplets/.done"
fi

evaluate() { # name model set -> top1 top3 macro-top1
  local name="$1" model="$2" set="$3" out="$WORK/eval/$1/${3//\//-}"
  if [[ ! -f "$out/report.json" ]]; then
    "$TENOR" evaluate --model "$model" --dataset "$SHARED/$set" --index exact --out "$out" >&2
  fi
  python3 - "$out/report.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
labels = [l["top_k"]["1"] for l in r["per_label"] if l["queries"] > 0]
print("%.4f\t%.4f\t%.4f" % (r["top_k"]["1"], r["top_k"]["3"], sum(labels) / len(labels)))
PY
}

RESULTS="$WORK/results.tsv"
echo -e "recipe\tseed\tvariant\talpha\tselected_step\tminutes\tdev_accuracy\tmtop_top1\tmtop_top3\tmtop_macro1\tatis_top1\tatis_top3\tatis_macro1" > "$RESULTS"
base_row="base\t-\t-\t-\t-\t-\t-"
for set in "${SETS[@]}"; do base_row+="\t$(evaluate base all-MiniLM-L6-v2 "$set")"; done
echo -e "$base_row" >> "$RESULTS"

for seed in $SEEDS; do
  for recipe in $RECIPES; do
    run="$WORK/runs/$recipe-s$seed"
    if [[ ! -d "$run/model" ]]; then
      start=$(date +%s)
      # shellcheck disable=SC2086
      if ! "$TENOR" train --triplets "$WORK/triplets" --out "$run" --overwrite --max-steps "$STEPS" --batch-size 16 \
        --max-seq-length 64 --seed "$seed" --validate-every 50 --device "$DEVICE" ${FLAGS[$recipe]} >&2; then
        echo -e "$recipe\t$seed\tfailed\t-\t-\t-\t-\t-\t-\t-\t-\t-\t-" >> "$RESULTS"
        echo "recipes: $recipe seed $seed failed; see $run/metrics.jsonl" >&2
        continue
      fi
      echo $(( $(date +%s) - start )) > "$run/seconds"
    fi
    read -r step alpha dev < <(python3 - "$run/metrics.jsonl" <<'PY'
import json, sys
events = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
done = [e for e in events if e.get("event") == "done"][-1]
# FewRel dev triplet accuracy is measured at step 0 and at the run's end (and at epoch ends): the selected
# step's when it has one, else the end's
dev = [e for e in events if "dev_accuracy" in e and e.get("step", 0) > 0]
at = [e for e in dev if e.get("step") == done["selected_step"]] or dev[-1:]
print(done["selected_step"], done.get("merge_alpha", 1.0), "%.4f" % at[-1]["dev_accuracy"] if at else "-")
PY
)
    minutes=$(python3 -c "print('%.1f' % ($(cat "$run/seconds") / 60))")
    tuned="$run/checkpoints/step-$step"
    [[ -d "$tuned" ]] || tuned="$run/model"
    for variant in tuned merged; do
      model="$tuned"; a=1.0
      if [[ $variant == merged ]]; then model="$run/model"; a="$alpha"; fi
      row="$recipe\t$seed\t$variant\t$a\t$step\t$minutes\t$dev"
      for set in "${SETS[@]}"; do row+="\t$(evaluate "$recipe-s$seed-$variant" "$model" "$set")"; done
      echo -e "$row" >> "$RESULTS"
    done
  done
done

python3 - "$RESULTS" <<'PY'
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
cols = ["mtop_top1", "mtop_top3", "mtop_macro1", "atis_top1", "atis_top3", "atis_macro1", "dev_accuracy"]
print("| recipe | variant | seeds | alpha | " + " | ".join(cols) + " | minutes |")
print("|---" * (len(cols) + 5) + "|")
groups = {}
for r in rows:
    groups.setdefault((r["recipe"], r["variant"]), []).append(r)
for (recipe, variant), rs in groups.items():
    def cell(c):
        v = [float(r[c]) for r in rs if r[c] not in ("-", "")]
        if not v:
            return "-"
        return "%.4f" % v[0] if len(v) == 1 else "%.4f ± %.4f" % (statistics.mean(v), statistics.stdev(v))
    print("| %s | %s | %d | %s | %s | %s |" % (recipe, variant, len(rs), ",".join(r["alpha"] for r in rs),
          " | ".join(cell(c) for c in cols), cell("minutes")))
PY
