/* SPDX-License-Identifier: BSD-2-Clause */
/* Stage-2 address spaces: attribute encoding and rights checks over the walker. */
#include <vspace.h>

/* Stage-2 descriptor fields (VMSAv8-64). */
#define S2_MEMATTR_NORMAL_WB (0xfULL << 2)
#define S2_MEMATTR_DEVICE_NGNRE (0x1ULL << 2)
#define S2_AP_R (1ULL << 6)
#define S2_AP_W (1ULL << 7)

static uint64_t s2_attrs(unsigned rights, enum vs_memory mem)
{
	uint64_t a =
	    mem == VS_DEVICE ? S2_MEMATTR_DEVICE_NGNRE : S2_MEMATTR_NORMAL_WB | PTE_SH_INNER;
	if (rights & VS_R)
		a |= S2_AP_R;
	if (rights & VS_W)
		a |= S2_AP_W;
	if (!(rights & VS_X) || mem == VS_DEVICE)
		a |= PTE_XN;
	return a;
}

int vspace_init(struct vspace *vs, uint16_t vmid, const struct pt_alloc *alloc)
{
	vs->root = alloc->table(alloc->ctx);
	vs->vmid = vmid;
	return vs->root ? PT_OK : PT_ERR_NOMEM;
}

int vspace_map(struct vspace *vs, ipaddr_t ipa, paddr_t pa, uint64_t size, unsigned rights,
	       enum vs_memory mem, const struct pt_alloc *alloc)
{
	return pt_map(vs->root, ipa_addr(ipa), pa_addr(pa), size, s2_attrs(rights, mem), alloc);
}

bool vspace_translate(const struct vspace *vs, ipaddr_t ipa, unsigned rights, paddr_t *pa)
{
	uint64_t out, attrs;
	if (pt_lookup(vs->root, ipa_addr(ipa), &out, &attrs) != PT_OK)
		return false;
	if (((rights & VS_R) && !(attrs & S2_AP_R)) || ((rights & VS_W) && !(attrs & S2_AP_W)) ||
	    ((rights & VS_X) && (attrs & PTE_XN)))
		return false;
	*pa = pa_init(out);
	return true;
}
