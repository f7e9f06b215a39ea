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

#define DPS_LOG_REGISTER(module, level) \
	RTE_LOG_REGISTER(dps_logtype_##module, dpstack.module, level)

#define DPS_LOG_EXTERN(module) extern int dps_logtype_##module

/** Log one line; the newline is added. Level: any (rte_log does not block). */
#define DPS_LOG(level, module, fmt, ...) \
	rte_log(RTE_LOG_##level, dps_logtype_##module, \
		"dpstack." #module ": " fmt "\n", ##__VA_ARGS__)

/**
 * Parse a log level name ("emerg", "alert", "crit", "err"/"error",
 * "warning"/"warn", "notice", "info", "debug") or number (1..8).
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
 *   "*:LEVEL"       same as "LEVEL".
 * Also remembered for types registered later (rte_log_set_level_pattern).
 *
 * @param spec the specification.
 * @return DPS_OK, DPS_E_INVALID_PARAMETER on NULL or empty, DPS_E_INVALID_DATA
 *         for a bad level or a module name with characters other than
 *         letters, digits and '_', DPS_E_RESOURCES if rte_log cannot store it.
 * Level: CONTROL (start-up).
 */
int dps_log_apply_spec(const char *spec);

DPS_LOG_EXTERN(core);

#ifdef __cplusplus
}
#endif

#endif /* DPS_LOG_H */
