/* SPDX-License-Identifier: BSD-2-Clause */
/* System-call dispatch (numbers and errors: libs/libtessera/include/tessera/abi.h). */
#ifndef SYSCALL_H
#define SYSCALL_H

#include <arch/frame.h>

/* Performs the call in f's registers; returns the frame to resume. */
struct frame *syscall_dispatch(struct frame *f);

#endif
