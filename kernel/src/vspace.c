/* SPDX-License-Identifier: BSD-2-Clause */
/* Stage-2 address vspace_table: ids, VMIDs, frame and page-table mappings. */
#include <arch/sysreg.h>
#include <smp.h>
#include <stddef.h>
#include <vspace.h>

/* Stage-2 descriptor fields (VMSAv8-64). */
#define S2_MEMATTR_NORMAL_WB (0xfULL << 2)
#define S2_MEMATTR_DEVICE_NGNRE (0x1ULL << 2)
#define S2_AP_R (1ULL << 6)
#define S2_AP_W (1ULL << 7)

#define VMIDS 256 /* 8-bit VMIDs; 0 is never given */

struct vspace vspace_table[VSPACE_IDS];
static uint16_t vmid_owner[VMIDS]; /* id + 1 of the space holding each VMID, 0: free */
static uint16_t vmid_next = 1;	   /* where the search for a VMID starts */

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

static uint64_t handle_of(const struct vspace *vs)
{
	return (uint64_t)(vs - vspace_table) | (uint64_t)vs->gen << 16;
}

int vspace_create(pte_t *root, uint64_t *handle)
{
	for (unsigned id = 0; id < VSPACE_IDS; id++) {
		if (!vspace_table[id].root) {
			vspace_table[id].root = root;
			if (++vspace_table[id].gen == 0)
				vspace_table[id].gen =
				    1; /* handles are never 0: 0 means unmapped */
			vspace_table[id].vmid = 0;
			*handle = handle_of(&vspace_table[id]);
			return 0;
		}
	}
	return -TSR_ENOMEM;
}

unsigned vspace_ids_free(void)
{
	unsigned n = 0;
	for (unsigned id = 0; id < VSPACE_IDS; id++)
		n += !vspace_table[id].root;
	return n;
}

static void release_vmid(struct vspace *vs)
{
	if (!vs->vmid)
		return;
	arch_tlb_flush_vmid(vs->vmid);
	vmid_owner[vs->vmid] = 0;
	vs->vmid = 0;
}

void vspace_destroy(uint64_t handle)
{
	struct vspace *vs = vspace_get(handle);
	if (vs) {
		release_vmid(vs);
		vs->root = NULL;
	}
}

void vspace_assign_vmid(struct vspace *vs)
{
	{
		/* A free VMID, else the next one round the ring, taken back from its owner
		 * (never one installed on a CPU: there are more VMIDs than CPUs). */
		uint16_t v = vmid_next;
		for (unsigned i = 0; i < VMIDS - 1 && vmid_owner[v]; i++)
			v = v % (VMIDS - 1) + 1;
		while (vmid_owner[v] && smp_vspace_in_use(&vspace_table[vmid_owner[v] - 1]))
			v = v % (VMIDS - 1) + 1;
		if (vmid_owner[v])
			release_vmid(&vspace_table[vmid_owner[v] - 1]);
		vs->vmid = v;
		vmid_owner[v] = (uint16_t)(vs - vspace_table) + 1;
		vmid_next = v % (VMIDS - 1) + 1;
	}
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

bool vspace_range(const struct vspace *vs, uint64_t addr, uint64_t len, unsigned rights)
{
	paddr_t pa;
	if (!len) /* nothing is read or written */
		return true;
	if (!vs || addr + len < addr || addr + len - 1 >= PT_INPUT_LIMIT)
		return false;
	for (uint64_t p = ALIGN_DOWN(addr, PAGE_SIZE); p < addr + len; p += PAGE_SIZE)
		if (!vspace_translate(vs, ipa_init(p), rights, &pa))
			return false;
	return true;
}

void *vspace_piece(const struct vspace *vs, uint64_t addr, uint64_t len, unsigned rights,
		   uint64_t *n)
{
	paddr_t pa = pa_init(0);
	uint64_t room = PAGE_SIZE - (addr & (PAGE_SIZE - 1));
	vspace_translate(vs, ipa_init(addr), rights, &pa); /* checked by vspace_range */
	*n = room < len ? room : len;
	return pa_to_ptr(pa);
}

static int frame_level(const struct cap *c) { return c->size_bits == 21 ? 2 : 3; }

void vspace_unmap_cap(struct cap *cap)
{
	struct vspace *vs = cap->a ? vspace_get(cap->a) : NULL;
	pte_t *e;
	if (vs && cap->type == TSR_OBJ_PAGE_TABLE) {
		if (pt_entry(vs->root, cap->b, (int)cap->level - 1, &e) == PT_OK &&
		    *e == pte_table(cap->obj)) {
			*e = 0;
			if (vs->vmid)
				arch_tlb_flush_vmid(vs->vmid);
		}
	} else if (vs) {
		/* Only if the entry is still this frame's: a table on the way may have gone. */
		if (pt_entry(vs->root, cap->b, frame_level(cap), &e) == PT_OK && (*e & PTE_VALID) &&
		    pte_addr(*e) == cap->obj) {
			*e = 0;
			if (vs->vmid)
				arch_tlb_flush_ipa(vs->vmid, cap->b);
		}
	}
	cap->a = cap->b = 0;
}

static struct vspace *lookup_vspace(uint64_t cptr, long *err,
				    struct cte *(*lookup)(uint64_t cptr, long *err))
{
	struct cte *s = lookup(cptr, err);
	if (!s)
		return NULL;
	if (s->cap.type != TSR_OBJ_VSPACE) {
		*err = -TSR_ECAPTYPE;
		return NULL;
	}
	struct vspace *vs = vspace_get(s->cap.a);
	if (!vs)
		*err = -TSR_ESTATE;
	return vs;
}

long frame_invoke(struct cte *frame, uint64_t method, const uint64_t *args, uint64_t *result,
		  struct cte *(*lookup)(uint64_t cptr, long *err))
{
	struct cap *c = &frame->cap;
	long err = 0;
	pte_t *e;

	switch (method) {
	case TSR_FRAME_ADDRESS:
		*result = c->obj;
		return 0;
	case TSR_FRAME_UNMAP:
		if (!c->a)
			return -TSR_ENOTMAPPED;
		vspace_unmap_cap(c);
		return 0;
	case TSR_FRAME_MAP: /* vspace, address, rights, attributes */
		break;
	default:
		return -TSR_ENOSYS;
	}
	struct vspace *vs = lookup_vspace(args[0], &err, lookup);
	uint64_t ipa = args[1], size = 1ULL << c->size_bits;
	uint64_t rights = args[2];
	if (!vs)
		return err;
	if (rights == 0 || rights > (VS_R | VS_W | VS_X) || args[3] > TSR_DEVICE)
		return -TSR_EINVAL;
	if (rights & ~(uint64_t)c->rights)
		return -TSR_ERIGHTS;
	if (!IS_ALIGNED(ipa, size))
		return -TSR_EALIGN;
	if (ipa >= PT_INPUT_LIMIT)
		return -TSR_EINVAL;
	if (c->a)
		return -TSR_EEXISTS; /* this capability already maps the frame */
	int r = pt_entry(vs->root, ipa, frame_level(c), &e);
	if (r == PT_ERR_NOTABLE)
		return -TSR_ENOTABLE;
	if (r != PT_OK || (*e & PTE_VALID))
		return -TSR_EEXISTS;

	enum vs_memory mem = args[3] == TSR_DEVICE ? VS_DEVICE : VS_NORMAL;
	*e = pte_leaf(c->obj, s2_attrs((unsigned)rights, mem), frame_level(c));
	dsb_ishst();
	c->a = handle_of(vs);
	c->b = ipa;
	return 0;
}

long page_table_invoke(struct cte *pt, uint64_t method, const uint64_t *args,
		       struct cte *(*lookup)(uint64_t cptr, long *err))
{
	struct cap *c = &pt->cap;
	long err = 0;
	pte_t *e;
	int level;

	if (method == TSR_PAGE_TABLE_UNMAP) {
		if (!c->a)
			return -TSR_ENOTMAPPED;
		vspace_unmap_cap(c);
		return 0;
	}
	if (method != TSR_PAGE_TABLE_MAP)
		return -TSR_ENOSYS;
	struct vspace *vs = lookup_vspace(args[0], &err, lookup);
	if (!vs)
		return err;
	if (args[1] >= PT_INPUT_LIMIT)
		return -TSR_EINVAL;
	if (c->a)
		return -TSR_EEXISTS;
	if (pt_table_slot(vs->root, args[1], &e, &level) != PT_OK)
		return -TSR_EEXISTS;
	*e = pte_table(c->obj);
	dsb_ishst();
	c->a = handle_of(vs);
	c->b = ALIGN_DOWN(args[1], 1ULL << PT_LEVEL_SHIFT(level - 1));
	c->level = (uint32_t)level;
	return 0;
}
