/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The root task as a VMM: a guest (vm_guest.S) runs at EL1 on a vCPU and each of its
 * exits arrives here as a fault message. Checks every exit's label and decoding, that
 * replies resume the guest as asked (advance, results), that the guest's registers can
 * be read and written while it waits, that its EL1 state survives preemption by a
 * native thread, that bad bindings are refused, and that a guest with no VMM is stopped
 * and reported.
 */
#include "utest.h"
#include <tessera/clock.h>
#include <tessera/ipc.h>
#include <tessera/root.h>

#define PRIO 100
#define GUEST_IPA 0x40000000UL /* code; then a stack page, then the ticks page */
#define TICKS_IPA (GUEST_IPA + 0x3000)
#define TICKS_VA 0x30000000UL /* the same page, for the ticker */
#define TICKER_STACK 0x31000000UL
#define SERVER_STACK 0x32000000UL
#define HVC_ECHO 1
#define HVC_REPORT 2
#define HVC_INJECT_ME 3
#define HVC_NOTIFY_ME 4
#define PSCI_SYSTEM_OFF 0x84000008UL

#define ESR_EC(esr) (((unsigned long)(esr) >> 26) & 0x3f)
#define ESR_ISV (1UL << 24)
#define ESR_SAS(esr) (((esr) >> 22) & 3)
#define ESR_SRT(esr) (((esr) >> 16) & 31)
#define ESR_WNR (1UL << 6)
#define EC_SVC64 0x15
#define EC_HVC64 0x16
#define EC_SMC64 0x17
#define EC_DABT_LOWER 0x24
#define EC_SYSREG 0x18
/* A trapped MSR/MRS's syndrome: Op0, Op2, Op1, CRn, CRm (Rt and direction apart). */
#define SYSREG(op0, op1, crn, crm, op2) \
	((op0) << 20 | (op2) << 17 | (op1) << 14 | (crn) << 10 | (crm) << 1)
#define SYSREG_ID_MASK 0x3ffc1eUL

extern char guest_start[], guest_fatal[], guest_pair[], guest_sweep[], guest_end[];
static struct tsr_root r;

/* Counts while it runs: the guest waits for it to have run. */
static void ticker(unsigned long arg)
{
	volatile unsigned long *n = (volatile unsigned long *)arg;
	for (;;)
		(*n)++;
}

/* A guest on the page at GUEST_IPA, starting at `entry`, named `name`. */
static struct tsr_component guest(long fault_ep, const char *entry, const char *name)
{
	struct tsr_component g = {0};
	CHECK_EQ(tsr_root_guest(&r, &g, guest_start, guest_end, GUEST_IPA, entry, PRIO,
				(tsr_cap)fault_ep),
		 0);
	CHECK_EQ(tsr_tcb_set_name(g.tcb, name), 0);
	return g;
}

/* Bindings that must be refused, each with its error. */
static void bad_bindings(void)
{
	long tcb = tsr_root_make(&r, TSR_OBJ_TCB, 0), vcpu = tsr_root_make(&r, TSR_OBJ_VCPU, 0);
	long other = tsr_root_make(&r, TSR_OBJ_TCB, 0);
	CHECK_EQ(tsr_tcb_bind_vcpu((tsr_cap)tcb, (tsr_cap)other), -TSR_ECAPTYPE);
	CHECK_EQ(tsr_tcb_bind_vcpu(TSR_SLOT_TCB, (tsr_cap)vcpu), -TSR_ESTATE); /* running */
	CHECK_EQ(tsr_tcb_bind_vcpu((tsr_cap)tcb, (tsr_cap)vcpu), 0);
	CHECK_EQ(tsr_tcb_bind_vcpu((tsr_cap)other, (tsr_cap)vcpu), -TSR_EEXISTS);
	CHECK_EQ(tsr_tcb_bind_vcpu((tsr_cap)tcb, (tsr_cap)vcpu), -TSR_EEXISTS);
	CHECK_EQ(TSR_INVOKE0((tsr_cap)vcpu, TSR_TCB_RESUME), -TSR_ECAPTYPE);
	/* Deleting the vCPU leaves a native thread, which can take another vCPU. */
	CHECK_EQ(tsr_cnode_delete(TSR_SLOT_CNODE, (unsigned long)vcpu), 0);
	long again = tsr_root_make(&r, TSR_OBJ_VCPU, 0);
	CHECK_EQ(tsr_tcb_bind_vcpu((tsr_cap)tcb, (tsr_cap)again), 0);
	tsr_printf("vcpu: bad bindings refused\n");
}

/* Receives the next exit: its label; the words in m. */
static unsigned long next_exit(long ep, struct tsr_msg *m)
{
	*m = (struct tsr_msg){0};
	CHECK_EQ(tsr_recv((tsr_cap)ep, m), 0);
	CHECK_EQ(TSR_MSG_LENGTH(m->info), 4);
	return TSR_MSG_LABEL(m->info);
}

static void resume_guest(unsigned long flags, unsigned long x0)
{
	struct tsr_msg m = {.info = TSR_MSGINFO(0, TSR_MSG_SHORT, 5, 0), .w = {flags, x0}};
	CHECK_EQ(tsr_reply(&m), 0);
}

/* A HVC_REPORT exit: the value reported (x1, read from the waiting guest). */
/* The same, with the guest left waiting (its registers stay still to be read). */
static unsigned long reported(long ep, tsr_cap guest)
{
	struct tsr_msg m;
	unsigned long x1 = 0;
	CHECK_EQ(next_exit(ep, &m), TSR_FAULT_VM_HVC);
	CHECK_EQ(ESR_EC(m.w[0]), EC_HVC64);
	CHECK_EQ(m.w[3], HVC_REPORT);
	CHECK_EQ(tsr_tcb_read_register(guest, 1, &x1), 0);
	return x1;
}

static unsigned long report(long ep, tsr_cap guest)
{
	unsigned long x1 = reported(ep, guest);
	resume_guest(0, 0);
	return x1;
}

/* A native server for the guest's direct channel: answers w0 + 1. */
static volatile unsigned long served_badge, served_label;
static void server(unsigned long ep)
{
	struct tsr_msg m = {0};
	long badge = tsr_recv(ep, &m);
	for (;;) {
		served_badge = (unsigned long)badge;
		served_label = TSR_MSG_LABEL(m.info);
		m = (struct tsr_msg){.info = TSR_MSGINFO(0, TSR_MSG_SHORT, 1, 0),
				     .w = {m.w[0] + 1}};
		badge = tsr_reply_recv(ep, &m);
	}
}

struct channels {
	long ntfn;
};

/* Channel 0: a call to `server` (badge 0x77); 1: a notification (badge 5). */
static void give_channels(const struct tsr_component *g, struct channels *c)
{
	long srv_ep = tsr_root_make(&r, TSR_OBJ_ENDPOINT, 0);
	long minted = r.next_slot++, ntfn = tsr_root_make(&r, TSR_OBJ_NOTIFICATION, 0);
	long signal = r.next_slot++, frame = tsr_root_make(&r, TSR_OBJ_FRAME, 0);
	struct tsr_component s;
	CHECK_EQ(
	    tsr_cnode_mint(TSR_SLOT_CNODE, minted, TSR_SLOT_CNODE, srv_ep, TSR_R | TSR_W, 0x77), 0);
	CHECK_EQ(tsr_cnode_mint(TSR_SLOT_CNODE, signal, TSR_SLOT_CNODE, ntfn, TSR_W, 5), 0);
	CHECK_EQ(tsr_vcpu_set_channel(g->vcpu, 16, minted), -TSR_EINVAL);
	CHECK_EQ(tsr_vcpu_set_channel(g->vcpu, 2, frame), -TSR_ECAPTYPE);
	long read_only = r.next_slot++;
	CHECK_EQ(tsr_cnode_mint(TSR_SLOT_CNODE, read_only, TSR_SLOT_CNODE, srv_ep, TSR_R, 0), 0);
	CHECK_EQ(tsr_vcpu_set_channel(g->vcpu, 2, read_only), -TSR_ERIGHTS);
	CHECK_EQ(tsr_vcpu_set_channel(g->vcpu, 0, minted), 0);
	CHECK_EQ(tsr_vcpu_set_channel(g->vcpu, 1, signal), 0);
	CHECK_EQ(tsr_vcpu_set_channel(g->vcpu, 2, signal), 0);
	CHECK_EQ(tsr_vcpu_set_channel(g->vcpu, 2, 0), 0); /* taken away again */
	CHECK_EQ(tsr_root_thread(&r, &s, server, srv_ep, PRIO, TSR_SLOT_VSPACE, SERVER_STACK), 0);
	CHECK_EQ(tsr_tcb_resume(s.tcb), 0);
	c->ntfn = ntfn;
}

/* The guest's system registers, through the TCB; its virtual GIC's are read-only. */
static void system_registers(tsr_cap tcb)
{
	unsigned long v = 0;
	CHECK_EQ(tsr_tcb_read_register(tcb, TSR_REG_VCPU(TSR_VCPU_vmpidr_el2), &v), 0);
	CHECK_EQ(v, 1UL << 31);
	CHECK_EQ(tsr_tcb_read_register(tcb, TSR_REG_VCPU(TSR_VCPU_vbar_el1), &v), 0);
	CHECK_EQ(v, GUEST_IPA + 0x800);
	CHECK_EQ(tsr_tcb_read_register(tcb, TSR_REG_VCPU(TSR_VCPU_NREGS), &v), -TSR_EINVAL);
	CHECK_EQ(tsr_tcb_write_register(tcb, TSR_REG_VCPU(TSR_VCPU_ich_lr0_el2), 1), -TSR_EINVAL);
	CHECK_EQ(tsr_tcb_write_register(tcb, TSR_REG_VCPU(TSR_VCPU_ich_vmcr_el2), 1), -TSR_EINVAL);
	CHECK_EQ(tsr_tcb_read_register(TSR_SLOT_TCB, TSR_REG_VCPU(0), &v), -TSR_EINVAL);
}

static void run_guest(long ep, volatile unsigned long *ticks)
{
	struct tsr_component g = guest(ep, guest_start, "guest");
	tsr_cap tcb = g.tcb;
	struct channels channels[1];
	give_channels(&g, channels);
	struct tsr_msg m;
	CHECK_EQ(tsr_root_map_copy(&r,
				   tsr_root_map_new(&r, TSR_SLOT_VSPACE, TICKS_VA, TSR_R | TSR_W),
				   g.vspace, TICKS_IPA, TSR_R | TSR_W) > 0,
		 1);
	CHECK_EQ(tsr_tcb_resume((tsr_cap)tcb), 0);

	/* A hypercall: its results in x0..x3, and the guest goes on after the HVC. */
	CHECK_EQ(next_exit(ep, &m), TSR_FAULT_VM_HVC);
	CHECK_EQ(m.w[3], HVC_ECHO);
	CHECK_EQ(m.w[1], m.w[2]); /* the address is the PC, already past the HVC */
	CHECK_EQ(m.w[2], GUEST_IPA + 0x18);
	unsigned long x1 = 0;
	CHECK_EQ(tsr_tcb_read_register((tsr_cap)tcb, 1, &x1), 0);
	resume_guest(TSR_VMEXIT_RESULTS, x1 + 1);
	CHECK_EQ(report(ep, (tsr_cap)tcb), 0x1235);
	tsr_printf("vm: hypercalls: echo and report\n");

	/* MMIO: a 32-bit store of x5, decoded from the syndrome; then a load into x6. */
	CHECK_EQ(next_exit(ep, &m), TSR_FAULT_VM_MMIO);
	CHECK_EQ(ESR_EC(m.w[0]), EC_DABT_LOWER);
	CHECK_EQ((m.w[0] & ESR_ISV) != 0 && (m.w[0] & ESR_WNR) != 0, 1);
	CHECK_EQ(ESR_SAS(m.w[0]), 2);
	CHECK_EQ(ESR_SRT(m.w[0]), 5);
	CHECK_EQ(m.w[1], 0x50000008);
	CHECK_EQ(m.w[3], 0xbeef);
	unsigned long store_pc = m.w[2];
	resume_guest(TSR_VMEXIT_ADVANCE, 0);
	CHECK_EQ(next_exit(ep, &m), TSR_FAULT_VM_MMIO);
	CHECK_EQ((m.w[0] & ESR_ISV) != 0 && (m.w[0] & ESR_WNR) == 0, 1);
	CHECK_EQ(ESR_SRT(m.w[0]), 6);
	CHECK_EQ(m.w[1], 0x50000010);
	CHECK_EQ(m.w[2], store_pc + 4); /* advanced past the store */
	CHECK_EQ(tsr_tcb_write_register((tsr_cap)tcb, ESR_SRT(m.w[0]), 0xcafe1234), 0);
	resume_guest(TSR_VMEXIT_ADVANCE, 0);
	CHECK_EQ(report(ep, (tsr_cap)tcb), 0xcafe1234);
	tsr_printf("vm: MMIO store 0xbeef and load 0xcafe1234 emulated\n");

	/* Trapped system registers: the syndrome names register and direction. */
	/* A write's exit carries the value stored (word 4); a read is answered with
	 * TSR_VMEXIT_LOAD, the reply's w1 going into Rt (the MMIO load above took
	 * TCB_WRITE_REGISTER: both ways are tested). */
	static const struct {
		unsigned long id, rt, read, stored; /* ISS bits 21:10 and 4:1; Rt; direction */
	} sysregs[] = {
	    {SYSREG(2, 0, 0, 2, 2), 7, 0, 0x8000}, /* msr mdscr_el1, x7 (x7 = 0x8000) */
	    {SYSREG(3, 3, 9, 12, 0), 1, 1, 0},	   /* mrs x1, pmcr_el0 */
	    {SYSREG(3, 3, 14, 2, 1), 31, 0, 0},	   /* msr cntp_ctl_el0, xzr */
	};
	for (unsigned i = 0; i < 3; i++) {
		CHECK_EQ(next_exit(ep, &m), TSR_FAULT_VM_SYSREG);
		CHECK_EQ(ESR_EC(m.w[0]), EC_SYSREG);
		CHECK_EQ(m.w[0] & SYSREG_ID_MASK, sysregs[i].id);
		CHECK_EQ((m.w[0] >> 5) & 31, sysregs[i].rt);
		CHECK_EQ(m.w[0] & 1, sysregs[i].read);
		CHECK_EQ(m.w[3], sysregs[i].stored);
		resume_guest(TSR_VMEXIT_ADVANCE | (sysregs[i].read ? TSR_VMEXIT_LOAD : 0), 0x41);
	}
	CHECK_EQ(report(ep, (tsr_cap)tcb), 0x41);
	tsr_printf("vm: debug, PMU and EL1 physical timer registers trapped to the VMM\n");

	/* The guest's SVC is its own, taken to its vector at EL1. */
	unsigned long esr_el1 = report(ep, (tsr_cap)tcb);
	CHECK_EQ(ESR_EC(esr_el1), EC_SVC64);
	CHECK_EQ(esr_el1 & 0xffff, 0x42);
	tsr_printf("vm: the guest's SVC went to its own vector\n");

	/* The guest waits for the ticker: preempted, and back with its EL1 state. */
	struct tsr_component k;
	CHECK_EQ(tsr_root_thread(&r, &k, ticker, TICKS_VA, PRIO, TSR_SLOT_VSPACE, TICKER_STACK), 0);
	CHECK_EQ(tsr_tcb_resume(k.tcb), 0);
	CHECK_EQ(report(ep, (tsr_cap)tcb), 0xbeef);	       /* through its stack */
	CHECK_EQ(report(ep, (tsr_cap)tcb), GUEST_IPA + 0x800); /* VBAR_EL1 */
	CHECK_EQ(tsr_tcb_suspend(k.tcb), 0);
	CHECK_EQ(*ticks > 0, 1);
	tsr_printf("vm: preempted by a native thread (%lu ticks), EL1 state intact\n", *ticks);

	/* A thread below everyone: it runs only while the guest sleeps (below). */
	struct tsr_component low;
	CHECK_EQ(tsr_root_thread(&r, &low, ticker, TICKS_VA + 8, PRIO - 1, TSR_SLOT_VSPACE,
				 TICKER_STACK + 0x100000),
		 0);
	CHECK_EQ(tsr_tcb_resume(low.tcb), 0);

	/* Virtual interrupts: four fill the list registers, a fifth must wait; the guest
	 * takes them once it unmasks, and when its acknowledgements have freed three
	 * registers the GIC's maintenance interrupt makes an exit: the fifth goes in. */
	CHECK_EQ(next_exit(ep, &m), TSR_FAULT_VM_HVC);
	CHECK_EQ(m.w[3], HVC_INJECT_ME);
	CHECK_EQ(tsr_vcpu_inject_irq(g.vcpu, 1020, 0xa0), -TSR_EINVAL);
	CHECK_EQ(tsr_vcpu_inject_irq(g.vcpu, 42, 256), -TSR_EINVAL);
	CHECK_EQ(TSR_INVOKE0(g.tcb, TSR_VCPU_INJECT_IRQ), -TSR_ECAPTYPE);
	for (unsigned long intid = 42; intid < 46; intid++)
		CHECK_EQ(tsr_vcpu_inject_irq(g.vcpu, intid, 0xa0), 0);
	CHECK_EQ(tsr_vcpu_inject_irq(g.vcpu, 42, 0xa0), 0); /* already pending: stays one */
	CHECK_EQ(tsr_vcpu_inject_irq(g.vcpu, 46, 0xa0), -TSR_EBUSY);
	system_registers(tcb);
	resume_guest(0, 0);
	CHECK_EQ(next_exit(ep, &m), TSR_FAULT_VM_MAINTENANCE);
	CHECK_EQ(tsr_vcpu_inject_irq(g.vcpu, 46, 0xa0), 0);
	resume_guest(0, 0);
	CHECK_EQ(report(ep, tcb), 0x1fUL << 42 | 5); /* five taken: 42..46 */
	CHECK_EQ(tsr_vcpu_inject_irq(g.vcpu, 46, 0xa0), 0);
	tsr_printf("vm: five virtual interrupts for four list registers, the fifth after a "
		   "maintenance exit\n");

	/* Its virtual timer: the guest arms it and waits in WFI, asleep in the kernel (a
	 * lower thread runs meanwhile): woken first by the injection of 46, then by the
	 * timer's deadline; the timer's interrupt (masked by the kernel in CNTV_CTL) and 46
	 * both reach it, without a VM exit. */
	unsigned long ctl = 0;
	CHECK_EQ(reported(ep, tcb), 1UL << 46 | 1UL << 27 | 2);
	CHECK_EQ(tsr_tcb_read_register(tcb, TSR_REG_VCPU(TSR_VCPU_cntv_ctl_el0), &ctl), 0);
	CHECK_EQ(ctl, 7); /* enabled, masked, condition met */
	resume_guest(0, 0);
	CHECK_EQ(tsr_tcb_suspend(low.tcb), 0);
	CHECK_EQ(ticks[1] > 0, 1); /* the guest slept, it did not spin */
	tsr_printf("vm: the guest slept in WFI until its virtual timer's interrupt\n");

	/* Direct channels: the kernel itself answers, no exit; a free index exits. */
	CHECK_EQ(report(ep, tcb), 42);
	unsigned long call_status = 1, info = 0, signal_status = 1;
	CHECK_EQ(tsr_tcb_read_register(tcb, 19, &call_status), 0);
	CHECK_EQ(tsr_tcb_read_register(tcb, 21, &info), 0);
	CHECK_EQ(tsr_tcb_read_register(tcb, 22, &signal_status), 0);
	CHECK_EQ(call_status, 0);
	CHECK_EQ(info, TSR_MSGINFO(0, TSR_MSG_SHORT, 1, 0));
	CHECK_EQ(signal_status, 0);
	CHECK_EQ(served_badge, 0x77);
	CHECK_EQ(served_label, 5);
	CHECK_EQ(tsr_poll(channels->ntfn), 0x5);
	CHECK_EQ(next_exit(ep, &m), TSR_FAULT_VM_HVC);
	CHECK_EQ(m.w[3], TSR_HVC_CHANNEL(15));
	resume_guest(0, 0);
	tsr_printf("vm: direct channels: a call answered by a native server, a signal\n");

	/* A notification bound to the guest's thread: a native signal raises virtual
	 * interrupt 48 and wakes the guest from WFI; the guest polls the bits. */
	long ntfn = tsr_root_make(&r, TSR_OBJ_NOTIFICATION, 0), badged = r.next_slot++;
	CHECK_EQ(tsr_cnode_mint(TSR_SLOT_CNODE, badged, TSR_SLOT_CNODE, ntfn, TSR_W, 0x30), 0);
	CHECK_EQ(tsr_vcpu_set_notify_irq(g.vcpu, 1021), -TSR_EINVAL);
	CHECK_EQ(tsr_vcpu_set_notify_irq(g.vcpu, 48), 0);
	CHECK_EQ(tsr_tcb_bind_notification(tcb, (tsr_cap)ntfn), 0);
	CHECK_EQ(next_exit(ep, &m), TSR_FAULT_VM_HVC);
	CHECK_EQ(m.w[3], HVC_NOTIFY_ME);
	resume_guest(0, 0);
	for (int i = 0; i < 10; i++)
		tsr_yield(); /* it sleeps: no exit, nothing to do */
	CHECK_EQ(tsr_signal(badged), 0);
	CHECK_EQ(report(ep, tcb), 0x30);
	tsr_printf("vm: a native signal became virtual interrupt 48 in the guest\n");

	/* PSCI SYSTEM_OFF through SMC: the VMM stops the guest. */
	CHECK_EQ(next_exit(ep, &m), TSR_FAULT_VM_SMC);
	CHECK_EQ(ESR_EC(m.w[0]), EC_SMC64);
	CHECK_EQ(m.w[3], PSCI_SYSTEM_OFF);
	CHECK_EQ(tsr_tcb_suspend((tsr_cap)tcb), 0);
	unsigned long pc = 0;
	CHECK_EQ(tsr_tcb_read_register((tsr_cap)tcb, TSR_REG_PC, &pc), 0);
	CHECK_EQ(pc, m.w[2]);
	tsr_printf("vm: guest powered off through PSCI\n");
}

/* A guest whose thread has no fault endpoint: its first exit stops it, reported. */
static void guest_without_vmm(void)
{
	tsr_cap tcb = guest(0, guest_fatal, "orphan").tcb;
	CHECK_EQ(tsr_tcb_resume((tsr_cap)tcb), 0);
	unsigned long pc = 0;
	for (int i = 0; i < 1000 && tsr_tcb_read_register((tsr_cap)tcb, TSR_REG_PC, &pc); i++)
		tsr_yield();
	CHECK_EQ(pc, GUEST_IPA + ((unsigned long)guest_fatal - (unsigned long)guest_start) + 8);
	tsr_printf("vm: a guest without a VMM was stopped\n");
}

/* The whole 40-bit IPA space (the CPU's PARange; the kernel's stage 2 translates 39
 * bits), sampled: a load and a store in every 64 MiB but the guest's own pages, at
 * offsets that walk 4 KiB + 8 further each time, the upper half beyond what stage 2
 * translates included. Each must reach the VMM as an MMIO exit naming that IPA, and the guest
 * resumes past it: nothing else happens, whatever the address. */
#define SWEEP_FIRST 0x3ff0UL
#define SWEEP_STEP (0x4000000UL + 0x1008UL)
#define SWEEP_COUNT 16383UL
static void sweep(void)
{
	long ep = tsr_root_make(&r, TSR_OBJ_ENDPOINT, 0);
	struct tsr_component g = guest(ep, guest_sweep, "sweeper");
	struct tsr_msg m;
	unsigned long wrong = 0;
	CHECK_EQ(tsr_tcb_write_register(g.tcb, 0, SWEEP_FIRST), 0);
	CHECK_EQ(tsr_tcb_write_register(g.tcb, 1, SWEEP_STEP), 0);
	CHECK_EQ(tsr_tcb_write_register(g.tcb, 2, SWEEP_COUNT), 0);
	CHECK_EQ(tsr_tcb_resume(g.tcb), 0);
	for (unsigned long i = 0; i < 2 * SWEEP_COUNT; i++) {
		unsigned long ipa = SWEEP_FIRST + i / 2 * SWEEP_STEP + (i & 1) * 8;
		int ok = next_exit(ep, &m) == TSR_FAULT_VM_MMIO && m.w[1] == ipa &&
			 ESR_EC(m.w[0]) == EC_DABT_LOWER && ((m.w[0] & ESR_WNR) != 0) == (i & 1);
		if (!ok && wrong++ < 4)
			tsr_printf("vm: sweep: IPA %#lx: exit %lu for %#lx, ESR %#lx\n", ipa,
				   TSR_MSG_LABEL(m.info), m.w[1], m.w[0]);
		resume_guest(TSR_VMEXIT_ADVANCE, 0);
	}
	CHECK_EQ(wrong, 0);
	CHECK_EQ(report(ep, g.tcb), SWEEP_FIRST + SWEEP_COUNT * SWEEP_STEP);
	CHECK_EQ(tsr_tcb_suspend(g.tcb), 0);
	tsr_printf("vm: %lu unmapped IPAs up to %#lx touched, each an exit with its address\n",
		   2 * SWEEP_COUNT, SWEEP_FIRST + (SWEEP_COUNT - 1) * SWEEP_STEP + 8);
}

/* Two guests run at once, each in its own VM (badges 1 and 2 on the VMM's endpoint),
 * and each finds its EL1 registers as it left them every time it runs again. */
static void two_guests(void)
{
	long ep = tsr_root_make(&r, TSR_OBJ_ENDPOINT, 0);
	struct tsr_component g[2];
	unsigned long start[2] = {0, 0}, end[2] = {0, 0};
	for (unsigned long i = 0; i < 2; i++) {
		unsigned long badged = r.next_slot++;
		CHECK_EQ(tsr_cnode_mint(TSR_SLOT_CNODE, badged, TSR_SLOT_CNODE, ep, TSR_W, i + 1),
			 0);
		CHECK_EQ(tsr_root_guest(&r, &g[i], guest_start, guest_end, GUEST_IPA, guest_pair,
					PRIO, badged),
			 0);
		CHECK_EQ(tsr_tcb_write_register(g[i].tcb, 0, i + 1), 0);
	}
	CHECK_EQ(tsr_tcb_resume(g[0].tcb), 0);
	CHECK_EQ(tsr_tcb_resume(g[1].tcb), 0);
	for (int n = 0; n < 2; n++) {
		struct tsr_msg m;
		unsigned long x1 = 0;
		long badge;
		m = (struct tsr_msg){0};
		badge = tsr_recv((tsr_cap)ep, &m);
		CHECK_EQ(badge == 1 || badge == 2, 1);
		CHECK_EQ(TSR_MSG_LABEL(m.info), TSR_FAULT_VM_HVC);
		CHECK_EQ(tsr_tcb_read_register(g[badge == 2].tcb, 1, &x1), 0);
		CHECK_EQ(x1, (unsigned long)badge); /* not 0xbad */
		CHECK_EQ(tsr_tcb_read_register(g[badge == 2].tcb, 10, &start[badge == 2]), 0);
		CHECK_EQ(tsr_tcb_read_register(g[badge == 2].tcb, 11, &end[badge == 2]), 0);
		CHECK_EQ(tsr_tcb_suspend(g[badge == 2].tcb), 0);
	}
	CHECK_EQ(start[0] < end[1] && start[1] < end[0], 1); /* their runs overlapped */
	tsr_printf("vm: two guests ran at once, each kept its own EL1 and floating-point state\n");
}

int main(void)
{
	const struct tsr_bootinfo *info = (const struct tsr_bootinfo *)TSR_BOOTINFO_ADDR;
	tsr_root_init(&r, info);
	CHECK_EQ(tsr_tcb_set_priority(TSR_SLOT_TCB, TSR_SLOT_TCB, PRIO), 0);
	bad_bindings();
	long ep = tsr_root_make(&r, TSR_OBJ_ENDPOINT, 0);
	run_guest(ep, (volatile unsigned long *)TICKS_VA);
	guest_without_vmm();
	sweep();
	two_guests();
	utest_finish();
}
