/* SPDX-License-Identifier: BSD-3-Clause */
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/un.h>
#include <unistd.h>

#include "dps_config.h"
#include "dps_log.h"
#include "dps_status.h"
#include "options.h"

/* With no EAL option at all: vdev mode (DESIGN.md section 12). */
static char *default_eal[] = {
	NULL, /* argv[0] */
	"--no-huge",
	"--no-pci",
	"-m",
	"512",
};

enum { OPT_CONFIG = 256, OPT_SOCKET, OPT_LOG_LEVEL, OPT_PLUGIN, OPT_HELP, OPT_VERSION };

static const struct option long_opts[] = {
	{"config", required_argument, NULL, OPT_CONFIG},
	{"socket", required_argument, NULL, OPT_SOCKET},
	{"log-level", required_argument, NULL, OPT_LOG_LEVEL},
	{"plugin", required_argument, NULL, OPT_PLUGIN},
	{"help", no_argument, NULL, OPT_HELP},
	{"version", no_argument, NULL, OPT_VERSION},
	{NULL, 0, NULL, 0},
};

void
dps_app_usage(const char *prog, void *stream)
{
	fprintf(stream,
		"Usage: %s [EAL options] -- [options]\n"
		"\n"
		"Options (after --):\n"
		"  --config FILE      configuration file (INI); default: the embedded\n"
		"                     configuration, one net_tap adapter dps0\n"
		"  --socket PATH      control socket path; default: dpstack.sock in the\n"
		"                     DPDK runtime directory\n"
		"  --log-level SPEC   LEVEL, or MODULE:LEVEL (e.g. binding:debug); may be\n"
		"                     repeated; levels: emerg alert crit err warning notice\n"
		"                     info debug, or 1..8\n"
		"  --plugin FILE      load the protocol plugin FILE (a shared object) at\n"
		"                     start, after those of [stack] plugins; may be\n"
		"                     repeated, at most 16 plugins in all\n"
		"  --help             this text\n"
		"  --version          print the version and exit\n"
		"\n"
		"With no EAL options dpstack runs in vdev mode:\n"
		"  --no-huge --no-pci -m 512\n"
		"and, without --config, the embedded configuration: adapter dps0 on\n"
		"net_tap0,iface=dps0 with 198.51.100.2/24, protocols arp, ipv4 (ICMP\n"
		"echo, UDP echo on port 7) and raw (the control socket's clients).\n"
		"Any EAL option replaces these defaults. PCI devices are used only\n"
		"when named (-a 0000:01:00.0). EAL options: dpstack(8), or\n"
		"https://doc.dpdk.org/guides-22.11/linux_gsg/linux_eal_parameters.html\n"
		"SIGINT or SIGTERM stops dpstack; it tears down and exits 0.\n"
		"Exit codes: 0 stopped cleanly, 1 failure at run time (or a leak),\n"
		"2 bad command line or configuration.\n",
		prog);
}

static int set_err(char *err, size_t errlen, int rc, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int
set_err(char *err, size_t errlen, int rc, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL || errlen == 0)
		return rc;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return rc;
}

static int
parse_options(int argc, char **argv, struct dps_app_options *o, char *err, size_t errlen)
{
	int sep = -1, app_argc, c, rc;
	char **app_argv;

	if (argc < 1 || argv == NULL || o == NULL)
		return set_err(err, errlen, DPS_E_INVALID_PARAMETER, "no arguments");
	memset(o, 0, sizeof(*o));
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0) {
			sep = i;
			break;
		}
	}
	if (sep < 0) {
		/* no "--": either only EAL options, or a lone --help/--version */
		if (argc == 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
			o->help = 1;
			return DPS_OK;
		}
		if (argc == 2 && strcmp(argv[1], "--version") == 0) {
			o->version = 1;
			return DPS_OK;
		}
		sep = argc;
	}

	if (sep == 1) {
		default_eal[0] = argv[0];
		o->eal_argc = (int)(sizeof(default_eal) / sizeof(default_eal[0]));
		o->eal_argv = default_eal;
		o->eal_defaults = 1;
	} else {
		o->eal_argc = sep;
		o->eal_argv = argv;
	}

	if (sep >= argc)
		return DPS_OK;

	/* getopt_long wants argv[0] first: reuse the "--" slot */
	app_argc = argc - sep;
	app_argv = &argv[sep];
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(app_argc, app_argv, ":", long_opts, NULL)) != -1) {
		switch (c) {
		case OPT_CONFIG:
			if (optarg[0] == '\0')
				return set_err(err, errlen, DPS_E_INVALID_DATA,
					"option --config: empty file name");
			if (access(optarg, R_OK) != 0)
				return set_err(err, errlen, DPS_E_NOT_FOUND,
					"option --config: cannot read '%s'", optarg);
			o->config = optarg;
			break;
		case OPT_SOCKET:
			if (optarg[0] == '\0')
				return set_err(err, errlen, DPS_E_INVALID_DATA,
					"option --socket: empty path");
			if (strlen(optarg) >= sizeof(((struct sockaddr_un *)0)->sun_path))
				return set_err(err, errlen, DPS_E_INVALID_DATA,
					"option --socket: path '%s' is longer than %zu bytes",
					optarg, sizeof(((struct sockaddr_un *)0)->sun_path) - 1);
			o->socket = optarg;
			break;
		case OPT_LOG_LEVEL:
			rc = dps_log_apply_spec(optarg);
			if (rc != DPS_OK)
				return set_err(err, errlen, DPS_E_INVALID_DATA,
					"option --log-level: bad value '%s' (want LEVEL or "
					"MODULE:LEVEL)",
					optarg);
			if (o->nb_log_levels == DPS_APP_MAX_LOG_LEVELS)
				return set_err(err, errlen, DPS_E_RESOURCES,
					"option --log-level: more than %u", DPS_APP_MAX_LOG_LEVELS);
			o->log_level = optarg;
			o->log_levels[o->nb_log_levels++] = optarg;
			break;
		case OPT_PLUGIN:
			if (optarg[0] == '\0')
				return set_err(err, errlen, DPS_E_INVALID_DATA,
					"option --plugin: empty path");
			if (strlen(optarg) >= DPS_CONFIG_PLUGIN_PATH_LEN)
				return set_err(err, errlen, DPS_E_INVALID_DATA,
					"option --plugin: path '%s' is longer than %u bytes",
					optarg, DPS_CONFIG_PLUGIN_PATH_LEN - 1);
			if (o->nb_plugins == DPS_CONFIG_MAX_PLUGINS)
				return set_err(err, errlen, DPS_E_RESOURCES,
					"option --plugin: '%s': more than %u plugins", optarg,
					DPS_CONFIG_MAX_PLUGINS);
			o->plugins[o->nb_plugins++] = optarg;
			break;
		case OPT_HELP:
			o->help = 1;
			break;
		case OPT_VERSION:
			o->version = 1;
			break;
		case ':':
			return set_err(err, errlen, DPS_E_INVALID_PARAMETER,
				"option %s: missing value", app_argv[optind - 1]);
		default:
			return set_err(err, errlen, DPS_E_INVALID_PARAMETER, "unknown option '%s'",
				app_argv[optind - 1]);
		}
	}
	if (optind < app_argc)
		return set_err(err, errlen, DPS_E_INVALID_PARAMETER, "unexpected argument '%s'",
			app_argv[optind]);
	return DPS_OK;
}

int
dps_app_parse_options(int argc, char **argv, struct dps_app_options *o, char *err, size_t errlen)
{
	/* rte_eal_init parses after us and needs opterr to name a bad EAL option */
	int saved_opterr = opterr;
	int rc = parse_options(argc, argv, o, err, errlen);

	opterr = saved_opterr;
	return rc;
}

int
dps_app_options_apply(
	const struct dps_app_options *o, struct dps_config *cfg, char *err, size_t errlen)
{
	unsigned int from_file;
	char reason[128];

	if (o == NULL || cfg == NULL)
		return set_err(err, errlen, DPS_E_INVALID_PARAMETER, "NULL argument");
	from_file = cfg->stack.nb_plugins;
	for (unsigned int i = 0; i < o->nb_plugins; i++) {
		int rc = dps_config_plugin_add(cfg, o->plugins[i], reason, sizeof(reason));

		if (rc == DPS_OK)
			continue;
		if (from_file == 0)
			return set_err(err, errlen, rc, "option --plugin: '%s': %s", o->plugins[i],
				reason);
		return set_err(err, errlen, rc,
			"option --plugin: '%s': %s (with the %u of [stack] plugins in %s)",
			o->plugins[i], reason, from_file, cfg->source);
	}
	return DPS_OK;
}
