/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef DPS_CONFIG_PRIVATE_H
#define DPS_CONFIG_PRIVATE_H

/* Inside lib/config only. */

#include "dps_log.h"

DPS_LOG_EXTERN(config);

/*
 * config/default.ini, NUL-terminated; generated at build time by
 * embed_default.py into dps_config_default.c.
 */
extern const char dps__config_default_ini[];

#endif /* DPS_CONFIG_PRIVATE_H */
