#!/usr/bin/env bash
# Mutation testing of the numeric files with Stryker.NET (pinned in .config/dotnet-tools.json). Not part of CI: it takes
# about an hour on 2 cores (README, Testing). Usage: tests/mutation/stryker.sh [group ...]  (groups from targets.txt;
# default all). One Stryker run covers every selected file (its per-test coverage runs each mutant against only the
# tests that reach it); reports land in tests/mutation/reports/ (html + json) and the score per file, with every
# surviving mutant, is printed at the end. Stryker rewrites the test project's bin folder while it runs: do not run
# dotnet test in the same checkout meanwhile.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root"
dotnet tool restore >/dev/null
wanted=" $* "
mutate=()
filters=()
while read -r group files filter; do
  [[ -z "$group" || "$group" == \#* ]] && continue
  [[ "$wanted" == "  " || "$wanted" == *" $group "* ]] || continue
  IFS=',' read -ra globs <<<"$files"
  for g in "${globs[@]}"; do mutate+=(--mutate "**/src/TalkingGaussian/$g"); done
  filters+=("$filter")
done <"$here/targets.txt"
[ ${#mutate[@]} -gt 0 ] || { echo "no group matches '$*' in $here/targets.txt"; exit 1; }
filter=$(IFS='|'; echo "${filters[*]}")
out="$here/reports"
rm -rf "$out"
start=$(date +%s)
(cd tests/TalkingGaussian.Tests && dotnet stryker --config-file "$here/stryker-config.json" --skip-version-check \
    "${mutate[@]}" --test-case-filter "$filter" --output "$out") | grep -vE "^\s*$" | tail -n 25
echo "stryker took $(( $(date +%s) - start )) s"
python3 "$here/scores.py" "$out"/reports/mutation-report.json
