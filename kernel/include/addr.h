/* SPDX-License-Identifier: BSD-2-Clause */
/* Distinct types for physical and intermediate-physical (stage-2 input) addresses. */
#ifndef ADDR_H
#define ADDR_H

#include <stdint.h>

/* A physical address. The kernel maps RAM one to one, so its virtual address is the same. */
typedef struct {
	uint64_t pa;
} paddr_t;

/* An address in a thread's address space: what EL0 code uses, the input of stage 2. */
typedef struct {
	uint64_t ipa;
} ipaddr_t;

static inline paddr_t pa_init(uint64_t a) { return (paddr_t){a}; }
static inline uint64_t pa_addr(paddr_t p) { return p.pa; }
static inline void *pa_to_ptr(paddr_t p) { return (void *)(uintptr_t)p.pa; }
static inline paddr_t ptr_to_pa(const void *p) { return (paddr_t){(uint64_t)(uintptr_t)p}; }
static inline ipaddr_t ipa_init(uint64_t a) { return (ipaddr_t){a}; }
static inline uint64_t ipa_addr(ipaddr_t i) { return i.ipa; }

#define PAGE_SIZE 4096UL
#define PAGE_SHIFT 12
#define ALIGN_DOWN(x, a) ((x) & ~((uint64_t)(a)-1))
#define ALIGN_UP(x, a) ALIGN_DOWN((x) + (a)-1, (a))
#define IS_ALIGNED(x, a) (((x) & ((uint64_t)(a)-1)) == 0)

#endif
