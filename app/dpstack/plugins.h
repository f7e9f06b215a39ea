/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef DPS_APP_PLUGINS_H
#define DPS_APP_PLUGINS_H

/*
 * Protocol plugins (issue 8 point 4, COORD decision 2): shared objects
 * built against the installed SDK, each exporting one struct
 * dps_plugin_entry named dps_plugin_entry (DPS_PLUGIN_EXPORT). dpstack loads
 * them at start, before the configuration is checked, and adds each
 * descriptor to the protocol registry, so that a plugin's [protocol NAME]
 * section is validated and its protocol registered like a built-in's.
 */

#include <stddef.h>
#include <stdio.h>

/**
 * Load the plugin @p path: dlopen (RTLD_NOW: every symbol it needs must
 * resolve now, against this process's libdpstack), find the entry point,
 * check the ABI version, check that it asks libdpstack for nothing but the
 * SDK (no DPSTACK_INTERNAL symbol), validate its descriptor and add it to
 * the registry. On failure the file is unloaded again and @p err holds one
 * line "plugin PATH: why".
 *
 * @return DPS_OK; DPS_E_NOT_FOUND (the file does not load, or has no entry
 *         point); DPS_E_NOT_SUPPORTED (another ABI version, or it uses
 *         stack-internal symbols); DPS_E_INVALID_PARAMETER (its descriptor
 *         fails dps_protocol_desc_validate() or its key table
 *         dps_config_schema_check(), or it asks for what only built-ins
 *         may have: socket_service);
 *         DPS_E_EXISTS (its protocol's name is taken); DPS_E_RESOURCES
 *         (more than DPS_CONFIG_MAX_PLUGINS plugins); what
 *         dps_protocol_registry_add() returns otherwise.
 * Level: CONTROL, before the stack registers its protocols.
 */
int dps_app_plugin_load(const char *path, char *err, size_t len);

/** How many plugins are loaded. */
unsigned int dps_app_plugin_count(void);

/** One line per loaded plugin: "dpstack: plugin PATH: protocol NAME". */
void dps_app_plugins_print(FILE *f);

/**
 * Unload every plugin, the last loaded first. Only after the protocols are
 * deregistered (dps_binding_layer_fini): their code must not run again.
 */
void dps_app_plugins_unload(void);

#endif /* DPS_APP_PLUGINS_H */
