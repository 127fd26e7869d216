# SPDX-License-Identifier: BSD-2-Clause
# test_compose.py: tests for tools/compose.py on the manifests under tests/manifest/.
"""Tests for tools/compose.py: every invalid manifest gives exactly its `# expect:` lines,
every valid one builds; the binary spec and archive are parsed back independently of the
tool (and by C code using the generated header); badges, slots, spec.txt, report.txt,
system.dot, the `header`, `programs` and `files` commands, and determinism; VMs: their
records (one per vCPU), regions, maps, capabilities, the VMM's slots and patches, and the
generated device tree (read back with an independent DTB reader and with dtc).

The programs are made in Python (elf_fixture.py): no cross compiler is needed, but
when gcc / aarch64-linux-gnu-gcc / clang-format are installed, the header is also
compiled and checked for format.
"""

import contextlib
import io
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import time
import unittest
import zlib
from pathlib import Path
from unittest import mock

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
MANIFESTS = REPO / "tests" / "manifest"
BOARD = REPO / "platforms" / "qemu-virt-aarch64"
sys.path.insert(0, str(REPO / "tools"))
sys.path.insert(0, str(HERE))
import elf_fixture  # noqa: E402
from compose import board, cli, elf, manifest, spec  # noqa: E402
from compose import vm as vmdef  # noqa: E402

# The binary formats as the brief fixes them, written out independently of the tool.
HEADER = struct.Struct("<QIIII6I32s")
COMPONENT = struct.Struct("<32s32sIIIIIIiIIIIiII")
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


def parse_fdt(data):
    """A DTB as {node path: {property: bytes}}, read by the flattened-tree format alone."""
    (magic, total, off_struct, off_strings, _, _, _, _, size_strings,
     _) = struct.unpack_from(">10I", data)
    assert magic == 0xD00DFEED and total == len(data)
    strings = data[off_strings:off_strings + size_strings]
    nodes, path, offset = {}, [], off_struct
    while True:
        (token,) = struct.unpack_from(">I", data, offset)
        offset += 4
        if token == 1:  # FDT_BEGIN_NODE, name
            end = data.index(b"\0", offset)
            path.append(data[offset:end].decode())
            offset = (end + 4) & ~3
            nodes["/" + "/".join(path[1:])] = {}
        elif token == 3:  # FDT_PROP: length, name offset, value
            length, name_at = struct.unpack_from(">II", data, offset)
            prop = strings[name_at:strings.index(b"\0", name_at)].decode()
            nodes["/" + "/".join(path[1:])][prop] = data[offset + 8:offset + 8 + length]
            offset = (offset + 8 + length + 3) & ~3
        elif token == 2:  # FDT_END_NODE
            path.pop()
        elif token == 9:  # FDT_END
            return nodes


def cells(*values):
    """Big-endian 32-bit cells."""
    return b"".join(struct.pack(">I", v) for v in values)


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


class SourcesTest(ComposeTest):
    """A component's `sources`: the files that build its program (no CMake of its own)."""

    MANIFEST = """[system]
name = "src"

[[component]]
name = "a"
program = "hello"
priority = 100
sources = ["main.c", "lib/start.S"]

[[component]]
name = "b"
program = "hello"
priority = 100
%s

[[component]]
name = "c"
program = "client"
priority = 100
"""

    def manifest(self, b_sources):
        folder = Path(tempfile.mkdtemp(dir=self.root))
        (folder / "lib").mkdir()
        for name in ("main.c", "other.c", "lib/start.S"):
            (folder / name).write_text("")
        path = folder / "system.toml"
        path.write_text(self.MANIFEST % b_sources)
        return folder, path

    def test_sources_are_listed_per_program(self):
        for b_sources in ("", 'sources = ["main.c", "lib/start.S"]'):
            with self.subTest(b=b_sources):
                folder, path = self.manifest(b_sources)
                status, stdout, stderr = run("sources", path, "--board", BOARD)
                self.assertEqual((status, stderr), (0, ""))
                self.assertEqual(stdout, f"hello\t{folder / 'main.c'}\t{folder / 'lib/start.S'}\n")
                self.build(path, folder / "out")  # the key changes nothing else

    def test_one_program_one_list(self):
        _, path = self.manifest('sources = ["other.c"]')
        status, _, stderr = run("sources", path, "--board", BOARD)
        self.assertEqual((status, stderr.splitlines()), (1, [
            f"{path}: component 'b'.sources: program \"hello\" has other sources in component "
            "'a'"]))


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


class BoardDifferencesTest(ComposeTest):
    """tests/manifest/board/*.toml: valid on QEMU virt, or on the board a `# valid on: BOARD`
    line names (none: on no board); on the board each `# expect BOARD:` line names, gives
    exactly those lines (what that board does not have, or what is wrong there)."""

    def test_each_board_reports_what_it_lacks(self):
        for path in sorted((MANIFESTS / "board").glob("*.toml")):
            valid = re.search(r"^# valid on: (\S+)$", path.read_text(), re.M)
            valid = valid[1] if valid else BOARD.name
            if valid != "none":
                status, _, stderr = run("check", path, "--programs", self.programs,
                                        "--board", REPO / "platforms" / valid)
                self.assertEqual((status, stderr), (0, ""), path.name)
            lines = re.findall(r"^# expect (\S+): (.*)$", path.read_text(), re.M)
            self.assertTrue(lines, f"{path.name}: no '# expect BOARD:' line")
            for name in sorted({b for b, _ in lines}):
                with self.subTest(manifest=path.name, board=name):
                    expected = [e.replace("{file}", str(path)) for b, e in lines if b == name]
                    status, _, stderr = run("check", path, "--programs", self.programs,
                                            "--board", REPO / "platforms" / name)
                    self.assertEqual(status, 1)
                    self.assertEqual(stderr.splitlines(), expected)


class RolesTest(ComposeTest):
    """Devices by role (issue 17): tests/manifest/valid/roles.toml on each board takes that
    board's console driver, registers and interrupt (board.h PLAT_UART_*), and its VM maps
    a GICv2 board's virtual CPU interface with nothing in the manifest."""

    BOARDS = {"qemu-virt-aarch64": ("pl011_driver", 0x9000000, 33, None),
              "zcu102": ("cadence_uart_driver", 0xFF000000, 53, 0xF906F000)}

    def test_each_board_gives_its_console_and_gicv(self):
        for name, (driver, base, irq, gicv) in self.BOARDS.items():
            with self.subTest(board=name):
                system = manifest.load(MANIFESTS / "valid" / "roles.toml",
                                       board.load(REPO / "platforms" / name), self.programs)
                uart = system.components[0]
                self.assertEqual(uart.program, driver)
                console = next(r for r in system.regions if r.name == "console")
                self.assertEqual((console.device, console.paddr, console.size, console.cached),
                                 (True, base, 0x1000, False))
                self.assertEqual([(q.component, q.irq, q.channel) for q in system.irqs],
                                 [(0, irq, 62)])
                made = [r for r in system.regions if r.name == "board.gicv"]
                guest = system.vms[0]
                gicc = [m for m in system.maps if m.component == guest.component and
                        m.vaddr == vmdef.GICC]
                if gicv is None:
                    self.assertEqual((made, gicc), ([], []))
                    self.assertIn('"arm,gic-v3"', guest.dts)
                    continue
                self.assertEqual([(r.paddr, r.size, r.device, r.cached) for r in made],
                                 [(gicv, 0x2000, True, False)])
                self.assertEqual([(system.regions[m.region].name, m.rights) for m in gicc],
                                 [("board.gicv", spec.RIGHT_R | spec.RIGHT_W)])
                self.assertIn('"arm,gic-400"', guest.dts)

    def test_the_shared_manifests_check_on_every_board(self):
        shared = ["examples/vm/system.toml", "tests/systems/uart/system.toml",
                  "examples/linux/zcu102.toml", "tests/systems/vm/zcu102.toml"]
        for path in shared:
            for name in self.BOARDS:
                with self.subTest(manifest=path, board=name):
                    status, _, stderr = run("programs", REPO / path, "--board",
                                            REPO / "platforms" / name)
                    self.assertEqual((status, stderr), (0, ""))
        linux = REPO / "examples" / "linux" / "system.toml"  # QEMU virt's: virtio, 2 CPUs
        status, _, stderr = run("programs", linux, "--board", REPO / "platforms" / "zcu102")
        self.assertEqual((status, stderr.splitlines()), (1, [
            f"{linux}: vm 'linux'.cpus: CPU 1 does not exist: the board zcu102 has 1 (0..0)",
            f"{linux}: region 'virtio_mmio'.device: board 'zcu102' has no \"virtio\" device; "
            "its devices by role: \"console\""]))

    def test_every_vm_maps_the_one_gicv(self):
        path = self.root / "two_vms.toml"
        path.write_text("".join(
            f'[[component]]\nname = "vmm{i}"\nprogram = "vmm"\npriority = 100\n'
            f'[[vm]]\nname = "guest{i}"\nvmm = "vmm{i}"\nkernel = "guest.elf"\nram = "16M"\n'
            f'priority = 90\n' for i in (1, 2)) + '[system]\nname = "two"\n')
        system = manifest.load(path, board.load(REPO / "platforms" / "zcu102"), self.programs)
        (gicv,) = [r.index for r in system.regions if r.name == "board.gicv"]
        self.assertEqual(sorted(m.component for m in system.maps if m.region == gicv),
                         sorted(vm.component for vm in system.vms))

    def board_with(self, text):
        """A copy of the ZCU102's board folder with TEXT added to its board.h."""
        folder = Path(tempfile.mkdtemp(dir=self.root))
        shutil.copytree(REPO / "platforms" / "zcu102", folder / "b")
        header = folder / "b" / "include" / "plat" / "board.h"
        header.write_text(header.read_text().replace("#endif", text + "\n#endif"))
        return folder / "b"

    def test_board_roles_are_checked(self):
        cases = {
            '#define PLAT_RTC_ROLE "rtc"': "PLAT_RTC_ROLE: a device by role needs "
                                           "PLAT_RTC_BASE and PLAT_RTC_SIZE",
            '#define PLAT_GICD_SIZE 0x1000\n#define PLAT_GICD_ROLE "console"':
                "PLAT_UART_ROLE: role 'console' is already PLAT_GICD's",
            "#define PLAT_RTC_ROLE rtc": "PLAT_RTC_ROLE: expected a string, found 'rtc'",
            '#define PLAT_RTC_ROLE "Real time"': "PLAT_RTC_ROLE: 'Real time' is not a role name",
        }
        for text, why in cases.items():
            with self.subTest(define=text):
                with self.assertRaises(board.BoardError) as caught:
                    board.load(self.board_with(text))
                self.assertIn(why, str(caught.exception))
        extra = board.load(self.board_with('#define PLAT_RTC_BASE 0xFFA60000UL\n'
                                           '#define PLAT_RTC_SIZE 0x100\n'
                                           '#define PLAT_RTC_ROLE "rtc"'))
        self.assertEqual(extra.roles["rtc"], board.Device("PLAT_RTC", 0xFFA60000, 0x100))
        self.assertEqual(extra.roles["console"].driver, "cadence_uart_driver")


class HostileInputTest(ComposeTest):
    """Issue 15, findings 9 and 12: inputs that hung the tool, exhausted its memory, ended
    in a traceback or were echoed whole. Each ends quickly in one line naming file and key."""

    VM = ('[system]\nname = "bad"\n\n[[component]]\nname = "vmm1"\nprogram = "vmm"\n'
          'priority = 100\n\n[[vm]]\nname = "guest1"\nvmm = "vmm1"\nkernel = "{kernel}"\n'
          'ram = "16M"\npriority = 100\n')

    def check(self, path, timeout=20):
        """compose.py check PATH in a process of its own: (status, stderr lines)."""
        result = subprocess.run([sys.executable, REPO / "tools" / "compose.py", "check", path,
                                 "--programs", self.programs, "--board", BOARD],
                                capture_output=True, text=True, timeout=timeout, check=False)
        return result.returncode, result.stderr.splitlines()

    def check_vm_kernel(self, folder, kernel, make, what):
        """A VM whose kernel file MAKE puts at FOLDER/KERNEL is refused as WHAT."""
        folder = self.root / folder
        folder.mkdir()
        make(folder / kernel)
        path = folder / "system.toml"
        path.write_text(self.VM.format(kernel=kernel))
        self.assertEqual(self.check(path), (1, [
            f"{path}: vm 'guest1'.kernel: cannot use {kernel}: it is {what}, not a "
            "regular file"]))

    def test_kernel_named_pipe(self):
        self.check_vm_kernel("fifo", "kernel.fifo", os.mkfifo, "a named pipe")

    def test_kernel_link_to_dev_zero(self):
        self.check_vm_kernel("zero", "Image", lambda p: p.symlink_to("/dev/zero"),
                             "a character device")

    def test_manifest_is_a_pipe_or_too_large(self):
        os.mkfifo(self.root / "manifest.fifo")
        self.assertEqual(self.check(self.root / "manifest.fifo"), (1, [
            f"{self.root / 'manifest.fifo'}: cannot read the manifest: it is a named pipe, not "
            "a regular file"]))
        big = self.root / "big.toml"
        big.write_text("# padding\n" * (manifest.MANIFEST_MAX // 10 + 1))
        self.assertEqual(self.check(big), (1, [
            f"{big}: cannot read the manifest: it is larger than 4M, the most the tool reads"]))

    def test_deep_nesting(self):
        for text in ("a = " + "[" * 5000 + "]" * 5000, "a = " + "{b = " * 5000 + "1" +
                     "}" * 5000):
            path = self.root / "deep.toml"
            path.write_text(text + "\n")
            with self.subTest(text=text[:12]):
                self.assertEqual(self.check(path), (1, [
                    f"{path}: <toml>: not valid TOML: arrays or tables nest too deeply"]))

    def test_long_values_are_cut(self):
        path = self.root / "long.toml"
        path.write_text('[system]\nname = "' + "a" * 100_000 + '"\n\n[[component]]\n' +
                        "k" * 100_000 + ' = 1\nname = "c"\nprogram = "client"\npriority = ' +
                        "9" * 5000 + "\n")
        status, lines = self.check(path)
        self.assertEqual((status, lines), (1, [
            f"{path}: <toml>: not valid TOML: an integer of more than 4300 digits"]))
        path.write_text(path.read_text().replace("9" * 5000, "1" + "0" * 30))
        status, lines = self.check(path)
        self.assertEqual((status, lines), (1, [
            f'{path}: system.name: "{"a" * 40}"... (100000 characters) is too long: at most '
            "31 characters",
            f"{path}: component 'c'.\"{'k' * 40}\"... (100000 characters): unknown key; "
            "allowed: name, program, priority, budget_us, period_us, deadline_us, "
            "timing_channel, fp, stack, fault, restarts, fault_handler, fault_channel, setvar, "
            "untyped, sources, cpu, driver",
            f"{path}: component 'c'.priority: 1000000000000000000000000000000 is not a 64-bit "
            "integer"]))

    def test_no_traceback_for_a_bug(self):
        with mock.patch.object(manifest.Checker, "run", side_effect=KeyError("boom")):
            status, _, stderr = run("check", MANIFESTS / "valid" / "minimal.toml",
                                    "--programs", self.programs, "--board", BOARD)
        self.assertEqual((status, stderr), (3, "compose: internal error (a bug of "
                                               "tools/compose, please report it with the "
                                               "manifest): KeyError: 'boom'\n"))

    def test_twenty_thousand_maps(self):
        """Finding 10: one region mapped 20,000 times was accepted after 21 s, and the root
        manager ran out of CSpace slots at boot. Now refused, in seconds, where it runs out."""
        path = self.root / "maps.toml"
        path.write_text('[system]\nname = "maps"\n\n[[component]]\nname = "c"\n'
                        'program = "client"\npriority = 100\n\n[[region]]\nname = "r"\n'
                        'size = "4K"\n' + "".join(
                            f'\n[[map]]\ncomponent = "c"\nregion = "r"\n'
                            f'vaddr = {0x10000000 + i * 0x1000:#x}\nrights = "r"\n'
                            for i in range(20_000)))
        start = time.monotonic()
        status, _, stderr = run("check", path, "--programs", self.programs, "--board", BOARD)
        self.assertLess(time.monotonic() - start, 10)
        self.assertEqual((status, stderr.splitlines()), (1, [
            f"{path}: map[15896]: the root manager runs out of capability slots here: the "
            "system needs 20504, more than the 16384 of its CSpace (a slot per program and "
            "stack page, region frame, device frame below a device region in its untyped, "
            "frame of each mapping and page table: docs/manifest.md)"]))

    def test_problems_are_capped(self):
        path = self.root / "channels.toml"
        path.write_text('[system]\nname = "x"\n\n[[component]]\nname = "c"\nprogram = "client"\n'
                        'priority = 1\n' + '\n[[channel]]\nkind = "notify"\na = "c:1"\nb = "c:2"\n'
                        * 300)
        status, _, stderr = run("check", path, "--programs", self.programs, "--board", BOARD)
        lines = stderr.splitlines()
        self.assertEqual((status, len(lines)), (1, manifest.PROBLEMS_MAX + 1))
        self.assertEqual(lines[-1], f"{path}: and 499 more problems")

    def test_own_dtb_with_initrd(self):
        path = self.root / "chosen" / "system.toml"
        path.parent.mkdir()
        path.write_text(self.VM.format(kernel="guest.elf") + 'dtb = "chosen.dtb"\n'
                        'initrd = "rootfs.cpio"\n')
        self.assertEqual(self.check(path)[0], 0)


class BuiltTest(ComposeTest):
    """Shared setup: valid manifest MANIFEST built once into .out (spec bytes .spec_bin)."""

    MANIFEST = "full.toml"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manifest = MANIFESTS / "valid" / cls.MANIFEST
        cls.out = cls.root / cls.manifest.stem
        status, _, stderr = run("build", cls.manifest, "--programs", cls.programs, "--board",
                                BOARD, "--out", cls.out)
        if status:
            raise AssertionError(stderr)
        cls.spec_bin = (cls.out / "spec.bin").read_bytes()


class ValidManifestTest(BuiltTest):
    """tests/manifest/valid/*.toml build, and their outputs are right."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.full = cls.manifest
        cls.system = manifest.load(cls.full, board.load(BOARD), cls.programs)

    def test_component_setvar_constants_become_patches(self):
        path = self.root / "constants.toml"
        path.write_text('[system]\nname = "k"\n[[component]]\nname = "c"\nprogram = "client"\n'
                        'priority = 100\nsetvar = { buffer_base = 7, uart_base = 0xffff }\n')
        system = manifest.load(path, board.load(BOARD), self.programs)
        got = {(p.symbol, p.vaddr, p.value, p.kind) for p in system.patches}
        self.assertEqual(got, {("buffer_base", 0x403000, 7, 0), ("uart_base", 0x403008, 0xffff, 0)})

    def test_every_valid_manifest_builds(self):
        files = sorted((MANIFESTS / "valid").glob("*.toml"))
        self.assertGreaterEqual(len(files), 3)
        for path in files:
            with self.subTest(manifest=path.name):
                out = self.build(path, self.root / "valid" / path.stem)
                for output in ("spec.bin", "spec.txt", "archive.bin", "report.txt",
                               "system.dot"):
                    self.assertTrue((out / output).is_file(), output)
                self.assertTrue((out / "system.svg").is_file(), "system.svg")
                self.assertIn("<svg", (out / "system.svg").read_text())

    def test_without_graphviz_the_svg_goes_with_a_warning(self):
        out = self.build(MANIFESTS / "valid" / "minimal.toml", self.root / "svg")
        self.assertTrue((out / "system.svg").is_file())
        with mock.patch.object(shutil, "which", lambda name: None):
            status, _, stderr = run("build", MANIFESTS / "valid" / "minimal.toml",
                                    "--programs", self.programs, "--board", BOARD,
                                    "--out", out)
        self.assertEqual((status, stderr), (0, "compose: warning: Graphviz's dot is not "
                                            "installed: no system.svg (apt-get install "
                                            "graphviz; ./tessera installs it)\n"))
        self.assertFalse((out / "system.svg").exists())

    def test_spec_header(self):
        header, arrays = parse_spec(self.spec_bin)
        self.assertEqual(self.spec_bin[:8], b"TSRSPEC1")
        self.assertEqual(header["version"], 3)
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
        # flags, vcpu, deadline, timing channel, untyped bits, pad
        self.assertEqual(by_name["monitor"],
                         (200, 0, 0, 0x2000, 0, 0, -1, 0x400, 0, 0, 0, -1, 0, 0))
        self.assertEqual(by_name["driver"],
                         (150, 1000, 5000, 0x8000, 0, 0, 0, 0x202, 0, 0, 0, -1, 0, 0))
        self.assertEqual(by_name["server"],
                         (120, 2000, 10000, 0x4000, 0, 0, 0, 0x203, 0, 0, 0, -1, 0, 0))
        self.assertEqual(by_name["client"],
                         (100, 0, 0, 0x4000, 1, 5, -1, 0x403, 0, 0, 0, -1, 16, 0))

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
        self.assertEqual(totals["board RAM"], 1 << 30)
        self.assertEqual(totals["untyped"], 64 << 10)  # the client's
        parts = ("programs", "stacks", "UTCBs", "page tables", "kernel objects", "RAM regions",
                 "untyped")
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


class VmTest(BuiltTest):
    """tests/manifest/valid/vm.toml: two VMs (guest1 of two vCPUs), their records, objects
    and device trees."""

    MANIFEST = "vm.toml"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.arrays = parse_spec(cls.spec_bin)[1]
        cls.archive = {n: b for n, _, b in
                       spec.unpack_archive((cls.out / "archive.bin").read_bytes())}
        cls.dtb = cls.archive["guest1.dtb"]

    def test_guest_records(self):
        comps = self.arrays["components"]
        self.assertEqual([name(c[0]) for c in comps],
                         ["vmm1", "blk1", "echo", "vmm2", "guest1", "guest1.1", "guest2"])
        self.assertEqual([c[10] for c in comps], [0, 0, 0, 0, 1, 1, 1])  # flags
        self.assertEqual([c[11] for c in comps], [0, 0, 0, 0, 0, 1, 0])  # vcpu
        # program, priority, budget, period, stack, policy, restarts, fault handler and
        # badge (the VMM, on its channel 62 - vcpu), flags, vcpu, no deadline or timing,
        # no untyped, the CPU (cpus = [0, 1])
        self.assertEqual((name(comps[4][1]), *comps[4][2:]),
                         ("", 100, 2000, 10000, 0, 0, 0, 0, 0x200 | 62, 1, 0, 0, -1, 0, 0))
        self.assertEqual((name(comps[5][1]), *comps[5][2:]),
                         ("", 100, 2000, 10000, 0, 0, 0, 0, 0x200 | 61, 1, 1, 0, -1, 0, 1))
        self.assertEqual((name(comps[6][1]), *comps[6][2:]),
                         ("", 90, 0, 0, 0, 0, 0, 3, 0x200 | 62, 1, 0, 0, -1, 0, 0))

    def test_eight_vcpus(self):
        path = self.root / "eight.toml"
        long_name = "v" * vmdef.NAME_MAX  # "<vm>.7" fits as "<vm>.initrd" does
        path.write_text('[system]\nname = "eight"\n\n[[component]]\nname = "vmm"\n'
                        'program = "vmm"\npriority = 1\n\n[[component]]\nname = "echo"\n'
                        'program = "echo_server"\npriority = 9\n\n[[vm]]\n'
                        f'name = "{long_name}"\nvmm = "vmm"\nkernel = "guest.img"\n'
                        'ram = "4M"\npriority = 5\nvcpus = 8\n\n[[channel]]\nkind = "call"\n'
                        f'a = "{long_name}:1"\nb = "echo:0"\n\n[[channel]]\nkind = "notify"\n'
                        f'a = "echo:1"\nb = "{long_name}:2"\nlabel = "bell"\n')
        out = self.build(path, self.root / "eight")
        arrays = parse_spec((out / "spec.bin").read_bytes())[1]
        comps = arrays["components"]
        self.assertEqual([(name(c[0]), c[8], c[9], c[11]) for c in comps[2:]],
                         [(long_name + (f".{i}" if i else ""), 0, 0x200 | (62 - i), i)
                          for i in range(8)])
        # vCPU 0's record holds the maps; the others share its address space
        self.assertEqual({m[0] for m in arrays["maps"]}, {0, 2})
        ep, note, w = spec.CAP_ENDPOINT, spec.CAP_NOTIFICATION, spec.RIGHT_W
        # each vCPU holds the VM's channels; the peer signals vCPU 0 only
        self.assertEqual(arrays["caps"], [(1, 1, note, 2, 1 << 2, w, 0)] + [
            cap for i in range(8) for cap in ((2 + i, 1, ep, 1, 0x100, w, 0),
                                              (2 + i, 2, note, 1, 1 << 1, w, 0))])
        at = {s[0]: s[1] for s in elf_fixture.VMM_SYMBOLS}
        self.assertIn((0, 0, at["vm_vcpus"], 8), arrays["patches"])
        archive = {n: b for n, _, b in spec.unpack_archive((out / "archive.bin").read_bytes())}
        nodes = parse_fdt(archive[f"{long_name}.dtb"])
        self.assertEqual([nodes[f"/cpus/cpu@{i}"]["reg"] for i in range(8)],
                         [cells(i) for i in range(8)])
        self.assertNotIn("/cpus/cpu@8", nodes)
        self.assertEqual(nodes["/interrupt-controller@8000000"]["reg"],
                         cells(0, 0x08000000, 0, 0x10000, 0, 0x080a0000, 0, 8 * 0x20000))
        text = (out / "spec.txt").read_text()
        vmm_slots = text.split("  vmm.cnode {\n")[1].split("  }")[0].splitlines()[5:]
        self.assertEqual(vmm_slots, [f"    {slot}: {long_name}{f'.{i}' if i else ''}.{obj} "
                                     "(RWXG)" for i in range(8)
                                     for slot, obj in ((0x80 + 2 * i, "tcb"),
                                                       (0x81 + 2 * i, "vcpu"))])
        report = (out / "report.txt").read_text()
        self.assertIn(f"vm {long_name}: 8 vCPUs, served by vmm (exits on vmm's channels "
                      "62..55), priority 5, no SC", report)
        self.assertIn("; vCPUs 1..7 each: tcb 2K, vcpu 4K, notification 32 bytes", report)
        self.assertIn("capabilities: 21 in its CNode (21 fixed slots)", report)
        self.assertIn(f"channel 55: exits of vm {long_name} vCPU 7 (badge 0x237)", report)

    def test_regions(self):
        files = elf_fixture.VM_FILES
        pages = {n: -(-len(b) // 4096) * 4096 for n, b in
                 (("kernel", files["guest.elf"]), ("initrd", files["rootfs.cpio"]),
                  ("dtb", self.dtb), ("kernel2", files["guest.img"]))}
        # (name, size, paddr, page bits, flags, file)
        self.assertEqual([(name(r[0]), *r[1:-1], name(r[-1])) for r in self.arrays["regions"]], [
            ("blk-ring", 0x2000, 0, 12, 0, ""), ("blk-data", 0x200000, 0, 21, 0, ""),
            ("guest1.ram", 16 << 20, 0, 21, 0, ""),
            ("guest1.kernel", pages["kernel"], 0, 12, 0, "guest1.kernel"),
            ("guest1.initrd", pages["initrd"], 0, 12, 0, "guest1.initrd"),
            ("guest1.dtb", pages["dtb"], 0, 12, 0, "guest1.dtb"),
            ("guest2.ram", 4 << 20, 0, 21, 0, ""),
            ("guest2.kernel", pages["kernel2"], 0, 12, 0, "guest2.kernel"),
            ("guest2.dtb", 0x1000, 0, 12, 0, "guest2.dtb")])

    def test_maps(self):
        r, w, x = spec.RIGHT_R, spec.RIGHT_W, spec.RIGHT_X
        # (component, region, vaddr, rights, pad) by component, then address
        self.assertEqual(self.arrays["maps"], [
            (0, 3, 0x1000000000, r, 0), (0, 4, 0x2000000000, r, 0),
            (0, 5, 0x3000000000, r, 0), (0, 2, 0x4000000000, r | w, 0),
            (1, 0, 0x20000000, r | w, 0), (1, 1, 0x20200000, r | w, 0),
            (3, 7, 0x1000000000, r, 0), (3, 8, 0x3000000000, r, 0),
            (3, 6, 0x4000000000, r | w, 0),
            (4, 2, 0x40000000, r | w | x, 0), (4, 0, 0x50000000, r, 0),
            (4, 1, 0x100000000, r | w, 0),  # none into guest1.1: it shares guest1's
            (6, 6, 0x40000000, r | w | x, 0)])

    def test_caps_into_guests(self):
        ep, note, w = spec.CAP_ENDPOINT, spec.CAP_NOTIFICATION, spec.RIGHT_W
        # (component, channel, kind, target, badge, rights, pad)
        self.assertEqual(self.arrays["caps"], [
            (1, 2, note, 4, 1 << 3, w, 0),  # blk1:2 signals guest1 (its vCPU 0): bit 3
            (4, 0, ep, 2, 0x100 | 0, w, 0),  # guest1:0 calls echo:0
            (4, 3, note, 1, 1 << 2, w, 0),  # guest1:3 rings blk1:2
            (4, 4, ep, 1, 0x100 | 3, w, 0),  # guest1:4 calls blk1:3
            (4, 15, note, 6, 1 << 0, w, 0),  # guest1:15 signals guest2:0
            (5, 0, ep, 2, 0x100 | 0, w, 0),  # the same from guest1's vCPU 1
            (5, 3, note, 1, 1 << 2, w, 0),
            (5, 4, ep, 1, 0x100 | 3, w, 0),
            (5, 15, note, 6, 1 << 0, w, 0),
            (6, 0, note, 4, 1 << 15, w, 0)])  # and back, to guest1's vCPU 0
        self.assertEqual(self.arrays["irqs"], [])

    def test_vmm_patches(self):
        at = {s[0]: s[1] for s in elf_fixture.VMM_SYMBOLS}
        files = elf_fixture.VM_FILES
        guest1 = {"vm_ram": 0x4000000000, "vm_ram_ipa": 0x40000000, "vm_ram_size": 16 << 20,
                  "vm_kernel": 0x1000000000, "vm_kernel_size": len(files["guest.elf"]),
                  "vm_initrd": 0x2000000000, "vm_initrd_size": len(files["rootfs.cpio"]),
                  "vm_dtb": 0x3000000000, "vm_dtb_size": len(self.dtb), "vm_vcpus": 2}
        guest2 = dict(guest1, vm_ram_size=4 << 20, vm_kernel_size=len(files["guest.img"]),
                      vm_initrd=0, vm_initrd_size=0, vm_dtb_size=len(files["given.dtb"]),
                      vm_vcpus=1)
        self.assertEqual(set(guest1), set(vmdef.VMM_SYMBOLS))
        expected = sorted([(0, 0, at[s], v) for s, v in guest1.items()] +
                          [(3, 0, at[s], v) for s, v in guest2.items()])
        self.assertEqual(self.arrays["patches"], expected)

    def test_archive(self):
        files = elf_fixture.VM_FILES
        self.assertEqual(list(self.archive), [
            "spec", "vmm", "driver", "echo_server", "guest1.kernel", "guest1.initrd",
            "guest1.dtb", "guest2.kernel", "guest2.dtb"])
        self.assertEqual(self.archive["guest1.kernel"], files["guest.elf"])
        self.assertEqual(self.archive["guest1.initrd"], files["rootfs.cpio"])
        self.assertEqual(self.archive["guest2.kernel"], files["guest.img"])
        self.assertEqual(self.archive["guest2.dtb"], files["given.dtb"])
        self.assertFalse((self.out / "guest2.dts").exists())  # given, not generated

    def test_device_tree(self):
        nodes = parse_fdt(self.dtb)
        root, chosen = nodes["/"], nodes["/chosen"]
        self.assertEqual(root["compatible"], b"tessera,vm\0")
        self.assertEqual(root["model"], b"Tessera VM guest1\0")
        self.assertEqual(root["#address-cells"], cells(2))
        gic = nodes["/interrupt-controller@8000000"]
        self.assertEqual(root["interrupt-parent"], gic["phandle"])
        # the redistributors: a 128K frame per vCPU
        self.assertEqual(gic["reg"], cells(0, 0x08000000, 0, 0x10000, 0, 0x080a0000, 0, 0x40000))
        self.assertIn("interrupt-controller", gic)
        self.assertEqual(chosen["bootargs"], 'console=hvc0 msg="a \\ b" é\0'.encode())
        self.assertEqual(chosen["stdout-path"], b"/hypervisor/console\0")
        self.assertEqual(chosen["linux,initrd-start"], bytes(8))
        self.assertEqual(chosen["linux,initrd-end"], bytes(8))
        # room for the seeds the VMM fills in at every boot
        self.assertEqual(chosen["kaslr-seed"], bytes(8))
        self.assertEqual(chosen["rng-seed"], bytes(vmdef.RNG_SEED))
        self.assertEqual(nodes["/memory@40000000"]["reg"], cells(0, 0x40000000, 0, 16 << 20))
        self.assertEqual([(nodes[f"/cpus/cpu@{i}"]["reg"], nodes[f"/cpus/cpu@{i}"]["enable-method"])
                          for i in range(2)], [(cells(0), b"psci\0"), (cells(1), b"psci\0")])
        self.assertEqual([p for p in nodes if p.startswith("/cpus/")],
                         ["/cpus/cpu@0", "/cpus/cpu@1"])
        self.assertEqual(nodes["/psci"]["method"], b"hvc\0")
        self.assertEqual(nodes["/timer"]["interrupts"],
                         cells(1, 13, 4, 1, 14, 4, 1, 11, 4, 1, 10, 4))
        self.assertEqual(nodes["/hypervisor"]["interrupts"], cells(1, 15, 4))
        # a node whose children an OS makes devices of (Linux: of_platform_populate)
        self.assertEqual(nodes["/hypervisor"]["compatible"],
                         b"tessera,hypervisor\0simple-mfd\0")
        self.assertEqual(nodes["/hypervisor/console"]["interrupts"], cells(0, 0, 4))
        channels = {path.rsplit("/", 1)[1]: props for path, props in nodes.items()
                    if path.startswith("/hypervisor/channels/")}
        self.assertEqual({n: (p["reg"], p["label"], p["tessera,kind"], p["tessera,peer"])
                          for n, p in channels.items()}, {
            "channel@0": (cells(0), b"echo\0", b"call\0", b"echo\0"),
            "channel@3": (cells(3), b"blk-doorbell\0", b"notify\0", b"blk1\0"),
            "channel@4": (cells(4), b"blk-control\0", b"call\0", b"blk1\0"),
            "channel@f": (cells(15), b"peer\0", b"notify\0", b"guest2\0")})
        self.assertEqual(nodes["/region@50000000"], {
            "compatible": b"tessera,region\0", "reg": cells(0, 0x50000000, 0, 0x2000),
            "label": b"blk-ring\0", "read-only": b""})
        self.assertEqual(nodes["/region@100000000"], {
            "compatible": b"tessera,region\0", "reg": cells(1, 0, 0, 0x200000),
            "label": b"data\0"})

    def test_dts_is_the_dtb(self):
        dts = (self.out / "guest1.dts").read_text()
        for text in ("\t\t\tchannel@3 {\n\t\t\t\tcompatible = \"tessera,channel\";\n"
                     "\t\t\t\treg = <3>;\n\t\t\t\tlabel = \"blk-doorbell\";\n",
                     'bootargs = "console=hvc0 msg=\\"a \\\\ b\\" \\xc3\\xa9";',
                     "\tgic: interrupt-controller@8000000 {", "\t\tread-only;\n"):
            self.assertIn(text, dts)
        if not shutil.which("dtc"):
            self.skipTest("dtc not installed")
        # dtc compiles the reviewable source into the archive's bytes, and reads them back
        # into the same tree.
        self.assertEqual(vmdef.compile_dts(dts), self.dtb)
        back = subprocess.run(["dtc", "-I", "dtb", "-O", "dts", "-W", "no-interrupt_provider"],
                              input=self.dtb, capture_output=True, check=True).stdout
        self.assertEqual(vmdef.compile_dts(back.decode()), self.dtb)

    def test_no_initrd_no_bootargs(self):
        path = self.root / "plain" / "plain.toml"
        path.parent.mkdir(exist_ok=True)
        path.write_text('[system]\nname = "plain"\n\n[[component]]\nname = "vmm"\n'
                        'program = "vmm"\npriority = 1\n\n[[vm]]\nname = "linux"\n'
                        'vmm = "vmm"\nkernel = "guest.img"\nram = "4M"\npriority = 1\n')
        out = self.build(path, self.root / "plain-out")
        self.assertTrue((out / "linux.dts").is_file())
        archive = {n: b for n, _, b in spec.unpack_archive((out / "archive.bin").read_bytes())}
        nodes = parse_fdt(archive["linux.dtb"])
        self.assertEqual(set(nodes["/chosen"]), {"stdout-path", "kaslr-seed", "rng-seed"})
        self.assertEqual([p for p in nodes if p.startswith("/cpus/")], ["/cpus/cpu@0"])
        self.assertEqual(nodes["/interrupt-controller@8000000"]["reg"],
                         cells(0, 0x08000000, 0, 0x10000, 0, 0x080a0000, 0, 0x20000))
        self.assertEqual([p for p in nodes if p.startswith("/hypervisor/channels/")], [])
        self.assertNotIn("region@", " ".join(nodes))

    def test_files_from_2m_up_take_2m_frames(self):
        folder = self.root / "big"
        folder.mkdir(exist_ok=True)
        (folder / "big.cpio").write_bytes(bytes((5 << 20) // 2))  # 2.5 MiB
        path = folder / "big.toml"
        path.write_text('[system]\nname = "big"\n\n[[component]]\nname = "vmm"\n'
                        'program = "vmm"\npriority = 1\n\n[[vm]]\nname = "linux"\n'
                        'vmm = "vmm"\nkernel = "guest.img"\ninitrd = "big.cpio"\n'
                        'ram = "8M"\npriority = 1\n')
        out = self.build(path, self.root / "big-out")
        _, arrays = spec.unpack_spec((out / "spec.bin").read_bytes())
        files = {r["name"]: (r["size"], r["page_bits"]) for r in arrays["nregions"]}
        self.assertEqual(files["linux.initrd"], (4 << 20, 21))  # two 2M frames
        self.assertEqual(files["linux.kernel"], (0x3000, 12))  # 4K frames below 2M

    def test_vm_files_count_twice(self):
        # A VM's files are in RAM twice at boot (the boot archive and their regions): an
        # 18M initrd beside a 32M VM fits a 64M board once (50M) but not twice (68M).
        # Counted once, this manifest passed the check and then failed at boot ("no
        # untyped memory large enough for the region").
        board = self.root / "board-64m"
        shutil.copytree(BOARD, board)
        qemu = board / "qemu.toml"
        qemu.write_text(re.sub(r'(?m)^memory = .*$', 'memory = "64M"', qemu.read_text()))
        folder = self.root / "twice"
        folder.mkdir(exist_ok=True)
        (folder / "big.cpio").write_bytes(bytes(18 << 20))
        path = folder / "twice.toml"
        path.write_text('[system]\nname = "twice"\n\n[[component]]\nname = "vmm"\n'
                        'program = "vmm"\npriority = 1\n\n[[vm]]\nname = "linux"\n'
                        'vmm = "vmm"\nkernel = "guest.img"\ninitrd = "big.cpio"\n'
                        'ram = "32M"\npriority = 1\n')
        status, stdout, stderr = run("check", path, "--programs", self.programs,
                                     "--board", board)
        self.assertEqual((status, stdout), (1, ""))
        self.assertRegex(stderr, r"^[^\n]*twice.toml: vm: the RAM regions and the VMs' RAM "
                                 r"and files \(with the files' copies in the boot archive\) "
                                 r"need 71[0-9]{6} bytes in total, more than the machine's "
                                 r"RAM \(64M\)\n$")
        # without the archive's copy it would fit: 32M, 18M and the small files'
        self.assertLess((32 << 20) + (18 << 20) + (64 << 10), 64 << 20)

    def test_spec_text(self):
        text = (self.out / "spec.txt").read_text()
        for line in ("  guest1.tcb = tcb (priority: 100, vm served by vmm1)",
                     "  guest1.vcpu = vcpu",
                     "  guest1.1.notification = notification\n"
                     "  guest1.1.sc = sched_context (budget: 2000 us, period: 10000 us)\n"
                     "  guest1.1.tcb = tcb (priority: 100, cpu: 1, vCPU 1 of vm guest1, served by "
                     "vmm1)\n"
                     "  guest1.1.vcpu = vcpu\n",
                     "  guest1.1.tcb {\n    vcpu: guest1.1.vcpu\n    vspace: guest1.vspace\n"
                     "    fault_endpoint: vmm1.endpoint (WG, badge: 0x23d)\n"
                     "    bound_notification: guest1.1.notification\n"
                     "    sched_context: guest1.1.sc\n  }",
                     "  guest1.1.vcpu {\n    0: echo.endpoint (W, badge: 0x100)  # channel 0\n",
                     "    15: guest2.notification (W, badge: 0x1)  # channel 15\n",
                     "  region:guest1.kernel = frame[5] (4K, RAM, cached, from archive entry "
                     "guest1.kernel)",
                     "  guest1.vcpu {\n    0: echo.endpoint (W, badge: 0x100)  # channel 0\n",
                     "    fault_endpoint: vmm1.endpoint (WG, badge: 0x23e)",
                     "    128: guest1.tcb (RWXG)\n    129: guest1.vcpu (RWXG)\n"
                     "    130: guest1.1.tcb (RWXG)\n    131: guest1.1.vcpu (RWXG)\n  }",
                     "    128: guest2.tcb (RWXG)\n    129: guest2.vcpu (RWXG)\n  }",
                     "    0x40000000: region:guest1.ram[0..7] (RWX)  # vm 'guest1'",
                     "    0x1000000000: region:guest1.kernel[0..4] (R)  # vm 'guest1'",
                     "  vmm1 0x404100 = 0x4000000000  # vm_ram, vm 'guest1'",
                     "  vmm1 0x404148 = 0x2  # vm_vcpus, vm 'guest1'",
                     "  vmm2 0x404148 = 0x1  # vm_vcpus, vm 'guest2'"):
            self.assertIn(line, text)
        for absent in ("guest1.cnode", "guest1.1.vspace", "guest1.1.page_tables"):
            self.assertNotIn(absent, text)

    def test_report_and_dot(self):
        text = (self.out / "report.txt").read_text()
        for line in ("vm guest1: 2 vCPUs, served by vmm1 (exits on vmm1's channels 62..61), "
                     "priority 100, budget 2000 us / period 10000 us each",
                     "vm guest2: 1 vCPU, served by vmm2 (exits on vmm2's channel 62), priority 90, "
                     "no SC",
                     "  objects: tcb 2K, vcpu 4K, vspace 4K, notification 32 bytes, sched_context "
                     "256 bytes; vCPU 1: tcb 2K, vcpu 4K, notification 32 bytes, sched_context "
                     "256 bytes",
                     "  capabilities: 4 in each vCPU (channels 0..15)",
                     "  capabilities: 1 in its vCPU (channels 0..15)",
                     "  memory: RAM 16M at IPA 0x40000000..0x41000000 (in vmm1 at 0x4000000000)",
                     f"  kernel: guest.elf, {len(elf_fixture.VM_FILES['guest.elf'])} bytes",
                     f"  dtb: generated, {len(self.dtb)} bytes (in vmm1 at 0x3000000000)",
                     "  channel 3: notify <-> blk1:2, label \"blk-doorbell\"",
                     "  region blk-data: 2M at 0x100000000..0x100200000 RW, label \"data\"",
                     "  channel 61: exits of vm guest1 vCPU 1 (badge 0x23d)\n"
                     "  channel 62: exits of vm guest1 vCPU 0 (badge 0x23e)\n",
                     "  channel 62: exits of vm guest2 (badge 0x23e)\n",
                     "  capabilities: 9 in its CNode (9 fixed slots)",
                     "  capabilities: 7 in its CNode (7 fixed slots)"):
            self.assertIn(line, text)
        totals = {" ".join(line.split()[:-3]): int(line.split()[-2])
                  for line in text.split("totals")[1].splitlines()[1:] if line.endswith(" bytes")}
        vm_regions = sum(r[1] for r in self.arrays["regions"][2:])
        self.assertEqual(totals["VM RAM, files"], vm_regions)
        # every vCPU's objects: tcb, vcpu, notification and (guest1's) scheduling context
        objects = {"tcb": 1 << 11, "vcpu": 1 << 12, "vspace": 1 << 12, "notification": 32,
                   "sc": 256, "cnode": 1 << 14, "endpoint": 16}
        native = 4 * sum(objects[o] for o in ("tcb", "cnode", "vspace", "endpoint",
                                                "notification"))
        vcpus = 3 * sum(objects[o] for o in ("tcb", "vcpu", "notification")) + \
            2 * objects["vspace"] + 2 * objects["sc"]
        self.assertEqual(totals["kernel objects"], native + vcpus)
        self.assertEqual(totals["total"], sum(v for k, v in totals.items()
                                              if k not in ("total", "board RAM")))
        dot = (self.out / "system.dot").read_text()
        self.assertIn('"v:guest1" [shape=box3d, label="vm guest1\\n2 vCPUs, RAM 16M, priority '
                      '100"];', dot)
        self.assertIn('"v:guest2" [shape=box3d, label="vm guest2\\n1 vCPU, RAM 4M, priority '
                      '90"];', dot)
        self.assertNotIn("guest1.1", dot)
        self.assertIn('"v:guest1" -> "c:blk1" [label="notify 3:2", dir=both];', dot)
        self.assertIn('"v:guest1" -> "c:vmm1" [style=dotted, label="exits, channels 62..61"];',
                      dot)
        self.assertIn('"v:guest2" -> "c:vmm2" [style=dotted, label="exits, channel 62"];', dot)

    def test_deterministic(self):
        again = self.build(self.manifest, self.root / "vm-again")
        for output in ("spec.bin", "archive.bin", "spec.txt", "report.txt", "system.dot",
                       "guest1.dts"):
            self.assertEqual((again / output).read_bytes(), (self.out / output).read_bytes(),
                             output)

    def test_files_command(self):
        status, stdout, stderr = run("files", self.manifest, "--programs", self.programs,
                                     "--board", BOARD)
        self.assertEqual((status, stderr), (0, ""))
        self.assertEqual(stdout.splitlines(), [str(self.programs / n) for n in (
            "guest.elf", "rootfs.cpio", "guest.img", "given.dtb")])
        status, stdout, _ = run("files", MANIFESTS / "valid" / "full.toml", "--board", BOARD)
        self.assertEqual((status, stdout), (0, ""))

    def test_files_beside_the_manifest_first(self):
        folder = self.root / "beside"
        (folder / "boot").mkdir(parents=True)
        (folder / "boot" / "guest.img").write_bytes(elf_fixture.make_image(0x1800))
        path = folder / "system.toml"
        path.write_text('[system]\nname = "beside"\n\n[[component]]\nname = "vmm"\n'
                        'program = "vmm"\npriority = 1\n\n[[vm]]\nname = "linux"\n'
                        'vmm = "vmm"\nkernel = "boot/guest.img"\ninitrd = "rootfs.cpio"\n'
                        'ram = "4M"\npriority = 1\n')
        status, stdout, _ = run("files", path, "--programs", self.root / "not-built-yet",
                                "--board", BOARD)
        self.assertEqual(status, 0)
        self.assertEqual(stdout.splitlines(), [str(folder / "boot" / "guest.img"),
                                               str(self.root / "not-built-yet" / "rootfs.cpio")])
        # `programs` does not look at files that are not built yet either.
        status, stdout, _ = run("programs", path, "--board", BOARD)
        self.assertEqual((status, stdout), (0, "vmm\n"))
        out = self.build(path, self.root / "beside-out")
        archive = {n: b for n, _, b in spec.unpack_archive((out / "archive.bin").read_bytes())}
        self.assertEqual(len(archive["linux.kernel"]), 0x1800)

    def test_without_dtc(self):
        with mock.patch.object(vmdef.shutil, "which", return_value=None):
            status, _, stderr = run("check", self.manifest, "--programs", self.programs,
                                    "--board", BOARD)
        self.assertEqual(status, 2)
        self.assertIn("compose: error: dtc is not installed (Debian package "
                      "device-tree-compiler)", stderr)


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
		printf("component %s %s %u %d 0x%x flags=%u vcpu=%u\n", c->name, c->program,
		       c->priority, c->fault_handler, c->fault_badge, c->flags, c->vcpu);
	}
	for (uint32_t i = 0; i < h.nregions; i++, p += sizeof(struct tsr_spec_region)) {
		const struct tsr_spec_region *r = (const void *)p;
		printf("region %s 0x%llx %u file=%s\n", r->name, (unsigned long long)r->size,
		       r->flags, r->file);
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
        for define in ("TSR_SPEC_MAGIC 0x3143455053525354ULL", "TSR_SPEC_VERSION 3",
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
                       "TSR_COMPONENT_SLOT_GUEST_TCB(i) (0x80 + 2 * (i))",
                       "TSR_COMPONENT_SLOT_GUEST_VCPU(i) (0x81 + 2 * (i))",
                       "TSR_VM_VCPUS_MAX 8", "TSR_VMM_EXIT_CHANNEL 62"):
            self.assertIn(f"\n#define {define}\n", self.text)
        self.assertNotIn("TSR_COMPONENT_SLOT_GUEST_TCB ", self.text)  # the macros only
        self.assertNotIn("TSR_COMPONENT_SLOT_GUEST_VCPU ", self.text)
        for test in ("TSR_COMPONENT_CHANNEL_SLOT(TSR_CHANNELS - 1) < "
                     "TSR_COMPONENT_SLOT_GUEST_TCB(0),",
                     "TSR_COMPONENT_SLOT_GUEST_VCPU(TSR_VM_VCPUS_MAX - 1) <",
                     "TSR_VMM_EXIT_CHANNEL - (TSR_VM_VCPUS_MAX - 1) >= 0,"):
            self.assertIn(f"\n_Static_assert({test}", self.text)
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
                          "(1 << TSR_COMPONENT_CNODE_BITS), \"slots\");\n" +
                          "".join(f"_Static_assert(TSR_COMPONENT_SLOT_GUEST_TCB({i}) == "
                                  f"{spec.slot_guest_tcb(i)} && TSR_COMPONENT_SLOT_GUEST_VCPU"
                                  f"({i}) == {spec.slot_guest_vcpu(i)}, \"vcpu {i}\");\n"
                                  for i in range(spec.VM_VCPUS_MAX)))
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

    def read_spec(self, manifest_name):
        """The lines C_PROGRAM prints for the spec of valid manifest MANIFEST_NAME."""
        if not shutil.which("gcc"):
            self.skipTest("gcc not installed")
        out = self.build(MANIFESTS / "valid" / manifest_name, self.root / f"c-{manifest_name}")
        source, program = self.root / "read_spec.c", self.root / "read_spec"
        source.write_text(self.C_PROGRAM)
        subprocess.run(["gcc", "-std=c11", "-Wall", "-Wextra", "-Werror",
                        f'-DSPEC_H="{self.header}"', "-o", str(program), str(source)],
                       check=True, capture_output=True)
        result = subprocess.run([str(program), str(out / "spec.bin")], capture_output=True,
                                text=True, check=False)
        self.assertEqual(result.returncode, 0)
        return result.stdout.splitlines()

    def test_c_reads_the_spec(self):
        lines = self.read_spec("full.toml")
        self.assertEqual(lines[:5], ["full 4 3 5 6 2 4",
                                     "component monitor monitor 200 -1 0x400 flags=0 vcpu=0",
                                     "component driver driver 150 0 0x202 flags=0 vcpu=0",
                                     "component server echo_server 120 0 0x203 flags=0 vcpu=0",
                                     "component client client 100 -1 0x403 flags=0 vcpu=0"])
        self.assertIn("region uart 0x1000 3 file=", lines)
        self.assertIn("region dma 0x200000 2 file=", lines)
        self.assertIn("cap 3 slot 70 badge 0x1", lines)
        self.assertIn("cap 0 slot 8 badge 0x4000000000000000", lines)
        self.assertIn("patch 1 0x10000000", lines)

    def test_c_reads_a_vm_spec(self):
        lines = self.read_spec("vm.toml")
        self.assertEqual(lines[0], "vm 7 9 13 10 0 20")
        self.assertEqual(lines[5:8], ["component guest1  100 0 0x23e flags=1 vcpu=0",
                                      "component guest1.1  100 0 0x23d flags=1 vcpu=1",
                                      "component guest2  90 3 0x23e flags=1 vcpu=0"])
        self.assertIn("region guest1.ram 0x1000000 0 file=", lines)
        self.assertIn("region guest1.dtb 0x1000 0 file=guest1.dtb", lines)
        self.assertIn("cap 4 slot 11 badge 0x4", lines)  # guest1's channel 3
        self.assertIn("cap 5 slot 11 badge 0x4", lines)  # and its vCPU 1's

    def test_header_is_stable(self):
        self.assertEqual(spec.c_header(), self.text)
        mtime = self.header.stat().st_mtime_ns
        run("header", self.header)  # unchanged content: the file is left alone
        self.assertEqual(self.header.stat().st_mtime_ns, mtime)


class PartsTest(unittest.TestCase):
    """The board and ELF readers on the repository's own files."""

    def test_board(self):
        b = board.load(BOARD)
        self.assertEqual((b.ram_base, b.ram_size), (0x40000000, 1 << 30))
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
                program = elf.read(path, 1 << 30)
                if program.segments[0].vaddr >= vmdef.GUEST_RAM_IPA:
                    continue  # a guest kernel (proving_guest.elf), linked for guest RAM
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
