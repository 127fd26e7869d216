/* SPDX-License-Identifier: BSD-2-Clause */
/* QEMU virt (AArch64, GICv3): the board as data — addresses and interrupt numbers. */
#ifndef PLAT_BOARD_H
#define PLAT_BOARD_H

#define PLAT_NAME "qemu-virt-aarch64"

/* RAM starts here; QEMU places the device tree blob (up to 1 MiB) at its start. */
#define PLAT_RAM_BASE 0x40000000UL
#define PLAT_DTB_ADDR 0x40000000UL
#define PLAT_DTB_MAX_SIZE 0x100000UL

/* Everything below RAM is device space: GIC, UART, RTC, virtio-mmio, ... */
#define PLAT_DEVICE_BASE 0x00000000UL
#define PLAT_DEVICE_SIZE 0x40000000UL

/* Device ranges the kernel keeps: the GIC (distributor, ITS, redistributors). The rest
 * of device space goes to the root task as device untyped, the UART included: the
 * kernel writes its boot messages, reports and panics to it (polled), and a user-level
 * driver (userland/drivers/uart, pl011_driver) may own it, interrupts included. */
#define PLAT_KERNEL_DEVICES                        \
	{                                          \
		{                                  \
			0x08000000UL, 0x09000000UL \
		}                                  \
	}

#define PLAT_UART_BASE 0x09000000UL /* PL011 */
#define PLAT_UART_SIZE 0x1000UL
#define PLAT_UART_IRQ 33 /* SPI 1 */

/* Devices by role, for manifests (docs/manifest.md, "Devices by role"): the compose tool
 * reads PLAT_<DEV>_ROLE, _BASE, _SIZE, _IRQ and _DRIVER (the native driver's program).
 * The kernel does not use them. The UART is the console, driven by pl011_driver. */
#define PLAT_UART_ROLE "console"
#define PLAT_UART_DRIVER "pl011_driver"
/* virtio-mmio slots 24..31 (QEMU attaches its -device virtio-*-device from slot 31 down;
 * slot i's interrupt is SPI 16 + i): the page the virtio-blk and -net drivers share. */
#define PLAT_VIRTIO_BASE 0x0A003000UL
#define PLAT_VIRTIO_SIZE 0x1000UL
#define PLAT_VIRTIO_ROLE "virtio"

#define PLAT_GICD_BASE 0x08000000UL /* GICv3 distributor */
#define PLAT_GICR_BASE 0x080A0000UL /* GICv3 redistributors, 0x20000 per CPU */
#define PLAT_GICR_STRIDE 0x20000UL
#define PLAT_GIC_MAINT_IRQ 25

/* Generic timer PPIs (INTIDs). */
#define PLAT_TIMER_EL2_PHYS_IRQ 26
#define PLAT_TIMER_VIRT_IRQ 27
#define PLAT_TIMER_EL1_PHYS_IRQ 30

#define PLAT_PMU_IRQ 23

/* Interrupt lines (INTIDs 0..255): what the GIC's GICD_TYPER says on QEMU 7.2. */
#define PLAT_IRQ_LINES 256

/* CPUs: as qemu.toml starts the board to run a system (-smp 4; tests run on one unless
 * they ask for more). Threads are placed on them by the manifest (cpu =, cpus =). */
#define PLAT_CPUS 4

/* Interrupt lines user-level handlers may take: every SPI (32..1019), and the EL1
 * physical timer, which EL0 may program. */
#define PLAT_USER_PPI PLAT_TIMER_EL1_PHYS_IRQ

#endif
