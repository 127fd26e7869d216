/* SPDX-License-Identifier: BSD-2-Clause */
/* Address spaces: one stage-2 table and VMID, for native components and guests alike. */
#ifndef VSPACE_H
#define VSPACE_H

#include <addr.h>
#include <pgtable.h>
#include <stdbool.h>

enum vs_rights { VS_R = 1, VS_W = 2, VS_X = 4 };
enum vs_memory { VS_NORMAL, VS_DEVICE };

struct vspace {
	pte_t *root;
	uint16_t vmid;
};

int vspace_init(struct vspace *vs, uint16_t vmid, const struct pt_alloc *alloc);
int vspace_map(struct vspace *vs, ipaddr_t ipa, paddr_t pa, uint64_t size, unsigned rights,
	       enum vs_memory mem, const struct pt_alloc *alloc);
/* The physical address behind ipa if it is mapped with at least `rights`. */
bool vspace_translate(const struct vspace *vs, ipaddr_t ipa, unsigned rights, paddr_t *pa);
/* Install vs as the stage-2 translation of EL0/EL1 (arch). */
void vspace_activate(const struct vspace *vs);

#endif
