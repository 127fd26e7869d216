# SPDX-License-Identifier: BSD-2-Clause
# QEMU virt, AArch64, GICv3: what the build needs to know about this board.
# Addresses and interrupt numbers are in board.h; QEMU's command line is in qemu.toml.

# Link the kernel 2 MiB into RAM: QEMU puts the device tree at the start of RAM only
# when the image leaves room for it (docs/boot.md).
set(TESSERA_LOAD_ADDR 0x40200000)

# Kernel drivers this board needs (kernel/drivers/<name>.c), apart from the GIC.
set(TESSERA_PLAT_DRIVERS pl011)

# The interrupt controller: the kernel's driver (kernel/drivers/<gic>.c), its virtual CPU
# interface for guests (<gic>_virt.c) and the distributor a VMM emulates
# (userland/vmm/vgic_<gic>.c).
set(TESSERA_PLAT_GIC gicv3)
