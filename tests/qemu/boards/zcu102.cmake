# SPDX-License-Identifier: BSD-2-Clause
# ZCU102: what the kernel's tests (kernel.cmake) and the VM tests (guests.cmake) expect of
# this board.
set(BOARD_GIC GICv2)                          # the interrupt controller's boot line
set(BOARD_RAM_512M "memory: 0x0-0x20000000")  # RAM with -m 512M
set(BOARD_MACHINE_EL1 "xlnx-zcu102")          # the machine without EL2
set(BOARD_KERNEL_TEXT 0x00000000002)          # the kernel's code, 0x20_0000.. (ELR in a panic)
set(BOARD_UART_IRQ 53)                        # the Cadence UART 0's interrupt

# The VM tests (guests.cmake): no virtio-mmio devices on this board; the guests' GIC is a
# GICv2, its distributor the VMM's and its CPU interface the board's GICV.
set(BOARD_VM_ARGS)
set(BOARD_VM_GUEST_EXPECT
  "guest @g@: ok:   device tree: GICv2 distributor and CPU interface \\(8 KiB\\) where hypercall.h says"
  "guest @g@: ok:   GICv2: the CPU interface is the board's virtual one, both pages mapped"
  "guest @g@: ok:   vGIC: GICv2 distributor on, PPIs 27 and 31 enabled in its banked ISENABLER0")
set(BOARD_VM_EXPECT
  --expect-any "guest 1: ok:   smp: GICv2 distributor: GICD_TYPER names a CPU interface for each vCPU")
