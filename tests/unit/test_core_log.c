/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * dps_log_level_parse, dps_log_apply_spec, dps_log_register and the
 * DPS_LOG_REGISTER / DPS_LOG macros: every accepted form, every malformed one
 * with its exact status, and the level really set in rte_log. No EAL here:
 * rte_log works without it.
 */
#include <stdio.h>
#include <string.h>

#include <rte_log.h>

#include "dps_log.h"
#include "dps_status.h"
#include "dps_test.h"

/* Types registered before main, the way modules do it. */
RTE_LOG_REGISTER(tlog_type, dpstack.tlog, INFO);
RTE_LOG_REGISTER(tother_type, dpstack.tother, INFO);
RTE_LOG_REGISTER(t_log2_type, dpstack.t_log2, INFO);
RTE_LOG_REGISTER(foreign_type, other.tlog, INFO); /* not ours: never touched */
DPS_LOG_REGISTER(tmacro, NOTICE);

static int
level_of(int type)
{
	return rte_log_get_level((uint32_t)type);
}

/* ---- dps_log_level_parse ---- */

static void
test_level_parse_accepts_every_name_and_alias(void)
{
	static const struct {
		const char *name;
		uint32_t level;
	} ok[] = {
		{"emerg", RTE_LOG_EMERG},
		{"alert", RTE_LOG_ALERT},
		{"crit", RTE_LOG_CRIT},
		{"err", RTE_LOG_ERR},
		{"error", RTE_LOG_ERR},
		{"warning", RTE_LOG_WARNING},
		{"warn", RTE_LOG_WARNING},
		{"notice", RTE_LOG_NOTICE},
		{"info", RTE_LOG_INFO},
		{"debug", RTE_LOG_DEBUG},
		{"DEBUG", RTE_LOG_DEBUG},
		{"Warn", RTE_LOG_WARNING},
	};

	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		uint32_t level = 999;

		CU_ASSERT_EQUAL(dps_log_level_parse(ok[i].name, &level), DPS_OK);
		CU_ASSERT_EQUAL(level, ok[i].level);
	}
}

static void
test_level_parse_accepts_numbers_1_to_8(void)
{
	for (char c = '1'; c <= '8'; c++) {
		char s[2] = {c, '\0'};
		uint32_t level = 999;

		CU_ASSERT_EQUAL(dps_log_level_parse(s, &level), DPS_OK);
		CU_ASSERT_EQUAL(level, (uint32_t)(c - '0'));
	}
	/* the numbers are rte_log's own values */
	{
		uint32_t level = 0;

		CU_ASSERT_EQUAL(dps_log_level_parse("8", &level), DPS_OK);
		CU_ASSERT_EQUAL(level, RTE_LOG_DEBUG);
		CU_ASSERT_EQUAL(dps_log_level_parse("1", &level), DPS_OK);
		CU_ASSERT_EQUAL(level, RTE_LOG_EMERG);
	}
}

static void
test_level_parse_null_is_invalid_parameter(void)
{
	uint32_t level = 999;

	CU_ASSERT_EQUAL(dps_log_level_parse(NULL, &level), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(dps_log_level_parse("debug", NULL), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(dps_log_level_parse(NULL, NULL), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(level, 999);
}

static void
test_level_parse_rejects_malformed_without_writing(void)
{
	static const char *const bad[] = {
		"",
		"0",
		"9",
		"10",
		"18",
		"01",
		"-1",
		"+5",
		"5 ",
		" 5",
		"deb",
		"debugx",
		"debug ",
		" info",
		"in fo",
		"warnings",
		"errors",
		"information",
		"*",
		"dpstack",
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		uint32_t level = 999;

		CU_ASSERT_EQUAL(dps_log_level_parse(bad[i], &level), DPS_E_INVALID_DATA);
		CU_ASSERT_EQUAL(level, 999);
	}
}

/* ---- DPS_LOG_REGISTER / DPS_LOG ---- */

static void
test_dps_log_register_macro_registers_dpstack_module_type(void)
{
	/* runs before any spec is applied in this process: the default stands */
	CU_ASSERT(dps_logtype_tmacro >= 0);
	CU_ASSERT_NOT_EQUAL(dps_logtype_tmacro, RTE_LOGTYPE_EAL);
	CU_ASSERT_EQUAL(level_of(dps_logtype_tmacro), RTE_LOG_NOTICE);
	/* the name is dpstack.<module>: registering it again finds the same type */
	CU_ASSERT_EQUAL(rte_log_register("dpstack.tmacro"), dps_logtype_tmacro);
	CU_ASSERT_EQUAL(rte_log_register("dpstack.core"), dps_logtype_core);
}

static void
test_dps_log_prefixes_module_and_adds_newline_and_filters_by_level(void)
{
	char buf[256] = "";
	FILE *f = fmemopen(buf, sizeof(buf), "w");
	uint32_t global = rte_log_get_global_level();

	CU_ASSERT_FATAL(f != NULL);
	rte_log_set_global_level(RTE_LOG_DEBUG);
	CU_ASSERT_EQUAL(rte_log_set_level((uint32_t)dps_logtype_tmacro, RTE_LOG_NOTICE), 0);
	CU_ASSERT_EQUAL(rte_openlog_stream(f), 0);
	DPS_LOG(NOTICE, tmacro, "port %u: %s", 3u, "up");
	DPS_LOG(INFO, tmacro, "filtered out %d", 1); /* below NOTICE */
	DPS_LOG(ERR, tmacro, "no args");
	rte_openlog_stream(NULL);
	fclose(f);
	rte_log_set_global_level(global);
	CU_ASSERT_STRING_EQUAL(buf, "dpstack.tmacro: port 3: up\ndpstack.tmacro: no args\n");
}

/* ---- dps_log_apply_spec ---- */

static void
set_all(uint32_t level)
{
	rte_log_set_level((uint32_t)tlog_type, level);
	rte_log_set_level((uint32_t)tother_type, level);
	rte_log_set_level((uint32_t)t_log2_type, level);
	rte_log_set_level((uint32_t)foreign_type, level);
}

static void
test_apply_spec_bare_level_sets_every_dpstack_type_only(void)
{
	set_all(RTE_LOG_INFO);
	CU_ASSERT_EQUAL(dps_log_apply_spec("debug"), DPS_OK);
	CU_ASSERT_EQUAL(level_of(tlog_type), RTE_LOG_DEBUG);
	CU_ASSERT_EQUAL(level_of(tother_type), RTE_LOG_DEBUG);
	CU_ASSERT_EQUAL(level_of(t_log2_type), RTE_LOG_DEBUG);
	CU_ASSERT_EQUAL(level_of(dps_logtype_core), RTE_LOG_DEBUG);
	CU_ASSERT_EQUAL(level_of(foreign_type), RTE_LOG_INFO);

	CU_ASSERT_EQUAL(dps_log_apply_spec("4"), DPS_OK);
	CU_ASSERT_EQUAL(level_of(tlog_type), RTE_LOG_ERR);
	CU_ASSERT_EQUAL(level_of(tother_type), RTE_LOG_ERR);
	CU_ASSERT_EQUAL(level_of(foreign_type), RTE_LOG_INFO);
}

static void
test_apply_spec_module_level_sets_only_that_module(void)
{
	set_all(RTE_LOG_INFO);
	CU_ASSERT_EQUAL(dps_log_apply_spec("tlog:err"), DPS_OK);
	CU_ASSERT_EQUAL(level_of(tlog_type), RTE_LOG_ERR);
	CU_ASSERT_EQUAL(level_of(tother_type), RTE_LOG_INFO);
	CU_ASSERT_EQUAL(level_of(foreign_type), RTE_LOG_INFO);

	/* digits and '_' are module characters; a numeric level works too */
	CU_ASSERT_EQUAL(dps_log_apply_spec("t_log2:2"), DPS_OK);
	CU_ASSERT_EQUAL(level_of(t_log2_type), RTE_LOG_ALERT);
	CU_ASSERT_EQUAL(level_of(tlog_type), RTE_LOG_ERR);

	/* "tlog" is the whole module name, not a prefix */
	{
		int tlogx = rte_log_register("dpstack.tlogx");

		CU_ASSERT_FATAL(tlogx >= 0);
		rte_log_set_level((uint32_t)tlogx, RTE_LOG_INFO);
		CU_ASSERT_EQUAL(dps_log_apply_spec("tlog:debug"), DPS_OK);
		CU_ASSERT_EQUAL(level_of(tlog_type), RTE_LOG_DEBUG);
		CU_ASSERT_EQUAL(level_of(tlogx), RTE_LOG_INFO);
	}
	CU_ASSERT_EQUAL(level_of(tother_type), RTE_LOG_INFO);
}

static void
test_apply_spec_full_name_is_the_same_as_module(void)
{
	set_all(RTE_LOG_INFO);
	CU_ASSERT_EQUAL(dps_log_apply_spec("dpstack.tlog:notice"), DPS_OK);
	CU_ASSERT_EQUAL(level_of(tlog_type), RTE_LOG_NOTICE);
	CU_ASSERT_EQUAL(level_of(tother_type), RTE_LOG_INFO);
	CU_ASSERT_EQUAL(level_of(foreign_type), RTE_LOG_INFO);
}

static void
test_apply_spec_star_is_the_same_as_bare_level(void)
{
	set_all(RTE_LOG_INFO);
	CU_ASSERT_EQUAL(dps_log_apply_spec("*:crit"), DPS_OK);
	CU_ASSERT_EQUAL(level_of(tlog_type), RTE_LOG_CRIT);
	CU_ASSERT_EQUAL(level_of(tother_type), RTE_LOG_CRIT);
	CU_ASSERT_EQUAL(level_of(foreign_type), RTE_LOG_INFO);

	CU_ASSERT_EQUAL(dps_log_apply_spec("dpstack.*:warn"), DPS_OK);
	CU_ASSERT_EQUAL(level_of(tlog_type), RTE_LOG_WARNING);
	CU_ASSERT_EQUAL(level_of(tother_type), RTE_LOG_WARNING);
	CU_ASSERT_EQUAL(level_of(foreign_type), RTE_LOG_INFO);
}

static void
test_apply_spec_null_or_empty_is_invalid_parameter(void)
{
	set_all(RTE_LOG_INFO);
	CU_ASSERT_EQUAL(dps_log_apply_spec(NULL), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(dps_log_apply_spec(""), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(level_of(tlog_type), RTE_LOG_INFO);
}

static void
test_apply_spec_rejects_malformed_and_changes_nothing(void)
{
	static const char *const bad[] = {
		"bogus",	  /* bad bare level */
		"0",		  /* level out of range */
		"9",		  /* level out of range */
		"*",		  /* no level at all */
		"tlog:",	  /* empty level */
		"tlog:bogus",	  /* bad level */
		"tlog:0",	  /* level out of range */
		"tlog:9",	  /* level out of range */
		":debug",	  /* empty module */
		"*:",		  /* empty level */
		"tl-og:debug",	  /* bad module character */
		"tl.og:debug",	  /* bad module character */
		"tlog*:debug",	  /* no glob inside a module name */
		"**:debug",	  /* only a lone '*' */
		"a:b:debug",	  /* ':' inside the module */
		"dpstack.:debug", /* empty module after the prefix */
		"tl og:debug",	  /* space */
		"tlog :debug",	  /* trailing space in module */
		"tlog: debug",	  /* leading space in level */
		"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa:debug", /* 41 characters */
		"dpstack.aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa:debug",
	};

	set_all(RTE_LOG_INFO);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int rc = dps_log_apply_spec(bad[i]);

		if (rc != DPS_E_INVALID_DATA)
			fprintf(stderr, "spec '%s' gave %s\n", bad[i], dps_status_str(rc));
		CU_ASSERT_EQUAL(rc, DPS_E_INVALID_DATA);
		CU_ASSERT_EQUAL(level_of(tlog_type), RTE_LOG_INFO);
		CU_ASSERT_EQUAL(level_of(tother_type), RTE_LOG_INFO);
		CU_ASSERT_EQUAL(level_of(t_log2_type), RTE_LOG_INFO);
	}
}

static void
test_apply_spec_module_name_of_40_characters_is_accepted(void)
{
	int type = rte_log_register("dpstack.bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb");

	CU_ASSERT_FATAL(type >= 0);
	rte_log_set_level((uint32_t)type, RTE_LOG_INFO);
	CU_ASSERT_EQUAL(
		dps_log_apply_spec("bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb:debug"), DPS_OK);
	CU_ASSERT_EQUAL(level_of(type), RTE_LOG_DEBUG);
}

static void
test_apply_spec_later_specification_wins(void)
{
	set_all(RTE_LOG_INFO);
	CU_ASSERT_EQUAL(dps_log_apply_spec("tlog:debug"), DPS_OK);
	CU_ASSERT_EQUAL(dps_log_apply_spec("err"), DPS_OK);
	CU_ASSERT_EQUAL(level_of(tlog_type), RTE_LOG_ERR);
	CU_ASSERT_EQUAL(dps_log_apply_spec("tlog:debug"), DPS_OK);
	CU_ASSERT_EQUAL(level_of(tlog_type), RTE_LOG_DEBUG);
	CU_ASSERT_EQUAL(level_of(tother_type), RTE_LOG_ERR);
}

/* ---- remembered for later registrations ---- */

static void
test_apply_spec_is_remembered_for_types_registered_later(void)
{
	int t1, t2, t3;

	CU_ASSERT_EQUAL(dps_log_apply_spec("late_one:debug"), DPS_OK);
	t1 = dps_log_register("dpstack.late_one", RTE_LOG_ERR);
	CU_ASSERT_FATAL(t1 >= 0);
	CU_ASSERT_EQUAL(level_of(t1), RTE_LOG_DEBUG);

	/* a module spec followed by a bare level: the bare level is newer */
	CU_ASSERT_EQUAL(dps_log_apply_spec("late_two:debug"), DPS_OK);
	CU_ASSERT_EQUAL(dps_log_apply_spec("notice"), DPS_OK);
	t2 = dps_log_register("dpstack.late_two", RTE_LOG_ERR);
	CU_ASSERT_FATAL(t2 >= 0);
	CU_ASSERT_EQUAL(level_of(t2), RTE_LOG_NOTICE);

	/* re-applying an old pattern makes it the newest again */
	CU_ASSERT_EQUAL(dps_log_apply_spec("late_two:debug"), DPS_OK);
	CU_ASSERT_EQUAL(level_of(t2), RTE_LOG_DEBUG);

	/* a non-dpstack type keeps its default */
	t3 = dps_log_register("other.late_three", RTE_LOG_ERR);
	CU_ASSERT_FATAL(t3 >= 0);
	CU_ASSERT_EQUAL(level_of(t3), RTE_LOG_ERR);
}

static void
test_log_register_errors_and_reregistration(void)
{
	int t;

	CU_ASSERT_EQUAL(dps_log_register(NULL, RTE_LOG_INFO), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(
		dps_log_register("dpstack.bad_level", RTE_LOG_MAX + 1), DPS_E_INVALID_PARAMETER);
	/* refused: not registered */
	{
		char buf[8192] = "";
		FILE *f = fmemopen(buf, sizeof(buf) - 1, "w");

		CU_ASSERT_FATAL(f != NULL);
		rte_log_list_types(f, "");
		fclose(f);
		CU_ASSERT_PTR_NOT_NULL(strstr(buf, "dpstack.tlog\n"));
		CU_ASSERT_PTR_NULL(strstr(buf, "dpstack.bad_level"));
	}
	/* registering an existing name gives the same type back */
	t = dps_log_register("dpstack.tlog", RTE_LOG_INFO);
	CU_ASSERT_EQUAL(t, tlog_type);
}

/* Must run last: it fills the table of remembered specifications. */
static void
test_apply_spec_table_full_is_resources_and_changes_nothing(void)
{
	char spec[64], name[64];
	int failed_at = -1;
	int type;

	/* "dpstack.*" is (most likely already) remembered: make it the newest */
	CU_ASSERT_EQUAL_FATAL(dps_log_apply_spec("notice"), DPS_OK);
	for (int i = 0; i <= DPS_LOG_MAX_SPECS; i++) {
		int rc;

		snprintf(spec, sizeof(spec), "cap%d:debug", i);
		snprintf(name, sizeof(name), "dpstack.cap%d", i);
		type = rte_log_register(name);
		CU_ASSERT_FATAL(type >= 0);
		rte_log_set_level((uint32_t)type, RTE_LOG_INFO);
		rc = dps_log_apply_spec(spec);
		if (rc != DPS_OK) {
			CU_ASSERT_EQUAL(rc, DPS_E_RESOURCES);
			CU_ASSERT_EQUAL(level_of(type), RTE_LOG_INFO); /* not applied */
			failed_at = i;
			break;
		}
		CU_ASSERT_EQUAL(level_of(type), RTE_LOG_DEBUG);
	}
	/* DPS_LOG_MAX_SPECS + 1 distinct patterns cannot all fit */
	CU_ASSERT_FATAL(failed_at >= 0);
	/* the refused pattern is not remembered either */
	snprintf(name, sizeof(name), "dpstack.cap%d_late", failed_at);
	snprintf(spec, sizeof(spec), "cap%d_late:debug", failed_at);
	CU_ASSERT_EQUAL(dps_log_apply_spec(spec), DPS_E_RESOURCES);
	type = dps_log_register(name, RTE_LOG_WARNING);
	CU_ASSERT_FATAL(type >= 0);
	/* only "dpstack.*" (notice) matches it, not the refused "cap<n>_late" (debug) */
	CU_ASSERT_EQUAL(level_of(type), RTE_LOG_NOTICE);
	/* a pattern already remembered can still be applied */
	CU_ASSERT_EQUAL(dps_log_apply_spec("cap0:err"), DPS_OK);
	snprintf(name, sizeof(name), "dpstack.cap0");
	CU_ASSERT_EQUAL(level_of(rte_log_register(name)), RTE_LOG_ERR);
	CU_ASSERT_EQUAL(dps_log_apply_spec("info"), DPS_OK);
}

static const struct dps_test_case cases[] = {
	DPS_TEST(test_dps_log_register_macro_registers_dpstack_module_type),
	DPS_TEST(test_level_parse_accepts_every_name_and_alias),
	DPS_TEST(test_level_parse_accepts_numbers_1_to_8),
	DPS_TEST(test_level_parse_null_is_invalid_parameter),
	DPS_TEST(test_level_parse_rejects_malformed_without_writing),
	DPS_TEST(test_dps_log_prefixes_module_and_adds_newline_and_filters_by_level),
	DPS_TEST(test_apply_spec_bare_level_sets_every_dpstack_type_only),
	DPS_TEST(test_apply_spec_module_level_sets_only_that_module),
	DPS_TEST(test_apply_spec_full_name_is_the_same_as_module),
	DPS_TEST(test_apply_spec_star_is_the_same_as_bare_level),
	DPS_TEST(test_apply_spec_null_or_empty_is_invalid_parameter),
	DPS_TEST(test_apply_spec_rejects_malformed_and_changes_nothing),
	DPS_TEST(test_apply_spec_module_name_of_40_characters_is_accepted),
	DPS_TEST(test_apply_spec_later_specification_wins),
	DPS_TEST(test_apply_spec_is_remembered_for_types_registered_later),
	DPS_TEST(test_log_register_errors_and_reregistration),
	DPS_TEST(test_apply_spec_table_full_is_resources_and_changes_nothing),
};

DPS_TEST_MAIN("core_log", cases, NULL, NULL)
