# SPDX-License-Identifier: BSD-2-Clause
# Xilinx ZynqMP ZCU102 (QEMU xlnx-zcu102), GIC-400: what the build needs to know.
# Addresses and interrupt numbers are in board.h; QEMU's command line is in qemu.toml.

# Link the kernel 2 MiB into RAM, leaving the first 1 MiB for the device tree (QEMU puts
# a -dtb there when the image leaves room; U-Boot is told to, docs/porting-a-board.md).
set(TESSERA_LOAD_ADDR 0x00200000)

# Kernel drivers this board needs (kernel/drivers/<name>.c), apart from the GIC.
set(TESSERA_PLAT_DRIVERS cadence_uart)

# The interrupt controller: the kernel's driver (kernel/drivers/<gic>.c), its virtual CPU
# interface for guests (<gic>_virt.c) and the distributor a VMM emulates
# (userland/vmm/vgic_<gic>.c).
set(TESSERA_PLAT_GIC gicv2)

# RAM starts at physical 0, so the device tree's address is the null pointer: the kernel
# must not let the compiler assume that address 0 cannot be read (Linux builds so too).
set(TESSERA_PLAT_KERNEL_OPTIONS -fno-delete-null-pointer-checks)

# What runs here so far: native systems, VMs of bare-metal guests and their QEMU tests
# (CMakeLists.txt).
set(TESSERA_PLAT_RUNS vm)
