/* SPDX-License-Identifier: BSD-2-Clause */
/* Tiny host unit-test harness: TEST(), CHECK*() and check_run(). */
#ifndef TESSERA_CHECK_H
#define TESSERA_CHECK_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * TEST(name) { ... } defines a test case and registers it; check_run() runs
 * them in source order. A failing CHECK* prints file:line, the test, the
 * expression and (for the _EQ forms) both values, and the test goes on.
 * check_run() ends with the line "N passed, N failed", counting TEST CASES
 * (a case fails if any of its checks failed), and returns the exit status:
 * 0 iff no case failed. One test program is one .c file including this.
 */

#define CHECK_MAX_TESTS 512

struct check_test {
	const char *name;
	void (*fn)(void);
	int line;
};

static struct check_test check_tests[CHECK_MAX_TESTS];
static int check_ntests;
static int check_nfail; /* failed checks in the running test */
static const char *check_current = "?";

static inline void check_register(const char *name, void (*fn)(void), int line)
{
	if (check_ntests == CHECK_MAX_TESTS) {
		fprintf(stderr, "check.h: more than %d tests\n", CHECK_MAX_TESTS);
		abort();
	}
	check_tests[check_ntests++] = (struct check_test){name, fn, line};
}

#define TEST(name)                                                      \
	static void name(void);                                         \
	__attribute__((constructor)) static void check_reg_##name(void) \
	{                                                               \
		check_register(#name, name, __LINE__);                  \
	}                                                               \
	static void name(void)

static inline void check_fail(const char *file, int line, const char *expr, const char *values)
{
	check_nfail++;
	printf("%s:%d: %s: check failed: %s%s\n", file, line, check_current, expr, values);
	fflush(stdout);
}

#define CHECK(cond)                                                \
	do {                                                       \
		if (!(cond))                                       \
			check_fail(__FILE__, __LINE__, #cond, ""); \
	} while (0)

#define CHECK_EQ_INT(a, b)                                                                        \
	do {                                                                                      \
		long long check_a_ = (long long)(a);                                              \
		long long check_b_ = (long long)(b);                                              \
		char check_m_[96];                                                                \
		if (check_a_ != check_b_) {                                                       \
			snprintf(check_m_, sizeof(check_m_), " (%lld != %lld)", check_a_,         \
				 check_b_);                                                       \
			check_fail(__FILE__, __LINE__, "CHECK_EQ_INT(" #a ", " #b ")", check_m_); \
		}                                                                                 \
	} while (0)

#define CHECK_EQ_U64(a, b)                                                                        \
	do {                                                                                      \
		unsigned long long check_a_ = (unsigned long long)(a);                            \
		unsigned long long check_b_ = (unsigned long long)(b);                            \
		char check_m_[96];                                                                \
		if (check_a_ != check_b_) {                                                       \
			snprintf(check_m_, sizeof(check_m_), " (%#llx != %#llx)", check_a_,       \
				 check_b_);                                                       \
			check_fail(__FILE__, __LINE__, "CHECK_EQ_U64(" #a ", " #b ")", check_m_); \
		}                                                                                 \
	} while (0)

/* Strings may be NULL: two NULLs are equal. Values are shown cut at 200. */
#define CHECK_EQ_STR(a, b)                                                                        \
	do {                                                                                      \
		const char *check_a_ = (a), *check_b_ = (b);                                      \
		char check_m_[440];                                                               \
		if (!check_a_ || !check_b_ ? check_a_ != check_b_                                 \
					   : strcmp(check_a_, check_b_) != 0) {                   \
			snprintf(check_m_, sizeof(check_m_), " (%s%.200s%s != %s%.200s%s)",       \
				 check_a_ ? "\"" : "", check_a_ ? check_a_ : "NULL",              \
				 check_a_ ? "\"" : "", check_b_ ? "\"" : "",                      \
				 check_b_ ? check_b_ : "NULL", check_b_ ? "\"" : "");             \
			check_fail(__FILE__, __LINE__, "CHECK_EQ_STR(" #a ", " #b ")", check_m_); \
		}                                                                                 \
	} while (0)

static inline int check_by_line(const void *a, const void *b)
{
	return ((const struct check_test *)a)->line - ((const struct check_test *)b)->line;
}

/* Run every registered test; print the summary; return the exit status. */
static inline int check_run(void)
{
	int failed = 0;

	qsort(check_tests, (size_t)check_ntests, sizeof(check_tests[0]), check_by_line);
	for (int i = 0; i < check_ntests; i++) {
		check_current = check_tests[i].name;
		check_nfail = 0;
		check_tests[i].fn();
		if (check_nfail) {
			printf("FAILED: %s (%d checks)\n", check_current, check_nfail);
			failed++;
		}
	}
	printf("%d passed, %d failed\n", check_ntests - failed, failed);
	return failed ? 1 : 0;
}

#endif /* TESSERA_CHECK_H */
