/* SPDX-License-Identifier: BSD-2-Clause */
/* What a user-level program includes: system calls and formatted printing. */
#ifndef TESSERA_USER_H
#define TESSERA_USER_H

#include <fmt.h>
#include <mem.h>
#include <tessera/syscall.h>

/* Formats into a line buffer and writes it with one system call per 256 bytes. */
int tsr_printf(const char *format, ...) __attribute__((format(printf, 1, 2)));

/* Programs define main; returning from it exits the thread with that status. */
int main(void);

#endif
