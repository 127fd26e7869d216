/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The chaos guest's instruction rounds. chaos_vectors: every exception the guest takes
 * (at EL1, or from its EL0) skips the instruction that took it and counts it in x16;
 * an SVC from EL0 instead returns to EL1 at x15. Interrupts stay masked throughout.
 */
	.text
	.balign	2048
	.global	chaos_vectors
chaos_vectors:
	.rept	16
	.balign	128
	b	skip
	.endr

skip:
	mrs	x17, esr_el1
	lsr	x17, x17, #26
	cmp	x17, #0x15		/* SVC from EL0: back to EL1 */
	b.eq	back
	add	x16, x16, #1
	mrs	x17, elr_el1
	add	x17, x17, #4
	msr	elr_el1, x17
	eret
back:
	msr	elr_el1, x15
	mov	x17, #0x3c5		/* EL1h, DAIF masked */
	msr	spsr_el1, x17
	eret

/* unsigned long chaos_el1_round(unsigned long count, unsigned long garbage): privileged,
 * EL2-only and undefined instructions at EL1; returns count plus the exceptions taken.
 * x0..x3 are the hypercalls' (SMC): the counter lives in x16. */
	.global	chaos_el1_round
chaos_el1_round:
	mov	x16, x0
	mov	x4, x1
	udf	#0			/* undefined */
	mrs	x1, sctlr_el2		/* EL2's registers: undefined at EL1 */
	msr	vbar_el2, x4
	mrs	x1, ich_vtr_el2
	msr	hcr_el2, x4
	tlbi	alle2
	at	s1e2r, x4
	hvc	#0x1234			/* a hypercall with x0 = garbage: -1 */
	mov	x0, x4
	smc	#0			/* the same through SMC */
	mov	x0, x4
	mrs	x1, pmccntr_el0		/* PMU and debug registers: the VMM answers zero */
	msr	pmcr_el0, x4
	mrs	x1, mdscr_el1
	msr	oslar_el1, x4
	msr	dbgbvr0_el1, x4
	msr	icc_sgi1r_el1, x4	/* an SGI to whoever the garbage names */
	dc	cisw, xzr		/* set/way maintenance */
	ic	iallu
	mov	x0, x16
	ret

/* unsigned long chaos_el0_round(unsigned long count): the same kind at EL0 (entered with
 * an ERET, DAIF masked; it returns with an SVC); returns count plus the exceptions. */
	.global	chaos_el0_round
chaos_el0_round:
	mov	x16, x0
	adr	x15, 1f
	adr	x17, el0_code
	msr	elr_el1, x17
	mov	x17, #0x3c0		/* EL0t, DAIF masked */
	msr	spsr_el1, x17
	eret
1:	mov	x0, x16
	ret

el0_code:
	mrs	x1, sctlr_el1		/* EL1's registers: undefined at EL0 */
	msr	vbar_el1, x1
	msr	daifclr, #0		/* PSTATE.DAIF: trapped at EL0 (SCTLR_EL1.UMA 0) */
	hvc	#0			/* undefined at EL0 */
	smc	#0
	eret
	udf	#0
	tlbi	vmalle1
	ic	iallu
	at	s1e1r, x15
	dc	cvac, x15		/* trapped at EL0 (SCTLR_EL1.UCI 0) */
	mrs	x1, pmccntr_el0
	mrs	x1, sctlr_el2
	svc	#0			/* back to EL1 */
