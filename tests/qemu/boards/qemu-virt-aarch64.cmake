# SPDX-License-Identifier: BSD-2-Clause
# QEMU virt: what the kernel's tests (kernel.cmake) expect of this board.
set(BOARD_GIC GICv3)                                # the interrupt controller's boot line
set(BOARD_RAM_512M "memory: 0x40000000-0x60000000") # RAM with -m 512M
set(BOARD_MACHINE_EL1 "virt,gic-version=3")         # the machine without EL2
set(BOARD_KERNEL_TEXT 0x00000000402)                # the kernel's code (ELR in a panic)
set(BOARD_UART_IRQ 33)                              # the PL011's interrupt
