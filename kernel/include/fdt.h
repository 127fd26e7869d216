/* SPDX-License-Identifier: BSD-2-Clause */
/* Minimal flattened device tree (DTB) reader: memory, bootargs. */
#ifndef TESSERA_FDT_H
#define TESSERA_FDT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * The blob may be untrusted: every offset and length is checked against
 * max_size and the block bounds, and it is read only with byte loads (safe
 * with the MMU off, whatever the alignment).
 */

#define FDT_MAGIC 0xd00dfeedu
#define FDT_MAX_MEM 8

#define FDT_ERR_MAGIC (-1)     /* no FDT magic */
#define FDT_ERR_VERSION (-2)   /* version < 16 or last_comp_version > 17 */
#define FDT_ERR_TRUNCATED (-3) /* a header field or block lies past the end */
#define FDT_ERR_BADSTRUCT (-4) /* malformed structure block or property */
#define FDT_ERR_NOTFOUND (-5)  /* no memory node with a region */

struct fdt_region {
	uint64_t base, size;
};

/*
 * Check the header: magic, version, totalsize <= max_size and every block
 * (memory reservation map up to its terminator, structure, strings) inside
 * totalsize. Return 0 or a negative FDT_ERR_*.
 */
int fdt_check(const void *blob, size_t max_size);

/*
 * Fill up to max regions from the reg properties of the top-level memory
 * nodes (device_type "memory", or named "memory" or "memory@..."), decoded
 * with the root's #address-cells/#size-cells (default 2 and 1; only 1 or 2
 * are supported). Regions of size 0 are skipped; extra regions are dropped.
 * The whole structure block is validated first. Return the number of regions
 * stored, FDT_ERR_NOTFOUND if the tree describes no memory at all, or another
 * negative FDT_ERR_*.
 */
int fdt_memory(const void *blob, size_t max_size, struct fdt_region *regions, int max);

/*
 * Return the /chosen node's "bootargs" string, or NULL if it is absent, not
 * NUL-terminated inside its property, or the blob is malformed.
 */
const char *fdt_bootargs(const void *blob, size_t max_size);

/* True if the space-separated word list args (may be NULL) contains word. */
bool fdt_arg_present(const char *args, const char *word);

#endif /* TESSERA_FDT_H */
