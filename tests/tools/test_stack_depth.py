# SPDX-License-Identifier: BSD-2-Clause
# test_stack_depth.py: tests for tools/stack_depth.py on made-up disassembly.
"""Tests for tools/stack_depth.py: frames, the call graph, indirect calls, recursion."""

import sys
import unittest
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(REPO / "tools"))
import stack_depth  # noqa: E402


def fn(addr, *insns):
    """A function at addr with instructions given as "op args" strings."""
    out = []
    for i, text in enumerate(insns):
        op, _, args = text.partition(" ")
        out.append((addr + 4 * i, op, args))
    return {"addr": addr, "insns": out}


class Frames(unittest.TestCase):
    def test_prologues(self):
        f = fn(0x1000, "stp x29, x30, [sp, #-48]!", "mov x29, sp",
               "sub sp, sp, #0x110", "ret")
        self.assertEqual(stack_depth.frame_size(f["insns"]), 48 + 0x110)

    def test_large_frame(self):
        f = fn(0x1000, "sub sp, sp, #0x1, lsl #12", "stp x29, x30, [sp, #-16]!", "ret")
        self.assertEqual(stack_depth.frame_size(f["insns"]), 4096 + 16)

    def test_variable_frame_is_refused(self):
        f = fn(0x1000, "stp x29, x30, [sp, #-16]!", "sub sp, sp, x1", "ret")
        self.assertIsNone(stack_depth.frame_size(f["insns"]))

    def test_leaf(self):
        self.assertEqual(stack_depth.frame_size(fn(0x1000, "ret")["insns"]), 0)


class Graph(unittest.TestCase):
    def setUp(self):
        self.functions = {
            "entry": fn(0x1000, "stp x29, x30, [sp, #-32]!", "bl 2000 <deep>",
                        "b 3000 <tail>"),
            "deep": fn(0x2000, "sub sp, sp, #0x200", "cbz x0, 3000 <tail>",
                       "b 2004 <deep+0x4>", "ret"),
            "tail": fn(0x3000, "stp x29, x30, [sp, #-16]!", "ret"),
        }

    def depth(self, reach=None):
        graph = stack_depth.call_graph(self.functions)
        sizes = {n: stack_depth.frame_size(f["insns"]) for n, f in self.functions.items()}
        return stack_depth.worst_paths(self.functions, graph, sizes, reach or {}, ("entry",))

    def test_calls_and_tail_calls(self):
        graph = stack_depth.call_graph(self.functions)
        self.assertEqual(graph["entry"][0], {"deep", "tail"})
        self.assertEqual(graph["deep"][0], {"tail"})  # the branch to itself is not a call
        paths, cycles = self.depth()
        self.assertEqual(cycles, [])
        self.assertEqual(paths["entry"], (32 + 0x200 + 16, ["entry", "deep", "tail"]))

    def test_recursion_is_found(self):
        self.functions["tail"] = fn(0x3000, "stp x29, x30, [sp, #-16]!", "bl 1000 <entry>")
        _, cycles = self.depth()
        self.assertEqual(cycles, [["entry", "deep", "tail", "entry"]])

    def test_indirect_calls_take_their_targets(self):
        self.functions["tail"] = fn(0x3000, "stp x29, x30, [sp, #-16]!", "blr x2", "ret")
        self.functions["callback"] = fn(0x4000, "sub sp, sp, #0x400", "ret")
        graph = stack_depth.call_graph(self.functions)
        self.assertTrue(graph["tail"][1])
        paths, _ = self.depth({"tail": {"callback"}})
        self.assertEqual(paths["entry"][1], ["entry", "deep", "tail", "callback"])

    def test_jump_table_is_not_an_indirect_call(self):
        self.functions["tail"] = fn(0x3000, "adr x1, 3010 <tail+0x10>",
                                    "add x0, x1, w0, sxtb #2", "br x0", "ret")
        self.assertFalse(stack_depth.call_graph(self.functions)["tail"][1])

    def test_unknown_indirect_call_is_an_error(self):
        self.functions["mystery"] = fn(0x5000, "blr x3", "ret")
        graph = stack_depth.call_graph(self.functions)
        problems = []
        stack_depth.resolve_indirect(graph, self.functions, {}, {}, [], set(), problems)
        self.assertEqual(len(problems), 1)
        self.assertIn("mystery: an indirect call that INDIRECT does not name", problems[0])

    def test_unreached_address_taken_function_is_an_error(self):
        problems = []
        stack_depth.resolve_indirect(stack_depth.call_graph(self.functions), self.functions,
                                     {}, {}, [], {"tail"}, problems)
        self.assertEqual(problems, ["tail: its address is taken, but no indirect call in "
                                    "INDIRECT reaches it"])


if __name__ == "__main__":
    unittest.main()
