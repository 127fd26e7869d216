/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * tessera/hypercall.h: the guest's ABI, defined once for guests and for the VMM
 * (userland/vmm). Freestanding: constants only. docs/hypercall-abi.md explains each.
 *
 * Hypercalls follow SMCCC: `hvc #0` with the function ID in x0, arguments in x1..x6,
 * results in x0..x3 (x0 < 0: an error below). IDs in the vendor-specific hypervisor
 * range (0xc6000000..0xc600ffff, SMC64 fast calls) are Tessera's: channels and POLL are
 * answered by the kernel, the console by the VMM. Standard calls (SMCCC discovery, PSCI)
 * are answered by the VMM.
 */
#ifndef TESSERA_HYPERCALL_H
#define TESSERA_HYPERCALL_H

#include <tessera/abi.h> /* TSR_HVC_CHANNEL, TSR_HVC_POLL, TSR_E*, TSR_MSGINFO */

/* The VMM's console: x1 = bytes (0..40), x2..x6 = the bytes, little-endian, packed.
 * x0 = bytes written (all of them) or -TSR_EINVAL (more than 40). */
#define TSR_HVC_CONSOLE_WRITE 0xc6000300UL
/* x0 = bytes of input (0..24), x1..x3 = the bytes, little-endian, packed. */
#define TSR_HVC_CONSOLE_READ 0xc6000301UL
/* Tests only: the test build of the VMM (vmm_test) faults when it receives this, so that
 * its restart with its VM can be tested; every other VMM answers -1. */
#define TSR_HVC_TEST_FAULT_VMM 0xc600ff00UL
#define TSR_CONSOLE_WRITE_MAX 40
#define TSR_CONSOLE_READ_MAX 24

/* SMCCC 1.1 discovery. */
#define TSR_SMCCC_VERSION 0x80000000UL	      /* x0 = 0x10001 (1.1) */
#define TSR_SMCCC_ARCH_FEATURES 0x80000001UL  /* x0 = 0 (supported) or -1 */
#define TSR_SMCCC_HYP_CALL_COUNT 0x8600ff00UL /* x0 = number of Tessera calls */
#define TSR_SMCCC_HYP_UID 0x8600ff01UL	      /* x0..x3 = TSR_UID_0..3 */
#define TSR_SMCCC_HYP_REVISION 0x8600ff03UL   /* x0 = major, x1 = minor */
#define TSR_SMCCC_NOT_SUPPORTED (-1L)
/* Tessera's hypervisor UID, as SMCCC returns it (words of a UUID). */
#define TSR_UID_0 0x7e55e4a1UL
#define TSR_UID_1 0x4d1c1a5eUL
#define TSR_UID_2 0x9b5f7e2aUL
#define TSR_UID_3 0x1e55e7a0UL

/* PSCI 1.0 (over HVC or SMC; the device tree says "hvc"). */
#define TSR_PSCI_VERSION 0x84000000UL /* x0 = 0x10000 (1.0) */
#define TSR_PSCI_CPU_OFF 0x84000002UL
#define TSR_PSCI_CPU_ON 0xc4000003UL		/* x1 = target MPIDR, x2 = entry, x3 = context */
#define TSR_PSCI_AFFINITY_INFO 0xc4000004UL	/* x1 = MPIDR: x0 = 0 on, 1 off */
#define TSR_PSCI_MIGRATE_INFO_TYPE 0x84000006UL /* x0 = 2: no trusted OS */
#define TSR_PSCI_SYSTEM_OFF 0x84000008UL
#define TSR_PSCI_SYSTEM_RESET 0x84000009UL
#define TSR_PSCI_FEATURES 0x8400000aUL /* x1 = function: x0 = 0 or -1 */
#define TSR_PSCI_SUCCESS 0L
#define TSR_PSCI_NOT_SUPPORTED (-1L)
#define TSR_PSCI_INVALID_PARAMETERS (-2L)
#define TSR_PSCI_ALREADY_ON (-4L)
#define TSR_PSCI_INVALID_ADDRESS (-9L)

/* The guest's machine (the device tree says the same). */
#define TSR_GUEST_RAM_IPA 0x40000000UL /* RAM starts here */
#define TSR_GUEST_GICD 0x08000000UL    /* GICv3 distributor */
#define TSR_GUEST_GICD_SIZE 0x10000UL  /* 64 KiB */
#define TSR_GUEST_GICR 0x080a0000UL    /* redistributor of vCPU 0, 128 KiB */
#define TSR_GUEST_GICC 0x08010000UL    /* on a GICv2 board: CPU interface (the GICV) */
#define TSR_GUEST_GICC_SIZE 0x2000UL   /* 8 KiB: GICC_DIR at +0x1000 */
#define TSR_GUEST_GIC_END 0x09000000UL /* no maps in [TSR_GUEST_GICD, this) */
#define TSR_GUEST_SPIS 64	       /* SPIs 32..95 */
#define TSR_GUEST_INTID_VTIMER 27      /* the virtual timer (PPI 11) */
#define TSR_GUEST_INTID_NOTIFY 31      /* channel notifications (PPI 15): TSR_HVC_POLL */
#define TSR_GUEST_INTID_CONSOLE 32     /* console input (SPI 0) */

/* Several vCPUs (`vcpus` in the manifest): vCPU i has MPIDR_EL1 affinity 0.0.0.i and its
 * own redistributor, at TSR_GUEST_GICR + i * TSR_GUEST_GICR_STRIDE. */
#define TSR_GUEST_VCPUS_MAX 8
#define TSR_GUEST_GICR_STRIDE 0x20000UL

/* Device-tree compatibles (docs/hypercall-abi.md, "Finding devices"). */
#define TSR_DT_HYPERVISOR "tessera,hypervisor"
#define TSR_DT_CONSOLE "tessera,console"
#define TSR_DT_CHANNEL "tessera,channel"
#define TSR_DT_REGION "tessera,region"

#endif
