/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The registry of protocol descriptors (DESIGN.md section 5): what
 * DPS_PROTOCOL_REGISTER constructors and the plugin loader add before the
 * stack starts, kept in name order so that registration (and so binding,
 * dispatch and report order) does not depend on link order. Also the one
 * check of a descriptor, used by the registry and by dps_protocol_register.
 *
 * Constructors run before main() and before logging is set up: nothing here
 * allocates or logs; a constructor's failure is kept for
 * dps_protocol_registry_check().
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "dps_binding.h"
#include "dps_config.h"

/* Most descriptors: the built-ins, the plugins of one run. */
#define REGISTRY_MAX 32

static const struct dps_protocol_desc *registry[REGISTRY_MAX];
static unsigned int registry_n;
static int registry_sealed;
static int ctor_status = DPS_OK;
static char ctor_err[160];

static int
fail(char *err, size_t len, const char *fmt, ...)
{
	va_list ap;

	if (err != NULL && len > 0) {
		va_start(ap, fmt);
		vsnprintf(err, len, fmt, ap);
		va_end(ap);
	}
	return DPS_E_INVALID_PARAMETER;
}

/* 1..max characters of [a-z0-9_]? */
static int
name_ok(const char *s, size_t max)
{
	size_t n = 0;

	if (s == NULL)
		return 0;
	for (; s[n] != '\0'; n++) {
		char c = s[n];

		if (n >= max || !((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'))
			return 0;
	}
	return n > 0;
}

static int
counters_validate(const struct dps_protocol_desc *d, char *err, size_t len)
{
	const struct dps_protocol_counters *c = &d->counters;

	if (c->n == 0)
		return DPS_OK;
	if (c->n > DPS_PROTOCOL_MAX_COUNTERS)
		return fail(err, len, "protocol %s: counters.n %u is more than %u", d->name, c->n,
			DPS_PROTOCOL_MAX_COUNTERS);
	if (c->names == NULL)
		return fail(err, len, "protocol %s: counters.names is NULL", d->name);
	if (c->stride % sizeof(uint64_t) != 0 || c->stride < c->n * sizeof(uint64_t))
		return fail(err, len,
			"protocol %s: counters.stride %zu is not a multiple of 8 of at least %zu",
			d->name, c->stride, c->n * sizeof(uint64_t));
	if (c->offset % sizeof(uint64_t) != 0 ||
		c->offset + (DPS_PROTO_STAT_SLOTS - 1) * c->stride + c->n * sizeof(uint64_t) >
			d->binding_ctx->size)
		return fail(err, len,
			"protocol %s: counters.offset %zu: the table does not fit the binding "
			"context (%zu bytes) or is not 8-byte aligned",
			d->name, c->offset, d->binding_ctx->size);
	for (unsigned int i = 0; i < c->n; i++) {
		if (!name_ok(c->names[i], DPS_PROTOCOL_COUNTER_NAME_MAX))
			return fail(err, len,
				"protocol %s: counters.names[%u] is not 1..%u characters of "
				"[a-z0-9_]",
				d->name, i, DPS_PROTOCOL_COUNTER_NAME_MAX);
		for (unsigned int k = 0; k < i; k++)
			if (strcmp(c->names[k], c->names[i]) == 0)
				return fail(err, len, "protocol %s: counter '%s' named twice",
					d->name, c->names[i]);
	}
	return DPS_OK;
}

int
dps_protocol_desc_validate(const struct dps_protocol_desc *d, char *err, size_t len)
{
	int receives, rc;

	if (err != NULL && len > 0)
		err[0] = '\0';
	if (d == NULL)
		return fail(err, len, "no descriptor");
	if (!name_ok(d->name, DPS_PROTOCOL_NAME_MAX))
		return fail(err, len, "protocol name '%.32s' is not 1..%u characters of [a-z0-9_]",
			d->name != NULL ? d->name : "(null)", DPS_PROTOCOL_NAME_MAX);
	if (d->ops == NULL)
		return fail(err, len, "protocol %s: no ops", d->name);
	if (d->binding_ctx == NULL)
		return fail(err, len, "protocol %s: no binding_ctx", d->name);
	if (d->nb_ethertypes > DPS_BINDING_MAX_ETHERTYPES)
		return fail(err, len, "protocol %s: nb_ethertypes %u is more than %u", d->name,
			d->nb_ethertypes, DPS_BINDING_MAX_ETHERTYPES);
	if (d->nb_ethertypes > 0 && d->ethertypes == NULL)
		return fail(err, len, "protocol %s: nb_ethertypes %u but ethertypes is NULL",
			d->name, d->nb_ethertypes);
	if (d->catch_all && d->nb_ethertypes > 0)
		return fail(err, len, "protocol %s: catch_all with ethertypes", d->name);
	receives = d->nb_ethertypes > 0 || d->catch_all;
	if (receives && d->ops->receive == NULL)
		return fail(
			err, len, "protocol %s: receives frames but ops->receive is NULL", d->name);
	if ((d->default_filter & ~DPS_FILTER_ALL) != 0)
		return fail(err, len, "protocol %s: default_filter 0x%x has unknown bits", d->name,
			d->default_filter);
	rc = counters_validate(d, err, len);
	if (rc != DPS_OK)
		return rc;
	if (d->config_keys != NULL) {
		/* the loader's own rules, so a bad table is the protocol's error */
		struct dps_config_proto_schema schema = {d->name, d->config_keys};

		if (dps_config_schema_check(&schema, err, len) != DPS_OK)
			return DPS_E_INVALID_PARAMETER;
	}
	return DPS_OK;
}

static int
registry_add(const struct dps_protocol_desc *d, char *err, size_t len)
{
	unsigned int pos;
	int rc;

	if (registry_sealed) {
		if (err != NULL && len > 0)
			snprintf(err, len,
				"protocol %s: added after the stack registered the "
				"protocols",
				d != NULL && d->name != NULL ? d->name : "?");
		return DPS_E_INVALID_STATE;
	}
	rc = dps_protocol_desc_validate(d, err, len);
	if (rc != DPS_OK)
		return rc;
	for (pos = 0; pos < registry_n; pos++) {
		int c = strcmp(registry[pos]->name, d->name);

		if (c == 0) {
			if (err != NULL && len > 0)
				snprintf(err, len, "protocol %s: the name is taken", d->name);
			return DPS_E_EXISTS;
		}
		if (c > 0)
			break;
	}
	if (registry_n == REGISTRY_MAX) {
		if (err != NULL && len > 0)
			snprintf(err, len, "protocol %s: more than %u protocols", d->name,
				REGISTRY_MAX);
		return DPS_E_RESOURCES;
	}
	memmove(&registry[pos + 1], &registry[pos], (registry_n - pos) * sizeof(registry[0]));
	registry[pos] = d;
	registry_n++;
	return DPS_OK;
}

int
dps_protocol_registry_add(const struct dps_protocol_desc *d)
{
	return registry_add(d, NULL, 0);
}

void
dps__protocol_registry_ctor(const struct dps_protocol_desc *d)
{
	char err[sizeof(ctor_err)];
	int rc = registry_add(d, err, sizeof(err));

	if (rc != DPS_OK && ctor_status == DPS_OK) {
		ctor_status = rc;
		memcpy(ctor_err, err, sizeof(err));
	}
}

int
dps_protocol_registry_check(char *err, size_t len)
{
	if (err != NULL && len > 0)
		snprintf(err, len, "%s", ctor_status == DPS_OK ? "" : ctor_err);
	return ctor_status;
}

/* Descriptors' configuration checks (dps_protocol_set_config_check). */
static struct {
	const struct dps_protocol_desc *d;
	dps_protocol_config_check_t fn;
} checks[REGISTRY_MAX];
static unsigned int nb_checks;

int
dps_protocol_set_config_check(const struct dps_protocol_desc *d, dps_protocol_config_check_t fn)
{
	unsigned int i;

	if (d == NULL)
		return DPS_E_INVALID_PARAMETER;
	for (i = 0; i < nb_checks && checks[i].d != d; i++)
		;
	if (fn == NULL) {
		if (i < nb_checks)
			checks[i] = checks[--nb_checks];
		return DPS_OK;
	}
	if (i == nb_checks) {
		if (nb_checks == REGISTRY_MAX)
			return DPS_E_RESOURCES;
		nb_checks++;
	}
	checks[i].d = d;
	checks[i].fn = fn;
	return DPS_OK;
}

static dps_protocol_config_check_t
config_check_of(const struct dps_protocol_desc *d)
{
	for (unsigned int i = 0; i < nb_checks; i++)
		if (checks[i].d == d)
			return checks[i].fn;
	return NULL;
}

int
dps_protocol_registry_config_check(
	const struct dps_config *cfg, const char *file, char *err, size_t len)
{
	char file_esc[256], why[256];

	if (cfg == NULL || err == NULL || len == 0)
		return DPS_E_INVALID_PARAMETER;
	err[0] = '\0';
	dps_config_escape(file != NULL ? file : "(defaults)", file_esc, sizeof(file_esc));
	for (unsigned int i = 0; i < registry_n; i++) {
		const struct dps_protocol_desc *d = registry[i];
		const struct dps_config_protocol *p;
		dps_protocol_config_check_t fn = config_check_of(d);
		const char *key = NULL, *value = NULL;
		int rc, string_key = 0;

		if (fn == NULL)
			continue;
		p = dps_config_protocol_find(cfg, d->name);
		if (p == NULL)
			continue;
		why[0] = '\0';
		rc = fn(p, &key, why, sizeof(why));
		if (rc == DPS_OK)
			continue;
		for (const struct dps_config_key *k = d->config_keys;
			key != NULL && k != NULL && k->name != NULL; k++)
			if (strcmp(k->name, key) == 0)
				string_key = k->type == DPS_CFG_STRING;
		if (string_key && dps_config_proto_string(p, key, &value) == DPS_OK)
			snprintf(err, len, "%s: [protocol %s] %s = '%s': %s", file_esc, d->name,
				key, value, why[0] != '\0' ? why : "refused by the protocol");
		else
			snprintf(err, len, "%s: [protocol %s] %s: %s", file_esc, d->name,
				key != NULL ? key : "(section)",
				why[0] != '\0' ? why : "refused by the protocol");
		return rc < 0 ? rc : DPS_E_INVALID_PARAMETER;
	}
	return DPS_OK;
}

const struct dps_protocol_desc *
dps_protocol_registry_get(unsigned int i)
{
	return i < registry_n ? registry[i] : NULL;
}

unsigned int
dps_protocol_registry_count(void)
{
	return registry_n;
}

void
dps_protocol_registry_seal(void)
{
	registry_sealed = 1;
}
