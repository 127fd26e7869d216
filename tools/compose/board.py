# SPDX-License-Identifier: BSD-2-Clause
# board.py: the board facts the checks need, from plat/board.h and qemu.toml.
"""Board facts: RAM, device space, the kernel's devices and interrupts, the CPUs.

They come from BOARD_DIR/include/plat/board.h (`#define PLAT_NAME value` lines; values
may name other PLAT_ macros; PLAT_KERNEL_DEVICES is a C initializer {{start, end}, ...})
and BOARD_DIR/qemu.toml (`memory`, the RAM size in QEMU -m syntax).

Devices by role: a device PLAT_<DEV> that manifests may name by its role has
`PLAT_<DEV>_ROLE "<role>"` beside its PLAT_<DEV>_BASE and PLAT_<DEV>_SIZE, and may have
PLAT_<DEV>_IRQ (its interrupt) and `PLAT_<DEV>_DRIVER "<program>"` (the native driver
program for it): `PLAT_UART_ROLE "console"` makes the UART the board's console.
"""

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

DEFINE = re.compile(r"^[ \t]*#[ \t]*define[ \t]+(PLAT_\w+)(?![\w(])[ \t]*(.*)$", re.M)
NUMBER = re.compile(r"\b(0[xX][0-9a-fA-F]+|[0-9]+)[uUlL]*\b")
REQUIRED = ("PLAT_RAM_BASE", "PLAT_DEVICE_BASE", "PLAT_DEVICE_SIZE", "PLAT_KERNEL_DEVICES",
            "PLAT_USER_PPI", "PLAT_IRQ_LINES")
NOT_DEVICES = ("PLAT_RAM_BASE", "PLAT_DEVICE_BASE", "PLAT_DTB_ADDR")


class BoardError(Exception):
    """The board files are missing or cannot be understood."""


@dataclass
class Board:
    """What the manifest checks and the report need to know about the machine."""

    name: str
    ram_base: int
    ram_size: int
    device_base: int
    device_size: int
    kernel_devices: list  # [(start, end, label)]: device ranges the kernel keeps
    user_ppi: int
    irq_lines: int  # the interrupt controller's INTIDs are 0..irq_lines - 1
    cpus: int  # PLAT_CPUS: cores a thread may be placed on (cpu =, cpus =)
    # A GICv2's virtual CPU interface as one 8K block (PLAT_GICV_BLOCK), which each VM
    # maps as its GIC CPU interface; None on a GICv3 (system registers, nothing to map).
    gicv: tuple | None = None
    roles: dict = field(default_factory=dict)  # role -> Device (PLAT_<DEV>_ROLE)


@dataclass
class Device:
    """A device a manifest names by its role (`device = "console"`)."""

    macro: str  # PLAT_<DEV>, where its facts are
    base: int
    size: int
    irq: int | None = None  # PLAT_<DEV>_IRQ
    driver: str | None = None  # PLAT_<DEV>_DRIVER: the native driver's program


def _defines(text):
    """{PLAT_NAME: replacement text} of TEXT, comments removed, continuations joined."""
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    text = re.sub(r"//[^\n]*", "", text)
    text = re.sub(r"\\\r?\n", " ", text)
    return {m[1]: m[2].strip() for m in DEFINE.finditer(text)}


def _expand(defines, name, depth=0):
    """The text of macro NAME with PLAT_ macros in it replaced by their own text."""
    if depth > 16:
        raise BoardError(f"{name}: macros nest too deeply")
    return re.sub(r"\bPLAT_\w+\b",
                  lambda m: _expand(defines, m[0], depth + 1) if m[0] in defines else m[0],
                  defines[name])


def _number(defines, name):
    """Macro NAME as one integer."""
    numbers = NUMBER.findall(_expand(defines, name))
    if len(numbers) != 1:
        raise BoardError(f"{name}: expected one number, found {defines[name]!r}")
    return int(numbers[0], 0)


def _kernel_devices(defines):
    """PLAT_KERNEL_DEVICES as [(start, end, label)], labels from PLAT_*_BASE inside."""
    numbers = [int(n, 0) for n in NUMBER.findall(_expand(defines, "PLAT_KERNEL_DEVICES"))]
    if len(numbers) % 2:
        raise BoardError("PLAT_KERNEL_DEVICES: expected {start, end} pairs")
    bases = {}
    for name in defines:
        if name.endswith("_BASE") and name not in NOT_DEVICES:
            try:
                bases[name[5:-5]] = _number(defines, name)
            except BoardError:
                pass
    out = []
    for start, end in zip(numbers[::2], numbers[1::2]):
        inside = [n for n, v in sorted(bases.items(), key=lambda kv: kv[1]) if start <= v < end]
        out.append((start, end, ", ".join(inside) or "kernel device"))
    return out


GICV_SIZE = 0x2000  # a GICv2 CPU interface: two 4K pages (GICC_DIR in the second)


def _gicv(defines):
    """PLAT_GICV_BLOCK as (start, end), or None (a GICv3 board)."""
    if "PLAT_GICV_BLOCK" not in defines:
        return None
    start = _number(defines, "PLAT_GICV_BLOCK")
    return start, start + GICV_SIZE


def _string(defines, name):
    """Macro NAME as a C string literal's text."""
    m = re.fullmatch(r'"([^"\\]*)"', _expand(defines, name))
    if not m:
        raise BoardError(f"{name}: expected a string, found {defines[name]!r}")
    return m[1]


ROLE_RE = re.compile(r"[a-z][a-z0-9_-]{0,30}")


def _roles(defines):
    """{role: Device} of every PLAT_<DEV>_ROLE."""
    roles = {}
    for name in sorted(d for d in defines if d.endswith("_ROLE")):
        dev, role = name[:-len("_ROLE")], _string(defines, name)
        if not ROLE_RE.fullmatch(role):
            raise BoardError(f"{name}: {role!r} is not a role name (as a manifest's names)")
        if role in roles:
            raise BoardError(f"{name}: role {role!r} is already {roles[role].macro}'s")
        missing = [f"{dev}_{k}" for k in ("BASE", "SIZE") if f"{dev}_{k}" not in defines]
        if missing:
            raise BoardError(f"{name}: a device by role needs {' and '.join(missing)}")
        roles[role] = Device(dev, _number(defines, f"{dev}_BASE"),
                             _number(defines, f"{dev}_SIZE"),
                             _number(defines, f"{dev}_IRQ") if f"{dev}_IRQ" in defines else None,
                             _string(defines, f"{dev}_DRIVER")
                             if f"{dev}_DRIVER" in defines else None)
    return roles


def ram_size(memory):
    """QEMU's -m value (an integer: MiB; or a string with suffix K, M, G) in bytes."""
    if isinstance(memory, int) and not isinstance(memory, bool):
        return memory << 20
    m = re.fullmatch(r"\s*([0-9]+)\s*([KMG]?)i?B?\s*", str(memory), re.I)
    if not m:
        raise BoardError(f"memory = {memory!r} is not a size")
    return int(m[1]) << {"": 20, "K": 10, "M": 20, "G": 30}[m[2].upper()]


def load(board_dir):
    """The Board of BOARD_DIR (a platforms/<board> directory)."""
    board_dir = Path(board_dir)
    header, qemu = board_dir / "include" / "plat" / "board.h", board_dir / "qemu.toml"
    try:
        defines = _defines(header.read_text(encoding="utf-8"))
        with open(qemu, "rb") as f:
            memory = tomllib.load(f).get("memory")
    except OSError as e:
        raise BoardError(f"{e.filename}: {e.strerror}") from None
    except tomllib.TOMLDecodeError as e:
        raise BoardError(f"{qemu}: {e}") from None
    missing = [name for name in REQUIRED if name not in defines]
    if missing:
        raise BoardError(f"{header}: no {', '.join(missing)}")
    if memory is None:
        raise BoardError(f"{qemu}: no memory setting")
    name = defines.get("PLAT_NAME", board_dir.name).strip('"')
    try:
        return Board(name, _number(defines, "PLAT_RAM_BASE"), ram_size(memory),
                     _number(defines, "PLAT_DEVICE_BASE"), _number(defines, "PLAT_DEVICE_SIZE"),
                     _kernel_devices(defines), _number(defines, "PLAT_USER_PPI"),
                     _number(defines, "PLAT_IRQ_LINES"), _number(defines, "PLAT_CPUS"),
                     _gicv(defines), _roles(defines))
    except BoardError as e:
        raise BoardError(f"{header}: {e}") from None
