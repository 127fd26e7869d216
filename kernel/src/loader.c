/* SPDX-License-Identifier: BSD-2-Clause */
/* The root task: its image, address space, CSpace, boot info, and all free memory. */
#include <boot.h>
#include <bootmem.h>
#include <elf.h>
#include <fmt.h>
#include <loader.h>
#include <mem.h>
#include <mmu.h>
#include <panic.h>
#include <plat/board.h>
#include <thread.h>

#define ROOT_PRIORITY 255

static struct cte *root_slots;	  /* the root CNode */
static struct tsr_bootinfo *info; /* kernel view of the boot-info frame */
static struct vspace *root_vs;
static uint64_t root_handle;
static unsigned next_slot = TSR_SLOT_FIRST_FREE_FIXED;

static paddr_t alloc(uint64_t size)
{
	paddr_t p = bootmem_alloc(size);
	if (!pa_addr(p))
		panic("out of memory building the root task '%s'", first_program_name);
	return p;
}

static void give(unsigned slot, struct cap cap)
{
	if (slot >= 1U << TSR_ROOT_CNODE_BITS)
		panic("root CNode full");
	cdt_insert(&root_slots[slot], &cap, NULL);
}

static void map(uint64_t ipa, paddr_t pa, unsigned rights)
{
	int err =
	    vspace_map(root_vs, ipa_init(ipa), pa, PAGE_SIZE, rights, VS_NORMAL, &bootmem_tables);
	if (err)
		panic("'%s': cannot map 0x%llx (error %d; segments must not share pages)",
		      first_program_name, (unsigned long long)ipa, err);
}

/* A frame of the root task's image: mapped, and its capability records the mapping. */
static void image_frame(uint64_t ipa, paddr_t pa, unsigned rights)
{
	map(ipa, pa, rights);
	if (!info->image_count++) {
		info->image_first_slot = next_slot;
		info->image_vaddr = ipa;
	}
	give(next_slot++, (struct cap){.type = TSR_OBJ_FRAME,
				       .rights = TSR_RIGHTS_ALL,
				       .size_bits = 12,
				       .obj = pa_addr(pa),
				       .a = root_handle,
				       .b = ipa});
}

static void load_segment(const struct elf_segment *s)
{
	unsigned rights = ((s->flags & ELF_R) ? VS_R : 0) | ((s->flags & ELF_W) ? VS_W : 0) |
			  ((s->flags & ELF_X) ? VS_X : 0);
	uint64_t file_end = s->vaddr + s->filesz;

	for (uint64_t page = ALIGN_DOWN(s->vaddr, PAGE_SIZE); page < s->vaddr + s->memsz;
	     page += PAGE_SIZE) {
		paddr_t pa = alloc(PAGE_SIZE);
		uint64_t from = page < s->vaddr ? s->vaddr : page;
		uint64_t to = page + PAGE_SIZE < file_end ? page + PAGE_SIZE : file_end;
		if (from < to)
			memcpy((char *)pa_to_ptr(pa) + (from - page),
			       first_program_elf + s->offset + (from - s->vaddr), to - from);
		if (rights & VS_X)
			cache_sync_icache(pa_to_ptr(pa), PAGE_SIZE);
		image_frame(page, pa, rights);
	}
}

/* [base, end) as untyped capabilities: the largest aligned power-of-two blocks. */
static void untyped_range(uint64_t base, uint64_t end, bool device)
{
	while (base < end) {
		unsigned bits = base ? (unsigned)__builtin_ctzll(base) : 47;
		while (bits > 47 || base + (1ULL << bits) > end || base + (1ULL << bits) < base)
			bits--;
		if (bits < 12)
			panic("untyped range 0x%llx not page aligned", (unsigned long long)base);
		if (info->untyped_count == TSR_BOOTINFO_MAX_UNTYPED)
			return; /* what does not fit is left out (CAVEATS.md) */
		struct tsr_untyped_desc *d = &info->untyped[info->untyped_count++];
		d->paddr = base;
		d->size_bits = (unsigned char)bits;
		d->device = device;
		give(next_slot++, (struct cap){.type = TSR_OBJ_UNTYPED,
					       .size_bits = (uint8_t)bits,
					       .flags = device ? CAP_DEVICE : 0,
					       .obj = base});
		if (!device)
			info->free_bytes += 1ULL << bits;
		base += 1ULL << bits;
	}
}

static void ram_untyped(uint64_t base, uint64_t end) { untyped_range(base, end, false); }

/* Device space less what the kernel keeps. */
static void device_untyped(void)
{
	static const uint64_t kept[][2] = PLAT_KERNEL_DEVICES;
	uint64_t base = PLAT_DEVICE_BASE, end = PLAT_DEVICE_BASE + PLAT_DEVICE_SIZE;
	for (unsigned i = 0; i < sizeof(kept) / sizeof(kept[0]); i++) {
		untyped_range(base, kept[i][0], true);
		base = kept[i][1];
	}
	untyped_range(base, end, true);
}

struct thread *load_first_program(uint64_t ram_bytes)
{
	struct elf_image img;
	int err = elf_parse(first_program_elf, first_program_size, &img);
	if (err)
		panic("first program '%s': not a loadable AArch64 ELF: %s", first_program_name,
		      elf_strerror(err));

	root_slots = pa_to_ptr(alloc(sizeof(struct cte) << TSR_ROOT_CNODE_BITS));
	struct thread *t = pa_to_ptr(alloc(PAGE_SIZE));
	pte_t *root_table = pa_to_ptr(alloc(PAGE_SIZE));
	paddr_t info_pa = alloc(PAGE_SIZE);
	info = pa_to_ptr(info_pa);
	if (vspace_create(root_table, &root_handle))
		panic("no address-space id for the root task");
	root_vs = vspace_get(root_handle);

	give(TSR_SLOT_TCB, (struct cap){.type = TSR_OBJ_TCB,
					.rights = TSR_RIGHTS_ALL,
					.obj = (uint64_t)(uintptr_t)t});
	give(TSR_SLOT_CNODE, (struct cap){.type = TSR_OBJ_CNODE,
					  .rights = TSR_RIGHTS_ALL,
					  .size_bits = TSR_ROOT_CNODE_BITS,
					  .obj = (uint64_t)(uintptr_t)root_slots});
	give(TSR_SLOT_VSPACE, (struct cap){.type = TSR_OBJ_VSPACE,
					   .rights = TSR_RIGHTS_ALL,
					   .obj = (uint64_t)(uintptr_t)root_table,
					   .a = root_handle});
	give(TSR_SLOT_SCHED_CONTROL, (struct cap){.type = TSR_OBJ_SCHED_CONTROL});
	give(TSR_SLOT_IRQ_CONTROL, (struct cap){.type = TSR_OBJ_IRQ_CONTROL});
	map(TSR_BOOTINFO_ADDR, info_pa, VS_R);
	give(TSR_SLOT_BOOTINFO, (struct cap){.type = TSR_OBJ_FRAME,
					     .rights = TSR_R,
					     .size_bits = 12,
					     .obj = pa_addr(info_pa),
					     .a = root_handle,
					     .b = TSR_BOOTINFO_ADDR});

	for (int i = 0; i < img.count; i++)
		load_segment(&img.seg[i]);
	for (uint64_t p = TSR_STACK_TOP - TSR_STACK_SIZE; p < TSR_STACK_TOP; p += PAGE_SIZE)
		map(p, alloc(PAGE_SIZE), VS_R | VS_W);

	thread_init(t);
	fmt_snprintf(t->name, sizeof(t->name), "%s", first_program_name);
	t->mcp = t->rq.prio = ROOT_PRIORITY;
	cdt_insert(&t->slot[TCB_CSPACE], &root_slots[TSR_SLOT_CNODE].cap,
		   &root_slots[TSR_SLOT_CNODE]);
	cdt_insert(&t->slot[TCB_VSPACE], &root_slots[TSR_SLOT_VSPACE].cap,
		   &root_slots[TSR_SLOT_VSPACE]);
	t->ctx.elr = img.entry;
	t->ctx.sp = TSR_STACK_TOP;
	t->ctx.x[0] = TSR_BOOTINFO_ADDR;

	/* Everything else is the root task's, as untyped memory: the first program's
	 * copy in the image too, now that its segments are loaded. */
	info->magic = TSR_BOOTINFO_MAGIC;
	info->cnode_bits = TSR_ROOT_CNODE_BITS;
	info->ram_bytes = ram_bytes;
	info->untyped_first_slot = next_slot;
	ram_untyped(pa_addr(ptr_to_pa(__kernel_end)), pa_addr(ptr_to_pa(__image_end)));
	bootmem_release(ram_untyped);
	device_untyped();
	info->first_free_slot = next_slot;

	thread_resume(t);
	return t;
}
