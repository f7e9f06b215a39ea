/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Build-time tool: writes dpstack.ini(5) from its template, replacing the
 * line %%KEYS%% by the key tables the loader itself uses (lib/config's
 * [stack] and [adapter] tables, each registered protocol's config_keys),
 * so that the page cannot drift from the parser.
 *
 * Usage: gen_ini_man TEMPLATE OUTPUT
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dps_binding.h"
#include "dps_config.h"
#include "dps_protocol.h"

/* roff-safe text: a leading '.' or '\'' would be a request, '\' an escape, '-' a hyphen */
static void
text(FILE *f, const char *s)
{
	for (; *s != '\0'; s++) {
		if (*s == '\\')
			fputs("\\e", f);
		else if (*s == '-')
			fputs("\\-", f);
		else
			fputc(*s, f);
	}
}

static void
field(FILE *f, const struct dps_config_field *k)
{
	fputs(".TP\n.B ", f);
	text(f, k->name);
	fputs("\n", f);
	text(f, k->doc);
	fputs(".\n", f);
	if (k->type == DPS_CONFIG_FIELD_U32 || k->type == DPS_CONFIG_FIELD_U16) {
		fprintf(f, "Range %s%u..%u%s",
			(k->flags & DPS_CONFIG_FIELD_ZERO_AUTO) ? "0 (auto) or " : "", k->min,
			k->max, (k->flags & DPS_CONFIG_FIELD_POW2) ? ", a power of two" : "");
		if (k->dflt == UINT32_MAX)
			fputs("; default: not set.\n", f);
		else
			fprintf(f, "; default %u.\n", k->dflt);
	} else if (k->type == DPS_CONFIG_FIELD_PATH) {
		fprintf(f, "At most %u bytes; default: empty.\n", k->max);
	}
	if (k->flags & DPS_CONFIG_FIELD_REQUIRED)
		fputs("Required.\n", f);
}

static void
proto_key(FILE *f, const struct dps_config_key *k)
{
	fputs(".TP\n.B ", f);
	text(f, k->name);
	fputs("\n", f);
	if (k->help != NULL) {
		text(f, k->help);
		fputs(".\n", f);
	}
	switch (k->type) {
	case DPS_CFG_U32:
		fprintf(f, "A number, %u..%u", k->min, k->max);
		break;
	case DPS_CFG_BOOL:
		fputs("yes/no, true/false, on/off or 1/0", f);
		break;
	default:
		fprintf(f, "Text of %u..%u characters", k->min,
			k->max == 0 ? DPS_CONFIG_MAX_VALUE_CHARS : k->max);
		break;
	}
	if (k->dflt != NULL && k->dflt[0] != '\0') {
		fputs("; default ", f);
		text(f, k->dflt);
	}
	fputs(".\n", f);
}

static void
keys(FILE *f)
{
	const struct dps_config_field *k;

	fputs(".SS [stack]\nAt most one; may be left out.\n", f);
	for (unsigned int i = 0; (k = dps_config_field_at(DPS_CONFIG_TABLE_STACK, i)) != NULL; i++)
		field(f, k);
	fputs(".SS [adapter NAME]\nUp to 16; NAME is 1..15 characters of A\\-Z a\\-z 0\\-9 _ . "
	      "\\-, "
	      "not all or none.\n",
		f);
	for (unsigned int i = 0; (k = dps_config_field_at(DPS_CONFIG_TABLE_ADAPTER, i)) != NULL;
		i++)
		field(f, k);
	for (unsigned int i = 0; i < dps_protocol_registry_count(); i++) {
		const struct dps_protocol_desc *d = dps_protocol_registry_get(i);

		fputs(".SS [protocol ", f);
		text(f, d->name);
		fputs("]\n.TP\n.B bind\n", f);
		fputs("all (the default), none, or adapter names, comma\\-separated.\n", f);
		for (const struct dps_config_key *pk = d->config_keys;
			pk != NULL && pk->name != NULL; pk++)
			proto_key(f, pk);
	}
}

int
main(int argc, char **argv)
{
	char line[1024];
	FILE *in, *out;

	if (argc != 3) {
		fprintf(stderr, "usage: gen_ini_man TEMPLATE OUTPUT\n");
		return 2;
	}
	in = fopen(argv[1], "r");
	out = fopen(argv[2], "w");
	if (in == NULL || out == NULL) {
		fprintf(stderr, "gen_ini_man: cannot open %s or %s\n", argv[1], argv[2]);
		return 1;
	}
	while (fgets(line, sizeof(line), in) != NULL) {
		if (strcmp(line, "%%KEYS%%\n") == 0)
			keys(out);
		else
			fputs(line, out);
	}
	fclose(in);
	return fclose(out) == 0 ? 0 : 1;
}
