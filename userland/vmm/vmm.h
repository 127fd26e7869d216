/* SPDX-License-Identifier: BSD-2-Clause */
/* The VMM: one guest, its exits, its loader, its virtual GIC. */
#ifndef VMM_H
#define VMM_H

#include <stdbool.h>
#include <tessera/component.h>
#include <tessera/hypercall.h>
#include <tessera/spec_format.h>

/* Set at load by the manifest's [[vm]] (tools/compose: the VM's RAM and files as this
 * VMM maps them; sizes in bytes, 0 without an initrd). */
extern unsigned long vm_ram, vm_ram_ipa, vm_ram_size, vm_kernel, vm_kernel_size, vm_initrd,
    vm_initrd_size, vm_dtb, vm_dtb_size, vm_vcpus;

/* vCPU i's thread and vCPU object. */
#define GUEST_TCB(i) TSR_COMPONENT_SLOT_GUEST_TCB(i)
#define GUEST_VCPU(i) TSR_COMPONENT_SLOT_GUEST_VCPU(i)

/* This VMM's channels (all optional). */
#define CH_CONSOLE 0 /* call: a client channel of the UART driver (tessera/uart.h) */
#define CH_INPUT 1   /* notify: the UART driver's input for it */
#define CH_EVENTS 2  /* call: told when the guest powers off, resets or is stopped */

/* Events on CH_EVENTS: label, w0 = the guest's exit status or the stop's ESR. */
#define VMM_EVENT_OFF 1
#define VMM_EVENT_RESET 2
#define VMM_EVENT_STOPPED 3

/* loader.c: put the kernel, initrd and device tree into guest RAM; the entry point and
 * the tree's IPA. NULL, or why the guest cannot start. */
const char *load_guest(unsigned long *entry, unsigned long *dtb);

/* vgic.c: the emulated distributor (and a GICv3's redistributors). */
void vgic_reset(void);
/* An access by vCPU cpu to the GIC's frames: true if handled (*value read or written);
 * with value NULL, only whether ipa lies in them. */
bool vgic_access(unsigned cpu, unsigned long ipa, bool write, unsigned bytes, unsigned long *value);
/* Make SPI intid pending (a VMM device's interrupt); delivered once the guest enables it. */
void vgic_raise(unsigned intid);
/* Make SGI intid pending on vCPU cpu (a trapped ICC_SGI1R_EL1 write, a GICD_SGIR's). */
void vgic_sgi(unsigned cpu, unsigned intid);
/* Put pending, enabled interrupts into list registers while there is room. */
void vgic_deliver(void);

/* hook_absent.c, or hook_test.c in the test build (vmm_test): true if fn is a test
 * hook's hypercall, answered (the test build's hook faults the VMM). */
bool vmm_test_hook(unsigned long fn);

/* vmm.c */
void vmm_print(const char *format, ...) __attribute__((format(printf, 1, 2)));

#endif
