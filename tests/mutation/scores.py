"""Mutation score per file from a Stryker JSON report, and the surviving mutants (file:line, mutator, replacement).

    python3 tests/mutation/scores.py REPORT.json [--markdown]

Score = (killed + timeout) / (killed + timeout + survived + no coverage), as Stryker reports it; compile errors and
ignored mutants (outside the group's files) are not counted. --markdown prints the README table rows instead.
"""
import json
import sys

report = json.load(open(sys.argv[1]))
markdown = "--markdown" in sys.argv[2:]
for path, f in sorted(report["files"].items()):
    status = [m["status"] for m in f["mutants"]]
    n = {s: status.count(s) for s in ("Killed", "Timeout", "Survived", "NoCoverage", "CompileError", "Ignored")}
    valid = n["Killed"] + n["Timeout"] + n["Survived"] + n["NoCoverage"]
    if valid == 0:
        continue  # not a target (every mutant filtered out)
    score = 100.0 * (n["Killed"] + n["Timeout"]) / valid
    name = path.split("src/TalkingGaussian/")[-1]
    if markdown:
        print(f"| {name} | {n['Killed']} | {n['Survived']} | {n['Timeout']} | {n['NoCoverage']} | {score:.1f} % |")
        continue
    print(f"{name}: {score:.1f}% (killed {n['Killed']}, survived {n['Survived']}, timeout {n['Timeout']}, "
          f"no coverage {n['NoCoverage']}; {n['CompileError']} compile errors)")
    for m in f["mutants"]:
        if m["status"] in ("Survived", "NoCoverage"):
            loc = m["location"]["start"]
            print(f"  {m['status']}: line {loc['line']}: {m['mutatorName']}: {m.get('replacement', '').strip()[:110]}")
