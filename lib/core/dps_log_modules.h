/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef DPS_LOG_MODULES_H
#define DPS_LOG_MODULES_H

/**
 * @file
 * The dpstack log modules registered so far (dps_log_register(), that is
 * DPS_LOG_REGISTER in the library, the program and loaded plugins), so
 * that dpstack can refuse a --log-level naming none of them. Not part of
 * the protocol SDK.
 */

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Most modules remembered; dps_log_register() beyond it still registers the type. */
#define DPS_LOG_MAX_MODULES 64

/**
 * Whether a --log-level specification names a registered module.
 *
 * @param spec as for dps_log_apply_spec(): "LEVEL", "MODULE:LEVEL",
 *        "dpstack.MODULE:LEVEL", "*:LEVEL".
 * @param known on DPS_E_NOT_FOUND, the registered modules in
 *        registration order, "a, b, c" without the "dpstack." prefix (may
 *        be NULL).
 * @param len size of @p known.
 * @return DPS_OK if @p spec names no module, "*", or a registered one;
 *         DPS_E_INVALID_PARAMETER for NULL; DPS_E_NOT_FOUND otherwise.
 * Level: CONTROL (start-up).
 */
int dps_log_module_check(const char *spec, char *known, size_t len);

#ifdef __cplusplus
}
#endif

#endif /* DPS_LOG_MODULES_H */
