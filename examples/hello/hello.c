/* SPDX-License-Identifier: BSD-2-Clause */
/* hello: the smallest component. */
#include <tessera/component.h>

void init(void) { tsr_printf("hello: Hello, world, from a component built from a manifest\n"); }
