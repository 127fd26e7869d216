# SPDX-License-Identifier: BSD-2-Clause
"""Tests of tools/trace.py: the trace a kernel prints, to Chrome trace JSON."""

import json
import sys
import tempfile
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))
import trace as tracetool  # noqa: E402

GOOD = """\
noise before
trace: begin 6 events, 1000000 ticks a second
trace: N a0 rt
trace: N b0 vmm
trace: E 100 1 a0 0
trace: E 110 2 a0 1a
trace: E 150 3 b0 0
trace: E 150 1 b0 0
trace: E 190 4 b0 16
trace: E 200 1 0 0
trace: end
""".splitlines()


class ParseTest(unittest.TestCase):
    def test_parse(self):
        freq, names, events = tracetool.parse(GOOD)
        self.assertEqual(freq, 1000000)
        self.assertEqual(names, {0xa0: "rt", 0xb0: "vmm"})
        self.assertEqual(events[1], (0x110, 2, 0xa0, 0x1a))

    def test_chrome(self):
        chrome = tracetool.to_chrome(*tracetool.parse(GOOD))
        events = chrome["traceEvents"]
        lanes = {e["tid"]: e["args"]["name"] for e in events if e["name"] == "thread_name"}
        self.assertEqual(sorted(lanes.values()), ["idle", "rt", "vmm"])
        slices = [(lanes[e["tid"]], e["ts"], e["dur"]) for e in events if e["ph"] == "X"]
        self.assertEqual(slices, [("rt", 0.0, 0x50), ("vmm", 0x50, 0xb0)])
        marks = [(lanes[e["tid"]], e["name"]) for e in events if e["ph"] == "i"]
        self.assertEqual(marks, [("rt", "interrupt 26"), ("vmm", "IPC hand-off"),
                                 ("vmm", "VM exit: hypercall")])
        json.dumps(chrome)  # serialisable

    def test_errors(self):
        for lines, why in ((["hello"], "no trace"), (GOOD[:-1], "cut short"),
                           (GOOD[:3] + ["trace: E zz"], "malformed"),
                           (GOOD[:1] + ["trace: begin 1 events, 0 ticks a second",
                                        "trace: end"], "0 ticks")):
            with self.subTest(why=why), self.assertRaisesRegex(tracetool.TraceError, why):
                tracetool.parse(lines)


class MainTest(unittest.TestCase):
    def test_log_to_json(self):
        with tempfile.TemporaryDirectory() as tmp:
            log, out = Path(tmp) / "log", Path(tmp) / "out.json"
            log.write_text("\n".join(GOOD) + "\n")
            self.assertEqual(tracetool.main(["--log", str(log), "--out", str(out),
                                             "--expect-lane", "rt"]), 0)
            self.assertIn("traceEvents", json.loads(out.read_text()))
            self.assertEqual(tracetool.main(["--log", str(log), "--out", str(out),
                                             "--expect-lane", "hog"]), 1)


if __name__ == "__main__":
    unittest.main()
