/* SPDX-License-Identifier: BSD-2-Clause */
/* Stage-2 installation, TLB maintenance by VMID, and fast memory clearing. */
#include <arch/sysreg.h>
#include <mem.h>
#include <object.h>
#include <vspace.h>

#define VTTBR_VMID_SHIFT 48

/* TLB invalidation applies to the VMID in VTTBR_EL2: switch to it for the operation. */
static uint64_t borrow_vmid(uint16_t vmid)
{
	uint64_t old = read_sysreg(vttbr_el2);
	write_sysreg(vttbr_el2, (uint64_t)vmid << VTTBR_VMID_SHIFT);
	isb();
	return old;
}

static void give_back(uint64_t vttbr)
{
	write_sysreg(vttbr_el2, vttbr);
	isb();
}

void arch_tlb_flush_vmid(uint16_t vmid)
{
	uint64_t old = borrow_vmid(vmid);
	dsb_ishst();
	__asm__ volatile("tlbi vmalls12e1is" ::: "memory");
	dsb_ish();
	give_back(old);
}

void arch_tlb_flush_ipa(uint16_t vmid, uint64_t ipa)
{
	uint64_t old = borrow_vmid(vmid);
	dsb_ishst();
	__asm__ volatile("tlbi ipas2e1is, %0" ::"r"(ipa >> 12) : "memory");
	dsb_ish();
	/* Combined stage-1/stage-2 entries are not found by IPA: drop the VMID's. */
	__asm__ volatile("tlbi vmalle1is" ::: "memory");
	dsb_ish();
	give_back(old);
}

void arch_clear(void *p, uint64_t size)
{
	uint64_t block = 4UL << (read_sysreg(dczid_el0) & 0xf);
	uint64_t a = (uint64_t)(uintptr_t)p, end = a + size;
	uint64_t first = ALIGN_UP(a, block), last = ALIGN_DOWN(end, block);
	if (first >= last || (read_sysreg(dczid_el0) & 0x10)) { /* DZP: DC ZVA prohibited */
		memset(p, 0, size);
		return;
	}
	memset(p, 0, first - a);
	for (; first < last; first += block)
		__asm__ volatile("dc zva, %0" ::"r"(first) : "memory");
	memset((void *)(uintptr_t)last, 0, end - last);
}
