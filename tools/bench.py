# SPDX-License-Identifier: BSD-2-Clause
# bench.py: boot benchmark images in QEMU, collect their instruction counts as JSON.
"""Boot benchmark images in QEMU's bench mode and record what they measure.

A benchmark program prints lines ``BENCH <name> <instructions> <what>``: a name made
of [a-z0-9_], the instructions one operation takes (QEMU counts them with -icount),
and free text saying what was measured; or, for a latency histogram,
``BENCH <name> histogram min=N median=N p99=N p999=N max=N periods=N misses=N <what>``
(nanoseconds of virtual time, one per instruction under -icount shift=0). The figures are merged into a JSON file
(other images add their own names) and shown as a table. --check-determinism runs
every image several times and fails when any figure differs between runs.

An image that needs more of QEMU than the platform's bench arguments (a disk, a
network card) lists the extra QEMU arguments in a file beside it, ``<image>.qemu-args``:
one argument a line, blank lines and lines starting with ``#`` ignored, ``{tmp}``
replaced by a temporary directory made for that boot and removed after it.
"""

import argparse
import json
import re
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import qemu_run  # noqa: E402

BENCH_LINE = re.compile(r"BENCH ([a-z0-9_]+) ([0-9]+) (\S.*)")
# A latency histogram (tessera/periodic.h): figures in ns of virtual time.
HIST_FIELDS = ("min", "median", "p99", "p999", "max", "periods", "misses")
HIST_LINE = re.compile(r"BENCH ([a-z0-9_]+) histogram " +
                       " ".join(f"{f}=([0-9]+)" for f in HIST_FIELDS) + r" (\S.*)")
DEFAULT_OUT = qemu_run.REPO / "build" / "bench" / "results.json"


class BenchError(Exception):
    """A benchmark image misbehaved or printed something unusable."""


def parse_bench(lines, source="output"):
    """Return {name: {"instructions": n, "what": text}} from the BENCH lines in LINES."""
    figures = {}
    for line in lines:
        line = line.rstrip()
        if line != "BENCH" and not line.startswith("BENCH "):
            continue
        m, h = BENCH_LINE.fullmatch(line), HIST_LINE.fullmatch(line)
        if not (m or h):
            raise BenchError(f"{source}: malformed BENCH line (want 'BENCH <name> "
                             f"<instructions> <what>' or a histogram): {line!r}")
        name = (m or h).group(1)
        if name in figures:
            raise BenchError(f"{source}: benchmark {name} reported twice")
        if m:
            figures[name] = {"instructions": int(m.group(2)), "what": m.group(3)}
        else:
            figures[name] = {f: int(v) for f, v in zip(HIST_FIELDS, h.groups()[1:])}
            figures[name].update(unit="ns of virtual time (instructions)", what=h.groups()[-1])
    if not figures:
        raise BenchError(f"{source}: printed no BENCH lines")
    return figures


def image_qemu_args(image, tmp):
    """The extra QEMU arguments IMAGE's .qemu-args file gives, with {tmp} as TMP ([] if
    there is no such file)."""
    path = Path(f"{image}.qemu-args")
    if not path.is_file():
        return []
    lines = (line.strip() for line in path.read_text().splitlines())
    return [line.replace("{tmp}", str(tmp)) for line in lines if line and not line.startswith("#")]


def measure(platform, image, timeout):
    """Boot IMAGE once in bench mode and return its parsed figures."""
    with tempfile.TemporaryDirectory(prefix="tessera-bench-") as tmp:
        cmd = qemu_run.build_command(platform, image, "bench",
                                     qemu_args=image_qemu_args(image, tmp))
        result = qemu_run.run(cmd, timeout=timeout, status=0, echo=False)
    if not result.passed:
        for line in result.output[-qemu_run.TAIL_LINES:]:
            print(line, file=sys.stderr)
        raise BenchError(f"{image}: {result.reason}")
    return parse_bench(result.output, str(image))


def measure_all(platform, images, timeout):
    """Boot every image once; return all their figures in one dict."""
    figures = {}
    for image in images:
        for name, figure in measure(platform, image, timeout).items():
            if name in figures:
                raise BenchError(f"{image}: benchmark {name} is also in another image")
            figures[name] = figure
    return figures


def differences(runs):
    """Describe each benchmark whose instruction count is not the same in all RUNS."""
    problems = []
    for name in sorted(set().union(*runs)):
        counts = [(run[name]["instructions"] if "instructions" in run[name] else
                   " ".join(f"{f}={run[name][f]}" for f in HIST_FIELDS))
                  if name in run else "missing" for run in runs]
        if len(set(counts)) > 1:
            values = ", ".join(f"{c} (run {i})" for i, c in enumerate(counts, 1))
            problems.append(f"bench: {name} differs between runs: {values}")
    return problems


def merge_json(path, figures):
    """Merge FIGURES into the JSON file at PATH (created if missing); return the whole."""
    path = Path(path)
    merged = {}
    if path.exists():
        try:
            merged = json.loads(path.read_text())
        except json.JSONDecodeError as e:
            raise BenchError(f"{path}: not valid JSON: {e}") from None
    merged.update(figures)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(merged, indent=2, sort_keys=True) + "\n")
    return merged


def format_table(figures):
    """Return the figures as an aligned text table, one benchmark a line."""
    rows = [("name", "instructions", "what")]
    rows += [(name, str(f["instructions"]) if "instructions" in f else
              f"max {f['max']}", f["what"] if "instructions" in f else
              f"{f['what']}: min {f['min']}, median {f['median']}, p99 {f['p99']}, "
              f"p99.9 {f['p999']}, {f['periods']} periods, {f['misses']} misses")
             for name, f in sorted(figures.items())]
    name_w = max(len(r[0]) for r in rows)
    count_w = max(len(r[1]) for r in rows)
    return "\n".join(f"{n:<{name_w}}  {c:>{count_w}}  {w}" for n, c, w in rows)


def main(argv=None):
    """Command-line entry point; returns the process exit code."""
    p = argparse.ArgumentParser(prog="bench.py", description=__doc__.splitlines()[0])
    p.add_argument("images", nargs="+", metavar="IMAGE", help="benchmark kernel image")
    p.add_argument("--platform", default=str(qemu_run.DEFAULT_PLATFORM), metavar="DIR")
    p.add_argument("--out", default=str(DEFAULT_OUT), metavar="FILE",
                   help="JSON results, merged into (default: %(default)s)")
    p.add_argument("--runs", type=int, metavar="N",
                   help="boots per image (default 1, or 2 with --check-determinism)")
    p.add_argument("--check-determinism", action="store_true",
                   help="fail when any figure differs between runs")
    p.add_argument("--timeout", type=float, default=120.0, metavar="S",
                   help="per boot (default %(default)g)")
    args = p.parse_args(argv)
    runs = args.runs or (2 if args.check_determinism else 1)
    if runs < 1 or (args.check_determinism and runs < 2):
        p.error("--runs must be at least 1 (2 with --check-determinism)")
    for image in args.images:
        if not Path(image).is_file():
            print(f"bench: error: image not found: {image}", file=sys.stderr)
            return 2
    try:
        results = [measure_all(args.platform, args.images, args.timeout)
                   for _ in range(runs)]
        problems = differences(results)
        if problems:
            print("\n".join(problems), file=sys.stderr)
            return 1
        merge_json(args.out, results[0])
    except qemu_run.UsageError as e:
        print(f"bench: error: {e}", file=sys.stderr)
        return 2
    except (BenchError, OSError) as e:
        print(f"bench: {e}", file=sys.stderr)
        return 1
    print(format_table(results[0]))
    if runs > 1:
        print(f"bench: deterministic ({len(results[0])} figures identical over {runs} runs)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
