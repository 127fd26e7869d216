/* SPDX-License-Identifier: BSD-2-Clause */
/* Borderline numbers for both fuzzers (tests/systems/fuzz on the machine,
 * tests/unit/fuzz on the fake arch): zero, field limits and just beyond them (rights,
 * priorities, interrupt numbers, sizes, the 39-bit address space), sign and width
 * boundaries, and bits beyond every field. Each fuzzer adds its own (addresses). */
#ifndef TESSERA_FUZZ_EDGES_H
#define TESSERA_FUZZ_EDGES_H

/* clang-format off */
#define TSR_FUZZ_EDGES                                                                   \
	0, 1, 2, 3, 4, 7, 8, 15, 16, 31, 32, 33, 47, 48, 63, 64, 255, 256, 257, 1019, 1020, \
	1023, 1024, 4095, 4096, 0x7fffffffUL, 0x80000000UL, 0xffffffffUL, 0x100000000UL,    \
	1UL << 39, (1UL << 39) - 1, 1UL << 47, 0x7fffffffffffffffUL, 0x8000000000000000UL,  \
	~0UL, ~0UL - 1, ~0UL - 15
/* clang-format on */

#endif
