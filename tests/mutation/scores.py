"""Mutation score per file from a Stryker JSON report, and the surviving mutants (file:line, mutator, replacement)."""
import json
import sys

report = json.load(open(sys.argv[1]))
for path, f in sorted(report["files"].items()):
    status = [m["status"] for m in f["mutants"]]
    killed = sum(s in ("Killed", "Timeout") for s in status)
    survived = [m for m in f["mutants"] if m["status"] in ("Survived", "NoCoverage")]
    valid = killed + len(survived)
    if valid == 0:
        continue  # not a target (every mutant filtered out)
    score = 100.0 * killed / valid if valid else 100.0
    print(f"{path.split('src/TalkingGaussian/')[-1]}: {score:.1f}% ({killed} killed of {valid}; "
          f"{sum(s == 'CompileError' for s in status)} compile errors, {sum(s == 'Ignored' for s in status)} ignored)")
    for m in survived:
        loc = m["location"]["start"]
        print(f"  {m['status']}: line {loc['line']}: {m['mutatorName']}: {m.get('replacement', '').strip()[:110]}")
