/* SPDX-License-Identifier: BSD-2-Clause */
/* EL2 exception vectors: save the interrupted context, call C, restore, eret. */
#include <arch/frame.h>
#include <syscall.h>

/*
 * While a thread runs at EL0, SP_EL2 points at its saved-register frame, so an
 * exception from EL0 stores the registers straight into the thread (as seL4 does)
 * and then switches to the CPU's kernel stack. Exceptions at EL2 push a frame on
 * the kernel stack.
 */
.macro save_gprs
	stp	x0, x1, [sp, #FRAME_X(0)]
	save_gprs_from2
.endm

.macro save_gprs_from2
	stp	x2, x3, [sp, #FRAME_X(2)]
	stp	x4, x5, [sp, #FRAME_X(4)]
	stp	x6, x7, [sp, #FRAME_X(6)]
	stp	x8, x9, [sp, #FRAME_X(8)]
	stp	x10, x11, [sp, #FRAME_X(10)]
	stp	x12, x13, [sp, #FRAME_X(12)]
	stp	x14, x15, [sp, #FRAME_X(14)]
	stp	x16, x17, [sp, #FRAME_X(16)]
	stp	x18, x19, [sp, #FRAME_X(18)]
	save_from_x20
.endm

/* x20..x29, ELR and SPSR (x0, x1 saved already: it uses them). */
.macro save_from_x20
	stp	x20, x21, [sp, #FRAME_X(20)]
	stp	x22, x23, [sp, #FRAME_X(22)]
	stp	x24, x25, [sp, #FRAME_X(24)]
	stp	x26, x27, [sp, #FRAME_X(26)]
	stp	x28, x29, [sp, #FRAME_X(28)]
	mrs	x0, elr_el2
	mrs	x1, spsr_el2
	stp	x0, x1, [sp, #FRAME_ELR]
.endm

.macro restore_gprs
	ldp	x0, x1, [sp, #FRAME_ELR]
	msr	elr_el2, x0
	msr	spsr_el2, x1
	ldp	x2, x3, [sp, #FRAME_X(2)]
	ldp	x4, x5, [sp, #FRAME_X(4)]
	ldp	x6, x7, [sp, #FRAME_X(6)]
	ldp	x8, x9, [sp, #FRAME_X(8)]
	ldp	x10, x11, [sp, #FRAME_X(10)]
	ldp	x12, x13, [sp, #FRAME_X(12)]
	ldp	x14, x15, [sp, #FRAME_X(14)]
	ldp	x16, x17, [sp, #FRAME_X(16)]
	ldp	x18, x19, [sp, #FRAME_X(18)]
	ldp	x20, x21, [sp, #FRAME_X(20)]
	ldp	x22, x23, [sp, #FRAME_X(22)]
	ldp	x24, x25, [sp, #FRAME_X(24)]
	ldp	x26, x27, [sp, #FRAME_X(26)]
	ldp	x28, x29, [sp, #FRAME_X(28)]
	ldr	x30, [sp, #FRAME_X(30)]
	ldp	x0, x1, [sp, #FRAME_X(0)]
.endm

/*
 * The big kernel lock (docs/smp.md): a ticket lock, its word the next ticket (high
 * half) and the ticket served (low half). Taking it: draw a ticket; if it is served,
 * the lock is ours at once (8 instructions), else \wait(ticket, frame, kind) waits,
 * answering remote calls. x0 (the frame) survives; x2..x5 and, when it waits,
 * x19 do not.
 */
.macro lock_acquire kind, wait=kernel_lock_wait
	adrp	x2, kernel_lock_word
	add	x2, x2, :lo12:kernel_lock_word
1:	ldaxr	w3, [x2]
	add	w4, w3, #0x10000
	stxr	w5, w4, [x2]
	cbnz	w5, 1b
	eor	w4, w3, w3, ror #16
	cbz	w4, 2f
	mov	x19, x0
	mov	x1, x0
	lsr	w0, w3, #16
	mov	w2, #\kind
	bl	\wait
	mov	x0, x19
2:
.endm

/* The next ticket is served (only the holder writes the low half). Uses x1, x2. */
.macro lock_release
	adrp	x1, kernel_lock_word
	add	x1, x1, :lo12:kernel_lock_word
	ldrh	w2, [x1]
	add	w2, w2, #1
	stlrh	w2, [x1]
.endm

/* From EL0: save into the thread's frame, run \handler(frame) on the kernel stack, with
 * the big lock (\kind) when the kernel takes it, then return. */
.macro el0_entry handler kind
	save_gprs
	el0_call \handler, \kind
.endm

/*
 * From EL0 (or a guest), synchronous. A system call (`svc` from EL0) saves only what
 * the system-call ABI keeps: x0..x8 (arguments, message, number) and x19..x30, not
 * x9..x18, which a call may clobber (docs/abi.md); then syscall_table[x8] runs, or
 * syscall_dispatch for a number without a call. Anything else saves every register and
 * goes to handle_el0_sync.
 */
.macro el0_sync_entry kind
	stp	x0, x1, [sp, #FRAME_X(0)]
	mrs	x0, esr_el2
	lsr	x1, x0, #26
	cmp	x1, #0x15		/* EC_SVC64 */
	b.ne	8f
	stp	x2, x3, [sp, #FRAME_X(2)]
	stp	x4, x5, [sp, #FRAME_X(4)]
	stp	x6, x7, [sp, #FRAME_X(6)]
	str	x8, [sp, #FRAME_X(8)]
	str	x19, [sp, #FRAME_X(19)]
	save_from_x20
	el0_stack \kind
.ifnb \kind
	ldr	x8, [x0, #FRAME_X(8)]	/* waiting for the lock may have used it */
.endif
	cmp	x8, #SYSCALL_COUNT
	b.hs	7f
	adrp	x1, syscall_table
	add	x1, x1, :lo12:syscall_table
	ldr	x1, [x1, x8, lsl #3]
	blr	x1
	el0_return \kind
7:	bl	syscall_dispatch
	el0_return \kind
8:	save_gprs_from2
	el0_call handle_el0_sync, \kind
.endm

/* The rest of the frame (x30, SP_EL0), then the kernel stack, x0 the frame; the big lock
 * with \kind when the kernel takes it. */
.macro el0_stack kind
	mrs	x0, sp_el0
	stp	x30, x0, [sp, #FRAME_X(30)]
	mov	x0, sp
	mrs	x1, tpidr_el2
	ldr	x1, [x1, #PERCPU_STACK_TOP]
	mov	sp, x1
.ifnb \kind
	lock_acquire \kind
.endif
.endm

.macro el0_return kind
.ifnb \kind
	b	return_to_user_locked
.else
	b	return_to_user_unlocked
.endif
.endm

.macro el0_call handler kind
	el0_stack \kind
	bl	\handler
	el0_return \kind
.endm

/* At EL2: push a frame on the kernel stack, run \handler(frame), return to EL2. */
.macro el2_entry handler
	sub	sp, sp, #FRAME_SIZE
	save_gprs
	add	x0, sp, #FRAME_SIZE
	stp	x30, x0, [sp, #FRAME_X(30)]
	mov	x0, sp
	bl	\handler
	restore_gprs
	add	sp, sp, #FRAME_SIZE
	eret
.endm

.macro vector target
	.balign 128
	b	\target
.endm

/*
 * Two vector tables, the same but for the big lock: a kernel that runs on one CPU
 * never takes it (el2_vectors), one whose other CPUs are started takes it on every
 * entry from EL0 or a guest (el2_vectors_locked: arch_kernel_lock_start). So a
 * uniprocessor pays nothing for the lock, as Linux's SMP-on-UP does without patching.
 */
.macro vector_table name, suffix
	.balign 2048
	.global \name
\name:
	vector	el2_bad		/* current EL with SP_EL0 (never used): sync */
	vector	el2_bad		/*   irq */
	vector	el2_bad		/*   fiq */
	vector	el2_bad		/*   serror */
	vector	el2_sync	/* current EL with SP_EL2: sync */
	vector	el2_irq		/*   irq */
	vector	el2_bad		/*   fiq (the kernel uses none) */
	vector	el2_sync	/*   serror (ESR_EL2 describes it) */
	vector	el0_sync\suffix	/* lower EL, AArch64: sync */
	vector	el0_irq\suffix	/*   irq */
	vector	el0_bad\suffix	/*   fiq */
	vector	el0_sync\suffix	/*   serror (ESR_EL2 describes it) */
	vector	el0_bad		/* lower EL, AArch32 (never entered): sync */
	vector	el0_bad		/*   irq */
	vector	el0_bad		/*   fiq */
	vector	el0_bad		/*   serror */
.endm

	.section .text.vectors, "ax"
	vector_table el2_vectors,
	vector_table el2_vectors_locked, _locked

/* Where ESR_EL2 is not written (FIQ, unused vectors), "bad" handlers do not read it. */
el2_sync:	el2_entry handle_el2_sync
el2_irq:	el2_entry handle_el2_irq
el2_bad:	el2_entry handle_el2_bad
el0_sync:	el0_sync_entry
el0_irq:	el0_entry handle_el0_irq
el0_bad:	el0_entry handle_el0_bad
el0_sync_locked: el0_sync_entry LOCK_SYNC
el0_irq_locked:	el0_entry handle_el0_irq, LOCK_IRQ
el0_bad_locked:	el0_entry handle_el0_bad, LOCK_IRQ

/* return_to_user_(un)locked(frame): (drop the lock,) restore a thread's registers,
 * enter it. From C: return_to_user (traps.h). */
	.global return_to_user_locked
return_to_user_locked:
	mov	sp, x0
	lock_release
	b	1f
	.global return_to_user_unlocked
return_to_user_unlocked:
	mov	sp, x0
1:	ldr	x1, [sp, #FRAME_SP]
	msr	sp_el0, x1
	restore_gprs
	eret

/* The lock from C: at boot, and around an idle CPU's wait for interrupts; nothing when
 * the kernel runs on one CPU (kernel_locking false). */
	.global kernel_lock
kernel_lock:
	adrp	x2, kernel_locking
	ldrb	w2, [x2, :lo12:kernel_locking]
	cbz	w2, 9f
	stp	x29, x30, [sp, #-32]!
	str	x19, [sp, #16]
	lock_acquire LOCK_IRQ, kernel_lock_spin	/* no frame: nothing to find gone */
	ldr	x19, [sp, #16]
	ldp	x29, x30, [sp], #32
9:	ret

	.global kernel_unlock
kernel_unlock:
	adrp	x2, kernel_locking
	ldrb	w2, [x2, :lo12:kernel_locking]
	cbz	w2, 9f
	lock_release
9:	ret

	.section .bss
	.balign 64
	.global kernel_lock_word
kernel_lock_word:
	.space 64			/* a cache line of its own */
