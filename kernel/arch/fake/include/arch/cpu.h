/* SPDX-License-Identifier: BSD-2-Clause */
/* Fake arch: one CPU's state and a remembered stage-2 register (kernel/arch/fake/fake.c). */
#ifndef ARCH_CPU_H
#define ARCH_CPU_H

#include <stdint.h>

struct percpu;
struct percpu *arch_this_cpu(void);
void arch_set_vttbr(uint64_t root, uint16_t vmid);
static inline void arch_fp_disable(void) {}
extern uint64_t fake_time; /* the counter: what the test sets */
static inline uint64_t arch_counter(void) { return fake_time; }

#endif
