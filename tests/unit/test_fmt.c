/* SPDX-License-Identifier: BSD-2-Clause */
/* Host unit tests for libs/fmt: conversions, flags, widths, truncation. */
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>

#include "check.h"
#include "fmt.h"

static char buf[512];

/* fmt_snprintf into buf; the output and the return value must match expect. */
#define EXPECT(expect, ...)                                           \
	do {                                                          \
		int n_ = fmt_snprintf(buf, sizeof(buf), __VA_ARGS__); \
		CHECK_EQ_STR(buf, expect);                            \
		CHECK_EQ_INT(n_, (int)strlen(expect));                \
	} while (0)

/* No format attribute: lets the tests pass formats the compiler would flag. */
static int raw(char *out, size_t size, const char *format, ...)
{
	va_list ap;
	int n;

	va_start(ap, format);
	n = fmt_vsnprintf(out, size, format, ap);
	va_end(ap);
	return n;
}

#define EXPECT_RAW(expect, ...)                              \
	do {                                                 \
		int n_ = raw(buf, sizeof(buf), __VA_ARGS__); \
		CHECK_EQ_STR(buf, expect);                   \
		CHECK_EQ_INT(n_, (int)strlen(expect));       \
	} while (0)

TEST(plain_text)
{
	EXPECT("", "%s", "");
	EXPECT_RAW("", "");
	EXPECT("hello, world\n", "hello, world\n");
	EXPECT("100%", "100%%");
	EXPECT("%%", "%%%%");
}

TEST(signed_decimal)
{
	EXPECT("0", "%d", 0);
	EXPECT("42 -42", "%d %i", 42, -42);
	EXPECT("2147483647", "%d", INT_MAX);
	EXPECT("-2147483648", "%d", INT_MIN);
	EXPECT("-9223372036854775808", "%lld", (long long)INT64_MIN);
	EXPECT("9223372036854775807", "%lld", (long long)INT64_MAX);
	EXPECT("-9223372036854775808", "%ld", LONG_MIN);
	EXPECT("-1", "%hhd", 255);
	EXPECT("127 -128", "%hhd %hhd", 127, 128);
	EXPECT("-1", "%hd", 65535);
	EXPECT("-32768", "%hi", 32768);
	EXPECT("-5", "%zd", (ptrdiff_t)-5);
}

TEST(unsigned_decimal)
{
	EXPECT("0", "%u", 0u);
	EXPECT("4294967295", "%u", UINT_MAX);
	EXPECT("18446744073709551615", "%llu", (unsigned long long)UINT64_MAX);
	EXPECT("18446744073709551615", "%lu", ULONG_MAX);
	EXPECT("18446744073709551615", "%zu", SIZE_MAX);
	EXPECT("5", "%hhu", 261);
	EXPECT("4464", "%hu", 70000);
}

TEST(hex)
{
	EXPECT("deadbeef", "%x", 0xdeadbeefu);
	EXPECT("DEADBEEF", "%X", 0xdeadbeefu);
	EXPECT("0", "%x", 0u);
	EXPECT("ffffffffffffffff", "%llx", (unsigned long long)UINT64_MAX);
	EXPECT("FFFFFFFFFFFFFFFF", "%lX", (unsigned long)UINT64_MAX);
	EXPECT("8000000000000000", "%zx", (size_t)1 << 63);
	EXPECT("ff", "%hhx", 0x1ff);
	EXPECT("ffff", "%hx", -1);
	EXPECT("0xff 0XFF", "%#x %#X", 0xffu, 0xffu);
	EXPECT("0", "%#x", 0u);
	EXPECT("0x000000ff", "%#010x", 0xffu);
	EXPECT("  0xff", "%#6x", 0xffu);
	EXPECT("0xff  |", "%-#6x|", 0xffu);
}

TEST(width_and_flags)
{
	EXPECT("   42", "%5d", 42);
	EXPECT("42   |", "%-5d|", 42);
	EXPECT("00042", "%05d", 42);
	EXPECT("-0042", "%05d", -42);
	EXPECT("  -42", "%5d", -42);
	EXPECT_RAW("42   |", "%-05d|", 42);
	EXPECT("42", "%1d", 42);
	EXPECT("    ab", "%6s", "ab");
	EXPECT("ab    |", "%-6s|", "ab");
	EXPECT("  x", "%3c", 'x');
	EXPECT("x  |", "%-3c|", 'x');
	EXPECT("    7", "%*d", 5, 7);
	EXPECT("7    |", "%*d|", -5, 7);
	EXPECT("7    |", "%-*d|", 5, 7);
	EXPECT("  -9223372036854775808", "%22lld", (long long)INT64_MIN);
	EXPECT("-009223372036854775808", "%022lld", (long long)INT64_MIN);
	EXPECT("-9223372036854775808  |", "%-22lld|", (long long)INT64_MIN);
	EXPECT("00000000ffffffffffffffff", "%024llx", (unsigned long long)UINT64_MAX);
}

TEST(precision)
{
	EXPECT("abc", "%.3s", "abcdef");
	EXPECT("ab", "%.*s", 2, "abcdef");
	EXPECT("", "%.0s", "abcdef");
	EXPECT("", "%.s", "abcdef");
	EXPECT("ab", "%.10s", "ab");
	EXPECT("   ab", "%5.2s", "abcdef");
	EXPECT("ab   |", "%-5.2s|", "abcdef");
	EXPECT("abcdef", "%.*s", -1, "abcdef");
	/* Precision need not reach a NUL: only .N bytes are read. */
	static const char no_nul[3] = {'x', 'y', 'z'};
	EXPECT("xyz", "%.3s", no_nul);
	/* Integers: minimum digits; '0' is then ignored. */
	EXPECT("005", "%.3d", 5);
	EXPECT("-005", "%.3d", -5);
	EXPECT("", "%.0d", 0);
	EXPECT("    -005", "%8.3d", -5);
	EXPECT_RAW("     005", "%08.3d", 5);
	EXPECT("0x00ff", "%#.4x", 0xffu);
}

TEST(null_string)
{
	EXPECT_RAW("(null)", "%s", (char *)NULL);
	EXPECT_RAW("  (null)", "%8s", (char *)NULL);
	EXPECT_RAW("(nu", "%.3s", (char *)NULL);
}

TEST(chars)
{
	EXPECT("A", "%c", 'A');
	EXPECT("[\xe9]", "[%c]", 0xe9);
	/* A NUL character counts and is stored. */
	memset(buf, 'q', sizeof(buf));
	CHECK_EQ_INT(fmt_snprintf(buf, sizeof(buf), "a%cb", 0), 3);
	CHECK(buf[0] == 'a' && buf[1] == '\0' && buf[2] == 'b' && buf[3] == '\0');
}

TEST(pointer)
{
	EXPECT("0x0000000000001234", "%p", (void *)0x1234);
	EXPECT("0x0000000000000000", "%p", (void *)NULL);
	EXPECT("0xffffffffffffffff", "%p", (void *)UINTPTR_MAX);
	EXPECT("  0x00000000deadbeef", "%20p", (void *)0xdeadbeef);
	EXPECT("0x00000000deadbeef  |", "%-20p|", (void *)0xdeadbeef);
	EXPECT("0x0000000000000001 2", "%p %d", (void *)1, 2);
}

TEST(append_never_overruns)
{
	char buf[16];
	int n = fmt_snprintf(buf, sizeof(buf), "%s", "0123456789");
	n = fmt_append(buf, sizeof(buf), n, " at %d", 42);
	CHECK_EQ_INT(n, 15);
	CHECK_EQ_STR(buf, "0123456789 at 4");
	CHECK_EQ_INT(fmt_append(buf, sizeof(buf), n, "more"), 15); /* full: nothing added */
	CHECK_EQ_STR(buf, "0123456789 at 4");
	n = fmt_snprintf(buf, sizeof(buf), "%s", "a much longer string than the buffer");
	CHECK_EQ_INT(fmt_append(buf, sizeof(buf), n, "x"), 15); /* cut short before: still */
	CHECK_EQ_STR(buf, "a much longer s");
	CHECK_EQ_INT(fmt_append(buf, sizeof(buf), 2, "cd"), 4);
	CHECK_EQ_STR(buf, "a cd");
}

TEST(unknown_conversions)
{
	EXPECT_RAW("%q", "%q");
	EXPECT_RAW("a%qb", "a%qb");
	EXPECT_RAW("%5q", "%5q");
	EXPECT_RAW("%-08.3lq", "%-08.3lq");
	EXPECT_RAW("%lq", "%lq");
	EXPECT_RAW("%f", "%f", 1.5);
	/* An unknown conversion takes no argument. */
	EXPECT_RAW("%q 5", "%q %d", 5);
	/* A format ending inside a conversion prints what is there. */
	EXPECT_RAW("abc%", "abc%");
	EXPECT_RAW("%", "%");
	EXPECT_RAW("%5", "%5");
	EXPECT_RAW("%l", "%l");
	EXPECT_RAW("%ll", "%ll");
	EXPECT_RAW("x%-", "x%-");
	EXPECT_RAW("%.", "%.");
}

TEST(truncation)
{
	char small[8];

	memset(small, 'q', sizeof(small));
	CHECK_EQ_INT(fmt_snprintf(small, 5, "hello world"), 11);
	CHECK_EQ_STR(small, "hell");
	CHECK(small[5] == 'q' && small[7] == 'q');

	memset(small, 'q', sizeof(small));
	CHECK_EQ_INT(fmt_snprintf(small, 6, "%s", "hello"), 5);
	CHECK_EQ_STR(small, "hello");
	CHECK(small[6] == 'q');

	memset(small, 'q', sizeof(small));
	CHECK_EQ_INT(fmt_snprintf(small, 1, "%d", 12345), 5);
	CHECK(small[0] == '\0' && small[1] == 'q');

	memset(small, 'q', sizeof(small));
	CHECK_EQ_INT(fmt_snprintf(small, 0, "%d", 12345), 5);
	CHECK(small[0] == 'q');
	CHECK_EQ_INT(fmt_snprintf(NULL, 0, "%s%s", "abc", "def"), 6);

	memset(small, 'q', sizeof(small));
	CHECK_EQ_INT(fmt_snprintf(small, sizeof(small), "%*d", 1000, 1), 1000);
	CHECK_EQ_STR(small, "       ");
	CHECK_EQ_INT(fmt_snprintf(small, sizeof(small), "%-*d|", 1000, 1), 1001);
	CHECK_EQ_STR(small, "1      ");
	CHECK_EQ_INT(fmt_snprintf(small, sizeof(small), "%.300d", 7), 300);
	CHECK_EQ_STR(small, "0000000");
	CHECK_EQ_INT(fmt_snprintf(small, sizeof(small), "%lld", (long long)INT64_MIN), 20);
	CHECK_EQ_STR(small, "-922337");
}

/* A callback sink that collects into a string. */
struct collect {
	char s[128];
	size_t n;
	int calls;
};

static void collect_out(void *ctx, char c)
{
	struct collect *col = ctx;

	if (col->n + 1 < sizeof(col->s))
		col->s[col->n++] = c;
	col->s[col->n] = '\0';
	col->calls++;
}

static int vformat_wrapper(struct collect *col, const char *format, ...)
{
	va_list ap;
	int n;

	va_start(ap, format);
	n = fmt_vformat(collect_out, col, format, ap);
	va_end(ap);
	return n;
}

TEST(callback_output)
{
	struct collect col = {.n = 0};

	CHECK_EQ_INT(fmt_format(collect_out, &col, "x=%d y=%s", -3, "ok"), 9);
	CHECK_EQ_STR(col.s, "x=-3 y=ok");
	CHECK_EQ_INT(col.calls, 9);

	memset(&col, 0, sizeof(col));
	CHECK_EQ_INT(vformat_wrapper(&col, "%#llx|%-4c|", 0x1234abcdULL, 'z'), 16);
	CHECK_EQ_STR(col.s, "0x1234abcd|z   |");

	memset(&col, 0, sizeof(col));
	CHECK_EQ_INT(fmt_format(collect_out, &col, "%s", ""), 0);
	CHECK_EQ_INT(col.calls, 0);
}

/*
 * Compare with the host C library over many flag/width/precision/length
 * combinations: where both define the result, they must agree.
 */
static const char *const flag_set[] = {"", "-", "0", "#", "-#", "0#", "-0"};
static const char *const width_set[] = {"", "1", "5", "21", "*"};
static const char *const prec_set[] = {"", ".0", ".1", ".5", ".25", ".*"};
static const char *const conv_set[] = {
    "d",  "i",	"u",  "x",   "X",   "hhd", "hhu", "hd", "hx",
    "ld", "lu", "lx", "lld", "llu", "llX", "zu",  "zx", "zd",
};
static const long long value_set[] = {
    0,
    1,
    -1,
    7,
    -7,
    42,
    255,
    256,
    -129,
    32767,
    -32768,
    65535,
    2147483647,
    -2147483647 - 1,
    4294967295LL,
    INT64_MAX,
    INT64_MIN,
    0x123456789abcdefLL,
};

static int host_and_fmt(char *host, char *mine, size_t size, const char *format, ...)
{
	va_list ap, ap2;
	int a, b;

	va_start(ap, format);
	va_copy(ap2, ap);
	a = vsnprintf(host, size, format, ap);
	b = fmt_vsnprintf(mine, size, format, ap2);
	va_end(ap2);
	va_end(ap);
	return a == b;
}

static bool is_signed_conv(const char *conv)
{
	char c = conv[strlen(conv) - 1];

	return c == 'd' || c == 'i';
}

/* Pass v with the type the conversion expects; stars take 9 and 4. */
static int compare_one(const char *format, const char *conv, bool star_w, bool star_p, long long v,
		       char *host, char *mine, size_t size)
{
	int ints[2], k = 0;

	if (star_w)
		ints[k++] = 9;
	if (star_p)
		ints[k++] = 4;
#define CALL(arg)                                                        \
	(k == 0	  ? host_and_fmt(host, mine, size, format, arg)          \
	 : k == 1 ? host_and_fmt(host, mine, size, format, ints[0], arg) \
		  : host_and_fmt(host, mine, size, format, ints[0], ints[1], arg))
	if (!strncmp(conv, "ll", 2))
		return is_signed_conv(conv) ? CALL(v) : CALL((unsigned long long)v);
	if (conv[0] == 'l')
		return is_signed_conv(conv) ? CALL((long)v) : CALL((unsigned long)v);
	if (conv[0] == 'z')
		return is_signed_conv(conv) ? CALL((ptrdiff_t)v) : CALL((size_t)v);
	return is_signed_conv(conv) ? CALL((int)v) : CALL((unsigned int)v);
#undef CALL
}

TEST(matches_host_printf)
{
	char format[32], host[128], mine[128];
	int compared = 0, mismatches = 0;
	size_t nf = sizeof(flag_set) / sizeof(flag_set[0]);
	size_t nw = sizeof(width_set) / sizeof(width_set[0]);
	size_t np = sizeof(prec_set) / sizeof(prec_set[0]);
	size_t nc = sizeof(conv_set) / sizeof(conv_set[0]);
	size_t nv = sizeof(value_set) / sizeof(value_set[0]);

	for (size_t i = 0; i < nf * nw * np * nc; i++) {
		size_t f = i / (nw * np * nc), w = i / (np * nc) % nw;
		size_t p = i / nc % np, c = i % nc;

		/* '#' with d, i, u is undefined in C. */
		if (strchr(flag_set[f], '#') && !strpbrk(conv_set[c], "xX"))
			continue;
		snprintf(format, sizeof(format), "[%%%s%s%s%s]", flag_set[f], width_set[w],
			 prec_set[p], conv_set[c]);
		for (size_t v = 0; v < nv; v++) {
			/* Some truncated: the return values must agree too. */
			size_t size = v % 3 == 0 ? 6 : sizeof(host);
			bool same = compare_one(format, conv_set[c], width_set[w][0] == '*',
						strchr(prec_set[p], '*') != NULL, value_set[v],
						host, mine, size) &&
				    !strcmp(host, mine);

			compared++;
			if (!same && mismatches++ < 10)
				printf("  format \"%s\" value %lld: host \"%s\" fmt \"%s\"\n",
				       format, value_set[v], host, mine);
		}
	}
	CHECK(compared > 40000);
	printf("  compared %d formatted values with the host printf\n", compared);
	CHECK_EQ_INT(mismatches, 0);
}

TEST(strings_match_host_printf)
{
	static const char *const fmts[] = {
	    "%s",   "%10s", "%-10s|", "%.2s", "%10.2s", "%-10.2s|",
	    "%.0s", "%3s",  "%c",     "%5c",  "%-5c|",
	};
	char host[64], mine[64];

	for (size_t i = 0; i < sizeof(fmts) / sizeof(fmts[0]); i++) {
		bool is_char = strchr(fmts[i], 'c') != NULL;
		int a, b;

		if (is_char) {
			a = snprintf(host, sizeof(host), fmts[i], 'k');
			b = raw(mine, sizeof(mine), fmts[i], 'k');
		} else {
			a = snprintf(host, sizeof(host), fmts[i], "tessera");
			b = raw(mine, sizeof(mine), fmts[i], "tessera");
		}
		CHECK_EQ_INT(a, b);
		CHECK_EQ_STR(host, mine);
	}
}

int main(void) { return check_run(); }
