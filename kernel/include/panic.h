/* SPDX-License-Identifier: BSD-2-Clause */
/* Stopping the system when the kernel itself is wrong. */
#ifndef PANIC_H
#define PANIC_H

#include <stdint.h>

struct frame;

/* Exit status QEMU reports after a panic under semihosting (tools/qemu_run.py knows it). */
#define PANIC_STATUS 112

__attribute__((noreturn, format(printf, 1, 2))) void panic(const char *format, ...);
/* Like panic(), with the interrupted context's registers. */
__attribute__((noreturn, format(printf, 2, 3))) void panic_frame(const struct frame *f,
								 const char *format, ...);
/* An exception the kernel did not expect at EL2: decode it, dump every register, stop. */
__attribute__((noreturn)) void panic_exception(const struct frame *f, uint64_t esr, uint64_t far);

#endif
