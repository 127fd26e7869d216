/* SPDX-License-Identifier: BSD-2-Clause */
/* Loading the first user-level program. */
#ifndef LOADER_H
#define LOADER_H

#include <thread.h>

struct thread *load_first_program(void);

#endif
