/* SPDX-License-Identifier: BSD-2-Clause */
/* Loading a guest: an ELF or a raw arm64 Image, an initrd and a device tree. */
#include "vmm.h"
#include <elf.h>
#include <fmt.h>
#include <mem.h>
#include <tessera/clock.h>
#include <tessera/guest.h> /* its device-tree reader */

/*
 * The Linux arm64 boot protocol (Documentation/arch/arm64/booting.rst): an Image goes
 * text_offset bytes above a 2 MiB-aligned base (here, the start of RAM), the device tree
 * on an 8-byte boundary, at most 2 MiB, and x0 holds its address. We put the tree in
 * the last 2 MiB of RAM and the initrd right below it, page-aligned; the tree's /chosen
 * then gets the initrd's bounds (the compose tool leaves room for them).
 */
#define IMAGE_MAGIC 0x644d5241U /* "ARM\x64" */
#define DTB_MAX 0x200000UL
#define PAGE 4096UL

struct image_header {
	uint32_t code0, code1;
	uint64_t text_offset, image_size, flags, res2, res3, res4;
	uint32_t magic, res5;
};

static unsigned long ram_end(void) { return vm_ram_ipa + vm_ram_size; }

static bool in_ram(unsigned long ipa, unsigned long size)
{
	return ipa >= vm_ram_ipa && size <= vm_ram_size && ipa - vm_ram_ipa <= vm_ram_size - size;
}

static void *guest(unsigned long ipa) { return (void *)(vm_ram + (ipa - vm_ram_ipa)); }

/* An ELF's PT_LOAD segments at their addresses; NULL, or why not. */
static const char *load_elf(const struct elf_image *elf, unsigned long *end)
{
	*end = vm_ram_ipa;
	for (int i = 0; i < elf->count; i++) {
		const struct elf_segment *s = &elf->seg[i];
		if (!in_ram(s->vaddr, s->memsz))
			return "an ELF segment lies outside the VM's RAM";
		memcpy(guest(s->vaddr), (const void *)(vm_kernel + s->offset), s->filesz);
		memset((char *)guest(s->vaddr) + s->filesz, 0, s->memsz - s->filesz);
		if (s->vaddr + s->memsz > *end)
			*end = s->vaddr + s->memsz;
	}
	return NULL;
}

static const char *load_image(unsigned long *entry, unsigned long *end)
{
	const struct image_header *h = (const struct image_header *)vm_kernel;
	if (vm_kernel_size < sizeof(*h) || h->magic != IMAGE_MAGIC)
		return "the kernel is neither an ELF file nor an arm64 Image";
	unsigned long offset = h->text_offset,
		      size = h->image_size > vm_kernel_size ? h->image_size : vm_kernel_size;
	if (h->flags & 1)
		return "the Image is big-endian (flags bit 0)";
	/* Without image_size (kernels before Linux 3.17) the memory it needs is unknown. */
	if (!h->image_size)
		return "the Image has no image_size";
	if (offset % 8)
		return "the Image's text_offset is not a multiple of 8";
	if (!in_ram(vm_ram_ipa + offset, size))
		return "the Image does not fit in the VM's RAM";
	*entry = vm_ram_ipa + offset;
	memcpy(guest(*entry), (const void *)vm_kernel, vm_kernel_size);
	memset((char *)guest(*entry) + vm_kernel_size, 0, size - vm_kernel_size);
	*end = *entry + size;
	return NULL;
}

/* A property of /chosen in the tree at fdt (the tree's copy in guest RAM is ours to
 * write until the guest starts): its bytes and length, or NULL. */
static unsigned char *chosen(void *fdt, unsigned long size, const char *name, uint32_t *len)
{
	struct tsr_fdt t;
	*len = 0;
	return tsr_fdt_open(&t, fdt, size)
		   ? (unsigned char *)tsr_fdt_prop(&t, tsr_fdt_path(&t, "/chosen"), name, len)
		   : NULL;
}

/* Write a 64-bit property of /chosen that the tree already has. */
static bool set_chosen(void *fdt, unsigned long size, const char *name, unsigned long value)
{
	uint32_t len;
	unsigned char *v = chosen(fdt, size, name, &len);
	if (!v || len != 8)
		return false;
	for (int i = 0; i < 8; i++)
		v[i] = (unsigned char)(value >> (56 - 8 * i));
	return true;
}

/* Fill a /chosen property the tree has (kaslr-seed, rng-seed: the compose tool leaves
 * room for them) with bytes that differ from boot to boot. There is no entropy source in
 * reach yet: these are the counter, stirred (splitmix64), which keeps a guest's pool from
 * starting out the same every boot, and no more (CAVEATS.md). */
static void fill_seed(void *fdt, unsigned long size, const char *name)
{
	static uint64_t state;
	uint32_t len;
	unsigned char *v = chosen(fdt, size, name, &len);
	for (uint32_t i = 0; v && i < len; i += 8) {
		uint64_t z = (state += 0x9e3779b97f4a7c15ULL ^ tsr_counter());
		z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
		z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
		z ^= z >> 31;
		for (uint32_t k = 0; k < 8 && i + k < len; k++)
			v[i + k] = (unsigned char)(z >> (8 * k));
	}
}

/* Clean [ipa, ipa + size) of guest RAM to the point of coherency: the guest starts with
 * its MMU and caches off (the arm64 boot protocol asks this of whoever loads it). */
static void clean(unsigned long ipa, unsigned long size)
{
	unsigned long ctr, line;
	__asm__ volatile("mrs %0, ctr_el0" : "=r"(ctr));
	line = 4UL << (ctr >> 16 & 0xf); /* DminLine: words */
	for (unsigned long a = (unsigned long)guest(ipa) & ~(line - 1);
	     a < (unsigned long)guest(ipa) + size; a += line)
		__asm__ volatile("dc cvac, %0" ::"r"(a) : "memory");
	__asm__ volatile("dsb sy" ::: "memory");
}

const char *load_guest(unsigned long *entry, unsigned long *dtb)
{
	static char elf_why[160];
	struct elf_image elf;
	unsigned long end;
	const char *why;
	int err = elf_parse((const void *)vm_kernel, vm_kernel_size, &elf);
	if (!err) {
		why = load_elf(&elf, &end);
		*entry = elf.entry;
	} else if (vm_kernel_size >= 4 && !memcmp((const void *)vm_kernel, "\177ELF", 4)) {
		fmt_snprintf(elf_why, sizeof(elf_why),
			     "the kernel is not a loadable AArch64 ELF: %s", elf_strerror(err));
		why = elf_why;
	} else {
		why = load_image(entry, &end);
	}
	if (why)
		return why;
	if (vm_ram_size < 2 * DTB_MAX || vm_dtb_size > DTB_MAX)
		return "the VM's RAM is too small for its device tree, or the tree is over 2 MiB";
	*dtb = ram_end() - DTB_MAX;
	unsigned long initrd = (*dtb - vm_initrd_size) & ~(PAGE - 1);
	if (vm_initrd_size > *dtb - vm_ram_ipa || initrd < end || *dtb < end)
		return "the kernel, initrd and device tree do not fit in the VM's RAM";
	memcpy(guest(*dtb), (const void *)vm_dtb, vm_dtb_size);
	fill_seed(guest(*dtb), vm_dtb_size, "kaslr-seed");
	fill_seed(guest(*dtb), vm_dtb_size, "rng-seed");
	if (vm_initrd_size) {
		memcpy(guest(initrd), (const void *)vm_initrd, vm_initrd_size);
		if (!set_chosen(guest(*dtb), vm_dtb_size, "linux,initrd-start", initrd) ||
		    !set_chosen(guest(*dtb), vm_dtb_size, "linux,initrd-end",
				initrd + vm_initrd_size))
			return "the device tree has no /chosen linux,initrd-start and -end to fill "
			       "in";
	}
	clean(vm_ram_ipa, end - vm_ram_ipa);	    /* the kernel (and what is below it) */
	clean(initrd, *dtb + vm_dtb_size - initrd); /* the initrd and the tree */
	return NULL;
}
