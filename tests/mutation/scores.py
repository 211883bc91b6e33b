"""Mutation score per file from a Stryker JSON report, and the surviving mutants (file:line, mutator, replacement).

    python3 tests/mutation/scores.py REPORT.json [--markdown]

Score = (killed + timeout) / (killed + timeout + survived + no coverage), as Stryker reports it; compile errors and
ignored mutants (outside the group's files) are not counted. --markdown prints the README table rows instead.
"""
import json
import sys

COUNTED = ("Killed", "Timeout", "Survived", "NoCoverage")
ALIVE = ("Survived", "NoCoverage")


def print_file(name, mutants, markdown):
    """Prints one file's score from (mutant, status) pairs; a status may carry a note after a space ("Survived (…)")."""
    n = {s: 0 for s in COUNTED}
    for _, status in mutants:
        if status.split(" ")[0] in n:
            n[status.split(" ")[0]] += 1
    valid = sum(n.values())
    if valid == 0:
        return  # not a target (every mutant filtered out)
    score = 100.0 * (n["Killed"] + n["Timeout"]) / valid
    if markdown:
        print(f"| {name} | {n['Killed']} | {n['Survived']} | {n['Timeout']} | {n['NoCoverage']} | {score:.1f} % |")
        return
    errors = sum(1 for _, s in mutants if s == "CompileError")
    print(f"{name}: {score:.1f}% (killed {n['Killed']}, survived {n['Survived']}, timeout {n['Timeout']}, "
          f"no coverage {n['NoCoverage']}; {errors} compile errors)")
    for m, status in mutants:
        if status.split(" ")[0] in ALIVE:
            loc = m["location"]["start"]
            print(f"  {status}: line {loc['line']}: {m['mutatorName']}: {m.get('replacement', '').strip()[:110]}")


if __name__ == "__main__":
    report = json.load(open(sys.argv[1]))
    for path, f in sorted(report["files"].items()):
        print_file(path.split("src/TalkingGaussian/")[-1], [(m, m["status"]) for m in f["mutants"]], "--markdown" in sys.argv[2:])
