/* SPDX-License-Identifier: BSD-2-Clause */
/* Building the root task from the program linked into the image. */
#ifndef LOADER_H
#define LOADER_H

#include <thread.h>

/* Loads the first program as the root task, gives it every capability and all free
 * memory, and makes it runnable. */
struct thread *load_first_program(uint64_t ram_bytes);

#endif
