/* SPDX-License-Identifier: BSD-2-Clause */
/* Host unit tests for the guest library's device tree reader (libs/guest/src/fdt.c). */
#include <stdbool.h>
#include <stdint.h>

#include "check.h"
#include "dtb.h"
#include <tessera/guest.h>

static struct tsr_fdt open_guest(uint8_t **blob, size_t *size)
{
	struct tsr_fdt t = {0};
	*blob = load("guest", size);
	CHECK(tsr_fdt_open(&t, *blob, *size));
	return t;
}

TEST(paths_and_names)
{
	size_t size;
	uint8_t *b;
	struct tsr_fdt t = open_guest(&b, &size);

	int root = tsr_fdt_path(&t, "/");
	CHECK(root >= 0);
	CHECK_EQ_STR(tsr_fdt_name(&t, root), "");
	CHECK_EQ_STR(tsr_fdt_name(&t, tsr_fdt_path(&t, "/chosen")), "chosen");
	CHECK_EQ_STR(tsr_fdt_name(&t, tsr_fdt_path(&t, "/memory")), "memory@40000000");
	CHECK_EQ_STR(tsr_fdt_name(&t, tsr_fdt_path(&t, "/memory@40000000")), "memory@40000000");
	CHECK_EQ_STR(tsr_fdt_name(&t, tsr_fdt_path(&t, "/hypervisor/channels/channel@3")),
		     "channel@3");
	CHECK_EQ_STR(tsr_fdt_name(&t, tsr_fdt_path(&t, "/cpus/cpu@0")), "cpu@0");
	/* No such node, a name only a prefix of one, a grandchild asked as a child. */
	CHECK_EQ_INT(tsr_fdt_path(&t, "/nothing"), -1);
	CHECK_EQ_INT(tsr_fdt_path(&t, "/chose"), -1);
	CHECK_EQ_INT(tsr_fdt_path(&t, "/console"), -1);
	CHECK_EQ_INT(tsr_fdt_path(&t, "/hypervisor/nothing"), -1);
	CHECK_EQ_INT(tsr_fdt_path(&t, "chosen"), -1);
	CHECK(tsr_fdt_name(&t, -1) == NULL);
	CHECK(tsr_fdt_name(&t, 1) == NULL); /* not a node's offset */
	CHECK_EQ_STR(tsr_fdt_bootargs(&t), "instance=2 mode=crash");
	free(b);
}

TEST(find_by_compatible_and_label)
{
	size_t size;
	uint8_t *b;
	struct tsr_fdt t = open_guest(&b, &size);
	uint64_t addr, len;

	int echo = tsr_fdt_find(&t, TSR_DT_CHANNEL, "echo");
	CHECK_EQ_STR(tsr_fdt_name(&t, echo), "channel@2");
	CHECK(tsr_fdt_reg(&t, echo, 0, &addr, &len)); /* #address-cells 1, #size-cells 0 */
	CHECK_EQ_U64(addr, 2);
	CHECK_EQ_U64(len, 0);
	CHECK(!tsr_fdt_reg(&t, echo, 1, &addr, &len));
	CHECK_EQ_STR(tsr_fdt_string(&t, echo, "tessera,kind"), "call");
	CHECK_EQ_STR(tsr_fdt_name(&t, tsr_fdt_find(&t, TSR_DT_CHANNEL, "blk-doorbell")),
		     "channel@3");
	CHECK_EQ_STR(tsr_fdt_name(&t, tsr_fdt_find(&t, TSR_DT_CHANNEL, NULL)), "channel@2");
	/* A label on a node of another compatible, a label that is not there. */
	CHECK_EQ_INT(tsr_fdt_find(&t, TSR_DT_REGION, "echo"), -1);
	CHECK_EQ_INT(tsr_fdt_find(&t, TSR_DT_CHANNEL, "blk"), -1);
	CHECK_EQ_INT(tsr_fdt_find(&t, "tessera", NULL), -1);

	int data = tsr_fdt_find(&t, TSR_DT_REGION, "blk-data");
	CHECK(tsr_fdt_reg(&t, data, 0, &addr, &len)); /* the root's 2 and 2 */
	CHECK_EQ_U64(addr, 0x7f00000000);
	CHECK_EQ_U64(len, 0x100000);
	uint32_t n = 1;
	CHECK(tsr_fdt_prop(&t, data, "read-only", &n) != NULL);
	CHECK_EQ_INT(n, 0);
	CHECK(tsr_fdt_prop(&t, tsr_fdt_find(&t, TSR_DT_REGION, "blk-ring"), "read-only", &n) ==
	      NULL);

	/* The second string of a compatible list; two reg entries. */
	CHECK_EQ_STR(tsr_fdt_name(&t, tsr_fdt_find(&t, "arm,psci-0.2", NULL)), "psci");
	int gic = tsr_fdt_find(&t, "arm,gic-v3", NULL);
	CHECK(tsr_fdt_reg(&t, gic, 1, &addr, &len));
	CHECK_EQ_U64(addr, TSR_GUEST_GICR);
	CHECK_EQ_U64(len, 0x20000);
	CHECK(!tsr_fdt_reg(&t, gic, 2, &addr, &len));
	CHECK(!tsr_fdt_reg(&t, tsr_fdt_path(&t, "/"), 0, &addr, &len)); /* the root */
	CHECK(!tsr_fdt_reg(&t, -1, 0, &addr, &len));
	free(b);
}

TEST(cells_and_strings)
{
	size_t size;
	uint8_t *b;
	struct tsr_fdt t = open_guest(&b, &size);
	uint32_t v = 0;

	int hyp = tsr_fdt_find(&t, TSR_DT_HYPERVISOR, NULL);
	CHECK(tsr_fdt_u32(&t, hyp, "interrupts", 0, &v));
	CHECK_EQ_INT(v, 1);
	CHECK(tsr_fdt_u32(&t, hyp, "interrupts", 1, &v));
	CHECK_EQ_INT(v, 15);
	CHECK(tsr_fdt_u32(&t, hyp, "interrupts", 2, &v));
	CHECK_EQ_INT(v, 4);
	CHECK(!tsr_fdt_u32(&t, hyp, "interrupts", 3, &v));
	CHECK(!tsr_fdt_u32(&t, hyp, "nothing", 0, &v));
	CHECK_EQ_STR(tsr_fdt_string(&t, hyp, "compatible"), TSR_DT_HYPERVISOR);
	/* A property without a NUL holds no string. */
	CHECK(tsr_fdt_string(&t, tsr_fdt_path(&t, "/"), "test,unterminated") == NULL);
	CHECK(tsr_fdt_string(&t, -1, "compatible") == NULL);

	/* 64-bit properties: 8 bytes exactly. */
	uint64_t w = 0;
	int chosen = tsr_fdt_path(&t, "/chosen");
	CHECK(tsr_fdt_u64(&t, chosen, "linux,initrd-start", &w));
	CHECK_EQ_U64(w, 0x7f00001000);
	CHECK(tsr_fdt_u64(&t, chosen, "linux,initrd-end", &w));
	CHECK_EQ_U64(w, 0x7f00001123);
	CHECK(!tsr_fdt_u64(&t, tsr_fdt_find(&t, TSR_DT_REGION, "blk-data"), "reg",
			   &w)); /* 16 bytes */
	CHECK(!tsr_fdt_u64(&t, chosen, "test,short", &w));
	CHECK(!tsr_fdt_u64(&t, chosen, "nothing", &w));
	CHECK(!tsr_fdt_u64(&t, -1, "linux,initrd-start", &w));
	CHECK_EQ_U64(w, 0x7f00001123); /* untouched */
	free(b);
}

TEST(header)
{
	size_t size;
	uint8_t *b = load("guest", &size), *c = dup_exact(b, size);
	struct tsr_fdt t;

	CHECK(tsr_fdt_open(&t, b, size + 100));
	CHECK(!tsr_fdt_open(&t, b, size - 1));
	CHECK(!tsr_fdt_open(&t, NULL, size));
	c[0] ^= 1;
	CHECK(!tsr_fdt_open(&t, c, size));
	const uint32_t fields[][2] = {
	    {H_VERSION, 16},
	    {H_LAST_COMP, 18},
	    {H_STRUCT, 2},
	    {H_STRUCT, 41}, /* not 4-byte aligned */
	    {H_STRUCT_SIZE, (uint32_t)size},
	    {H_STRINGS, (uint32_t)size + 1},
	    {H_STRINGS_SIZE, get_be32(b + H_STRINGS_SIZE) - 1}, /* the last name unterminated */
	    {H_TOTAL, 0xfffffff0},
	};
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		memcpy(c, b, size);
		set_be32(c + fields[i][0], fields[i][1]);
		if (tsr_fdt_open(&t, c, size))
			CHECK_EQ_INT(fields[i][0], -1); /* names the field that passed */
	}
	free(c);
	free(b);
}

/* Everything a guest asks of a tree, on a damaged one: must not read outside it. */
static void ask_everything(const uint8_t *blob, size_t size)
{
	struct tsr_fdt t;
	uint64_t a, s;
	uint32_t v;
	if (!tsr_fdt_open(&t, blob, size))
		return;
	tsr_fdt_bootargs(&t);
	tsr_fdt_reg(&t, tsr_fdt_find(&t, TSR_DT_CHANNEL, "blk-doorbell"), 0, &a, &s);
	tsr_fdt_reg(&t, tsr_fdt_find(&t, TSR_DT_REGION, "blk-data"), 0, &a, &s);
	tsr_fdt_u32(&t, tsr_fdt_path(&t, "/hypervisor"), "interrupts", 1, &v);
	tsr_fdt_u64(&t, tsr_fdt_path(&t, "/chosen"), "linux,initrd-end", &a);
	tsr_fdt_name(&t, tsr_fdt_path(&t, "/hypervisor/channels/channel@3"));
}

TEST(damaged_blobs)
{
	size_t size;
	uint8_t *b = load("guest", &size);

	/* Every byte of the structure and strings blocks set to a few values... */
	const uint8_t values[] = {0x00, 0x01, 0x03, 0x09, 0x7f, 0xff};
	uint8_t *c = dup_exact(b, size);
	for (size_t at = get_be32(b + H_STRUCT); at < size; at++) {
		for (size_t k = 0; k < sizeof(values); k++) {
			c[at] = values[k];
			ask_everything(c, size);
		}
		c[at] = b[at];
	}
	/* ...and the blob cut short, with totalsize saying so. */
	for (size_t n = 40; n < size; n++) {
		uint8_t *d = dup_exact(b, n);
		set_be32(d + H_TOTAL, (uint32_t)n);
		ask_everything(d, n);
		free(d);
	}
	CHECK(true); /* the address sanitizer is the judge */
	free(c);
	free(b);
}

int main(void) { return check_run(); }
