/* SPDX-License-Identifier: BSD-2-Clause */
/* Xilinx ZynqMP ZCU102 (QEMU xlnx-zcu102, GIC-400): the board as data. */
#ifndef PLAT_BOARD_H
#define PLAT_BOARD_H

#define PLAT_NAME "zcu102"

/* DDR starts at 0 (the low 2 GiB; more RAM continues at 0x8_0000_0000). The device tree
 * (from -dtb under QEMU, from U-Boot on the board) is at the start of RAM. */
#define PLAT_RAM_BASE 0x00000000UL
#define PLAT_DTB_ADDR 0x00000000UL
#define PLAT_DTB_MAX_SIZE 0x100000UL

/* The upper half of the low 4 GiB is device space: the programmable logic, QSPI, PCIe,
 * and the processing system's peripherals from 0xF800_0000 on. */
#define PLAT_DEVICE_BASE 0x80000000UL
#define PLAT_DEVICE_SIZE 0x80000000UL

/* Device ranges the kernel keeps: the GIC-400's distributor, CPU interface and virtual
 * interface control (each 4 KiB page repeated over 64 KiB). The virtual CPU interface
 * (GICV, from 0xF906_0000) is device memory like any other: the compose tool maps
 * PLAT_GICV_BLOCK into each VM at the guest's GICC address (docs/virtualization.md). */
#define PLAT_KERNEL_DEVICES                        \
	{                                          \
		{                                  \
			0xF9000000UL, 0xF9060000UL \
		}                                  \
	}

#define PLAT_UART_BASE 0xFF000000UL /* Cadence UART 0 */
#define PLAT_UART_SIZE 0x1000UL
#define PLAT_UART_IRQ 53 /* SPI 21 */

/* Devices by role, for manifests (docs/manifest.md, "Devices by role"): the compose tool
 * reads PLAT_<DEV>_ROLE, _BASE, _SIZE, _IRQ and _DRIVER (the native driver's program).
 * The kernel does not use them. UART 0 is the console, driven by cadence_uart_driver. */
#define PLAT_UART_ROLE "console"
#define PLAT_UART_DRIVER "cadence_uart_driver"

#define PLAT_GICD_BASE 0xF9010000UL /* GICv2 distributor */
#define PLAT_GICC_BASE 0xF9020000UL /* GICv2 CPU interface */
#define PLAT_GICH_BASE 0xF9040000UL /* virtual interface control */
#define PLAT_GICV_BASE 0xF9060000UL /* virtual CPU interface (page 0; page 1 at +64 KiB) */
/* The virtual CPU interface's two pages as one 8 KiB block: page 0's last alias, then
 * page 1 (QEMU's model, as the board: each page repeats over 64 KiB). */
#define PLAT_GICV_BLOCK 0xF906F000UL
#define PLAT_GIC_MAINT_IRQ 25

/* Generic timer PPIs (INTIDs). The counter's frequency is CNTFRQ_EL0, which firmware
 * sets (100 MHz on the board; QEMU's model: 62.5 MHz). */
#define PLAT_TIMER_EL2_PHYS_IRQ 26
#define PLAT_TIMER_VIRT_IRQ 27
#define PLAT_TIMER_EL1_PHYS_IRQ 30

/* The A53s' PMU (SPIs 143-146, one per core; not connected in QEMU's model). */
#define PLAT_PMU_IRQ 175

/* Interrupt lines (INTIDs 0..191): 160 SPIs, as GICD_TYPER says. */
#define PLAT_IRQ_LINES 192

/* CPUs: one. The SoC has four Cortex-A53s, but QEMU's model emulates no PSCI firmware
 * to start the others (docs/porting-a-board.md). */
#define PLAT_CPUS 1

/* Interrupt lines user-level handlers may take: every SPI, and the EL1 physical timer. */
#define PLAT_USER_PPI PLAT_TIMER_EL1_PHYS_IRQ

#endif
