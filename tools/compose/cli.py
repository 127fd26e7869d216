# SPDX-License-Identifier: BSD-2-Clause
# cli.py: the command line of tools/compose.py: build, check, header, programs.
"""Command line of the system-composition tool.

  compose.py build MANIFEST [--programs DIR] [--board DIR] [--out DIR]
  compose.py check MANIFEST [--programs DIR] [--board DIR]
  compose.py header OUT.h
  compose.py programs MANIFEST [--programs DIR] [--board DIR]
  compose.py files MANIFEST [--programs DIR] [--board DIR]
  compose.py sources MANIFEST [--programs DIR] [--board DIR]

Exit status: 0 success, 1 invalid manifest (one line per problem on stderr), 2 usage
or I/O errors (a missing board or programs directory, an unwritable output, no dtc), 3 a
bug of this tool (one line, no traceback: set COMPOSE_TRACEBACK=1 to see it).
"""

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

from . import board as boardmod
from . import files as fileio
from . import outputs, spec
from . import vm as vmdef
from .manifest import ManifestError, load

REPO = Path(__file__).resolve().parents[2]
DEFAULT_BOARD = REPO / "platforms" / "qemu-virt-aarch64"
DEFAULT_PROGRAMS = REPO / "build" / "programs"
DEFAULT_OUT = REPO / "build" / "systems"


class UsageError(Exception):
    """A problem with the command line or the environment (exit status 2)."""


def write_file(path, data):
    """Write DATA (str or bytes) to PATH unless it already holds exactly that."""
    path = Path(path)
    data = data.encode("utf-8") if isinstance(data, str) else data
    try:
        if path.is_file() and path.read_bytes() == data:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_bytes(data)
        tmp.replace(path)
    except OSError as e:
        raise UsageError(f"cannot write {path}: {e.strerror}") from None


def load_system(args):
    """Check the manifest of ARGS: (System, programs directory or None), or ManifestError /
    UsageError. `programs` checks the programs and VM files only with --programs, `files`
    never; VM files not beside the manifest are looked for in the programs directory."""
    try:
        board = boardmod.load(args.board)
    except boardmod.BoardError as e:
        raise UsageError(f"board: {e}") from None
    programs = args.programs
    if programs is None and args.command in ("build", "check"):
        programs = DEFAULT_PROGRAMS
    if programs is not None and args.command != "files" and not Path(programs).is_dir():
        raise UsageError(f"programs directory not found: {programs}")
    checked = None if args.command == "files" else programs
    try:
        return load(args.manifest, board, checked, files=programs or DEFAULT_PROGRAMS), \
            programs
    except vmdef.DtcError as e:
        raise UsageError(str(e)) from None


def svg(dot_file, svg_file):
    """Render DOT_FILE with Graphviz's `dot`; without it, remove a stale SVG and say so."""
    dot = shutil.which("dot")
    if dot is None:
        svg_file.unlink(missing_ok=True)
        print(f"compose: warning: Graphviz's dot is not installed: no {svg_file.name} "
              "(apt-get install graphviz; ./tessera installs it)", file=sys.stderr)
        return
    result = subprocess.run([dot, "-Tsvg", str(dot_file), "-o", str(svg_file)],
                            capture_output=True, text=True, check=False)
    if result.returncode:
        print(f"compose: warning: dot failed: {result.stderr.strip()}", file=sys.stderr)


def build(system, programs, out):
    """Write every output of SYSTEM into directory OUT."""
    arrays = outputs.spec_arrays(system)
    spec_bin = spec.pack_spec(system.name, arrays)
    files = [("spec", spec_bin)]
    for name in system.programs():
        path = Path(programs) / f"{name}.elf"
        try:
            files.append((name, fileio.read(path, system.board.ram_size)))
        except fileio.FileProblem as e:
            raise UsageError(f"cannot read {path}: {e}") from None
        except OSError as e:
            raise UsageError(f"cannot read {path}: {e.strerror}") from None
    out = Path(out)
    for vm in system.vms:
        files += [(f"{vm.name}.{key}", vm.files[key]) for key in vmdef.FILE_KEYS
                  if key in vm.files]
        if vm.dts is not None:
            write_file(out / f"{vm.name}.dts", vm.dts)
        else:  # its own dtb: no stale source beside it
            (out / f"{vm.name}.dts").unlink(missing_ok=True)
    write_file(out / "spec.bin", spec_bin)
    write_file(out / "spec.txt", outputs.spec_text(system))
    write_file(out / "archive.bin", spec.pack_archive(files))
    write_file(out / "report.txt", outputs.report(system))
    write_file(out / "system.dot", outputs.dot(system))
    svg(out / "system.dot", out / "system.svg")
    counts = ", ".join(f"{len(arrays[key])} {one if len(arrays[key]) == 1 else many}"
                       for key, one, many in (
                           ("ncomponents", "component", "components"),
                           ("nregions", "region", "regions"), ("nmaps", "map", "maps"),
                           ("ncaps", "channel capability", "channel capabilities"),
                           ("nirqs", "irq", "irqs"), ("npatches", "patch", "patches")))
    vms = f" with {len(system.vms)} VM{'s' if len(system.vms) > 1 else ''}" if system.vms else ""
    print(f"compose: system '{system.name}'{vms}: {counts} -> {out}")


def parse_args(argv):
    """Parse the command line (ARGV without the program name; None: sys.argv)."""
    p = argparse.ArgumentParser(prog="compose.py", description="Check a Tessera system manifest "
                                "and build the root manager's spec and boot archive.")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def manifest_command(name, help_text, programs_help):
        """A subcommand taking a manifest, --programs and --board."""
        cmd = sub.add_parser(name, help=help_text, description=help_text)
        cmd.add_argument("manifest", metavar="MANIFEST", help="the system manifest (TOML)")
        cmd.add_argument("--programs", metavar="DIR", help=programs_help)
        cmd.add_argument("--board", metavar="DIR", default=str(DEFAULT_BOARD),
                         help="platform directory (default: %(default)s)")
        return cmd

    build_cmd = manifest_command("build", "check a manifest and write the system's files",
                                 f"where <program>.elf are (default: {DEFAULT_PROGRAMS})")
    build_cmd.add_argument("--out", metavar="DIR",
                           help=f"output directory (default: {DEFAULT_OUT}/<system name>)")
    manifest_command("check", "check a manifest only",
                     f"where <program>.elf are (default: {DEFAULT_PROGRAMS})")
    manifest_command("programs", "print the program names a manifest uses, one per line",
                     "also check the programs found there (default: not checked)")
    manifest_command("files", "print the paths of the VMs' files (kernel, initrd, dtb) a "
                     "manifest uses, one per line",
                     "where VM files not beside the manifest are (default: "
                     f"{DEFAULT_PROGRAMS}); nothing is checked there")
    manifest_command("sources", "print each program that the manifest's `sources` build, "
                     "with its files (absolute paths), tab-separated, one program per line",
                     "also check the programs found there (default: not checked)")
    header = sub.add_parser("header", help="write the C header of the spec formats",
                            description="write the C header of the spec formats")
    header.add_argument("output", metavar="OUT.h")
    return p.parse_args(argv)


def main(argv=None):
    """Command-line entry point; returns the process exit status."""
    args = parse_args(argv)
    try:
        if args.command == "header":
            write_file(args.output, spec.c_header())
            return 0
        system, programs = load_system(args)
        if args.command == "programs":
            print("\n".join(system.programs()))
        elif args.command == "sources":
            for program, files in system.sources().items():
                print("\t".join([program, *files]))
        elif args.command == "files":
            for path in dict.fromkeys(p for vm in system.vms for p in vm.paths.values()):
                print(path)
        elif args.command == "check":
            print(f"compose: {args.manifest}: system '{system.name}' is valid")
        else:
            build(system, programs, args.out or DEFAULT_OUT / system.name)
    except ManifestError as e:
        print("\n".join(e.lines), file=sys.stderr)
        return 1
    except UsageError as e:
        print(f"compose: error: {e}", file=sys.stderr)
        return 2
    except Exception as e:  # pylint: disable=broad-except  (never a traceback for input)
        if os.environ.get("COMPOSE_TRACEBACK"):
            raise
        print(f"compose: internal error (a bug of tools/compose, please report it with the "
              f"manifest): {type(e).__name__}: {str(e)[:200]}", file=sys.stderr)
        return 3
    return 0
