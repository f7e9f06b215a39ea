/* SPDX-License-Identifier: BSD-3-Clause */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dps_log.h"
#include "dps_status.h"

DPS_LOG_REGISTER(core, INFO);

static const struct {
	const char *name;
	uint32_t level;
} level_names[] = {
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
};

int
dps_log_level_parse(const char *name, uint32_t *level)
{
	if (name == NULL || level == NULL)
		return DPS_E_INVALID_PARAMETER;
	for (size_t i = 0; i < sizeof(level_names) / sizeof(level_names[0]); i++) {
		if (strcasecmp(name, level_names[i].name) == 0) {
			*level = level_names[i].level;
			return DPS_OK;
		}
	}
	if (name[0] >= '1' && name[0] <= '8' && name[1] == '\0') {
		*level = (uint32_t)(name[0] - '0');
		return DPS_OK;
	}
	return DPS_E_INVALID_DATA;
}

static int
module_name_valid(const char *s, size_t len)
{
	if (len == 0)
		return 0;
	for (size_t i = 0; i < len; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '_')
			return 0;
	return 1;
}

int
dps_log_apply_spec(const char *spec)
{
	char pattern[64];
	uint32_t level;
	const char *colon, *mod;
	size_t modlen;
	int rc;

	if (spec == NULL || spec[0] == '\0')
		return DPS_E_INVALID_PARAMETER;
	colon = strrchr(spec, ':');
	if (colon == NULL) {
		rc = dps_log_level_parse(spec, &level);
		if (rc != DPS_OK)
			return rc;
		snprintf(pattern, sizeof(pattern), "dpstack.*");
	} else {
		rc = dps_log_level_parse(colon + 1, &level);
		if (rc != DPS_OK)
			return rc;
		mod = spec;
		modlen = (size_t)(colon - spec);
		if (modlen > 8 && strncmp(mod, "dpstack.", 8) == 0) {
			mod += 8;
			modlen -= 8;
		}
		if (modlen == 1 && mod[0] == '*') {
			snprintf(pattern, sizeof(pattern), "dpstack.*");
		} else {
			if (!module_name_valid(mod, modlen) || modlen > 40)
				return DPS_E_INVALID_DATA;
			snprintf(pattern, sizeof(pattern), "dpstack.%.*s", (int)modlen, mod);
		}
	}
	if (rte_log_set_level_pattern(pattern, level) < 0)
		return DPS_E_RESOURCES;
	return DPS_OK;
}
