/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef DPS_LOG_H
#define DPS_LOG_H

/**
 * @file
 * Logging through rte_log, one dynamic log type per module, named
 * "dpstack.<module>" (dpstack.core, dpstack.binding, ...).
 *
 * A module declares its type once in one of its .c files:
 *     DPS_LOG_REGISTER(binding, INFO);
 * declares it in its private header with DPS_LOG_EXTERN(binding), and logs:
 *     DPS_LOG(ERR, binding, "port %u: %s", port, dps_status_str(rc));
 */

#include <stdint.h>

#include <rte_log.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Like RTE_LOG_REGISTER, but through dps_log_register() so that the type also
 * picks up the --log-level specifications applied before it registered.
 */
#define DPS_LOG_REGISTER(module, level)                                                            \
	int dps_logtype_##module;                                                                  \
	RTE_INIT(dps__logtype_init_##module)                                                       \
	{                                                                                          \
		dps_logtype_##module = dps_log_register("dpstack." #module, RTE_LOG_##level);      \
		if (dps_logtype_##module < 0)                                                      \
			dps_logtype_##module = RTE_LOGTYPE_EAL;                                    \
	}

#define DPS_LOG_EXTERN(module) extern int dps_logtype_##module

/** Log one line; the newline is added. Level: any (rte_log does not block). */
#define DPS_LOG(level, module, fmt, ...)                                                           \
	rte_log(RTE_LOG_##level, dps_logtype_##module, "dpstack." #module ": " fmt "\n",           \
		##__VA_ARGS__)

/** Most distinct patterns dps_log_apply_spec() remembers for later types. */
#define DPS_LOG_MAX_SPECS 32

/**
 * Parse a log level name ("emerg", "alert", "crit", "err"/"error",
 * "warning"/"warn", "notice", "info", "debug"; case-insensitive) or number
 * (1..8, a single digit).
 *
 * @param name the level.
 * @param level output, an RTE_LOG_* value.
 * @return DPS_OK, DPS_E_INVALID_PARAMETER on NULL, DPS_E_INVALID_DATA for an
 *         unknown name or a number out of range.
 * Level: any.
 */
int dps_log_level_parse(const char *name, uint32_t *level);

/**
 * Apply a --log-level specification. Forms:
 *   "LEVEL"         every dpstack.* type;
 *   "MODULE:LEVEL"  dpstack.MODULE (e.g. "binding:debug");
 *   "dpstack.MODULE:LEVEL" the same, fully named;
 *   "*:LEVEL"       same as "LEVEL"; "dpstack.*:LEVEL" too.
 * The level is set at once on every matching registered type, and is
 * remembered so that types registered later with dps_log_register() (that is,
 * DPS_LOG_REGISTER) pick it up too; later specifications win over earlier ones.
 * (rte_log_set_level_pattern alone does not remember it in DPDK 22.11.)
 *
 * @param spec the specification.
 * @return DPS_OK; DPS_E_INVALID_PARAMETER on NULL or empty; DPS_E_INVALID_DATA
 *         for a bad level, or a module name that is empty, longer than 40
 *         characters or has characters other than letters, digits and '_';
 *         DPS_E_RESOURCES when DPS_LOG_MAX_SPECS distinct patterns are already
 *         remembered or rte_log refuses (nothing is changed then).
 * Level: CONTROL (start-up).
 */
int dps_log_apply_spec(const char *spec);

/**
 * Register a log type (or find it if registered) and give it its level:
 * @p level_def, overridden by EAL --log-level options
 * (rte_log_register_type_and_pick_level), then by the dps_log_apply_spec()
 * specifications that match @p name, in the order they were applied.
 *
 * @param name type name, e.g. "dpstack.binding".
 * @param level_def default level, an RTE_LOG_* value.
 * @return the log type (>= 0); DPS_E_INVALID_PARAMETER for a NULL name or a
 *         level out of range; DPS_E_RESOURCES when rte_log cannot register it.
 * Level: CONTROL (constructors, start-up).
 */
int dps_log_register(const char *name, uint32_t level_def);

DPS_LOG_EXTERN(core);

#ifdef __cplusplus
}
#endif

#endif /* DPS_LOG_H */
