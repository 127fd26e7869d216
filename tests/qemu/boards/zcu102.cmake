# SPDX-License-Identifier: BSD-2-Clause
# ZCU102: what the kernel's tests (kernel.cmake) expect of this board.
set(BOARD_GIC GICv2)                          # the interrupt controller's boot line
set(BOARD_RAM_512M "memory: 0x0-0x20000000")  # RAM with -m 512M
set(BOARD_MACHINE_EL1 "xlnx-zcu102")          # the machine without EL2
set(BOARD_KERNEL_TEXT 0x00000000002)          # the kernel's code, 0x20_0000.. (ELR in a panic)
set(BOARD_UART_IRQ 53)                        # the Cadence UART 0's interrupt
