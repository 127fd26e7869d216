/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A minimal guest for the VM exit test (vm.c): position-independent EL1 code on one
 * page, run with its MMU off at IPA VM_GUEST_IPA. Each step makes one kind of VM exit
 * the VMM checks: hypercalls (HVC_ECHO returns x1 + 1, HVC_REPORT logs x1), MMIO
 * stores and loads at an unmapped IPA, its own EL1 exception vector (an SVC), a
 * loop only preemption ends, virtual interrupts, its virtual timer, direct channels, and a
 * PSCI SYSTEM_OFF through SMC. guest_sweep touches the IPA space; guest_pair runs as two
 * guests at once.
 */
#define HVC_ECHO 1
#define HVC_REPORT 2
#define HVC_INJECT_ME 3
#define HVC_NOTIFY_ME 4
#define PAIR_ROUNDS 3000000
#define MMIO_IPA 0x50000000
#define TICKS_IPA 0x40003000 /* a native thread's counter */

	.section .text.guest, "ax"
	.balign 4096
	.global guest_start, guest_fatal, guest_pair, guest_sweep, guest_end
guest_start:
	adr	x3, guest_vectors
	msr	vbar_el1, x3
	isb
	mov	x0, #HVC_ECHO
	mov	x1, #0x1234
	hvc	#0
	mov	x1, x0			/* 0x1235, from the VMM */
	mov	x0, #HVC_REPORT
	hvc	#0
	/* MMIO: a store of w5, then a load into w6 */
	mov	x2, #MMIO_IPA
	mov	x5, #0xbeef
	str	w5, [x2, #8]
	ldr	w6, [x2, #16]
	mov	x1, x6
	mov	x0, #HVC_REPORT
	hvc	#0
	/* system registers the VMM answers: debug (MDSCR_EL1), PMU (PMCR_EL0), and the
	 * EL1 physical timer (CNTP_CTL_EL0), each a trap to the VMM */
	mov	x7, #0x8000
	msr	mdscr_el1, x7
	mrs	x1, pmcr_el0
	msr	cntp_ctl_el0, xzr
	mov	x0, #HVC_REPORT
	hvc	#0
	/* the guest's own exception: an SVC to its vector, which reports ESR_EL1 */
	svc	#0x42
	/* waits until a native thread of the VMM's has run: only preemption ends this
	 * loop; then the stack (SP_EL1) and the EL1 registers must be as they were */
	ldr	x10, =TICKS_IPA
1:	ldr	x9, [x10]
	cbz	x9, 1b
	stp	x5, x6, [sp, #-16]!
	ldp	x7, x8, [sp], #16
	mov	x1, x7
	mov	x0, #HVC_REPORT
	hvc	#0
	mrs	x1, vbar_el1		/* its EL1 state survived the other threads */
	mov	x0, #HVC_REPORT
	hvc	#0
	/* virtual interrupts: its GIC CPU interface on; once the VMM has injected some,
	 * unmasked, it takes each (IRQ vector: x20 counts, x21 has bit intid) */
	mov	x20, #0
	mov	x21, #0
	mov	x0, #0xff
	msr	icc_pmr_el1, x0
	mov	x0, #1
	msr	icc_igrpen1_el1, x0
	isb
	mov	x0, #HVC_INJECT_ME
	hvc	#0
	msr	daifclr, #2
	isb
	msr	daifset, #2
	orr	x1, x21, x20
	mov	x0, #HVC_REPORT
	hvc	#0
	/* its virtual timer: a deadline 1 ms on (62500 ticks), then WFI until it fires (the
	 * kernel lets it sleep; 46, injected meanwhile, wakes it first) */
	mov	x20, #0
	mov	x21, #0
	mrs	x0, cntvct_el0
	mov	x1, #62500
	add	x0, x0, x1
	msr	cntv_cval_el0, x0
	mov	x0, #1			/* ENABLE */
	msr	cntv_ctl_el0, x0
	isb
	msr	daifclr, #2
2:	wfi
	tbz	x21, #27, 2b		/* until the timer's interrupt */
	msr	daifset, #2
	orr	x1, x21, x20
	mov	x0, #HVC_REPORT
	hvc	#0
	/* direct channels: a call to a native server (0), a signal (1), no channel (15) */
	ldr	x0, =0xc6000100		/* TSR_HVC_CHANNEL(0) */
	ldr	x1, =0x40005		/* label 5, short, one word */
	mov	x2, #41
	hvc	#0
	mov	x19, x0			/* 0 */
	mov	x20, x2			/* the reply's word */
	mov	x21, x1			/* the reply's info */
	ldr	x0, =0xc6000101
	hvc	#0
	mov	x22, x0
	mov	x1, x20
	mov	x0, #HVC_REPORT
	hvc	#0
	ldr	x0, =0xc600010f
	hvc	#0
	/* a native thread's signal as virtual interrupt 48: asleep in WFI until then, then
	 * the bits through TSR_HVC_POLL */
	mov	x20, #0
	mov	x21, #0
	mov	x0, #HVC_NOTIFY_ME
	hvc	#0
	msr	daifclr, #2
4:	wfi
	tbz	x21, #48, 4b
	msr	daifset, #2
	ldr	x0, =0xc6000200		/* TSR_HVC_POLL */
	hvc	#0
	mov	x1, x0
	mov	x0, #HVC_REPORT
	hvc	#0
	/* PSCI SYSTEM_OFF */
	ldr	x0, =0x84000008
	smc	#0
	b	.

/* Run by a guest without a VMM: its first hypercall stops it. */
guest_fatal:
	mov	x0, #HVC_REPORT
	hvc	#0
	b	.
	.ltorg

	.balign 2048
guest_vectors:
	.skip	0x200			/* current EL with SP_EL0: unused */
	mrs	x1, esr_el1		/* current EL with SP_ELx, synchronous */
	mov	x0, #HVC_REPORT
	hvc	#0
	eret
	.org	guest_vectors + 0x280	/* current EL with SP_ELx, IRQ */
	mrs	x19, icc_iar1_el1
	msr	icc_eoir1_el1, x19
	add	x20, x20, #1
	mov	x18, #1
	lsl	x18, x18, x19
	orr	x21, x21, x18
	eret

/* The IPA space swept (x0 = the first IPA, x1 = the step, x2 = how many): a load from
 * each IPA and a store to the next 8 bytes, each a stage-2 fault that its VMM answers
 * (resuming past it); then a report. */
guest_sweep:
1:	ldr	x3, [x0]
	str	x3, [x0, #8]
	add	x0, x0, x1
	subs	x2, x2, #1
	b.ne	1b
	mov	x1, x0			/* where it ended */
	mov	x0, #HVC_REPORT
	hvc	#0
	b	.

/* Two guests at once (x0 = 1 or 2, from the VMM): each puts its own values in EL1
 * registers and in floating-point and SIMD registers and checks them, many times, while
 * the other runs between; then reports its number, or 0xbad, with the counter at its
 * start in x10 and at its end in x11. */
guest_pair:
	lsl	x3, x0, #11		/* VBAR_EL1: 2 KiB aligned */
	msr	vbar_el1, x3
	msr	tpidr_el1, x0
	msr	contextidr_el1, x0
	mov	x6, #(3 << 20)		/* CPACR_EL1.FPEN: its own FP not trapped at EL1 */
	msr	cpacr_el1, x6
	isb
	dup	v0.2d, x0		/* v0 = x0:x0, v31 = x3:x3, FPCR.AHP = 1 */
	dup	v31.2d, x3
	mov	x6, #(1 << 26)
	msr	fpcr, x6
	mrs	x10, cntvct_el0		/* when it started and (x11) ended */
	ldr	x9, =PAIR_ROUNDS
1:	mrs	x4, vbar_el1
	cmp	x4, x3
	b.ne	2f
	mrs	x5, tpidr_el1
	cmp	x5, x0
	b.ne	2f
	mrs	x5, contextidr_el1
	cmp	x5, x0
	b.ne	2f
	mov	x5, v0.d[1]
	cmp	x5, x0
	b.ne	2f
	mov	x5, v31.d[0]
	cmp	x5, x3
	b.ne	2f
	mrs	x5, fpcr
	cmp	x5, x6
	b.ne	2f
	subs	x9, x9, #1
	b.ne	1b
	mrs	x11, cntvct_el0
	mov	x1, x0
	b	3f
2:	mov	x1, #0xbad
3:	mov	x0, #HVC_REPORT
	hvc	#0
	b	.
	.ltorg
	.balign 4096
guest_end:
