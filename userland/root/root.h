/* SPDX-License-Identifier: BSD-2-Clause */
/* The root resource manager: builds the system the boot archive's spec describes. */
#ifndef ROOT_H
#define ROOT_H

#include <elf.h>
#include <stdbool.h>
#include <stddef.h>
#include <tessera/root.h>
#include <tessera/spec_format.h>
#include <tessera/user.h>

#define ROOT_MAX_COMPONENTS TSR_COMPONENTS_MAX
#define ROOT_MAX_REGIONS TSR_REGIONS_MAX
#define ROOT_MAX_REGION_FRAMES TSR_REGION_FRAMES_MAX

/* The spec, checked, and where each part of it is. */
struct spec {
	const struct tsr_spec_header *hdr;
	const struct tsr_spec_component *comp;
	const struct tsr_spec_region *region;
	const struct tsr_spec_map *map;
	const struct tsr_spec_cap *cap;
	const struct tsr_spec_irq *irq;
	const struct tsr_spec_patch *patch;
};

/* What the root keeps of each component it built. */
struct component {
	const struct tsr_spec_component *spec;
	const unsigned char *image; /* its ELF in the archive */
	struct elf_image elf;
	tsr_cap tcb, cnode, vspace, endpoint, notification, utcb, vcpu;
	tsr_cap sc, timing; /* its scheduling context; a periodic task's timing handler */
	unsigned restarts;
	unsigned long window; /* where the root maps its image, stack and UTCB */
};

extern struct tsr_root root;
extern struct component components[ROOT_MAX_COMPONENTS];

/* archive.c: the boot archive linked into the root's image. NULL and *why on error. */
const unsigned char *archive_file(const char *name, size_t *size, const char **why);
bool spec_load(struct spec *s, const char **why);

/* build.c */
bool build_system(const struct spec *s);
/* Put a component back to its initial image and start it again (a VMM with its VM). */
bool restart_component(struct component *c);
/* Suspend the vCPU threads of the VM that c serves as VMM (none for other components);
 * returns how many. */
unsigned suspend_guests(const struct component *c);

/* The endpoint on which the root manager receives components' faults. */
tsr_cap root_fault_endpoint(void);

/* A message and stop: the system cannot be built. */
__attribute__((noreturn)) void root_fail(const char *what, const char *detail);

#endif
