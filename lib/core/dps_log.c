/* SPDX-License-Identifier: BSD-3-Clause */
#include <ctype.h>
#include <fnmatch.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dps_log.h"
#include "dps_log_modules.h"
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

/*
 * Specifications already applied, oldest first, for types that register
 * later: rte_log_set_level_pattern does not remember them in DPDK 22.11.
 */
static struct {
	char pattern[64];
	uint32_t level;
} specs[DPS_LOG_MAX_SPECS];
static unsigned int nspecs;
static pthread_mutex_t specs_lock = PTHREAD_MUTEX_INITIALIZER;

/* the modules dps_log_register() saw, without "dpstack."; under specs_lock */
static char modules[DPS_LOG_MAX_MODULES][48];
static unsigned int nmodules;

/* Remember (pattern, level) as the newest; under specs_lock. */
static int
spec_remember(const char *pattern, uint32_t level)
{
	unsigned int i;

	for (i = 0; i < nspecs; i++)
		if (strcmp(specs[i].pattern, pattern) == 0)
			break;
	if (i == nspecs && nspecs == DPS_LOG_MAX_SPECS)
		return DPS_E_RESOURCES;
	if (i < nspecs) {
		/* the same pattern again: it becomes the newest */
		memmove(&specs[i], &specs[i + 1], (nspecs - i - 1) * sizeof(specs[0]));
		nspecs--;
	}
	snprintf(specs[nspecs].pattern, sizeof(specs[nspecs].pattern), "%s", pattern);
	specs[nspecs].level = level;
	nspecs++;
	return DPS_OK;
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
	pthread_mutex_lock(&specs_lock);
	rc = spec_remember(pattern, level);
	if (rc == DPS_OK && rte_log_set_level_pattern(pattern, level) < 0)
		rc = DPS_E_RESOURCES; /* cannot happen: level was validated */
	pthread_mutex_unlock(&specs_lock);
	return rc;
}

int
dps_log_register(const char *name, uint32_t level_def)
{
	int type;

	if (name == NULL || level_def > RTE_LOG_MAX)
		return DPS_E_INVALID_PARAMETER;
	type = rte_log_register_type_and_pick_level(name, level_def);
	if (type < 0)
		return DPS_E_RESOURCES;
	pthread_mutex_lock(&specs_lock);
	if (strncmp(name, "dpstack.", 8) == 0 && strlen(name + 8) < sizeof(modules[0]) &&
		nmodules < DPS_LOG_MAX_MODULES) {
		unsigned int m = 0;

		while (m < nmodules && strcmp(modules[m], name + 8) != 0)
			m++;
		if (m == nmodules)
			snprintf(modules[nmodules++], sizeof(modules[0]), "%s", name + 8);
	}
	for (unsigned int i = 0; i < nspecs; i++)
		if (fnmatch(specs[i].pattern, name, 0) == 0)
			rte_log_set_level((uint32_t)type, specs[i].level);
	pthread_mutex_unlock(&specs_lock);
	return type;
}

int
dps_log_module_check(const char *spec, char *known, size_t len)
{
	const char *colon, *mod;
	size_t modlen, off = 0;
	int rc = DPS_E_NOT_FOUND;

	if (spec == NULL)
		return DPS_E_INVALID_PARAMETER;
	colon = strrchr(spec, ':');
	if (colon == NULL)
		return DPS_OK;
	mod = spec;
	modlen = (size_t)(colon - spec);
	if (modlen > 8 && strncmp(mod, "dpstack.", 8) == 0) {
		mod += 8;
		modlen -= 8;
	}
	if (modlen == 1 && mod[0] == '*')
		return DPS_OK;
	if (known != NULL && len > 0)
		known[0] = '\0';
	pthread_mutex_lock(&specs_lock);
	for (unsigned int i = 0; i < nmodules; i++) {
		if (strlen(modules[i]) == modlen && strncmp(modules[i], mod, modlen) == 0)
			rc = DPS_OK;
		if (known != NULL && off < len) {
			int w = snprintf(
				known + off, len - off, "%s%s", i == 0 ? "" : ", ", modules[i]);

			if (w > 0)
				off += (size_t)w;
		}
	}
	pthread_mutex_unlock(&specs_lock);
	return rc;
}
