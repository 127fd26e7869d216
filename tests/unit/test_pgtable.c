/* SPDX-License-Identifier: BSD-2-Clause */
/* Host tests of the translation-table walker and stage-2 rights (kernel/src/pgtable.c, vspace.c).
 */
#include "check.h"
#include <fake.h>
#include <pgtable.h>
#include <stdint.h>
#include <vspace.h>

#define POOL 16
static pte_t *tables[POOL];
static int used, limit = POOL;

static pte_t *host_table(void *ctx)
{
	(void)ctx;
	if (used >= limit)
		return NULL;
	tables[used] = aligned_alloc(4096, 4096);
	memset(tables[used], 0, 4096);
	return tables[used++];
}

static const struct pt_alloc alloc = {host_table, NULL};

static pte_t *fresh_root(int max_tables)
{
	for (int i = 0; i < used; i++)
		free(tables[i]);
	used = 0;
	limit = max_tables;
	return host_table(NULL);
}

TEST(maps_a_page_and_translates_inside_it)
{
	pte_t *root = fresh_root(POOL);
	uint64_t pa, attrs;
	CHECK_EQ_INT(pt_map(root, 0x400000, 0x80001000, 4096, PTE_XN, &alloc), PT_OK);
	CHECK_EQ_INT(pt_lookup(root, 0x400123, &pa, &attrs), PT_OK);
	CHECK_EQ_U64(pa, 0x80001123);
	CHECK(attrs & PTE_XN);
	CHECK(attrs & PTE_AF);
	CHECK_EQ_INT(pt_lookup(root, 0x401000, &pa, &attrs), PT_ERR_NOTMAPPED);
	CHECK_EQ_INT(pt_lookup(root, 0x3ff000, &pa, &attrs), PT_ERR_NOTMAPPED);
	CHECK_EQ_INT(used, 3); /* root, level 2, level 3 */
}

TEST(uses_blocks_when_aligned)
{
	pte_t *root = fresh_root(POOL);
	uint64_t pa, attrs;
	/* 1 GiB + 2 MiB + 4 KiB: one level-1 block, one level-2 block, one page. */
	uint64_t size = (1ULL << 30) + (2ULL << 20) + 4096;
	CHECK_EQ_INT(pt_map(root, 1ULL << 30, 1ULL << 30, size, 0, &alloc), PT_OK);
	CHECK_EQ_INT(used, 3);
	CHECK_EQ_U64(root[1] & 3, 1); /* block */
	CHECK_EQ_INT(pt_lookup(root, (1ULL << 30) + 0x12345678, &pa, &attrs), PT_OK);
	CHECK_EQ_U64(pa, (1ULL << 30) + 0x12345678);
	CHECK_EQ_INT(pt_lookup(root, (2ULL << 30) + (2ULL << 20) + 8, &pa, &attrs), PT_OK);
	CHECK_EQ_U64(pa, (2ULL << 30) + (2ULL << 20) + 8);
	CHECK_EQ_INT(pt_lookup(root, (2ULL << 30) + (2ULL << 20) + 4096, &pa, &attrs),
		     PT_ERR_NOTMAPPED);
}

TEST(misaligned_physical_address_falls_back_to_pages)
{
	pte_t *root = fresh_root(POOL);
	uint64_t pa, attrs;
	CHECK_EQ_INT(pt_map(root, 0x200000, 0x1000, 0x200000, 0, &alloc), PT_OK);
	CHECK_EQ_INT(used, 3);
	CHECK_EQ_INT(pt_lookup(root, 0x3ff010, &pa, &attrs), PT_OK);
	CHECK_EQ_U64(pa, 0x200010);
}

TEST(refuses_bad_ranges_without_changes)
{
	pte_t *root = fresh_root(POOL);
	CHECK_EQ_INT(pt_map(root, 0x400001, 0x1000, 4096, 0, &alloc), PT_ERR_ALIGN);
	CHECK_EQ_INT(pt_map(root, 0x400000, 0x1001, 4096, 0, &alloc), PT_ERR_ALIGN);
	CHECK_EQ_INT(pt_map(root, 0x400000, 0x1000, 100, 0, &alloc), PT_ERR_ALIGN);
	CHECK_EQ_INT(pt_map(root, 0x400000, 0x1000, 0, 0, &alloc), PT_ERR_RANGE);
	CHECK_EQ_INT(pt_map(root, PT_INPUT_LIMIT - 4096, 0, 8192, 0, &alloc), PT_ERR_RANGE);
	CHECK_EQ_INT(pt_map(root, 0, UINT64_MAX - 4095, 8192, 0, &alloc), PT_ERR_RANGE);
	CHECK_EQ_INT(used, 1);
	for (int i = 0; i < PT_ENTRIES; i++)
		CHECK_EQ_U64(root[i], 0);
}

TEST(refuses_double_map_and_overlap)
{
	pte_t *root = fresh_root(POOL);
	uint64_t pa, attrs;
	CHECK_EQ_INT(pt_map(root, 0x400000, 0x1000, 4096, 0, &alloc), PT_OK);
	CHECK_EQ_INT(pt_map(root, 0x400000, 0x9000, 4096, 0, &alloc), PT_ERR_EXISTS);
	/* A larger range that contains the page fails whole: its free pages stay free. */
	CHECK_EQ_INT(pt_map(root, 0x3fe000, 0x9000, 0x4000, 0, &alloc), PT_ERR_EXISTS);
	CHECK_EQ_INT(pt_lookup(root, 0x3fe000, &pa, &attrs), PT_ERR_NOTMAPPED);
	CHECK_EQ_INT(pt_lookup(root, 0x400000, &pa, &attrs), PT_OK);
	CHECK_EQ_U64(pa, 0x1000);
	/* A block over an existing page is refused too. */
	CHECK_EQ_INT(pt_map(root, 0x400000 & ~0x1fffffULL, 0x200000, 0x200000, 0, &alloc),
		     PT_ERR_EXISTS);
}

TEST(reports_out_of_memory)
{
	pte_t *root = fresh_root(2);
	CHECK_EQ_INT(pt_map(root, 0x400000, 0x1000, 4096, 0, &alloc), PT_ERR_NOMEM);
}

TEST(lookup_out_of_range)
{
	pte_t *root = fresh_root(POOL);
	uint64_t pa, attrs;
	CHECK_EQ_INT(pt_lookup(root, PT_INPUT_LIMIT, &pa, &attrs), PT_ERR_RANGE);
}

TEST(stage2_rights)
{
	uint64_t handle;
	pte_t *root = fresh_root(POOL);
	paddr_t pa;
	CHECK_EQ_INT(vspace_create(root, &handle), 0);
	struct vspace *vs = vspace_get(handle);
	CHECK(vs != NULL);
	CHECK_EQ_INT(
	    vspace_map(vs, ipa_init(0x1000), pa_init(0x5000), 4096, VS_R, VS_NORMAL, &alloc),
	    PT_OK);
	CHECK_EQ_INT(vspace_map(vs, ipa_init(0x2000), pa_init(0x6000), 4096, VS_R | VS_W | VS_X,
				VS_NORMAL, &alloc),
		     PT_OK);
	CHECK_EQ_INT(vspace_map(vs, ipa_init(0x3000), pa_init(0x9000000), 4096, VS_R | VS_W | VS_X,
				VS_DEVICE, &alloc),
		     PT_OK);
	CHECK(vspace_translate(vs, ipa_init(0x1008), VS_R, &pa));
	CHECK_EQ_U64(pa_addr(pa), 0x5008);
	CHECK(!vspace_translate(vs, ipa_init(0x1008), VS_W, &pa));
	CHECK(!vspace_translate(vs, ipa_init(0x1008), VS_X, &pa));
	CHECK(vspace_translate(vs, ipa_init(0x2000), VS_R | VS_W | VS_X, &pa));
	CHECK(!vspace_translate(vs, ipa_init(0x3000), VS_X, &pa)); /* device: never executable */
	CHECK(vspace_translate(vs, ipa_init(0x3000), VS_R | VS_W, &pa));
	CHECK(!vspace_translate(vs, ipa_init(0x4000), VS_R, &pa));
	/* Stage-2 encodings: normal write-back inner shareable, device nGnRE. */
	uint64_t out, attrs;
	CHECK_EQ_INT(pt_lookup(vs->root, 0x2000, &out, &attrs), PT_OK);
	CHECK_EQ_U64(attrs & 0x3c, 0x3c);
	CHECK_EQ_U64(attrs & (3 << 8), 3 << 8);
	CHECK_EQ_INT(pt_lookup(vs->root, 0x3000, &out, &attrs), PT_OK);
	CHECK_EQ_U64(attrs & 0x3c, 0x04);
	vspace_destroy(handle);
	CHECK(vspace_get(handle) == NULL);
}

TEST(address_space_ids_are_not_reused_with_the_same_handle)
{
	uint64_t h1, h2;
	pte_t *root = fresh_root(POOL);
	CHECK_EQ_INT(vspace_create(root, &h1), 0);
	vspace_destroy(h1);
	CHECK_EQ_INT(vspace_create(root, &h2), 0);
	CHECK((h1 & 0xffff) == (h2 & 0xffff)); /* same id, */
	CHECK(h1 != h2);		       /* another generation */
	CHECK(vspace_get(h1) == NULL);
	CHECK(vspace_get(h2) != NULL);
	vspace_destroy(h2);
}

TEST(vmids_are_given_and_taken_back)
{
	static uint64_t handles[300];
	pte_t *root = fresh_root(POOL);
	for (int i = 0; i < 300; i++) {
		CHECK_EQ_INT(vspace_create(root, &handles[i]), 0);
		vspace_activate(vspace_get(handles[i]));
		CHECK(vspace_get(handles[i])->vmid != 0);
	}
	/* 255 VMIDs for 300 spaces: the first ones lost theirs, with a TLB flush each. */
	CHECK_EQ_INT(vspace_get(handles[0])->vmid, 0);
	CHECK(fake_tlb_flushes >= 45);
	for (int i = 1; i < 300; i++)
		if (vspace_get(handles[i])->vmid)
			for (int j = 0; j < i; j++)
				CHECK(vspace_get(handles[j])->vmid != vspace_get(handles[i])->vmid);
	for (int i = 0; i < 300; i++)
		vspace_destroy(handles[i]);
}

int main(void) { return check_run(); }
