/* SPDX-License-Identifier: BSD-2-Clause */
/* The boot archive and the spec: found, checked, and checked against each other. */
#include "root.h"
#include <mem.h>

extern const unsigned char tsr_archive[];
extern const uint64_t tsr_archive_size;

static uint32_t crc32(const unsigned char *p, size_t n)
{
	uint32_t c = 0xffffffffU;
	while (n--) {
		c ^= *p++;
		for (int k = 0; k < 8; k++)
			c = (c >> 1) ^ (0xedb88320U & (0U - (c & 1)));
	}
	return ~c;
}

static bool name_is(const char name[32], const char *s)
{
	return strnlen(name, 32) < 32 && !strcmp(name, s);
}

const unsigned char *archive_file(const char *name, size_t *size, const char **why)
{
	const struct tsr_archive_header *h = (const struct tsr_archive_header *)tsr_archive;
	size_t total = tsr_archive_size;
	if (total < sizeof(*h) || h->magic != TSR_ARCHIVE_MAGIC) {
		*why = "no boot archive in the image (bad magic)";
		return NULL;
	}
	const struct tsr_archive_entry *e = (const struct tsr_archive_entry *)(h + 1);
	if (h->count > (total - sizeof(*h)) / sizeof(*e)) {
		*why = "boot archive directory is truncated";
		return NULL;
	}
	for (uint32_t i = 0; i < h->count; i++) {
		if (!name_is(e[i].name, name))
			continue;
		if (e[i].offset > total || e[i].size > total - e[i].offset) {
			*why = "boot archive entry runs past its end";
			return NULL;
		}
		*size = e[i].size;
		return tsr_archive + e[i].offset;
	}
	*why = "not in the boot archive";
	return NULL;
}

/* The arrays follow the header in a fixed order; each must fit in the spec. */
static const void *array(const unsigned char **at, const unsigned char *end, size_t n, size_t size)
{
	const unsigned char *p = *at;
	if (n > (size_t)(end - p) / size)
		return NULL;
	*at = p + n * size;
	return p;
}

bool spec_load(struct spec *s, const char **why)
{
	size_t size;
	const unsigned char *p = archive_file("spec", &size, why);
	if (!p)
		return false;
	const struct tsr_spec_header *h = (const struct tsr_spec_header *)p;
	if (size < sizeof(*h) || h->magic != TSR_SPEC_MAGIC) {
		*why = "spec: bad magic";
		return false;
	}
	if (h->version != TSR_SPEC_VERSION) {
		*why = "spec: version differs from this root manager's";
		return false;
	}
	if (h->size != size || size < 24) {
		*why = "spec: size does not match its archive entry";
		return false;
	}
	if (crc32(p + 24, size - 24) != h->crc32) {
		*why = "spec: checksum mismatch (corrupted)";
		return false;
	}
	const unsigned char *at = p + sizeof(*h), *end = p + size;
	s->hdr = h;
	s->comp = array(&at, end, h->ncomponents, sizeof(*s->comp));
	s->region = array(&at, end, h->nregions, sizeof(*s->region));
	s->map = array(&at, end, h->nmaps, sizeof(*s->map));
	s->cap = array(&at, end, h->ncaps, sizeof(*s->cap));
	s->irq = array(&at, end, h->nirqs, sizeof(*s->irq));
	s->patch = array(&at, end, h->npatches, sizeof(*s->patch));
	if (!s->comp || !s->region || !s->map || !s->cap || !s->irq || !s->patch) {
		*why = "spec: its arrays run past its end";
		return false;
	}
	if (h->nregions > ROOT_MAX_REGIONS) {
		*why = "spec: more regions than the root manager supports";
		return false;
	}
	if (h->ncomponents > ROOT_MAX_COMPONENTS) {
		*why = "spec: more components than the root manager supports";
		return false;
	}
	/* Every index in range: the tool checked, but the archive is data. */
	for (uint32_t i = 0; i < h->nmaps; i++)
		if (s->map[i].component >= h->ncomponents || s->map[i].region >= h->nregions) {
			*why = "spec: a mapping names a component or region that does not exist";
			return false;
		}
	for (uint32_t i = 0; i < h->ncaps; i++)
		if (s->cap[i].component >= h->ncomponents || s->cap[i].target >= h->ncomponents ||
		    s->cap[i].channel >= TSR_CHANNELS) {
			*why = "spec: a channel names a component or id that does not exist";
			return false;
		}
	for (uint32_t i = 0; i < h->nirqs; i++)
		if (s->irq[i].component >= h->ncomponents || s->irq[i].channel >= TSR_CHANNELS) {
			*why = "spec: an interrupt names a component or id that does not exist";
			return false;
		}
	for (uint32_t i = 0; i < h->npatches; i++)
		if (s->patch[i].component >= h->ncomponents) {
			*why = "spec: a patch names a component that does not exist";
			return false;
		}
	for (uint32_t i = 0; i < h->ncomponents; i++) {
		const struct tsr_spec_component *c = &s->comp[i];
		bool guest = c->flags & TSR_COMPONENT_GUEST;
		if (c->fault_handler >= (int32_t)h->ncomponents ||
		    (guest && c->fault_handler < 0)) {
			*why = "spec: a fault handler (or a VM's VMM) that does not exist";
			return false;
		}
		/* vCPU n of a VM follows vCPU 0, whose address space it shares */
		if (guest &&
		    (c->vcpu >= TSR_VM_VCPUS_MAX || c->vcpu > i || s->comp[i - c->vcpu].vcpu != 0 ||
		     s->comp[i - c->vcpu].fault_handler != c->fault_handler)) {
			*why = "spec: a VM's vCPU without its vCPU 0";
			return false;
		}
	}
	for (uint32_t r = 0; r < h->nregions; r++) {
		size_t bytes;
		const struct tsr_spec_region *g = &s->region[r];
		if (g->file[0] && (g->flags & TSR_REGION_DEVICE ||
				   !archive_file(g->file, &bytes, why) || bytes > g->size)) {
			*why = "spec: a region's file is missing or larger than the region";
			return false;
		}
	}
	return true;
}
