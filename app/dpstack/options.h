/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef DPSTACK_OPTIONS_H
#define DPSTACK_OPTIONS_H

#include <stddef.h>

#include "dps_config.h"

/** Most --log-level options. */
#define DPS_APP_MAX_LOG_LEVELS 32

/** What `dpstack [EAL options] -- [options]` asked for. */
struct dps_app_options {
	int eal_argc;					/**< EAL arguments, argv[0] first */
	char **eal_argv;				/**< points into argv or at the defaults */
	int eal_defaults;				/**< 1 when no EAL option was given */
	const char *config;				/**< --config FILE or NULL */
	const char *socket;				/**< --socket PATH or NULL */
	const char *log_level;				/**< the last --log-level SPEC or NULL */
	unsigned int nb_log_levels;			/**< --log-level options given */
	const char *log_levels[DPS_APP_MAX_LOG_LEVELS]; /**< each --log-level SPEC, in order */
	unsigned int nb_plugins;			/**< --plugin options given */
	const char *plugins[DPS_CONFIG_MAX_PLUGINS];	/**< each --plugin FILE, in order */
	int help;
	int version;
};

/** Exit code for a bad command line. */
#define DPS_EXIT_USAGE 2

/**
 * Split and check the command line. Nothing is initialised.
 *
 * @param argc, argv as given to main; argv must outlive @p o.
 * @param o output.
 * @param err one line naming the option and the problem, on failure.
 * @return DPS_OK; DPS_E_INVALID_PARAMETER (unknown option, missing value, a
 *         stray argument); DPS_E_INVALID_DATA (bad value: an empty path, a
 *         --plugin path of DPS_CONFIG_PLUGIN_PATH_LEN bytes or more);
 *         DPS_E_NOT_FOUND (the config file cannot be read); DPS_E_RESOURCES
 *         (more than DPS_CONFIG_MAX_PLUGINS --plugin options).
 */
int dps_app_parse_options(
	int argc, char **argv, struct dps_app_options *o, char *err, size_t errlen);

/**
 * Add to a loaded configuration what the command line adds to it: each
 * --plugin, in order, after the file's [stack] plugins
 * (dps_config_plugin_add()).
 *
 * @param o parsed options.
 * @param cfg the loaded configuration; on failure some plugins may have
 *        been appended (the caller stops).
 * @param err one line "option --plugin: 'PATH': why" on failure.
 * @return DPS_OK; DPS_E_INVALID_PARAMETER for NULL; DPS_E_EXISTS for a path
 *         given twice (on the command line or in the file too);
 *         DPS_E_RESOURCES for more than DPS_CONFIG_MAX_PLUGINS plugins in
 *         all; DPS_E_INVALID_DATA as dps_config_plugin_add().
 */
int dps_app_options_apply(
	const struct dps_app_options *o, struct dps_config *cfg, char *err, size_t errlen);

/** The usage text. */
void dps_app_usage(const char *prog, void *stream);

#endif
