/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef DPSTACK_OPTIONS_H
#define DPSTACK_OPTIONS_H

#include <stddef.h>

/** What `dpstack [EAL options] -- [options]` asked for. */
struct dps_app_options {
	int eal_argc;		/**< EAL arguments, argv[0] first */
	char **eal_argv;	/**< points into argv or at the defaults */
	int eal_defaults;	/**< 1 when no EAL option was given */
	const char *config;	/**< --config FILE or NULL */
	const char *socket;	/**< --socket PATH or NULL */
	const char *log_level;	/**< --log-level SPEC or NULL */
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
 *         stray argument); DPS_E_INVALID_DATA (bad value); DPS_E_NOT_FOUND
 *         (the config file cannot be read).
 */
int dps_app_parse_options(int argc, char **argv, struct dps_app_options *o, char *err,
	size_t errlen);

/** The usage text. */
void dps_app_usage(const char *prog, void *stream);

#endif
