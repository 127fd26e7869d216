/* SPDX-License-Identifier: BSD-2-Clause */
/* Boot: from the entry at EL2 to the first user-level program. */
#ifndef BOOT_H
#define BOOT_H

#include <stdint.h>

__attribute__((noreturn)) void boot_main(unsigned long current_el);

/* Runs after the kernel is up, before the first program starts. Images choose the
 * file: kernel/src/boot_hook_none.c normally; kernel tests bring their own. */
void boot_hook(void);

/* The program the kernel starts at EL0: an ELF linked into the image (image.S.in). */
extern const char first_program_elf[], first_program_name[];
extern const uint64_t first_program_size;
/* The kernel image's end, and the end of the first program placed after it. */
extern char __kernel_end[], __image_end[];

#endif
