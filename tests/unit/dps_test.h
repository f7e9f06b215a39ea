/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef DPS_TEST_H
#define DPS_TEST_H

/*
 * Shared CUnit runner: every suite binary prints CUnit's run summary
 * (scripts/test.sh adds them up) and exits non-zero on any failure.
 */
#include <stdio.h>
#include <stdlib.h>

#include <CUnit/Basic.h>
#include <CUnit/CUnit.h>

struct dps_test_case {
	const char *name;
	void (*fn)(void);
};

#define DPS_TEST(fn)                                                                               \
	{                                                                                          \
#fn, fn                                                                            \
	}

static inline int
dps_test_run(const char *suite_name, const struct dps_test_case *cases, size_t n, int (*init)(void),
	int (*clean)(void))
{
	CU_pSuite suite;
	unsigned int failed;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 2;
	suite = CU_add_suite(suite_name, init, clean);
	if (suite == NULL)
		goto fail;
	for (size_t i = 0; i < n; i++)
		if (CU_add_test(suite, cases[i].name, cases[i].fn) == NULL)
			goto fail;
	CU_basic_set_mode(CU_BRM_VERBOSE);
	if (CU_basic_run_tests() != CUE_SUCCESS)
		goto fail;
	failed = CU_get_number_of_tests_failed() + CU_get_number_of_suites_failed();
	CU_cleanup_registry();
	return failed == 0 ? 0 : 1;
fail:
	fprintf(stderr, "CUnit setup failed: %s\n", CU_get_error_msg());
	CU_cleanup_registry();
	return 2;
}

#define DPS_TEST_MAIN(suite, cases, init, clean)                                                   \
	int main(void)                                                                             \
	{                                                                                          \
		return dps_test_run(suite, cases, sizeof(cases) / sizeof(cases[0]), init, clean);  \
	}

#endif
