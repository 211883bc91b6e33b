"""Re-test only the mutants an earlier Stryker run left alive, and merge the two reports into final scores.

    python3 tests/mutation/survivors.py spans REPORT.json         # --mutate patterns for stryker.sh --survivors-of
    python3 tests/mutation/survivors.py merge REPORT.json RERUN.json [--markdown]

`spans` prints one Stryker --mutate pattern per file that had survivors (Survived or NoCoverage): the file's glob with
the character spans of the lines each survivor covers ({start..end}, Stryker.NET's span syntax; a mutant is tested when
a span contains it). A file whose source has changed since REPORT is given whole, so every mutant of it is tested again.

`merge` takes REPORT's statuses and replaces, for each survivor, its status with the one RERUN gives the same mutant
(same mutator, replacement and original text; for a changed file RERUN's results replace REPORT's altogether). It prints
the final per-file score in the form of scores.py and every mutant still alive.
"""
import json
import os
import sys

from scores import ALIVE, COUNTED, print_file
root = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))


def name_of(path):
    return path.replace("\\", "/").split("src/TalkingGaussian/")[-1]


def files_of(report):
    return {name_of(p): f for p, f in json.load(open(report))["files"].items()}


def text_of(source, loc):
    lines = source.splitlines(keepends=True)
    s, e = loc["start"], loc["end"]
    if s["line"] == e["line"]:
        return lines[s["line"] - 1][s["column"] - 1:e["column"] - 1]
    parts = [lines[s["line"] - 1][s["column"] - 1:]] + lines[s["line"]:e["line"] - 1] + [lines[e["line"] - 1][:e["column"] - 1]]
    return "".join(parts)


def key(source, m):
    return (m["mutatorName"], m.get("replacement", "").strip(), text_of(source, m["location"]))


def spans():
    for name, f in sorted(files_of(sys.argv[2]).items()):
        alive = [m for m in f["mutants"] if m["status"] in ALIVE]
        if not alive:
            continue
        current = open(os.path.join(root, "src", "TalkingGaussian", name), encoding="utf-8").read()
        glob = f"**/src/TalkingGaussian/{name}"
        if current != f["source"]:
            print(glob)  # changed since the report: test the whole file again
            continue
        starts = [0]
        for line in current.splitlines(keepends=True):
            starts.append(starts[-1] + len(line))
        ranges = sorted({(starts[m["location"]["start"]["line"] - 1], starts[m["location"]["end"]["line"]]) for m in alive})
        print(glob + "".join(f"{{{a}..{b}}}" for a, b in ranges))


def merge():
    first, rerun = files_of(sys.argv[2]), files_of(sys.argv[3])
    markdown = "--markdown" in sys.argv[4:]
    for name, f in sorted(first.items()):
        again = rerun.get(name)
        if again is not None and not again["mutants"]:
            again = None  # not selected in the rerun
        if again is not None and again["source"] != f["source"]:
            print_file(name, [(m, m["status"]) for m in again["mutants"]], markdown)  # changed: the rerun's whole result
            continue
        redone = {}
        if again is not None:
            for m in again["mutants"]:
                if m["status"] in COUNTED:
                    redone[key(again["source"], m)] = m["status"]
        mutants = []
        for m in f["mutants"]:
            status = m["status"]
            if status in ALIVE:
                status = redone.get(key(f["source"], m), status + " (not re-tested)")
            mutants.append((m, status))
        print_file(name, mutants, markdown)


if __name__ == "__main__":
    {"spans": spans, "merge": merge}[sys.argv[1]]()
