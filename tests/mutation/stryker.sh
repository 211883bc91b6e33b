#!/usr/bin/env bash
# Mutation testing of the numeric files with Stryker.NET (pinned in .config/dotnet-tools.json). Not part of CI: it takes
# about 80 minutes on 2 cores (README, Testing). Usage: tests/mutation/stryker.sh [--survivors-of REPORT.json] [group ...]
# (groups from targets.txt; default all). With --survivors-of, only the mutants that REPORT left alive in the selected
# groups' files are tested again (survivors.py spans), and the merged final scores are printed (survivors.py merge).
# One Stryker run covers every selected file (its per-test coverage runs each mutant against only the tests that reach
# it); reports land in tests/mutation/reports/ (html + json) and the score per file, with every
# surviving mutant, is printed at the end. Stryker rewrites the test project's bin folder while it runs: do not run
# dotnet test in the same checkout meanwhile.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root"
dotnet tool restore >/dev/null
previous=""
if [ "${1:-}" = "--survivors-of" ]; then
  previous=$(realpath "$2"); shift 2
  mapfile -t survivor_spans < <(python3 "$here/survivors.py" spans "$previous")
fi
wanted=" $* "
mutate=()
filters=()
while read -r group files filter; do
  [[ -z "$group" || "$group" == \#* ]] && continue
  [[ "$wanted" == "  " || "$wanted" == *" $group "* ]] || continue
  IFS=',' read -ra globs <<<"$files"
  for g in "${globs[@]}"; do
    if [ -z "$previous" ]; then mutate+=(--mutate "**/src/TalkingGaussian/$g"); continue; fi
    for s in "${survivor_spans[@]}"; do [[ "$s" == "**/src/TalkingGaussian/$g" || "$s" == "**/src/TalkingGaussian/$g{"* ]] && mutate+=(--mutate "$s"); done
  done
  filters+=("$filter")
done <"$here/targets.txt"
[ ${#mutate[@]} -gt 0 ] || { echo "nothing to mutate: no group matches '$*' in $here/targets.txt, or no survivors in it"; exit 1; }
filter=$(IFS='|'; echo "${filters[*]}")
out="$here/reports${previous:+-survivors}"
rm -rf "$out"
start=$(date +%s)
(cd tests/TalkingGaussian.Tests && dotnet stryker --config-file "$here/stryker-config.json" --skip-version-check \
    "${mutate[@]}" --test-case-filter "$filter" --output "$out") | grep -vE "^\s*$" | tail -n 25
echo "stryker took $(( $(date +%s) - start )) s"
if [ -n "$previous" ]; then
  python3 "$here/survivors.py" merge "$previous" "$out"/reports/mutation-report.json
else
  python3 "$here/scores.py" "$out"/reports/mutation-report.json
fi
