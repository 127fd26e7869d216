/* SPDX-License-Identifier: BSD-2-Clause */
/* EL2 stage-1 translation: identity map with caches on and W^X for the kernel. */
#include <addr.h>
#include <arch/sysreg.h>
#include <mmu.h>
#include <panic.h>
#include <pgtable.h>
#include <plat/board.h>

/* MAIR_EL2 slots. */
#define MAIR_DEVICE 0 /* Device-nGnRE */
#define MAIR_NORMAL 1 /* Normal, write-back, read/write-allocate */
#define MAIR_VALUE ((0x04UL << (8 * MAIR_DEVICE)) | (0xffUL << (8 * MAIR_NORMAL)))

#define S1_ATTR(slot) ((uint64_t)(slot) << 2)
#define S1_AP_RO (1UL << 7)
#define S1_AP_RES1 (1UL << 6) /* AP[1] is RES1 in the EL2 regime */

#define ATTR_DEVICE (S1_ATTR(MAIR_DEVICE) | S1_AP_RES1 | PTE_XN)
#define ATTR_TEXT (S1_ATTR(MAIR_NORMAL) | S1_AP_RES1 | S1_AP_RO | PTE_SH_INNER)
#define ATTR_RO (ATTR_TEXT | PTE_XN)
#define ATTR_RW (S1_ATTR(MAIR_NORMAL) | S1_AP_RES1 | PTE_SH_INNER | PTE_XN)

/* TCR_EL2: 39-bit VA from level 1, 4 KiB granule, walks inner-shareable write-back. */
#define TCR_T0SZ (64UL - PT_INPUT_BITS)
#define TCR_WALK_WB ((1UL << 8) | (1UL << 10) | (3UL << 12))
#define TCR_PS_SHIFT 16
#define TCR_EL2_RES1 ((1UL << 31) | (1UL << 23))

#define TABLE_POOL 8

extern char __text_start[], __text_end[], __rodata_end[], __kernel_end[];

static pte_t pool[TABLE_POOL][PT_ENTRIES] __attribute__((aligned(PAGE_SIZE)));
static unsigned pool_used;
static pte_t *root;

static pte_t *pool_table(void *ctx)
{
	(void)ctx;
	return pool_used < TABLE_POOL ? pool[pool_used++] : NULL;
}

static void map(uint64_t start, uint64_t end, uint64_t attrs)
{
	static const struct pt_alloc alloc = {pool_table, NULL};
	if (start >= end)
		return;
	int err = pt_map(root, start, start, end - start, attrs, &alloc);
	if (err)
		panic("EL2 map of 0x%llx-0x%llx failed (%d)", (unsigned long long)start,
		      (unsigned long long)end, err);
}

static void dcache_invalidate(const void *start, size_t size)
{
	uint64_t line = 4UL << ((read_sysreg(ctr_el0) >> 16) & 0xf);
	for (uint64_t a = ALIGN_DOWN((uint64_t)start, line); a < (uint64_t)start + size; a += line)
		__asm__ volatile("dc ivac, %0" ::"r"(a) : "memory");
	dsb_sy();
}

void cache_sync_icache(const void *start, size_t size)
{
	uint64_t line = 4UL << ((read_sysreg(ctr_el0) >> 16) & 0xf);
	for (uint64_t a = ALIGN_DOWN((uint64_t)start, line); a < (uint64_t)start + size; a += line)
		__asm__ volatile("dc cvau, %0" ::"r"(a) : "memory");
	dsb_ish();
	__asm__ volatile("ic ialluis" ::: "memory"); /* every CPU may run it */
	dsb_ish();
	isb();
}

void mmu_init(const struct fdt_region *ram, int count)
{
	uint64_t text = (uint64_t)__text_start, text_end = (uint64_t)__text_end;
	uint64_t ro_end = (uint64_t)__rodata_end;

	root = pool_table(NULL);
	map(PLAT_DEVICE_BASE, PLAT_DEVICE_BASE + PLAT_DEVICE_SIZE, ATTR_DEVICE);
	for (int i = 0; i < count; i++) {
		uint64_t base = ram[i].base, end = ALIGN_DOWN(ram[i].base + ram[i].size, PAGE_SIZE);
		if (text < base || text >= end) {
			map(base, end, ATTR_RW);
			continue;
		}
		map(base, text, ATTR_RO); /* the device tree lives below the kernel */
		map(text, text_end, ATTR_TEXT);
		map(text_end, ro_end, ATTR_RO);
		map(ro_end, end, ATTR_RW);
	}

	/* Tables were written with the MMU off: drop any stale cached copies. */
	dcache_invalidate(pool, sizeof(pool));
	mmu_enable();
}

/* Every CPU: the same tables, caches on. */
void mmu_enable(void)
{
	uint64_t parange = read_sysreg(id_aa64mmfr0_el1) & 0xf;
	write_sysreg(mair_el2, MAIR_VALUE);
	write_sysreg(tcr_el2, TCR_EL2_RES1 | TCR_T0SZ | TCR_WALK_WB |
				  ((parange > 5 ? 5 : parange) << TCR_PS_SHIFT));
	write_sysreg(ttbr0_el2, (uint64_t)root);
	isb();
	__asm__ volatile("tlbi alle2" ::: "memory");
	dsb_sy();
	isb();
	write_sysreg(sctlr_el2,
		     SCTLR_EL2_RES1 | SCTLR_M | SCTLR_C | SCTLR_SA | SCTLR_I | SCTLR_WXN);
	isb();
}
