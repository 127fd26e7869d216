/* SPDX-License-Identifier: BSD-2-Clause */
/* Kernel objects: sizes, retyping untyped memory, and invocation dispatch. */
#ifndef OBJECT_H
#define OBJECT_H

#include <arch/frame.h>
#include <cap.h>

/* log2 of the size in bytes of an object of `type` made with `size_bits`, or -1
 * when that combination is not allowed. */
int object_bits(unsigned type, unsigned size_bits);

long untyped_invoke(struct cte *ut, uint64_t method, const uint64_t *args,
		    struct cte *(*lookup)(uint64_t cptr, long *err));

/* A capability in the current thread's CSpace root, or NULL with *err set. */
struct cte *cspace_lookup(uint64_t cptr, long *err);

/* The INVOKE system call. */
struct frame *sys_invoke(struct frame *f);

/* Zero memory (arch: DC ZVA on AArch64). */
void arch_clear(void *p, uint64_t size);

#endif
