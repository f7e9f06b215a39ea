/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * dps_app_parse_options (app/dpstack/options.c): every option, the vdev
 * defaults, EAL options replacing them, and every malformed command line
 * with its exact status and error line. No EAL is initialised here.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rte_log.h>

#include "dps_log.h"
#include "dps_status.h"
#include "dps_test.h"
#include "options.h"

static char config_path[] = "/tmp/dps_test_app_options.XXXXXX";
static struct dps_app_options o;
static char err[512];

/* argv as main gets it: a NULL-terminated array of writable pointers */
#define ARGV(...) ((char *[]){"dpstack", __VA_ARGS__, NULL})

static int
parse(char **argv)
{
	int argc = 0;

	while (argv[argc] != NULL)
		argc++;
	/* garbage in, so that a field the parser forgets to set shows */
	memset(&o, 0x5a, sizeof(o));
	memset(err, 0, sizeof(err));
	return dps_app_parse_options(argc, argv, &o, err, sizeof(err));
}

static void
assert_no_app_options(void)
{
	CU_ASSERT_PTR_NULL(o.config);
	CU_ASSERT_PTR_NULL(o.socket);
	CU_ASSERT_PTR_NULL(o.log_level);
	CU_ASSERT_EQUAL(o.nb_plugins, 0);
	CU_ASSERT_EQUAL(o.help, 0);
	CU_ASSERT_EQUAL(o.version, 0);
}

static void
assert_vdev_defaults(char **argv)
{
	/* the adapter (net_tap dps0) comes from the embedded configuration */
	static const char *const want[] = {"--no-huge", "--no-pci", "-m", "512"};
	const int n = (int)(sizeof(want) / sizeof(want[0]));

	CU_ASSERT_EQUAL(o.eal_defaults, 1);
	CU_ASSERT_EQUAL_FATAL(o.eal_argc, n + 1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(o.eal_argv);
	CU_ASSERT_PTR_EQUAL(o.eal_argv[0], argv[0]);
	for (int i = 1; i <= n; i++)
		CU_ASSERT_STRING_EQUAL(o.eal_argv[i], want[i - 1]);
}

static int
suite_init(void)
{
	int fd = mkstemp(config_path);

	if (fd < 0)
		return -1;
	if (write(fd, "[stack]\n", 8) != 8) {
		close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

static int
suite_clean(void)
{
	unlink(config_path);
	dps_log_apply_spec("info");
	return 0;
}

/* ---- defaults and the EAL/application split ---- */

static void
test_no_arguments_gives_the_vdev_defaults(void)
{
	char *argv[] = {"/usr/bin/dpstack", NULL};

	CU_ASSERT_EQUAL(parse(argv), DPS_OK);
	assert_vdev_defaults(argv);
	assert_no_app_options();
	CU_ASSERT_STRING_EQUAL(err, "");
}

static void
test_only_separator_gives_the_vdev_defaults(void)
{
	char **argv = ARGV("--");

	CU_ASSERT_EQUAL(parse(argv), DPS_OK);
	assert_vdev_defaults(argv);
	assert_no_app_options();
}

static void
test_app_options_alone_keep_the_vdev_defaults(void)
{
	char **argv = ARGV("--", "--config", config_path, "--socket", "/tmp/dps.sock");

	CU_ASSERT_EQUAL(parse(argv), DPS_OK);
	assert_vdev_defaults(argv);
	CU_ASSERT_PTR_EQUAL(o.config, config_path);
	CU_ASSERT_STRING_EQUAL(o.socket, "/tmp/dps.sock");
}

static void
test_eal_options_before_separator_replace_the_defaults(void)
{
	char **argv = ARGV("--no-huge", "--no-pci", "--file-prefix=a", "--", "--socket", "/s");

	CU_ASSERT_EQUAL(parse(argv), DPS_OK);
	CU_ASSERT_EQUAL(o.eal_defaults, 0);
	CU_ASSERT_EQUAL(o.eal_argc, 4);
	CU_ASSERT_PTR_EQUAL(o.eal_argv, argv);
	CU_ASSERT_STRING_EQUAL(o.socket, "/s");
	CU_ASSERT_PTR_NULL(o.config);
}

static void
test_eal_options_without_separator_are_all_eal(void)
{
	char **argv = ARGV("-a", "0000:01:00.0", "-l", "0-1");

	CU_ASSERT_EQUAL(parse(argv), DPS_OK);
	CU_ASSERT_EQUAL(o.eal_defaults, 0);
	CU_ASSERT_EQUAL(o.eal_argc, 5);
	CU_ASSERT_PTR_EQUAL(o.eal_argv, argv);
	assert_no_app_options();
}

static void
test_help_among_eal_options_is_left_to_eal(void)
{
	/* only a lone --help is ours without "--"; EAL answers its own -h */
	char **argv = ARGV("--no-huge", "--help");

	CU_ASSERT_EQUAL(parse(argv), DPS_OK);
	CU_ASSERT_EQUAL(o.help, 0);
	CU_ASSERT_EQUAL(o.eal_argc, 3);
	CU_ASSERT_PTR_EQUAL(o.eal_argv, argv);
}

/* ---- each option ---- */

static void
test_lone_help_and_version(void)
{
	CU_ASSERT_EQUAL(parse(ARGV("--help")), DPS_OK);
	CU_ASSERT_EQUAL(o.help, 1);
	CU_ASSERT_EQUAL(o.version, 0);
	CU_ASSERT_EQUAL(parse(ARGV("-h")), DPS_OK);
	CU_ASSERT_EQUAL(o.help, 1);
	CU_ASSERT_EQUAL(parse(ARGV("--version")), DPS_OK);
	CU_ASSERT_EQUAL(o.version, 1);
	CU_ASSERT_EQUAL(o.help, 0);
}

static void
test_help_and_version_after_separator(void)
{
	CU_ASSERT_EQUAL(parse(ARGV("--", "--help")), DPS_OK);
	CU_ASSERT_EQUAL(o.help, 1);
	CU_ASSERT_EQUAL(o.version, 0);
	CU_ASSERT_EQUAL(parse(ARGV("--no-huge", "--", "--version")), DPS_OK);
	CU_ASSERT_EQUAL(o.version, 1);
	CU_ASSERT_EQUAL(o.help, 0);
	CU_ASSERT_EQUAL(o.eal_argc, 2);
}

static void
test_config_both_forms(void)
{
	char eq[sizeof(config_path) + 16];
	char **argv;

	CU_ASSERT_EQUAL(parse(ARGV("--", "--config", config_path)), DPS_OK);
	CU_ASSERT_STRING_EQUAL(o.config, config_path);
	snprintf(eq, sizeof(eq), "--config=%s", config_path);
	argv = ARGV("--", eq);
	CU_ASSERT_EQUAL(parse(argv), DPS_OK);
	CU_ASSERT_STRING_EQUAL(o.config, config_path);
	/* points into argv, which must outlive the options */
	CU_ASSERT_PTR_EQUAL(o.config, argv[2] + strlen("--config="));
}

static void
test_socket_longest_path_accepted(void)
{
	char path[108];

	memset(path, 's', sizeof(path) - 1);
	path[0] = '/';
	path[sizeof(path) - 1] = '\0'; /* 107 bytes: fits sun_path with its NUL */
	CU_ASSERT_EQUAL(parse(ARGV("--", "--socket", path)), DPS_OK);
	CU_ASSERT_PTR_EQUAL(o.socket, path);
	CU_ASSERT_EQUAL(parse(ARGV("--", "--socket=relative.sock")), DPS_OK);
	CU_ASSERT_STRING_EQUAL(o.socket, "relative.sock");
}

static void
test_log_level_forms_are_applied(void)
{
	CU_ASSERT_EQUAL(parse(ARGV("--", "--log-level", "core:debug")), DPS_OK);
	CU_ASSERT_STRING_EQUAL(o.log_level, "core:debug");
	CU_ASSERT_EQUAL(rte_log_get_level(dps_logtype_core), (int)RTE_LOG_DEBUG);

	CU_ASSERT_EQUAL(parse(ARGV("--", "--log-level", "warning")), DPS_OK);
	CU_ASSERT_EQUAL(rte_log_get_level(dps_logtype_core), (int)RTE_LOG_WARNING);

	CU_ASSERT_EQUAL(parse(ARGV("--", "--log-level=dpstack.core:3")), DPS_OK);
	CU_ASSERT_EQUAL(rte_log_get_level(dps_logtype_core), (int)RTE_LOG_CRIT);

	CU_ASSERT_EQUAL(parse(ARGV("--", "--log-level", "*:info")), DPS_OK);
	CU_ASSERT_EQUAL(rte_log_get_level(dps_logtype_core), (int)RTE_LOG_INFO);

	/* a module not registered (yet) is remembered, not refused */
	CU_ASSERT_EQUAL(parse(ARGV("--", "--log-level", "binding:debug")), DPS_OK);
	CU_ASSERT_EQUAL(rte_log_get_level(dps_logtype_core), (int)RTE_LOG_INFO);
}

static void
test_log_level_repeated_last_one_kept(void)
{
	CU_ASSERT_EQUAL(
		parse(ARGV("--", "--log-level", "debug", "--log-level", "core:err")), DPS_OK);
	CU_ASSERT_STRING_EQUAL(o.log_level, "core:err");
	CU_ASSERT_EQUAL(rte_log_get_level(dps_logtype_core), (int)RTE_LOG_ERR);
	dps_log_apply_spec("info");
}

static void
test_all_options_together(void)
{
	char **argv = ARGV("--no-huge", "--no-pci", "--", "--config", config_path, "--socket",
		"/run/dps.sock", "--log-level", "info", "--help", "--version");

	CU_ASSERT_EQUAL(parse(argv), DPS_OK);
	CU_ASSERT_EQUAL(o.eal_argc, 3);
	CU_ASSERT_EQUAL(o.eal_defaults, 0);
	CU_ASSERT_STRING_EQUAL(o.config, config_path);
	CU_ASSERT_STRING_EQUAL(o.socket, "/run/dps.sock");
	CU_ASSERT_STRING_EQUAL(o.log_level, "info");
	CU_ASSERT_EQUAL(o.help, 1);
	CU_ASSERT_EQUAL(o.version, 1);
	CU_ASSERT_STRING_EQUAL(err, "");
}

/* ---- malformed command lines: exact status and line ---- */

static void
test_unknown_option(void)
{
	CU_ASSERT_EQUAL(parse(ARGV("--", "--bogus")), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_STRING_EQUAL(err, "unknown option '--bogus'");
	CU_ASSERT_EQUAL(
		parse(ARGV("--no-huge", "--", "--socket", "/s", "-x")), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_STRING_EQUAL(err, "unknown option '-x'");
	/* a value for an option that takes none */
	CU_ASSERT_EQUAL(parse(ARGV("--", "--help=yes")), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_STRING_EQUAL(err, "unknown option '--help=yes'");
}

static void
test_missing_values(void)
{
	CU_ASSERT_EQUAL(parse(ARGV("--", "--config")), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_STRING_EQUAL(err, "option --config: missing value");
	CU_ASSERT_EQUAL(parse(ARGV("--", "--socket")), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_STRING_EQUAL(err, "option --socket: missing value");
	CU_ASSERT_EQUAL(
		parse(ARGV("--no-pci", "--", "--help", "--log-level")), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_STRING_EQUAL(err, "option --log-level: missing value");
}

static void
test_empty_config(void)
{
	CU_ASSERT_EQUAL(parse(ARGV("--", "--config", "")), DPS_E_INVALID_DATA);
	CU_ASSERT_STRING_EQUAL(err, "option --config: empty file name");
	CU_ASSERT_EQUAL(parse(ARGV("--", "--config=")), DPS_E_INVALID_DATA);
	CU_ASSERT_STRING_EQUAL(err, "option --config: empty file name");
}

static void
test_unreadable_config(void)
{
	CU_ASSERT_EQUAL(parse(ARGV("--", "--config", "/nonexistent/dpstack.ini")), DPS_E_NOT_FOUND);
	CU_ASSERT_STRING_EQUAL(err, "option --config: cannot read '/nonexistent/dpstack.ini'");
}

static void
test_bad_socket(void)
{
	char path[109], line[200];

	memset(path, 's', sizeof(path) - 1);
	path[0] = '/';
	path[sizeof(path) - 1] = '\0'; /* 108 bytes: no room for the NUL */
	CU_ASSERT_EQUAL(parse(ARGV("--", "--socket", path)), DPS_E_INVALID_DATA);
	snprintf(line, sizeof(line), "option --socket: path '%s' is longer than 107 bytes", path);
	CU_ASSERT_STRING_EQUAL(err, line);
	CU_ASSERT_EQUAL(parse(ARGV("--", "--socket", "")), DPS_E_INVALID_DATA);
	CU_ASSERT_STRING_EQUAL(err, "option --socket: empty path");
}

static void
test_bad_log_level(void)
{
	static const char *const bad[] = {"loud", "", "9", "0", "core:", ":debug", "core:loud",
		"bad-module:info", "dpstack.:info",
		"a_module_name_much_longer_than_forty_bytes_x:info"};
	char line[160];

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		CU_ASSERT_EQUAL(
			parse(ARGV("--", "--log-level", (char *)bad[i])), DPS_E_INVALID_DATA);
		snprintf(line, sizeof(line),
			"option --log-level: bad value '%s' (want LEVEL or MODULE:LEVEL)", bad[i]);
		CU_ASSERT_STRING_EQUAL(err, line);
	}
	/* a refused spec changed no level */
	CU_ASSERT_EQUAL(rte_log_get_level(dps_logtype_core), (int)RTE_LOG_INFO);
}

static void
test_stray_argument(void)
{
	CU_ASSERT_EQUAL(parse(ARGV("--", "extra")), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_STRING_EQUAL(err, "unexpected argument 'extra'");
	CU_ASSERT_EQUAL(
		parse(ARGV("--", "--socket", "/s", "extra", "--help")), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_STRING_EQUAL(err, "unexpected argument 'extra'");
	/* a second "--" is an argument, not a separator */
	CU_ASSERT_EQUAL(parse(ARGV("--", "--help", "--", "more")), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_STRING_EQUAL(err, "unexpected argument 'more'");
}

static void
test_bad_parameters(void)
{
	char *argv[] = {"dpstack", NULL};

	CU_ASSERT_EQUAL(
		dps_app_parse_options(0, argv, &o, err, sizeof(err)), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_STRING_EQUAL(err, "no arguments");
	CU_ASSERT_EQUAL(
		dps_app_parse_options(1, NULL, &o, err, sizeof(err)), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(
		dps_app_parse_options(1, argv, NULL, err, sizeof(err)), DPS_E_INVALID_PARAMETER);
	/* no room for the line: the status alone */
	CU_ASSERT_EQUAL(dps_app_parse_options(0, argv, &o, NULL, 0), DPS_E_INVALID_PARAMETER);
}

static void
test_error_line_is_truncated_to_the_buffer(void)
{
	char small[8];

	memset(small, 'x', sizeof(small));
	CU_ASSERT_EQUAL(dps_app_parse_options(3, ARGV("--", "--bogus"), &o, small, sizeof(small)),
		DPS_E_INVALID_PARAMETER);
	CU_ASSERT_STRING_EQUAL(small, "unknown");
}

/* ---- --plugin ---- */

static struct dps_config cfg; /* large: static */

static void
test_plugin_repeated_keeps_the_order(void)
{
	char **argv = ARGV("--", "--plugin", "/a.so", "--plugin=./b.so", "--plugin", "/a.so");

	CU_ASSERT_EQUAL(parse(argv), DPS_OK);
	CU_ASSERT_EQUAL_FATAL(o.nb_plugins, 3);
	CU_ASSERT_PTR_EQUAL(o.plugins[0], argv[3]);
	CU_ASSERT_STRING_EQUAL(o.plugins[1], "./b.so");
	CU_ASSERT_STRING_EQUAL(o.plugins[2], "/a.so");
	CU_ASSERT_EQUAL(parse(ARGV("--", "--socket", "/s")), DPS_OK);
	CU_ASSERT_EQUAL(o.nb_plugins, 0);
}

static void
test_plugin_bad_paths(void)
{
	char path[DPS_CONFIG_PLUGIN_PATH_LEN + 1], line[400];

	CU_ASSERT_EQUAL(parse(ARGV("--", "--plugin", "")), DPS_E_INVALID_DATA);
	CU_ASSERT_STRING_EQUAL(err, "option --plugin: empty path");
	CU_ASSERT_EQUAL(parse(ARGV("--", "--plugin=")), DPS_E_INVALID_DATA);
	CU_ASSERT_STRING_EQUAL(err, "option --plugin: empty path");
	CU_ASSERT_EQUAL(parse(ARGV("--", "--plugin")), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_STRING_EQUAL(err, "option --plugin: missing value");

	/* 255 bytes are accepted, 256 are not */
	memset(path, 'p', sizeof(path));
	path[0] = '/';
	path[DPS_CONFIG_PLUGIN_PATH_LEN - 1] = '\0';
	CU_ASSERT_EQUAL(parse(ARGV("--", "--plugin", path)), DPS_OK);
	CU_ASSERT_EQUAL(o.nb_plugins, 1);
	path[DPS_CONFIG_PLUGIN_PATH_LEN - 1] = 'p';
	path[DPS_CONFIG_PLUGIN_PATH_LEN] = '\0';
	CU_ASSERT_EQUAL(parse(ARGV("--", "--plugin", path)), DPS_E_INVALID_DATA);
	snprintf(line, sizeof(line), "option --plugin: path '%s' is longer than 255 bytes", path);
	CU_ASSERT_STRING_EQUAL(err, line);
}

static void
test_plugin_more_than_sixteen(void)
{
	char names[DPS_CONFIG_MAX_PLUGINS + 1][16];
	char *argv[2 + 2 * (DPS_CONFIG_MAX_PLUGINS + 1) + 1];
	int argc = 0;

	argv[argc++] = "dpstack";
	argv[argc++] = "--";
	for (int i = 0; i < DPS_CONFIG_MAX_PLUGINS; i++) {
		snprintf(names[i], sizeof(names[i]), "/p%d.so", i);
		argv[argc++] = "--plugin";
		argv[argc++] = names[i];
	}
	argv[argc] = NULL;
	CU_ASSERT_EQUAL(parse(argv), DPS_OK);
	CU_ASSERT_EQUAL(o.nb_plugins, DPS_CONFIG_MAX_PLUGINS);
	CU_ASSERT_STRING_EQUAL(o.plugins[15], "/p15.so");

	snprintf(names[16], sizeof(names[16]), "/p16.so");
	argv[argc++] = "--plugin";
	argv[argc++] = names[16];
	argv[argc] = NULL;
	CU_ASSERT_EQUAL(parse(argv), DPS_E_RESOURCES);
	CU_ASSERT_STRING_EQUAL(err, "option --plugin: '/p16.so': more than 16 plugins");
}

/* Write a configuration and load it (no protocol sections: no schemas needed). */
static void
load_config(const char *text)
{
	FILE *f = fopen(config_path, "w");

	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	fputs(text, f);
	fclose(f);
	CU_ASSERT_EQUAL_FATAL(
		dps_config_load_file(config_path, NULL, 0, &cfg, err, sizeof(err)), DPS_OK);
}

static void
test_plugin_appends_to_the_config_list(void)
{
	load_config("[stack]\nplugins = /f1.so, /f2.so\n");
	CU_ASSERT_EQUAL(parse(ARGV("--", "--plugin", "/c1.so", "--plugin", "/c2.so")), DPS_OK);
	CU_ASSERT_EQUAL(dps_app_options_apply(&o, &cfg, err, sizeof(err)), DPS_OK);
	CU_ASSERT_EQUAL_FATAL(cfg.stack.nb_plugins, 4);
	CU_ASSERT_STRING_EQUAL(cfg.stack.plugins[0], "/f1.so");
	CU_ASSERT_STRING_EQUAL(cfg.stack.plugins[1], "/f2.so");
	CU_ASSERT_STRING_EQUAL(cfg.stack.plugins[2], "/c1.so");
	CU_ASSERT_STRING_EQUAL(cfg.stack.plugins[3], "/c2.so");

	/* nothing to add: the list is the file's */
	load_config("[stack]\nplugins = /f1.so\n");
	CU_ASSERT_EQUAL(parse(ARGV("--")), DPS_OK);
	CU_ASSERT_EQUAL(dps_app_options_apply(&o, &cfg, err, sizeof(err)), DPS_OK);
	CU_ASSERT_EQUAL(cfg.stack.nb_plugins, 1);

	CU_ASSERT_EQUAL(
		dps_app_options_apply(NULL, &cfg, err, sizeof(err)), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(dps_app_options_apply(&o, NULL, err, sizeof(err)), DPS_E_INVALID_PARAMETER);
}

static void
test_plugin_given_twice(void)
{
	char line[300];

	load_config("[stack]\n");
	CU_ASSERT_EQUAL(parse(ARGV("--", "--plugin", "/a.so", "--plugin", "/a.so")), DPS_OK);
	CU_ASSERT_EQUAL(dps_app_options_apply(&o, &cfg, err, sizeof(err)), DPS_E_EXISTS);
	CU_ASSERT_STRING_EQUAL(err, "option --plugin: '/a.so': listed twice");

	load_config("[stack]\nplugins = /a.so\n");
	CU_ASSERT_EQUAL(parse(ARGV("--", "--plugin", "/a.so")), DPS_OK);
	CU_ASSERT_EQUAL(dps_app_options_apply(&o, &cfg, err, sizeof(err)), DPS_E_EXISTS);
	snprintf(line, sizeof(line),
		"option --plugin: '/a.so': listed twice (with the 1 of [stack] plugins in %s)",
		config_path);
	CU_ASSERT_STRING_EQUAL(err, line);
}

static void
test_plugin_too_many_with_the_config_list(void)
{
	char text[200], line[300];
	size_t off;

	off = (size_t)snprintf(text, sizeof(text), "[stack]\nplugins = ");
	for (int i = 0; i < DPS_CONFIG_MAX_PLUGINS - 1; i++)
		off += (size_t)snprintf(text + off, sizeof(text) - off, "%s/f%d", i ? "," : "", i);
	snprintf(text + off, sizeof(text) - off, "\n");
	load_config(text);
	CU_ASSERT_EQUAL(cfg.stack.nb_plugins, 15);
	CU_ASSERT_EQUAL(parse(ARGV("--", "--plugin", "/c1.so", "--plugin", "/c2.so")), DPS_OK);
	CU_ASSERT_EQUAL(dps_app_options_apply(&o, &cfg, err, sizeof(err)), DPS_E_RESOURCES);
	snprintf(line, sizeof(line),
		"option --plugin: '/c2.so': more than 16 plugins (with the 15 of [stack] plugins "
		"in %s)",
		config_path);
	CU_ASSERT_STRING_EQUAL(err, line);
}

/* ---- getopt state ---- */

static void
test_repeated_calls_do_not_share_getopt_state(void)
{
	for (int i = 0; i < 3; i++) {
		CU_ASSERT_EQUAL(
			parse(ARGV("--", "--socket", "/a", "--bogus")), DPS_E_INVALID_PARAMETER);
		CU_ASSERT_STRING_EQUAL(err, "unknown option '--bogus'");
		CU_ASSERT_EQUAL(parse(ARGV("--", "--socket", "/b")), DPS_OK);
		CU_ASSERT_STRING_EQUAL(o.socket, "/b");
	}
	/* the parser resets optind itself, wherever the caller left it */
	optind = 5;
	CU_ASSERT_EQUAL(parse(ARGV("--", "--config", config_path)), DPS_OK);
	CU_ASSERT_STRING_EQUAL(o.config, config_path);
}

static void
test_opterr_is_left_for_eal(void)
{
	/*
	 * rte_eal_init parses its options with getopt after us and relies on
	 * opterr for its "unrecognized option" line: the parser must leave it
	 * as it found it.
	 */
	opterr = 1;
	CU_ASSERT_EQUAL(parse(ARGV("--bogus-eal", "--", "--log-level", "info")), DPS_OK);
	CU_ASSERT_EQUAL(opterr, 1);
	CU_ASSERT_EQUAL(parse(ARGV("--", "--bogus")), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(opterr, 1);
}

static void
test_usage_names_every_option(void)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	dps_app_usage("dpstack", f);
	fclose(f);
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	CU_ASSERT_EQUAL(strncmp(text, "Usage: dpstack [EAL options] -- [options]\n", 42), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "--config FILE"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "--socket PATH"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "--log-level SPEC"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "  --plugin FILE      load the protocol plugin FILE"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "repeated, at most 16 plugins in all\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "--help"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "--version"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "  --no-huge --no-pci -m 512\n"));
	free(text);
}

static const struct dps_test_case cases[] = {
	DPS_TEST(test_no_arguments_gives_the_vdev_defaults),
	DPS_TEST(test_only_separator_gives_the_vdev_defaults),
	DPS_TEST(test_app_options_alone_keep_the_vdev_defaults),
	DPS_TEST(test_eal_options_before_separator_replace_the_defaults),
	DPS_TEST(test_eal_options_without_separator_are_all_eal),
	DPS_TEST(test_help_among_eal_options_is_left_to_eal),
	DPS_TEST(test_lone_help_and_version),
	DPS_TEST(test_help_and_version_after_separator),
	DPS_TEST(test_config_both_forms),
	DPS_TEST(test_socket_longest_path_accepted),
	DPS_TEST(test_log_level_forms_are_applied),
	DPS_TEST(test_log_level_repeated_last_one_kept),
	DPS_TEST(test_all_options_together),
	DPS_TEST(test_unknown_option),
	DPS_TEST(test_missing_values),
	DPS_TEST(test_empty_config),
	DPS_TEST(test_unreadable_config),
	DPS_TEST(test_bad_socket),
	DPS_TEST(test_bad_log_level),
	DPS_TEST(test_stray_argument),
	DPS_TEST(test_bad_parameters),
	DPS_TEST(test_error_line_is_truncated_to_the_buffer),
	DPS_TEST(test_plugin_repeated_keeps_the_order),
	DPS_TEST(test_plugin_bad_paths),
	DPS_TEST(test_plugin_more_than_sixteen),
	DPS_TEST(test_plugin_appends_to_the_config_list),
	DPS_TEST(test_plugin_given_twice),
	DPS_TEST(test_plugin_too_many_with_the_config_list),
	DPS_TEST(test_repeated_calls_do_not_share_getopt_state),
	DPS_TEST(test_opterr_is_left_for_eal),
	DPS_TEST(test_usage_names_every_option),
};

DPS_TEST_MAIN("app_options", cases, suite_init, suite_clean)
