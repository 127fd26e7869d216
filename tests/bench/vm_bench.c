/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * VM exit benchmarks: the root task is the VMM of a guest (vm_bench_guest.S) that
 * measures, in instructions, a null hypercall through the VMM and back
 * (hvc_roundtrip_vmm), an MMIO load the VMM emulates (mmio_exit_roundtrip), and a
 * call through a direct channel to a native server (channel_roundtrip_guest_native), and
 * a native signal to the guest's interrupt handler (virq_inject). The
 * VMM does what a real one must: receive the exit, decode it, for MMIO write the
 * loaded value into the guest's register, reply and wait for the next.
 */
#include <tessera/clock.h>
#include <tessera/ipc.h>
#include <tessera/root.h>
#include <tessera/user.h>

#define PRIO 100
#define GUEST_IPA 0x40000000UL
#define HVC_REPORT 2
#define HVC_READY 4
#define HVC_ARRIVED 5
#define NOTIFY_IRQ 48

extern char bench_guest_start[], bench_guest_end[];

static const char *const names[] = {"", "hvc_roundtrip_vmm", "mmio_exit_roundtrip",
				    "channel_roundtrip_guest_native", "virq_inject"};
static const char *const whats[] = {
    "", "a null hypercall from the guest through the VMM (its exit, reply) and back",
    "a guest MMIO load: its exit, the VMM's reply loading the value into the register, back",
    "a guest's call through a direct channel to a native server, its reply, back",
    "a native signal to the first instruction of the guest's interrupt handler (the guest "
    "asleep in WFI, its notification raising a virtual interrupt)"};

/* The native end of the guest's direct channel: empty replies. */
static void server(unsigned long ep)
{
	struct tsr_msg m = {0};
	tsr_recv(ep, &m);
	for (;;) {
		m = (struct tsr_msg){.info = TSR_MSGINFO(0, TSR_MSG_SHORT, 0, 0)};
		tsr_reply_recv(ep, &m);
	}
}

static void fail(const char *why)
{
	tsr_printf("vm_bench: %s\n", why);
	tsr_debug_shutdown(1);
}

int main(void)
{
	struct tsr_root r;
	struct tsr_component g, s;
	tsr_root_init(&r, (const struct tsr_bootinfo *)TSR_BOOTINFO_ADDR);
	long ep = tsr_root_make(&r, TSR_OBJ_ENDPOINT, 0);
	long srv_ep = tsr_root_make(&r, TSR_OBJ_ENDPOINT, 0);
	long ntfn = tsr_root_make(&r, TSR_OBJ_NOTIFICATION, 0);
	unsigned long t0 = 0, best = ~0UL;
	if (ep < 0 || srv_ep < 0 || tsr_tcb_set_priority(TSR_SLOT_TCB, TSR_SLOT_TCB, PRIO) ||
	    tsr_root_guest(&r, &g, bench_guest_start, bench_guest_end, GUEST_IPA, bench_guest_start,
			   PRIO, (tsr_cap)ep) ||
	    tsr_vcpu_set_channel(g.vcpu, 0, (tsr_cap)srv_ep) ||
	    tsr_root_spawn(&r, &s, server, (unsigned long)srv_ep, PRIO) || tsr_tcb_resume(s.tcb) ||
	    ntfn < 0 || tsr_vcpu_set_notify_irq(g.vcpu, NOTIFY_IRQ) ||
	    tsr_tcb_bind_notification(g.tcb, (tsr_cap)ntfn) || tsr_tcb_resume(g.tcb))
		fail("cannot start the guest");

	struct tsr_msg m = {0};
	tsr_recv((tsr_cap)ep, &m);
	for (;;) {
		unsigned long flags = 0, value = 0, which = 0;
		switch (TSR_MSG_LABEL(m.info)) {
		case TSR_FAULT_VM_HVC:
			if (m.w[3] == HVC_READY) {
				/* Above us, the guest runs on at once to sleep in WFI; then the
				 * signal, and we wait for its report of the handler's count. */
				tsr_tcb_set_priority(g.tcb, TSR_SLOT_TCB, PRIO + 1);
				m = (struct tsr_msg){.info = TSR_MSGINFO(0, TSR_MSG_SHORT, 1, 0)};
				tsr_reply(&m);
				t0 = tsr_instructions();
				tsr_signal((tsr_cap)ntfn);
				m = (struct tsr_msg){0};
				tsr_recv((tsr_cap)ep, &m);
				continue;
			}
			if (m.w[3] == HVC_ARRIVED) {
				tsr_tcb_read_register(g.tcb, 1, &value);
				if (value - t0 < best)
					best = value - t0;
			}
			if (m.w[3] == HVC_REPORT) {
				tsr_tcb_read_register(g.tcb, 1, &value);
				tsr_tcb_read_register(g.tcb, 2, &which);
				if (which < 1 || which > 4)
					fail("bad report");
				if (which == 4)
					value = best;
				tsr_printf("BENCH %s %lu %s\n", names[which], value, whats[which]);
			}
			break;
		case TSR_FAULT_VM_MMIO: /* the load's value into register SRT, by the reply */
			flags = TSR_VMEXIT_ADVANCE | TSR_VMEXIT_LOAD;
			value = 0x1234;
			break;
		case TSR_FAULT_VM_SMC:
			tsr_debug_shutdown(0); /* PSCI SYSTEM_OFF: done */
		default:
			fail("unexpected exit");
		}
		m = (struct tsr_msg){.info = TSR_MSGINFO(0, TSR_MSG_SHORT, 2, 0),
				     .w = {flags, value}};
		tsr_reply_recv((tsr_cap)ep, &m);
	}
}
