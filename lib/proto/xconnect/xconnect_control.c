/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * xconnect on the control side: `pairs`, pairing bindings as adapters
 * bind and unbind, telemetry and the exit report. Everything here runs on
 * the control thread (or a telemetry thread, reading).
 */
#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "dps_status.h"
#include "xconnect_private.h"

DPS_LOG_REGISTER(xconnect, INFO);

static const char *const stat_names[DPS__XC_STAT_COUNT] = {
	[DPS__XC_STAT_RX] = "rx",
	[DPS__XC_STAT_FORWARDED] = "forwarded",
	[DPS__XC_STAT_DROP_TX_FULL] = "drop_tx_full",
	[DPS__XC_STAT_DROP_PEER_DOWN] = "drop_peer_down",
};

/* Bindings that exist now, by adapter name (control thread only). */
static struct dps__xc_binding *bound[2 * DPS__XC_MAX_PAIRS];

static int
name_char(int c)
{
	return isalnum(c) || c == '_' || c == '.' || c == '-';
}

/* One adapter name of @p len chars at @p p into @p out. */
static int
take_name(const char *p, size_t len, char *out, char *why, size_t wlen)
{
	if (len == 0) {
		snprintf(why, wlen, "an adapter name is missing");
		return DPS_E_INVALID_PARAMETER;
	}
	if (len >= DPS__XC_NAME_LEN) {
		snprintf(why, wlen, "adapter name '%.*s' is longer than %d characters", (int)len, p,
			DPS__XC_NAME_LEN - 1);
		return DPS_E_INVALID_PARAMETER;
	}
	for (size_t i = 0; i < len; i++)
		if (!name_char((unsigned char)p[i])) {
			snprintf(why, wlen, "adapter name '%.*s' has '%c' (letters, digits, _ . -)",
				(int)len, p, p[i]);
			return DPS_E_INVALID_PARAMETER;
		}
	memcpy(out, p, len);
	out[len] = '\0';
	return DPS_OK;
}

static int
seen(const struct dps__xc_pairs *ps, const char *name)
{
	for (unsigned int i = 0; i < ps->n; i++)
		if (strcmp(ps->a[i], name) == 0 || strcmp(ps->b[i], name) == 0)
			return 1;
	return 0;
}

int
dps__xc_parse_pairs(const char *text, struct dps__xc_pairs *out, char *why, size_t len)
{
	const char *p = text;

	if (text == NULL || out == NULL || why == NULL)
		return DPS_E_INVALID_PARAMETER;
	memset(out, 0, sizeof(*out));
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p == '\0') {
		snprintf(why, len, "no pair (expected a:b, c:d, ...)");
		return DPS_E_INVALID_PARAMETER;
	}
	for (;;) {
		const char *start, *colon, *end, *q;
		char a[DPS__XC_NAME_LEN], b[DPS__XC_NAME_LEN];
		int rc;

		while (*p == ' ' || *p == '\t')
			p++;
		start = p;
		end = strchr(p, ',');
		if (end == NULL)
			end = p + strlen(p);
		if (end == start) {
			snprintf(why, len, "an empty pair (a comma too many?)");
			return DPS_E_INVALID_PARAMETER;
		}
		colon = memchr(start, ':', (size_t)(end - start));
		if (colon == NULL) {
			snprintf(why, len, "'%.*s' is not a pair a:b", (int)(end - start), start);
			return DPS_E_INVALID_PARAMETER;
		}
		q = colon;
		while (q > start && (q[-1] == ' ' || q[-1] == '\t'))
			q--;
		rc = take_name(start, (size_t)(q - start), a, why, len);
		if (rc != DPS_OK)
			return rc;
		q = colon + 1;
		while (*q == ' ' || *q == '\t')
			q++;
		{
			const char *e = end;

			while (e > q && (e[-1] == ' ' || e[-1] == '\t'))
				e--;
			rc = take_name(q, (size_t)(e - q), b, why, len);
			if (rc != DPS_OK)
				return rc;
		}
		if (strcmp(a, b) == 0) {
			snprintf(why, len, "adapter %s is paired with itself", a);
			return DPS_E_INVALID_PARAMETER;
		}
		if (seen(out, a) || seen(out, b)) {
			snprintf(why, len, "adapter %s is in more than one pair",
				seen(out, a) ? a : b);
			return DPS_E_INVALID_PARAMETER;
		}
		if (out->n >= DPS__XC_MAX_PAIRS) {
			snprintf(why, len, "more than %d pairs", DPS__XC_MAX_PAIRS);
			return DPS_E_INVALID_PARAMETER;
		}
		memcpy(out->a[out->n], a, sizeof(a));
		memcpy(out->b[out->n], b, sizeof(b));
		out->n++;
		if (*end == '\0')
			return DPS_OK;
		p = end + 1;
	}
}

static struct dps__xc_binding *
bound_find(const char *name)
{
	for (unsigned int i = 0; i < RTE_DIM(bound); i++)
		if (bound[i] != NULL && strcmp(bound[i]->name, name) == 0)
			return bound[i];
	return NULL;
}

static int
xc_bind(struct dps_binding *b, void *ctx, const struct dps_bind_params *params)
{
	struct dps__xc_binding *x = ctx, *peer;
	struct dps__xc_pairs ps;
	const char *text = "";
	char why[128];
	unsigned int i, slot;

	if (params->proto_cfg == NULL ||
		dps_config_proto_string(params->proto_cfg, "pairs", &text) != DPS_OK)
		text = "";
	if (dps__xc_parse_pairs(text, &ps, why, sizeof(why)) != DPS_OK) {
		DPS_LOG(ERR, xconnect, "[protocol xconnect] pairs = '%s': %s; %s not bound", text,
			why, params->adapter_name);
		return DPS_E_INVALID_PARAMETER;
	}
	for (i = 0; i < ps.n; i++)
		if (strcmp(ps.a[i], params->adapter_name) == 0 ||
			strcmp(ps.b[i], params->adapter_name) == 0)
			break;
	if (i == ps.n) {
		DPS_LOG(ERR, xconnect,
			"[protocol xconnect] pairs = '%s': adapter %s is in no pair; not bound "
			"(bind = a list of the paired adapters avoids this)",
			text, params->adapter_name);
		return DPS_E_NOT_FOUND;
	}
	for (slot = 0; slot < RTE_DIM(bound) && bound[slot] != NULL; slot++)
		;
	if (slot == RTE_DIM(bound))
		return DPS_E_RESOURCES;
	snprintf(x->name, sizeof(x->name), "%s", params->adapter_name);
	snprintf(x->peer_name, sizeof(x->peer_name), "%s",
		strcmp(ps.a[i], x->name) == 0 ? ps.b[i] : ps.a[i]);
	x->self = b;
	atomic_init(&x->peer, NULL);
	bound[slot] = x;
	peer = bound_find(x->peer_name);
	if (peer != NULL) {
		/* neither delivers yet (a new binding is Paused): plain stores */
		atomic_store_explicit(&x->peer, peer->self, memory_order_release);
		atomic_store_explicit(&peer->peer, b, memory_order_release);
		DPS_LOG(INFO, xconnect, "%s <-> %s: cross-connected", peer->name, x->name);
	} else {
		DPS_LOG(INFO, xconnect, "%s: waiting for its peer %s", x->name, x->peer_name);
	}
	return DPS_OK;
}

static void
xc_unbind(struct dps_binding *b, void *ctx)
{
	struct dps__xc_binding *x = ctx;
	struct dps_binding *peer = atomic_load(&x->peer);

	RTE_SET_USED(b);
	for (unsigned int i = 0; i < RTE_DIM(bound); i++)
		if (bound[i] == x)
			bound[i] = NULL;
	atomic_store(&x->peer, NULL);
	if (peer != NULL) {
		struct dps__xc_binding *p = dps_binding_ctx(peer);

		/* the peer's worker may be sending to us or completing our sends:
		 * after the grace period nobody holds this binding */
		atomic_store_explicit(&p->peer, NULL, memory_order_release);
		dps_binding_synchronize();
		DPS_LOG(WARNING, xconnect,
			"%s unbound (adapter going or protocol stopping): %s stops forwarding, "
			"its frames are counted in drop_peer_down",
			x->name, p->name);
	}
}

static int
xc_telemetry(struct dps_binding *b, void *ctx, struct rte_tel_data *d)
{
	const struct dps__xc_binding *x = ctx;

	RTE_SET_USED(b);
	rte_tel_data_add_dict_string(d, "peer", x->peer_name);
	rte_tel_data_add_dict_int(d, "forwarding", atomic_load(&x->peer) != NULL);
	return DPS_OK;
}

static void
xc_binding_report(struct dps_binding *b, void *ctx, FILE *f)
{
	const struct dps__xc_binding *x = ctx;
	uint64_t v[DPS__XC_STAT_COUNT];
	int n = dps_binding_counters(b, v, DPS__XC_STAT_COUNT);

	fprintf(f, "    xconnect:");
	for (int i = 0; i < n && i < DPS__XC_STAT_COUNT; i++)
		fprintf(f, " %s %" PRIu64, stat_names[i], v[i]);
	fprintf(f, "; peer %s: %s\n", x->peer_name,
		atomic_load(&x->peer) != NULL ? "forwarding" : "not forwarding (peer not bound)");
}

/* At load: pairs must parse (and name each adapter once), whatever gets bound later. */
static int
xc_config_check(const struct dps_config_protocol *p, const char **key, char *why, size_t len)
{
	struct dps__xc_pairs ps;
	const char *text = "";

	*key = "pairs";
	if (dps_config_proto_string(p, "pairs", &text) != DPS_OK)
		text = "";
	return dps__xc_parse_pairs(text, &ps, why, len);
}

static const struct dps_config_key xc_keys[] = {
	{"pairs", DPS_CFG_STRING, 0, 0, "",
		"adapters cross-connected: a:b, c:d, ... (each adapter in at most one pair)"},
	{NULL, DPS_CFG_U32, 0, 0, NULL, NULL},
};

static const struct dps_protocol_ops xc_ops = {
	.bind_adapter = xc_bind,
	.unbind_adapter = xc_unbind,
	.receive = dps__xc_receive,
	.send_complete = dps__xc_send_complete,
};

static DPS_CONTEXT_TYPE(xc_ctx_type, struct dps__xc_binding, NULL);

const struct dps_protocol_desc dps__xc_desc = {
	.name = "xconnect",
	.catch_all = 1,
	/* everything that reaches the adapter goes across */
	.default_filter = DPS_FILTER_ALL,
	.ops = &xc_ops,
	.binding_ctx = &xc_ctx_type,
	.config_keys = xc_keys,
	.counters = {stat_names, DPS__XC_STAT_COUNT, offsetof(struct dps__xc_binding, stats),
		sizeof(struct dps__xc_lcore_stats)},
	.telemetry = xc_telemetry,
	.binding_report = xc_binding_report,
};
DPS_PROTOCOL_REGISTER(dps__xc_desc);

RTE_INIT(dps__xc_config_check_set)
{
	dps_protocol_set_config_check(&dps__xc_desc, xc_config_check);
}
