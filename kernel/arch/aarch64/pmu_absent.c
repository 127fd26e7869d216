/* SPDX-License-Identifier: BSD-2-Clause */
/* PMU left alone: images other than benchmarks give EL0 no performance counters. */
#include <pmu.h>

void pmu_init(void) {}

const char *pmu_state(void) { return "off"; }
