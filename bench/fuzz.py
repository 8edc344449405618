"""The parsers under 10^6 mutated inputs each (issue 19):

    python -m bench.fuzz [--inputs 1000000] [--seed N] [--jobs 2]

Every harness of tests/fuzz/targets.py (ID card frames, reads and text blocks; social security card
records; ESC/POS; IPP; QR scanner lines; the identifier validators; the platform's answers as the kiosk's
client parses them) gets --inputs mutations of its valid inputs; anything raised other than the
parser's documented error counts as uncaught (its site and input are printed). Baseline in the same
run: the same harness calls on the unmutated seeds (what a parser costs on valid input, µs).
Leaves out: coverage guidance (see tests/fuzz/engine.py), the Qt and QML side, the platform's own
request parsing (schemathesis covers it: python -m bench.attack).
Last line: one JSON object."""

from __future__ import annotations

import argparse
import json
import time
from concurrent.futures import ProcessPoolExecutor

from tests.fuzz.engine import Result, fuzz, run_one
from tests.fuzz.targets import TARGETS


def _run(args: tuple[str, int, int]) -> tuple[Result, float]:
    name, inputs, seed = args
    target = TARGETS[name]
    seeds = target.seeds()
    t0 = time.perf_counter()
    for _ in range(200):
        for data in seeds:
            run_one(target, data)
    seed_us = (time.perf_counter() - t0) / (200 * len(seeds)) * 1e6
    return fuzz(target, inputs, seed=seed), seed_us


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inputs", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=int(time.time()))
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    start = time.perf_counter()
    with ProcessPoolExecutor(args.jobs) as pool:
        results = list(pool.map(_run, [(name, args.inputs, args.seed) for name in TARGETS]))
    per_parser = {}
    for result, seed_us in results:
        per_parser[result.target] = {"crash_sites": len(result.crashes), "seconds": round(result.seconds, 1),
                                     "mutant_us": round(result.seconds / result.inputs * 1e6, 1),
                                     "seed_us": round(seed_us, 1), "slowest_ms": round(result.slowest_ms, 2)}
        for crash in result.crashes.values():
            print(f"{result.target}: {crash.where}: {crash.error}\n  input {crash.data[:256].hex()}")
    print(json.dumps({"parsers": len(results), "inputs_per_parser": args.inputs, "seed": args.seed,
                      "uncaught": sum(len(r.crashes) for r, _ in results),
                      "slowest_input_ms": round(max(r.slowest_ms for r, _ in results), 2),
                      "wall_s": round(time.perf_counter() - start, 1), "per_parser": per_parser}))


if __name__ == "__main__":
    main()
