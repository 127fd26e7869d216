# SPDX-License-Identifier: BSD-2-Clause
# fuzz_compose.py: mutated valid manifests: tools/compose.py builds or says why, in one line.
"""A seeded, reproducible fuzz test of the compose tool (issue 15).

Each case takes a manifest of tests/manifest/valid/, changes it the way a careless or
hostile author would (a key deleted, a value of another type, huge, negative or long
values, names of other things, unknown keys, tables repeated or dropped, and, on the
text, flipped bytes, truncation and inserted garbage) and runs `compose.py build` on it.
The tool must succeed, or exit 1 with one line per problem, each
`<file>: <key>: <reason>` (or `<file>: <reason>` for the file as a whole), short, with no
traceback, within a few seconds. COMPOSE_FUZZ_SEED and COMPOSE_FUZZ_CASES change the
seed (default 15) and the number of cases (default 400); a failure names the seed and
case, and writes the manifest that failed beside the test's temporary files.
"""

import contextlib
import copy
import io
import json
import math
import os
import random
import re
import signal
import sys
import tomllib
import unittest
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
VALID = REPO / "tests" / "manifest" / "valid"
BOARD = REPO / "platforms" / "qemu-virt-aarch64"
sys.path.insert(0, str(REPO / "tools"))
sys.path.insert(0, str(HERE))
import elf_fixture  # noqa: E402
from compose import cli  # noqa: E402
from test_compose import ComposeTest  # noqa: E402  (the fixture programs in a temporary dir)

SEED = int(os.environ.get("COMPOSE_FUZZ_SEED", "15"))
CASES = int(os.environ.get("COMPOSE_FUZZ_CASES", "400"))
CASE_SECONDS = 10
LINE_MAX = 600  # characters of one error line, at most
LINE = re.compile(r"(?P<file>[^:]+): (?P<rest>.+)")


def values(rng, data):
    """A value a manifest author might write anywhere: the names and files of the
    manifest, sizes, numbers at and beyond every limit, other types, long strings."""
    names = [t.get("name") for s in ("component", "region", "vm")
             for t in (data.get(s) if isinstance(data.get(s), list) else [])
             if isinstance(t, dict) and isinstance(t.get("name"), str)]
    files = list(elf_fixture.VM_FILES) + ["/dev/zero", "/", "../nowhere", "guest.elf\0x"]
    pool = [0, 1, -1, 2, 7, 62, 63, 64, 100, 254, 255, 256, 1019, 4096, 0x1000, 0x200000,
            0x40000000, 0x3FFE0000, 0x8000000000, 2**31, 2**32, 2**63 - 1, -2**63, 2**64 - 1,
            2**64, 2**200, 1.5, -0.0, math.inf, math.nan, True, False, "", "4K", "2M", "1G",
            "64K", "16M", "0", "-4K", "99999999999999999999999M", "r", "rw", "rx", "rwx",
            "call", "notify", "stop", "restart", "client:1", "client:1:2", ":1", "a:", "x" *
            5000, "é\u200b\u202e", "a\nb", "\x00", [], [1, 2], ["a"], {}, {"k": 1},
            {"buffer_base": 2**64}, {"x": "y"}]
    pool += names + [f"{n}:{rng.choice((0, 1, 3, 15, 16, 62, 63, -1))}" for n in names]
    pool += files
    return rng.choice(pool)


def tables(data):
    """[(section, table)] of every table of DATA, [system] included."""
    out = [("system", data["system"])] if isinstance(data.get("system"), dict) else []
    for section, value in data.items():
        if isinstance(value, list):
            out += [(section, t) for t in value if isinstance(t, dict)]
    return out


def mutate(rng, data):
    """DATA changed in one to three ways, in place."""
    for _ in range(rng.randint(1, 3)):
        found = tables(data)
        kind = rng.randrange(8)
        if not found or kind == 0:  # a value at the top or a whole section dropped
            if data and rng.random() < 0.5:
                del data[rng.choice(list(data))]
            else:
                data[rng.choice(("system", "component", "region", "map", "x"))] = \
                    values(rng, data)
            continue
        section, table = rng.choice(found)
        keys = list(table)
        if kind == 1 and keys:
            del table[rng.choice(keys)]
        elif kind in (2, 3, 4) and keys:
            table[rng.choice(keys)] = values(rng, data)
        elif kind == 5:
            table[rng.choice(("unknown", "Name", "x" * 300, "a\nb", "\x1b[2J", "page", "phys",
                              "label", "vcpus", "setvar", "fault_handler", "restarts"))] = \
                values(rng, data)
        elif kind == 6 and isinstance(data.get(section), list):
            data[section].append(copy.deepcopy(table))
        elif kind == 7 and keys and len(keys) > 1:
            a, b = rng.sample(keys, 2)
            table[a], table[b] = table[b], table[a]


def toml_value(value):
    """VALUE as a TOML value (inline arrays and tables)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf") \
            if math.isinf(value) else repr(value)
    if isinstance(value, int):
        return str(value) if value.bit_length() < 1000 else hex(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    return "{" + ", ".join(f"{json.dumps(k)} = {toml_value(v)}" for k, v in value.items()) + "}"


def toml_text(data):
    """DATA (a parsed manifest, changed) as TOML text."""
    top, sections = [], []
    for key, value in data.items():
        name = json.dumps(key)
        if isinstance(value, dict):
            sections.append(f"[{name}]")
            sections += [f"{json.dumps(k)} = {toml_value(v)}" for k, v in value.items()]
        elif isinstance(value, list) and value and all(isinstance(t, dict) for t in value):
            for t in value:
                sections.append(f"\n[[{name}]]")
                sections += [f"{json.dumps(k)} = {toml_value(v)}" for k, v in t.items()]
        else:
            top.append(f"{name} = {toml_value(value)}")
    return "\n".join(top + sections) + "\n"


def garble(rng, raw):
    """RAW bytes changed as a file might be damaged: flipped bytes, cut, garbage inserted."""
    raw = bytearray(raw)
    kind = rng.randrange(3)
    if kind == 0:
        for _ in range(rng.randint(1, 8)):
            raw[rng.randrange(len(raw))] = rng.randrange(256)
    elif kind == 1:
        del raw[rng.randrange(len(raw)):]
    else:
        at = rng.randrange(len(raw))
        raw[at:at] = rng.choice((b"[[", b"]]", b"=", b'"', b"\n[[map]]\n", b"\xff\xfe",
                                 b"a = [" * 50, bytes(rng.randrange(256) for _ in range(40))))
    return bytes(raw)


class Timeout(Exception):
    """A case took longer than CASE_SECONDS."""


def _alarm(signum, frame):
    raise Timeout()


class ComposeFuzzTest(ComposeTest):
    """CASES mutations of the valid manifests, each built or refused in one line per problem."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manifests = {p.name: p.read_text(encoding="utf-8")
                         for p in sorted(VALID.glob("*.toml"))}

    def compose(self, path):
        """`compose.py build PATH` in-process: (status, stderr), or Timeout."""
        out, err = io.StringIO(), io.StringIO()
        old = signal.signal(signal.SIGALRM, _alarm)
        signal.alarm(CASE_SECONDS)
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                status = cli.main(["build", str(path), "--programs", str(self.programs),
                                   "--board", str(BOARD), "--out", str(self.root / "out")])
        finally:
            signal.alarm(0)
            signal.signal(signal.SIGALRM, old)
        return status, err.getvalue()

    def problem(self, path, status, stderr):
        """Why the tool's answer breaks the rule, or None."""
        if status == 0:
            return None if not stderr else f"succeeded with output on stderr: {stderr[:200]}"
        if status != 1:
            return f"exit status {status}: {stderr[:300]}"
        lines = stderr.splitlines()
        if not lines or "Traceback" in stderr:
            return f"no message, or a traceback: {stderr[:300]}"
        for line in lines:
            m = LINE.fullmatch(line)
            if not m or m["file"] != str(path) or len(line) > LINE_MAX:
                return f"not one short line naming the file: {line[:300]!r}"
        return None

    def test_mutated_manifests(self):
        rng = random.Random(SEED)
        names = sorted(self.manifests)
        accepted = refused = 0
        for case in range(CASES):
            name = names[case % len(names)]
            text = self.manifests[name]
            if rng.random() < 0.8:
                data = tomllib.loads(text)
                mutate(rng, data)
                raw = toml_text(data).encode("utf-8")
            else:
                raw = garble(rng, text.encode("utf-8"))
            path = self.root / "case" / "system.toml"
            path.parent.mkdir(exist_ok=True)
            path.write_bytes(raw)
            try:
                status, stderr = self.compose(path)
                why = self.problem(path, status, stderr)
            except Timeout:
                why = f"no answer in {CASE_SECONDS} s"
            if why:
                kept = self.root / f"failed-{SEED}-{case}.toml"
                kept.write_bytes(raw)
                self.fail(f"seed {SEED}, case {case} (from {name}, kept as {kept}): {why}")
            accepted, refused = accepted + (status == 0), refused + (status == 1)
        self.assertEqual(accepted + refused, CASES)
        self.assertGreater(accepted, CASES // 50, "too few mutations build: a weak test")
        self.assertGreater(refused, CASES // 2)


if __name__ == "__main__":
    unittest.main()
