# SPDX-License-Identifier: BSD-2-Clause
# test_compose.py: tests for tools/compose.py on the manifests under tests/manifest/.
"""Tests for tools/compose.py: every invalid manifest gives exactly its `# expect:` lines,
every valid one builds; the binary spec and archive are parsed back independently of the
tool (and by C code using the generated header); badges, slots, spec.txt, report.txt,
system.dot, the `header` and `programs` commands, and determinism.

The programs are made in Python (elf_fixture.py): no cross compiler is needed, but
when gcc / aarch64-linux-gnu-gcc / clang-format are installed, the header is also
compiled and checked for format.
"""

import contextlib
import io
import shutil
import struct
import subprocess
import sys
import tempfile
import unittest
import zlib
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
MANIFESTS = REPO / "tests" / "manifest"
BOARD = REPO / "platforms" / "qemu-virt-aarch64"
sys.path.insert(0, str(REPO / "tools"))
sys.path.insert(0, str(HERE))
import elf_fixture  # noqa: E402
from compose import board, cli, elf, manifest, spec  # noqa: E402

# The binary formats as the brief fixes them, written out independently of the tool.
HEADER = struct.Struct("<QIIII6I32s")
COMPONENT = struct.Struct("<32s32sIIIIIIiIII")
REGION = struct.Struct("<32sQQII32s")
MAP = struct.Struct("<IIQII")
CAP = struct.Struct("<IIIIQII")
IRQ = struct.Struct("<IIIIQ")
PATCH = struct.Struct("<IIQQ")
ARCHIVE_HEADER = struct.Struct("<QII")
ARCHIVE_ENTRY = struct.Struct("<32sQQ")


def run(*argv):
    """compose.py ARGV in-process: (exit status, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = cli.main([str(a) for a in argv])
    return status, out.getvalue(), err.getvalue()


def name(raw):
    """A NUL-padded name field as text."""
    return raw.rstrip(b"\0").decode()


def parse_spec(data):
    """The spec bytes as (header dict, {array: [tuples]}), with the brief's layouts."""
    (magic, version, size, crc, pad, *counts), sysname = HEADER.unpack_from(data)[:-1], \
        HEADER.unpack_from(data)[-1]
    header = dict(magic=magic, version=version, size=size, crc=crc, pad=pad,
                  name=name(sysname), counts=counts)
    arrays, offset = {}, HEADER.size
    for key, layout, count in zip(("components", "regions", "maps", "caps", "irqs",
                                   "patches"),
                                  (COMPONENT, REGION, MAP, CAP, IRQ, PATCH), counts):
        arrays[key] = [layout.unpack_from(data, offset + i * layout.size)
                       for i in range(count)]
        offset += count * layout.size
    header["end"] = offset
    return header, arrays


def expectations(path):
    """The `# expect:` lines of manifest PATH, with {file} replaced by PATH."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line[len("# expect: "):].replace("{file}", str(path))
            for line in lines if line.startswith("# expect: ")]


class ComposeTest(unittest.TestCase):
    """Shared setup: the fixture programs in a temporary directory."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.root = Path(cls.tmp.name)
        cls.programs = elf_fixture.write_programs(cls.root / "programs")

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def build(self, manifest_path, out):
        """Build MANIFEST_PATH into OUT; fail the test on errors; return OUT."""
        status, stdout, stderr = run("build", manifest_path, "--programs", self.programs,
                                     "--board", BOARD, "--out", out)
        self.assertEqual((status, stderr), (0, ""), f"{manifest_path} failed to build")
        self.assertIn(f"-> {out}", stdout)
        return Path(out)


class InvalidManifestTest(ComposeTest):
    """tests/manifest/invalid/*.toml: each gives exactly its expected lines."""

    def test_every_invalid_manifest(self):
        files = sorted((MANIFESTS / "invalid").glob("*.toml"))
        self.assertGreaterEqual(len(files), 45)
        for path in files:
            with self.subTest(manifest=path.name):
                expected = expectations(path)
                self.assertTrue(expected, "no '# expect:' line")
                self.assertTrue(path.read_text().startswith("# expect: "))
                status, stdout, stderr = run("check", path, "--programs", self.programs,
                                             "--board", BOARD)
                self.assertEqual(status, 1)
                self.assertEqual(stdout, "")
                self.assertEqual(stderr.splitlines(), expected)

    def test_build_writes_nothing_when_invalid(self):
        out = self.root / "invalid-out"
        status, _, stderr = run("build", MANIFESTS / "invalid" / "priority_300.toml",
                                "--programs", self.programs, "--board", BOARD, "--out", out)
        self.assertEqual(status, 1)
        self.assertIn("priority: 300 is out of range 1..254", stderr)
        self.assertFalse(out.exists())

    def test_all_errors_collected_in_order_of_appearance(self):
        path = self.root / "many.toml"
        path.write_text('[system]\nname = "Many"\n\n'
                        '[[map]]\ncomponent = "a"\nregion = "nothing"\nvaddr = 0x1000\n'
                        'rights = "r"\n\n'
                        '[[component]]\nname = "a"\nprogram = "client"\npriority = 0\n'
                        'stack = "5K"\n\n'
                        '[[component]]\nname = "a"\nprogram = "client"\npriority = 1\n\n'
                        '[[channel]]\nkind = "notify"\na = "a:70"\nb = "b:1"\n')
        status, _, stderr = run("check", path, "--programs", self.programs, "--board", BOARD)
        self.assertEqual(status, 1)
        self.assertEqual(stderr.splitlines(), [
            f'{path}: system.name: "Many" is not a valid name: use a lowercase letter, then '
            "lowercase letters, digits, '_' or '-'",
            f'{path}: map[0].region: no region named "nothing"',
            f"{path}: component 'a'.priority: 0 is out of range 1..254",
            f"{path}: component 'a'.stack: 5K is not a multiple of 4K",
            f'{path}: component[1].name: "a" is already the name of component[0]',
            f"{path}: channel[0].a: channel id 70 is out of range 0..62",
            f'{path}: channel[0].b: no component named "b"',
        ])

    def test_unreadable_manifest(self):
        status, _, stderr = run("check", self.root / "absent.toml", "--programs",
                                self.programs, "--board", BOARD)
        self.assertEqual(status, 1)
        self.assertIn("absent.toml: cannot read the manifest", stderr)

    def test_usage_errors(self):
        valid = MANIFESTS / "valid" / "minimal.toml"
        status, _, stderr = run("build", valid, "--programs", self.root / "nowhere",
                                "--board", BOARD)
        self.assertEqual(status, 2)
        self.assertIn("programs directory not found", stderr)
        status, _, stderr = run("check", valid, "--programs", self.programs,
                                "--board", self.root)
        self.assertEqual(status, 2)
        self.assertIn("compose: error: board:", stderr)


class ValidManifestTest(ComposeTest):
    """tests/manifest/valid/*.toml build, and their outputs are right."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.full = MANIFESTS / "valid" / "full.toml"
        cls.out = cls.root / "full"
        status, _, stderr = run("build", cls.full, "--programs", cls.programs, "--board",
                                BOARD, "--out", cls.out)
        if status:
            raise AssertionError(stderr)
        cls.system = manifest.load(cls.full, board.load(BOARD), cls.programs)
        cls.spec_bin = (cls.out / "spec.bin").read_bytes()

    def test_every_valid_manifest_builds(self):
        files = sorted((MANIFESTS / "valid").glob("*.toml"))
        self.assertGreaterEqual(len(files), 3)
        for path in files:
            with self.subTest(manifest=path.name):
                out = self.build(path, self.root / "valid" / path.stem)
                for output in ("spec.bin", "spec.txt", "archive.bin", "report.txt",
                               "system.dot"):
                    self.assertTrue((out / output).is_file(), output)
                self.assertEqual((out / "system.svg").is_file(), bool(shutil.which("dot")))

    def test_spec_header(self):
        header, arrays = parse_spec(self.spec_bin)
        self.assertEqual(self.spec_bin[:8], b"TSRSPEC1")
        self.assertEqual(header["version"], 2)
        self.assertEqual(header["size"], len(self.spec_bin))
        self.assertEqual(header["end"], len(self.spec_bin))
        self.assertEqual(header["crc"], zlib.crc32(self.spec_bin[24:]))
        self.assertEqual(header["name"], "full")
        self.assertEqual(header["counts"], [4, 3, 5, 6, 2, 4])
        self.assertEqual(HEADER.size % 8, 0)
        # The tool's own reader agrees with this one.
        tool_header, tool_arrays = spec.unpack_spec(self.spec_bin)
        self.assertEqual(tool_header["ncaps"], len(arrays["caps"]))
        self.assertEqual([c["name"] for c in tool_arrays["ncomponents"]],
                         ["monitor", "driver", "server", "client"])
        corrupt = bytearray(self.spec_bin)
        corrupt[-1] ^= 1
        with self.assertRaises(spec.FormatError):
            spec.unpack_spec(bytes(corrupt))

    def test_spec_components(self):
        comps = parse_spec(self.spec_bin)[1]["components"]
        self.assertEqual([(name(c[0]), name(c[1])) for c in comps],
                         [("monitor", "monitor"), ("driver", "driver"),
                          ("server", "echo_server"), ("client", "client")])
        by_name = {name(c[0]): c[2:] for c in comps}
        # priority, budget, period, stack, policy, restarts, fault handler, fault badge,
        # flags, pad
        self.assertEqual(by_name["monitor"], (200, 0, 0, 0x2000, 0, 0, -1, 0x400, 0, 0))
        self.assertEqual(by_name["driver"], (150, 1000, 5000, 0x8000, 0, 0, 0, 0x202, 0, 0))
        self.assertEqual(by_name["server"], (120, 2000, 10000, 0x4000, 0, 0, 0, 0x203, 0, 0))
        self.assertEqual(by_name["client"], (100, 0, 0, 0x4000, 1, 5, -1, 0x403, 0, 0))

    def test_spec_regions_and_maps(self):
        arrays = parse_spec(self.spec_bin)[1]
        # RAM regions in manifest order, then device regions by address.
        # (name, size, paddr, page bits, flags, file)
        self.assertEqual([(name(r[0]), *r[1:-1], name(r[-1])) for r in arrays["regions"]], [
            ("shared", 0x4000, 0, 12, 0, ""),
            ("dma", 0x200000, 0, 21, spec.REGION_UNCACHED, ""),
            ("uart", 0x1000, 0x9040000, 12, spec.REGION_DEVICE | spec.REGION_UNCACHED, "")])
        # (component, region, vaddr, rights, pad), sorted by component then address
        self.assertEqual(arrays["maps"], [
            (1, 2, 0x10000000, 3, 0), (1, 1, 0x40000000, 3, 0),
            (2, 0, 0x20000000, 3, 0), (2, 1, 0x80000000, 1, 0),
            (3, 0, 0x20000000, 1, 0)])

    def test_device_regions_by_address(self):
        path = self.root / "devices.toml"
        path.write_text('[system]\nname = "devices"\n\n'
                        '[[component]]\nname = "a"\nprogram = "client"\npriority = 1\n' +
                        "".join(f'\n[[region]]\nname = "{n}"\nsize = "4K"\n' +
                                (f"phys = {pa:#x}\n" if pa else "")
                                for n, pa in (("high", 0x9060000), ("ram", 0),
                                              ("low", 0x9040000))) +
                        "".join(f'\n[[map]]\ncomponent = "a"\nregion = "{n}"\n'
                                f'vaddr = {va:#x}\nrights = "r"\n'
                                for n, va in (("high", 0x10000000), ("ram", 0x20000000),
                                              ("low", 0x30000000))))
        out = self.build(path, self.root / "devices")
        arrays = parse_spec((out / "spec.bin").read_bytes())[1]
        self.assertEqual([name(r[0]) for r in arrays["regions"]], ["ram", "low", "high"])
        self.assertEqual([(m[1], m[2]) for m in arrays["maps"]],
                         [(2, 0x10000000), (0, 0x20000000), (1, 0x30000000)])

    def test_spec_caps_badges(self):
        caps = parse_spec(self.spec_bin)[1]["caps"]
        # (component, channel, kind, target, badge, rights, pad)
        self.assertEqual(caps, [
            (0, 0, spec.CAP_NOTIFICATION, 3, 1 << 62, spec.RIGHT_W, 0),  # monitor:0 -> client:62
            (1, 1, spec.CAP_NOTIFICATION, 2, 1 << 2, spec.RIGHT_W, 0),  # driver:1 -> server:2
            (2, 1, spec.CAP_ENDPOINT, 1, 0x100 | 0, spec.RIGHT_W, 0),  # server:1 calls driver:0
            (2, 2, spec.CAP_NOTIFICATION, 1, 1 << 1, spec.RIGHT_W, 0),  # server:2 -> driver:1
            (3, 0, spec.CAP_ENDPOINT, 2, 0x100 | 0, spec.RIGHT_W, 0),  # client:0 calls server:0
            (3, 62, spec.CAP_NOTIFICATION, 0, 1 << 0, spec.RIGHT_W, 0),  # client:62 -> monitor:0
        ])

    def test_spec_irqs_and_patches(self):
        arrays = parse_spec(self.spec_bin)[1]
        # (component, irq, channel, pad, badge)
        self.assertEqual(arrays["irqs"], [(0, 30, 1, 0, 1 << 1), (1, 79, 3, 0, 1 << 3)])
        symbols = {s[0]: s[1] for s in elf_fixture.SYMBOLS}
        # (component, pad, vaddr of the variable, value = where the map is)
        self.assertEqual(arrays["patches"], [
            (1, 0, symbols["uart_base"], 0x10000000),
            (2, 0, symbols["buffer_base"], 0x80000000),
            (2, 0, symbols["shared_base"], 0x20000000),
            (3, 0, symbols["shared_base"], 0x20000000)])

    def test_archive(self):
        data = (self.out / "archive.bin").read_bytes()
        magic, count, pad = ARCHIVE_HEADER.unpack_from(data)
        self.assertEqual((data[:8], magic, pad), (b"TSRARCH1", spec.ARCHIVE_MAGIC, 0))
        entries = [ARCHIVE_ENTRY.unpack_from(data, ARCHIVE_HEADER.size + i * ARCHIVE_ENTRY.size)
                   for i in range(count)]
        names = [name(e[0]) for e in entries]
        self.assertEqual(names, ["spec", "monitor", "driver", "echo_server", "client"])
        end = ARCHIVE_HEADER.size + count * ARCHIVE_ENTRY.size
        for entry_name, offset, size in ((name(e[0]), e[1], e[2]) for e in entries):
            self.assertEqual(offset % 8, 0, entry_name)
            self.assertGreaterEqual(offset, end, entry_name)  # in order, no overlap
            end = offset + size
            expected = self.spec_bin if entry_name == "spec" else \
                (self.programs / f"{entry_name}.elf").read_bytes()
            self.assertEqual(data[offset:offset + size], expected, entry_name)
        self.assertLessEqual(end, len(data))
        self.assertEqual([(n, len(b)) for n, _, b in spec.unpack_archive(data)],
                         [(n, e[2]) for n, e in zip(names, entries)])

    def test_spec_text_lists_every_capability(self):
        text = (self.out / "spec.txt").read_text()
        blocks, current = {}, None
        for line in text.splitlines():
            if line.startswith("  ") and line.endswith(" {"):
                current = blocks.setdefault(line.strip()[:-2], [])
            elif current is not None and line.startswith("    "):
                current.append(line.strip())
        names = [c.name for c in self.system.components]
        _, arrays = parse_spec(self.spec_bin)
        for component, channel, kind, target, badge, rights, _ in arrays["caps"]:
            kind_name = "endpoint" if kind == spec.CAP_ENDPOINT else "notification"
            self.assertIn(f"{8 + channel}: {names[target]}.{kind_name} (W, badge: {badge:#x})"
                          f"  # channel {channel}", blocks[f"{names[component]}.cnode"])
        for component, irq, channel, _, badge in arrays["irqs"]:
            self.assertIn(f"{8 + channel}: irq:{irq}  # channel {channel}",
                          blocks[f"{names[component]}.cnode"])
            self.assertIn(f"notification: {names[component]}.notification (W, badge: "
                          f"{badge:#x})", blocks[f"irq:{irq}"])
        for c in names:
            self.assertEqual(blocks[f"{c}.cnode"][:5], [
                f"1: {c}.tcb (RWXG)", f"2: {c}.cnode (RWXG)", f"3: {c}.vspace (RWXG)",
                f"4: {c}.endpoint (R)", f"5: {c}.notification (RW)"])
            for obj in ("tcb", "cnode", "vspace", "endpoint", "notification", "utcb", "stack",
                        "program", "page_tables"):
                self.assertRegex(text, rf"\n  {c}\.{obj} = ")
        self.assertIn("fault_endpoint: monitor.endpoint (WG, badge: 0x202)", blocks["driver.tcb"])
        self.assertIn("fault_endpoint: root:fault_endpoint (WG, badge: 0x403)",
                      blocks["client.tcb"])
        self.assertIn("sched_context: server.sc", blocks["server.tcb"])
        self.assertIn("0x3fff8000: driver.stack[0..7] (RW)", blocks["driver.vspace"])
        self.assertIn("0x40000000: region:dma[0] (RW)  # map[1]", blocks["driver.vspace"])
        self.assertIn("  region:uart = frame[1] (4K, device at 0x9040000, uncached)", text)

    def test_report_totals(self):
        text = (self.out / "report.txt").read_text()
        totals = {}
        for line in text.split("totals")[1].splitlines()[1:]:
            parts = line.split()
            if line.endswith(" bytes") and len(parts) >= 4:
                totals[" ".join(parts[:-3])] = int(parts[-2])
        stacks = sum(c.stack for c in self.system.components)
        self.assertEqual(totals["stacks"], stacks)
        self.assertEqual(totals["UTCBs"], 4 * 4096)
        self.assertEqual(totals["programs"], 4 * 5 * 4096)  # 5 pages per fixture program
        self.assertEqual(totals["RAM regions"], 0x4000 + 0x200000)  # not the device region
        self.assertEqual(totals["board RAM"], 128 << 20)
        parts = ("programs", "stacks", "UTCBs", "page tables", "kernel objects", "RAM regions")
        self.assertEqual(totals["total"], sum(totals[p] for p in parts))
        for c in self.system.components:
            self.assertIn(f"component {c.name}: program {c.program}, priority {c.priority}",
                          text)
        self.assertIn("channel 2: faults of driver (badge 0x202)", text)
        self.assertIn("channel 3: irq 79", text)

    def test_dot(self):
        text = (self.out / "system.dot").read_text()
        self.assertTrue(text.startswith('digraph "full" {'))
        for c in self.system.components:
            self.assertIn(f'"c:{c.name}" [shape=box', text)
        for r in self.system.regions:
            self.assertIn(f'"r:{r.name}" [shape=folder', text)
        self.assertIn('"c:client" -> "c:server" [label="call 0:0"];', text)
        self.assertIn('"c:server" -> "c:driver" [label="call 1:0"];', text)
        self.assertIn('"c:driver" -> "c:server" [label="notify 1:2", dir=both];', text)
        self.assertIn('"c:monitor" -> "c:client" [label="notify 0:62", dir=both];', text)
        self.assertIn('"i:79" -> "c:driver" [label="channel 3"];', text)
        self.assertIn('"c:driver" -> "c:monitor" [style=dotted, label="faults, channel 2"];',
                      text)

    def test_deterministic(self):
        again = self.build(self.full, self.root / "full-again")
        for output in ("spec.bin", "spec.txt", "archive.bin", "report.txt", "system.dot"):
            self.assertEqual((again / output).read_bytes(), (self.out / output).read_bytes(),
                             output)

    def test_programs_command(self):
        status, stdout, stderr = run("programs", self.full, "--board", BOARD)
        self.assertEqual((status, stderr), (0, ""))
        self.assertEqual(stdout.splitlines(), ["monitor", "driver", "echo_server", "client"])
        status, stdout, stderr = run("programs", MANIFESTS / "invalid" / "priority_300.toml",
                                     "--board", BOARD)
        self.assertEqual((status, stdout), (1, ""))
        self.assertIn("component 'client'.priority: 300 is out of range 1..254", stderr)
        # Without --programs the programs themselves are not looked at.
        status, stdout, _ = run("programs", MANIFESTS / "invalid" / "program_x86.toml",
                                "--board", BOARD)
        self.assertEqual((status, stdout), (0, "x86\n"))


class HeaderTest(ComposeTest):
    """`compose.py header`: the C header of the formats."""

    C_PROGRAM = r"""
#include SPEC_H
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
	static unsigned char buf[1 << 16];
	FILE *f = fopen(argv[argc - 1], "rb");
	size_t n = fread(buf, 1, sizeof(buf), f);
	struct tsr_spec_header h;
	memcpy(&h, buf, sizeof(h));
	if (h.magic != TSR_SPEC_MAGIC || h.version != TSR_SPEC_VERSION || h.size != n)
		return 1;
	const unsigned char *p = buf + sizeof(h);
	printf("%s %u %u %u %u %u %u\n", h.name, h.ncomponents, h.nregions, h.nmaps, h.ncaps,
	       h.nirqs, h.npatches);
	for (uint32_t i = 0; i < h.ncomponents; i++, p += sizeof(struct tsr_spec_component)) {
		const struct tsr_spec_component *c = (const void *)p;
		printf("component %s %s %u %d 0x%x\n", c->name, c->program, c->priority,
		       c->fault_handler, c->fault_badge);
	}
	for (uint32_t i = 0; i < h.nregions; i++, p += sizeof(struct tsr_spec_region)) {
		const struct tsr_spec_region *r = (const void *)p;
		printf("region %s 0x%llx %u\n", r->name, (unsigned long long)r->size, r->flags);
	}
	p += h.nmaps * sizeof(struct tsr_spec_map);
	for (uint32_t i = 0; i < h.ncaps; i++, p += sizeof(struct tsr_spec_cap)) {
		const struct tsr_spec_cap *c = (const void *)p;
		printf("cap %u slot %u badge 0x%llx\n", c->component,
		       TSR_COMPONENT_CHANNEL_SLOT(c->channel), (unsigned long long)c->badge);
	}
	p += h.nirqs * sizeof(struct tsr_spec_irq);
	for (uint32_t i = 0; i < h.npatches; i++, p += sizeof(struct tsr_spec_patch)) {
		const struct tsr_spec_patch *q = (const void *)p;
		printf("patch %u 0x%llx\n", q->component, (unsigned long long)q->value);
	}
	return p == buf + n ? 0 : 2;
}
"""

    def setUp(self):
        self.header = self.root / "include" / "tessera" / "spec.h"
        status, stdout, stderr = run("header", self.header)
        self.assertEqual((status, stdout, stderr), (0, "", ""))
        self.text = self.header.read_text()

    def test_defines(self):
        for define in ("TSR_SPEC_MAGIC 0x3143455053525354ULL", "TSR_SPEC_VERSION 2",
                       "TSR_ARCHIVE_MAGIC 0x3148435241525354ULL",
                       "TSR_COMPONENT_CNODE_BITS 8", "TSR_COMPONENT_SLOT_TCB 1",
                       "TSR_COMPONENT_SLOT_CNODE 2", "TSR_COMPONENT_SLOT_VSPACE 3",
                       "TSR_COMPONENT_SLOT_ENDPOINT 4", "TSR_COMPONENT_SLOT_NOTIFICATION 5",
                       "TSR_COMPONENT_CHANNEL_SLOT(ch) (8 + (ch))", "TSR_CHANNELS 63",
                       "TSR_BADGE_CALL 0x100U", "TSR_BADGE_FAULT 0x200U",
                       "TSR_BADGE_ROOT_FAULT 0x400U", "TSR_COMPONENT_UTCB 0x3ffe0000UL",
                       "TSR_POLICY_STOP 0", "TSR_POLICY_RESTART 1", "TSR_CAP_ENDPOINT 1",
                       "TSR_CAP_NOTIFICATION 2", "TSR_REGION_DEVICE 1",
                       "TSR_REGION_UNCACHED 2", "TSR_COMPONENT_GUEST 1",
                       "TSR_COMPONENT_SLOT_GUEST_TCB 6", "TSR_COMPONENT_SLOT_GUEST_VCPU 7",
                       "TSR_VMM_EXIT_CHANNEL 62"):
            self.assertIn(f"\n#define {define}\n", self.text)
        for layout in spec.LAYOUTS:
            self.assertIn(f"_Static_assert(sizeof(struct {layout.cname}) == {layout.size}, ",
                          self.text)
            for field in layout.offsets:
                self.assertIn(f"offsetof(struct {layout.cname}, {field}) == "
                              f"{layout.offsets[field]},", self.text)

    def test_layouts_match_the_brief(self):
        for layout, independent in ((spec.SPEC_HEADER, HEADER), (spec.SPEC_COMPONENT, COMPONENT),
                                    (spec.SPEC_REGION, REGION), (spec.SPEC_MAP, MAP),
                                    (spec.SPEC_CAP, CAP), (spec.SPEC_IRQ, IRQ),
                                    (spec.SPEC_PATCH, PATCH),
                                    (spec.ARCHIVE_HEADER, ARCHIVE_HEADER),
                                    (spec.ARCHIVE_ENTRY, ARCHIVE_ENTRY)):
            self.assertEqual(layout.size, independent.size, layout.cname)
            self.assertEqual(layout.size % 8, 0, layout.cname)

    def compile(self, compiler, *extra):
        """Compile a file including the header with COMPILER, syntax only."""
        source = self.root / "uses_spec.c"
        source.write_text(f'#include "{self.header}"\n'
                          "_Static_assert(TSR_COMPONENT_CHANNEL_SLOT(62) < "
                          "(1 << TSR_COMPONENT_CNODE_BITS), \"slots\");\n")
        result = subprocess.run([compiler, "-std=c11", "-Wall", "-Wextra", "-Werror",
                                 "-pedantic", *extra, "-fsyntax-only", "-x", "c", str(source)],
                                capture_output=True, text=True, check=False)
        self.assertEqual(result.returncode, 0, result.stderr)

    def test_compiles_with_gcc(self):
        if not shutil.which("gcc"):
            self.skipTest("gcc not installed")
        self.compile("gcc")

    def test_compiles_with_aarch64_gcc(self):
        if not shutil.which("aarch64-linux-gnu-gcc"):
            self.skipTest("aarch64-linux-gnu-gcc not installed")
        self.compile("aarch64-linux-gnu-gcc", "-ffreestanding")

    def test_clang_format_clean(self):
        if not shutil.which("clang-format"):
            self.skipTest("clang-format not installed")
        result = subprocess.run(["clang-format", f"--style=file:{REPO / '.clang-format'}",
                                 "--dry-run", "--Werror", str(self.header)],
                                capture_output=True, text=True, check=False)
        self.assertEqual(result.returncode, 0, result.stderr)

    def test_c_reads_the_spec(self):
        if not shutil.which("gcc"):
            self.skipTest("gcc not installed")
        out = self.build(MANIFESTS / "valid" / "full.toml", self.root / "c-full")
        source, program = self.root / "read_spec.c", self.root / "read_spec"
        source.write_text(self.C_PROGRAM)
        subprocess.run(["gcc", "-std=c11", "-Wall", "-Wextra", "-Werror",
                        f'-DSPEC_H="{self.header}"', "-o", str(program), str(source)],
                       check=True, capture_output=True)
        result = subprocess.run([str(program), str(out / "spec.bin")], capture_output=True,
                                text=True, check=False)
        self.assertEqual(result.returncode, 0)
        lines = result.stdout.splitlines()
        self.assertEqual(lines[:5], ["full 4 3 5 6 2 4",
                                     "component monitor monitor 200 -1 0x400",
                                     "component driver driver 150 0 0x202",
                                     "component server echo_server 120 0 0x203",
                                     "component client client 100 -1 0x403"])
        self.assertIn("region uart 0x1000 3", lines)
        self.assertIn("region dma 0x200000 2", lines)
        self.assertIn("cap 3 slot 70 badge 0x1", lines)
        self.assertIn("cap 0 slot 8 badge 0x4000000000000000", lines)
        self.assertIn("patch 1 0x10000000", lines)

    def test_header_is_stable(self):
        self.assertEqual(spec.c_header(), self.text)
        mtime = self.header.stat().st_mtime_ns
        run("header", self.header)  # unchanged content: the file is left alone
        self.assertEqual(self.header.stat().st_mtime_ns, mtime)


class PartsTest(unittest.TestCase):
    """The board and ELF readers on the repository's own files."""

    def test_board(self):
        b = board.load(BOARD)
        self.assertEqual((b.ram_base, b.ram_size), (0x40000000, 128 << 20))
        self.assertEqual((b.device_base, b.device_size), (0, 0x40000000))
        self.assertEqual(b.user_ppi, 30)
        self.assertEqual([d[:2] for d in b.kernel_devices], [(0x08000000, 0x09000000)])

    def test_ram_sizes(self):
        self.assertEqual(board.ram_size("128M"), 128 << 20)
        self.assertEqual(board.ram_size("1G"), 1 << 30)
        self.assertEqual(board.ram_size(256), 256 << 20)

    def test_real_programs(self):
        programs = sorted((REPO / "build" / "programs").glob("*.elf"))
        if not programs:
            self.skipTest("no programs built")
        for path in programs:
            with self.subTest(program=path.name):
                program = elf.read(path)
                self.assertEqual(program.segments[0].vaddr, 0x400000)
                self.assertIsNotNone(program.symbols)
                self.assertTrue(program.lookup("main"))

    def test_fixture_symbols(self):
        program = elf.parse(elf_fixture.make_elf())
        self.assertEqual([s.vaddr for s in program.segments], [0x400000, 0x402000, 0x403000])
        (base,) = program.lookup("buffer_base")
        self.assertEqual((base.value, base.size, base.type), (0x403000, 8, elf.STT_OBJECT))
        self.assertEqual(program.lookup("extern_base"), [])
        self.assertEqual(len(program.lookup("twice")), 2)


if __name__ == "__main__":
    unittest.main()
