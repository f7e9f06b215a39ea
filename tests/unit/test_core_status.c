/* SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>
#include <string.h>

#include "dps_status.h"
#include "dps_test.h"

static void
test_every_status_has_a_distinct_name(void)
{
	for (int s = DPS_E_LAST; s <= DPS_PENDING; s++) {
		const char *name = dps_status_str(s);
		int back = 12345;

		CU_ASSERT_STRING_NOT_EQUAL(name, "DPS_E_UNKNOWN");
		CU_ASSERT_EQUAL(dps_status_from_name(name, &back), DPS_OK);
		CU_ASSERT_EQUAL(back, s);
		for (int t = DPS_E_LAST; t < s; t++)
			CU_ASSERT_STRING_NOT_EQUAL(name, dps_status_str(t));
	}
}

static void
test_names_are_the_expected_ones(void)
{
	CU_ASSERT_STRING_EQUAL(dps_status_str(DPS_OK), "DPS_OK");
	CU_ASSERT_STRING_EQUAL(dps_status_str(DPS_PENDING), "DPS_PENDING");
	CU_ASSERT_STRING_EQUAL(dps_status_str(DPS_E_STALE_HANDLE), "DPS_E_STALE_HANDLE");
	CU_ASSERT_STRING_EQUAL(dps_status_str(DPS_E_NO_MORE_ENTRIES), "DPS_E_NO_MORE_ENTRIES");
	CU_ASSERT_STRING_EQUAL(dps_status_str(DPS_E_ADAPTER_REMOVED), "DPS_E_ADAPTER_REMOVED");
}

static void
test_unknown_values_are_named_unknown(void)
{
	CU_ASSERT_STRING_EQUAL(dps_status_str(DPS_E_LAST - 1), "DPS_E_UNKNOWN");
	CU_ASSERT_STRING_EQUAL(dps_status_str(2), "DPS_E_UNKNOWN");
	CU_ASSERT_STRING_EQUAL(dps_status_str(-1000000), "DPS_E_UNKNOWN");
}

static void
test_from_name_short_form_and_errors(void)
{
	int s = 777;

	CU_ASSERT_EQUAL(dps_status_from_name("TIMEOUT", &s), DPS_OK);
	CU_ASSERT_EQUAL(s, DPS_E_TIMEOUT);
	s = 777;
	CU_ASSERT_EQUAL(dps_status_from_name("NO_SUCH_STATUS", &s), DPS_E_NOT_FOUND);
	CU_ASSERT_EQUAL(s, 777);
	CU_ASSERT_EQUAL(dps_status_from_name("", &s), DPS_E_NOT_FOUND);
	CU_ASSERT_EQUAL(dps_status_from_name("timeout", &s), DPS_E_NOT_FOUND);
	CU_ASSERT_EQUAL(dps_status_from_name(NULL, &s), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(dps_status_from_name("TIMEOUT", NULL), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(s, 777);
}

static void
test_errno_mapping(void)
{
	CU_ASSERT_EQUAL(dps_status_from_errno(0), DPS_OK);
	CU_ASSERT_EQUAL(dps_status_from_errno(-ENOTSUP), DPS_E_NOT_SUPPORTED);
	CU_ASSERT_EQUAL(dps_status_from_errno(ENOTSUP), DPS_E_NOT_SUPPORTED);
	CU_ASSERT_EQUAL(dps_status_from_errno(-EOPNOTSUPP), DPS_E_NOT_SUPPORTED);
	CU_ASSERT_EQUAL(dps_status_from_errno(-ENOSYS), DPS_E_NOT_SUPPORTED);
	CU_ASSERT_EQUAL(dps_status_from_errno(-EINVAL), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(dps_status_from_errno(-ENODEV), DPS_E_ADAPTER_REMOVED);
	CU_ASSERT_EQUAL(dps_status_from_errno(-ENOMEM), DPS_E_RESOURCES);
	CU_ASSERT_EQUAL(dps_status_from_errno(-ENOBUFS), DPS_E_RESOURCES);
	CU_ASSERT_EQUAL(dps_status_from_errno(-EBUSY), DPS_E_BUSY);
	CU_ASSERT_EQUAL(dps_status_from_errno(-EAGAIN), DPS_E_NOT_READY);
	CU_ASSERT_EQUAL(dps_status_from_errno(-ETIMEDOUT), DPS_E_TIMEOUT);
	CU_ASSERT_EQUAL(dps_status_from_errno(-ENOENT), DPS_E_NOT_FOUND);
	CU_ASSERT_EQUAL(dps_status_from_errno(-EEXIST), DPS_E_EXISTS);
	CU_ASSERT_EQUAL(dps_status_from_errno(-EIO), DPS_E_IO);
	CU_ASSERT_EQUAL(dps_status_from_errno(-EPERM), DPS_E_PERMISSION);
	CU_ASSERT_EQUAL(dps_status_from_errno(-ENOSPC), DPS_E_BUFFER_TOO_SHORT);
	CU_ASSERT_EQUAL(dps_status_from_errno(-ERANGE), DPS_E_INVALID_LENGTH);
	CU_ASSERT_EQUAL(dps_status_from_errno(-EXDEV), DPS_E_FAILURE);
}

static void
test_failed_helper(void)
{
	CU_ASSERT_FALSE(dps_failed(DPS_OK));
	CU_ASSERT_FALSE(dps_failed(DPS_PENDING));
	CU_ASSERT_TRUE(dps_failed(DPS_E_TIMEOUT));
}

static const struct dps_test_case cases[] = {
	DPS_TEST(test_every_status_has_a_distinct_name),
	DPS_TEST(test_names_are_the_expected_ones),
	DPS_TEST(test_unknown_values_are_named_unknown),
	DPS_TEST(test_from_name_short_form_and_errors),
	DPS_TEST(test_errno_mapping),
	DPS_TEST(test_failed_helper),
};

DPS_TEST_MAIN("core_status", cases, NULL, NULL)
