/* SPDX-License-Identifier: BSD-2-Clause */
/* System-call dispatch (numbers and errors: libs/libtessera/include/tessera/abi.h). */
#ifndef SYSCALL_H
#define SYSCALL_H

#include <arch/frame.h>

/* The calls' numbers are below this (TSR_SYS_COUNT): the vectors index syscall_table. */
#define SYSCALL_COUNT 18

#ifndef __ASSEMBLER__
/* Performs the call in f's registers; returns the frame to resume. The vectors call
 * syscall_table[number] straight, and this for a number without a call. */
struct frame *syscall_dispatch(struct frame *f);
typedef struct frame *(*syscall_fn)(struct frame *f);
extern const syscall_fn syscall_table[SYSCALL_COUNT];
#endif

#endif
