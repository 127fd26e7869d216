/* SPDX-License-Identifier: BSD-2-Clause */
/* The register frame saved on every exception; offsets shared with vectors.S. */
#ifndef ARCH_FRAME_H
#define ARCH_FRAME_H

#define FRAME_X(n) ((n)*8)
#define FRAME_SP 248
#define FRAME_ELR 256
#define FRAME_SPSR 264
#define FRAME_SIZE 272

#define PERCPU_STACK_TOP 0
#define KERNEL_STACK_SIZE 16384 /* each CPU's */

/* How the kernel was entered, for kernel_lock_wait: an exception that may be a system
 * call or hypercall, or an interrupt. */
#define LOCK_IRQ 0
#define LOCK_SYNC 1

#ifndef __ASSEMBLER__
#include <stddef.h>
#include <stdint.h>

/* The state of an interrupted context: x0..x30, its stack pointer, PC and PSTATE. */
struct frame {
	uint64_t x[31];
	uint64_t sp;
	uint64_t elr;
	uint64_t spsr;
};

_Static_assert(offsetof(struct frame, x[30]) == FRAME_X(30), "frame x30");
_Static_assert(offsetof(struct frame, sp) == FRAME_SP, "frame sp");
_Static_assert(offsetof(struct frame, elr) == FRAME_ELR, "frame elr");
_Static_assert(offsetof(struct frame, spsr) == FRAME_SPSR, "frame spsr");
_Static_assert(sizeof(struct frame) == FRAME_SIZE && FRAME_SIZE % 16 == 0, "frame size");

/* Syscall registers, named once. */
#define FRAME_SYSNR(f) ((f)->x[8])
#define FRAME_ARG(f, n) ((f)->x[(n)])
#define FRAME_RET(f) ((f)->x[0])

#endif
#endif
