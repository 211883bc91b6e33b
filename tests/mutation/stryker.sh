#!/usr/bin/env bash
# Mutation testing of the numeric files with Stryker.NET (pinned in .config/dotnet-tools.json). Not part of CI: it takes
# tens of minutes (README, Testing). Usage: tests/mutation/stryker.sh [group ...]  (groups from targets.txt; default all).
# Reports land in tests/mutation/reports/<group>/ (html + json); the score per file is printed at the end of each group.
# Stryker rewrites the test project's bin folder while it runs: do not run dotnet test in the same checkout meanwhile.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root"
dotnet tool restore >/dev/null
wanted=("$@")
while read -r group files filter; do
  [[ -z "$group" || "$group" == \#* ]] && continue
  if [ ${#wanted[@]} -gt 0 ] && [[ ! " ${wanted[*]} " == *" $group "* ]]; then continue; fi
  mutate=()
  IFS=',' read -ra globs <<<"$files"
  for g in "${globs[@]}"; do mutate+=(--mutate "**/src/TalkingGaussian/$g"); done
  out="$here/reports/$group"
  rm -rf "$out"
  echo "== $group: ${files} (tests: $filter)"
  start=$(date +%s)
  (cd tests/TalkingGaussian.Tests && dotnet stryker --config-file "$here/stryker-config.json" --skip-version-check \
      "${mutate[@]}" --test-case-filter "$filter" --output "$out") | grep -vE "^\s*$" | tail -n 25
  echo "== $group took $(( $(date +%s) - start )) s"
  python3 "$here/scores.py" "$out"/reports/mutation-report.json
done <"$here/targets.txt"
