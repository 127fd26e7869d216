/* SPDX-License-Identifier: BSD-2-Clause */
/* Loads the first program from the ELF in the kernel image into its own address space. */
#include <boot.h>
#include <bootmem.h>
#include <elf.h>
#include <loader.h>
#include <mem.h>
#include <mmu.h>
#include <panic.h>
#include <tessera/abi.h>

#define FIRST_VMID 1

static paddr_t new_page(void)
{
	paddr_t p = bootmem_page();
	if (!pa_addr(p))
		panic("out of memory loading '%s'", first_program_name);
	return p;
}

static void map_page(struct vspace *vs, uint64_t ipa, paddr_t pa, unsigned rights)
{
	int err = vspace_map(vs, ipa_init(ipa), pa, PAGE_SIZE, rights, VS_NORMAL, &bootmem_tables);
	if (err)
		panic("'%s': cannot map 0x%llx (error %d; segments must not share pages)",
		      first_program_name, (unsigned long long)ipa, err);
}

static void load_segment(struct vspace *vs, const struct elf_segment *s)
{
	unsigned rights = ((s->flags & ELF_R) ? VS_R : 0) | ((s->flags & ELF_W) ? VS_W : 0) |
			  ((s->flags & ELF_X) ? VS_X : 0);
	uint64_t file_end = s->vaddr + s->filesz;

	for (uint64_t page = ALIGN_DOWN(s->vaddr, PAGE_SIZE); page < s->vaddr + s->memsz;
	     page += PAGE_SIZE) {
		paddr_t pa = new_page();
		uint64_t from = page < s->vaddr ? s->vaddr : page;
		uint64_t to = page + PAGE_SIZE < file_end ? page + PAGE_SIZE : file_end;
		if (from < to)
			memcpy((char *)pa_to_ptr(pa) + (from - page),
			       first_program_elf + s->offset + (from - s->vaddr), to - from);
		if (rights & VS_X)
			cache_sync_icache(pa_to_ptr(pa), PAGE_SIZE);
		map_page(vs, page, pa, rights);
	}
}

struct thread *load_first_program(void)
{
	static struct vspace vs;
	static struct thread thread;
	struct elf_image img;

	int err = elf_parse(first_program_elf, first_program_size, &img);
	if (err)
		panic("first program '%s': not a loadable AArch64 ELF (error %d)",
		      first_program_name, err);
	if (vspace_init(&vs, FIRST_VMID, &bootmem_tables))
		panic("out of memory for an address space");
	for (int i = 0; i < img.count; i++)
		load_segment(&vs, &img.seg[i]);
	for (uint64_t p = TSR_STACK_TOP - TSR_STACK_SIZE; p < TSR_STACK_TOP; p += PAGE_SIZE)
		map_page(&vs, p, new_page(), VS_R | VS_W);

	thread_init(&thread, first_program_name, &vs, img.entry, TSR_STACK_TOP);
	return &thread;
}
