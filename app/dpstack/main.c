/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * dpstack: options, configuration, EAL init, start, run until SIGINT or
 * SIGTERM, tear down in order (DESIGN.md section 12). printf and exit
 * codes are used here, in main(), only.
 */
#include <errno.h>
#include <stdarg.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_ethdev.h>
#include <rte_mbuf.h>
#include <rte_pdump.h>
#include <rte_version.h>

#include "dps_adapter.h"
#include "dps_binding.h"
#include "dps_capture.h"
#include "dps_config.h"
#include "dps_fault.h"
#include "dps_ctrl.h"
#include "dps_server.h"
#include "dps_level.h"
#include "dps_log.h"
#include "dps_log_modules.h"
#include "dps_object.h"
#include "dps_status.h"
#include "dps_telemetry.h"
#include "dps_worker.h"
#include "notify.h"
#include "options.h"
#include "plugins.h"

/*
 * Protocols: every descriptor in the registry (the built-ins register
 * themselves from their folders, DPS_PROTOCOL_REGISTER), in its name order;
 * torn down in reverse.
 */
#define MAX_PROTOCOLS 32

static volatile int stop_requested; /* set by the signal handler */

static void errline(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * One error line on stderr, "dpstack: " first: what it quotes from the
 * command line or a file has its control bytes escaped (\xHH), so input
 * never reaches the terminal raw.
 */
static void
errline(const char *fmt, ...)
{
	char line[2048], esc[sizeof(line) * 4];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	dps_config_escape(line, esc, sizeof(esc));
	fprintf(stderr, "dpstack: %s\n", esc);
}

/*
 * rte_eal_init, with what it prints through stdio held back: on a bad EAL
 * option EAL prints its whole usage (some 90 lines) after the line that
 * names the option; we print that line (stderr, from getopt or EAL's log)
 * and a pointer to --help instead. Its log lines go to the file descriptor
 * directly and are not held.
 */
static int
eal_init_quiet(int argc, char **argv, int *bad_args)
{
	char *held = NULL;
	size_t held_len = 0;
	FILE *mem, *saved = stdout;
	int rc;

	*bad_args = 0;
	fflush(stdout);
	mem = open_memstream(&held, &held_len);
	if (mem == NULL)
		return rte_eal_init(argc, argv);
	stdout = mem;
	rc = rte_eal_init(argc, argv);
	stdout = saved;
	fclose(mem);
	if (rc < 0 && rte_errno == EINVAL && held != NULL && strstr(held, "Usage:") != NULL)
		*bad_args = 1; /* the usage text: dropped */
	else if (held_len > 0)
		fwrite(held, 1, held_len, stdout);
	free(held);
	return rc;
}

static void
on_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

static int
install_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGINT, &sa, NULL) != 0 || sigaction(SIGTERM, &sa, NULL) != 0)
		return -1;
	/* a capture written to a pipe whose reader left fails with EPIPE, it
	 * does not end the process */
	sa.sa_handler = SIG_IGN;
	if (sigaction(SIGPIPE, &sa, NULL) != 0)
		return -1;
	return 0;
}

/* OID requests in the pool */
#define OID_REQUESTS 4096
/* entries of each ring towards the control thread */
#define OID_RING_SIZE 1024

/* Ports that EAL options created (--vdev, -a) and the config does not name. */
static void
add_eal_ports(struct dps_config *cfg)
{
	uint16_t port;

	RTE_ETH_FOREACH_DEV(port)
	{
		char name[RTE_ETH_NAME_MAX_LEN];
		struct dps_config_adapter *ac;
		int known = 0;

		if (rte_eth_dev_get_name_by_port(port, name) != 0)
			continue;
		for (unsigned int i = 0; i < cfg->nb_adapters; i++) {
			size_t n = strcspn(cfg->adapters[i].device, ",");

			if (strlen(name) == n && strncmp(name, cfg->adapters[i].device, n) == 0)
				known = 1;
		}
		if (known)
			continue;
		if (cfg->nb_adapters >= DPS_CONFIG_MAX_ADAPTERS ||
			strlen(name) >= sizeof(ac->name)) {
			printf("dpstack: port %u (%s) is not used: too many adapters or name too "
			       "long\n",
				port, name);
			continue;
		}
		ac = &cfg->adapters[cfg->nb_adapters++];
		dps_config_adapter_defaults(ac); /* what an [adapter] with only a device gets */
		memcpy(ac->name, name, strlen(name) + 1); /* length checked above */
		memcpy(ac->device, name, strlen(name) + 1);
		ac->mtu = 0; /* keep the device's */
		printf("dpstack: port %u (%s) from the EAL options becomes adapter %s\n", port,
			name, name);
	}
}

static struct rte_mempool *
create_pool(const struct dps_config *cfg, unsigned int nb_workers)
{
	char breakdown[160];
	unsigned int n = dps_adapter_pool_size(cfg, nb_workers, breakdown, sizeof(breakdown));
	unsigned int max_mtu = RTE_ETHER_MTU;
	uint16_t room;
	struct rte_mempool *mp;

	for (unsigned int i = 0; i < cfg->nb_adapters; i++)
		if (cfg->adapters[i].mtu > max_mtu)
			max_mtu = cfg->adapters[i].mtu;
	room = (uint16_t)RTE_MAX((unsigned int)RTE_MBUF_DEFAULT_BUF_SIZE,
		RTE_PKTMBUF_HEADROOM + max_mtu + RTE_ETHER_HDR_LEN + 2 * 4 + RTE_ETHER_CRC_LEN);
	if (cfg->stack.mbufs != 0) {
		if (cfg->stack.mbufs < n)
			printf("dpstack: warning: [stack] mbufs = %u is below the %u needed (%s)\n",
				cfg->stack.mbufs, n, breakdown);
		n = cfg->stack.mbufs;
		snprintf(breakdown, sizeof(breakdown), "[stack] mbufs");
	}
	printf("dpstack: mempool: %u mbufs x %u bytes = %.1f MiB (%s), cache %u\n", n, room,
		(double)n * (room + sizeof(struct rte_mbuf)) / (1024.0 * 1024.0), breakdown,
		cfg->stack.mbuf_cache);
	mp = dps_fault_pool_create(
		"dps_mbuf", n, cfg->stack.mbuf_cache, 0, room, (int)rte_socket_id());
	if (mp == NULL)
		fprintf(stderr,
			"dpstack: cannot create the mempool of %u mbufs: %s "
			"(more memory: EAL -m)\n",
			n, rte_strerror(rte_errno));
	return mp;
}

static int
print_binding(struct dps_binding *b, void *arg)
{
	const struct dps_protocol_desc *desc;
	struct dps_binding_stats st;

	(void)arg;
	dps_binding_stats(b, &st);
	printf("  binding %-16s %-8s rx %" PRIu64 " tx %" PRIu64 " tx_dropped %" PRIu64
	       " tx_refused %" PRIu64 "\n",
		dps_object_name(dps_binding_object(b)), dps_binding_state_str(dps_binding_state(b)),
		st.rx_frames, st.tx_frames, st.tx_dropped, st.tx_refused);
	desc = dps_protocol_desc(dps_binding_protocol(b));
	if (desc == NULL)
		return 0;
	if (desc->binding_report != NULL) {
		desc->binding_report(b, dps_binding_ctx(b), stdout);
	} else if (desc->counters.n > 0) {
		/* the protocol's table: its first counter, then those not zero */
		uint64_t v[DPS_PROTOCOL_MAX_COUNTERS];
		int n = dps_binding_counters(b, v, DPS_PROTOCOL_MAX_COUNTERS);

		printf("    %s:", desc->name);
		for (int i = 0; i < n && i < DPS_PROTOCOL_MAX_COUNTERS; i++)
			if (i == 0 || v[i] != 0)
				printf(" %s %" PRIu64, desc->counters.names[i], v[i]);
		printf("\n");
	}
	return 0;
}

static int
print_protocol(struct dps_protocol *p, void *arg)
{
	const struct dps_protocol_desc *desc = dps_protocol_desc(p);

	(void)arg;
	if (desc->report != NULL)
		desc->report(desc, stdout);
	return 0;
}

static int
print_adapter(struct dps_adapter *a, void *arg)
{
	struct dps_adapter_lcore_stats s;

	(void)arg;
	dps_adapter_stats(a, &s);
	printf("  adapter %s: rx %" PRIu64 " tx %" PRIu64 " tx_dropped %" PRIu64 " rx_runt %" PRIu64
	       " rx_vlan_truncated %" PRIu64 " rx_too_many_vlans %" PRIu64 " rx_unclaimed %" PRIu64
	       " rx_filtered %" PRIu64 "\n",
		a->name, s.rx, s.tx, s.tx_dropped, s.rx_runt, s.rx_vlan_truncated,
		s.rx_too_many_vlans, s.rx_unclaimed, s.rx_filtered);
	return 0;
}

static void
print_counters(void)
{
	unsigned int lcores[RTE_MAX_LCORE];
	unsigned int n = dps_workers_lcores(lcores, RTE_MAX_LCORE);

	printf("dpstack: counters\n");
	for (unsigned int i = 0; i < n; i++) {
		struct dps_worker_stats ws;

		if (dps_worker_stats(lcores[i], &ws) == DPS_OK)
			printf("  worker lcore %u: iterations %" PRIu64 " busy %" PRIu64
			       " rx %" PRIu64 " resources_bursts %" PRIu64 "\n",
				lcores[i], ws.iterations, ws.busy_iterations, ws.rx,
				ws.resources_bursts);
	}
	dps_adapter_foreach(print_adapter, NULL);
	dps_binding_foreach(print_binding, NULL);
	dps_protocol_foreach(print_protocol, NULL);
	{
		struct dps_server_stats ss;

		dps_server_stats(&ss);
		printf("  control socket: clients %" PRIu64 " accepted %" PRIu64 " refused %" PRIu64
		       " requests %" PRIu64 " bad %" PRIu64 " dropped clients %" PRIu64 "\n",
			ss.clients, ss.accepted, ss.refused, ss.requests, ss.bad_requests,
			ss.dropped_clients);
	}
	{
		struct dps_ctrl_stats cs;
		struct dps_oid_stats os;

		dps_ctrl_stats(&cs);
		dps_oid_stats(&os);
		printf("  control: events lsc %" PRIu64 " rmv %" PRIu64 " destroy %" PRIu64
		       " dropped %" PRIu64 ", link changes %" PRIu64 ", adapters removed %" PRIu64
		       ", port reconfigurations %" PRIu64 "\n",
			cs.events_lsc, cs.events_rmv, cs.events_destroy, cs.events_dropped,
			cs.link_changes, cs.adapters_removed, cs.port_reconfigs);
		printf("  oid requests: issued %" PRIu64 " completed %" PRIu64 " immediate %" PRIu64
		       " timeouts %" PRIu64 " aborted %" PRIu64 " cancelled %" PRIu64
		       " ring_full %" PRIu64 "\n",
			os.issued, os.completed, os.immediate, os.timeouts, os.aborted,
			os.cancelled, os.ring_full);
	}
}

static int
close_adapter(struct dps_adapter *a, void *arg)
{
	(void)arg;
	dps_adapter_close(a);
	return 0;
}

static int
start_adapter(struct dps_adapter *a, void *arg)
{
	int rc = dps_adapter_start(a);

	(void)arg;
	if (rc != DPS_OK) {
		fprintf(stderr, "dpstack: adapter %s: start failed: %s\n", a->name,
			dps_status_str(rc));
		return rc;
	}
	printf("dpstack: adapter %s: port %u mac " RTE_ETHER_ADDR_PRT_FMT " mtu %u link %s\n",
		a->name, a->port_id, RTE_ETHER_ADDR_BYTES(&a->mac), a->mtu,
		atomic_load(&a->link_up) ? "up" : "down");
	return 0;
}

/* The registered protocol that serves the control socket (raw), if any. */
static int
find_socket_service(struct dps_protocol *p, void *arg)
{
	const struct dps_protocol_desc **out = arg;

	if (dps_protocol_desc(p)->socket_service == NULL)
		return 0;
	*out = dps_protocol_desc(p);
	return 1;
}

/* The control socket: --socket, else [stack] socket, else the runtime dir. */
static int
start_server(struct dps_object *stack, const struct dps_config *cfg, const char *opt_path,
	const struct dps_protocol_desc *svc)
{
	struct dps_server_conf sc;
	char path[108];
	int rc;

	if (opt_path != NULL)
		snprintf(path, sizeof(path), "%s", opt_path);
	else if (cfg->stack.socket[0] != '\0')
		snprintf(path, sizeof(path), "%s", cfg->stack.socket);
	else if (snprintf(path, sizeof(path), "%s/%s", rte_eal_get_runtime_dir(),
			 DPS_IPC_SOCKET_NAME) >= (int)sizeof(path)) {
		fprintf(stderr, "dpstack: control socket path too long in %s\n",
			rte_eal_get_runtime_dir());
		return DPS_E_INVALID_LENGTH;
	}
	sc.path = path;
	sc.allow_uid = cfg->stack.socket_uid;
	sc.allow_gid = cfg->stack.socket_gid;
	sc.admin_uid = cfg->stack.admin_uid;
	sc.admin_gid = cfg->stack.admin_gid;
	sc.max_clients = cfg->stack.max_clients;
	sc.max_queued_bytes = cfg->stack.max_queued_kb * 1024u;
	/* captures are served beside the raw protocol's requests */
	rc = dps_capture_init(cfg->stack.max_captures);
	if (rc == DPS_OK)
		rc = dps_server_start(stack, &sc,
			dps_capture_server_ops(svc->socket_service(cfg->stack.max_opens)));
	if (rc != DPS_OK && dps_server_start_error()[0] != '\0')
		errline("%s (%s)", dps_server_start_error(), dps_status_str(rc));
	else if (rc != DPS_OK)
		errline("control socket %s: %s", path, dps_status_str(rc));
	else
		printf("dpstack: control socket %s\n", path);
	return rc;
}

int
main(int argc, char **argv)
{
	struct dps_object_attr stack_attr = {.type = "stack", .name = "dpstack"};
	struct dps_config_proto_schema schemas[MAX_PROTOCOLS];
	const struct dps_protocol_desc *svc = NULL;
	unsigned int nb_protos;
	static struct dps_config cfg;
	struct dps_app_options opts;
	struct dps_object *stack = NULL;
	struct rte_mempool *pool = NULL;
	unsigned int lcores[RTE_MAX_LCORE], nb_workers, leaks;
	char err[512];
	int rc, exit_code = 0, ctrl_up = 0, pdump_up = 0, bad_eal;

	rc = dps_app_parse_options(argc, argv, &opts, err, sizeof(err));
	if (rc != DPS_OK) {
		errline("%s (try --help)", err);
		return DPS_EXIT_USAGE;
	}
	if (opts.help) {
		dps_app_usage(argv[0], stdout);
		return 0;
	}
	if (opts.version) {
		printf("dpstack %s (%s)\n", DPS_VERSION, rte_version());
		return 0;
	}
	/* test builds (-Dfault_injection=true) only; elsewhere DPS_FAULTS is refused */
	rc = dps_fault_init_env(0, err, sizeof(err));
	if (rc != DPS_OK) {
		errline("DPS_FAULTS: %s", err);
		return DPS_EXIT_USAGE;
	}

	/* the protocols and the configuration are checked before anything is initialised */
	rc = dps_protocol_registry_check(err, sizeof(err));
	if (rc != DPS_OK) {
		fprintf(stderr, "dpstack: %s: %s\n", err, dps_status_str(rc));
		return 1;
	}
	/*
	 * Plugins next, so that their [protocol NAME] sections are checked like
	 * the built-ins': their paths are in [stack] plugins (read alone first)
	 * and --plugin.
	 */
	if (opts.config != NULL) {
		rc = dps_config_load_stack(opts.config, &cfg, err, sizeof(err));
		if (rc != DPS_OK) {
			errline("%s", err);
			return DPS_EXIT_USAGE;
		}
	}
	rc = dps_app_options_apply(&opts, &cfg, err, sizeof(err));
	if (rc != DPS_OK) {
		errline("%s (try --help)", err);
		return DPS_EXIT_USAGE;
	}
	for (unsigned int i = 0; i < cfg.stack.nb_plugins; i++) {
		rc = dps_app_plugin_load(cfg.stack.plugins[i], err, sizeof(err));
		if (rc != DPS_OK) {
			errline("%s", err);
			return DPS_EXIT_USAGE;
		}
	}
	/* modules are known once the plugins (which may bring their own) are loaded */
	for (unsigned int i = 0; i < opts.nb_log_levels; i++) {
		char known[512];

		if (dps_log_module_check(opts.log_levels[i], known, sizeof(known)) != DPS_OK) {
			errline("option --log-level: '%s': no such module (modules: %s)",
				opts.log_levels[i], known);
			return DPS_EXIT_USAGE;
		}
	}
	nb_protos = RTE_MIN(dps_protocol_registry_count(), (unsigned int)MAX_PROTOCOLS);
	for (unsigned int i = 0; i < nb_protos; i++) {
		schemas[i].name = dps_protocol_registry_get(i)->name;
		schemas[i].keys = dps_protocol_registry_get(i)->config_keys;
	}
	if (opts.config != NULL)
		rc = dps_config_load_file(opts.config, schemas, nb_protos, &cfg, err, sizeof(err));
	else
		rc = dps_config_load_default(schemas, nb_protos, &cfg, err, sizeof(err));
	if (rc != DPS_OK) {
		errline("%s", err);
		return DPS_EXIT_USAGE;
	}
	/* what a protocol's key table cannot say (descriptor config_check) */
	rc = dps_protocol_registry_config_check(&cfg, opts.config, err, sizeof(err));
	if (rc != DPS_OK) {
		errline("%s", err);
		return DPS_EXIT_USAGE;
	}
	rc = dps_app_options_apply(&opts, &cfg, err, sizeof(err));
	if (rc != DPS_OK) {
		errline("%s (try --help)", err);
		return DPS_EXIT_USAGE;
	}

	dps_level_set(DPS_LEVEL_CONTROL);
	if (install_signals() != 0) {
		fprintf(stderr, "dpstack: cannot install signal handlers: %s\n", strerror(errno));
		return 1;
	}

	rc = eal_init_quiet(opts.eal_argc, opts.eal_argv, &bad_eal);
	if (rc < 0) {
		int e = rte_errno;

		if (bad_eal)
			errline("bad EAL option (see the line above; EAL options: dpstack --help)");
		else
			errline("EAL initialisation failed: %s",
				e == 0 ? "see the EAL messages above (is another DPDK process "
					 "using this --file-prefix?)"
				       : rte_strerror(e));
		return e == EINVAL ? DPS_EXIT_USAGE : 1;
	}
	printf("dpstack %s: configuration %s%s\n", DPS_VERSION, cfg.source,
		opts.eal_defaults ? "; vdev mode (--no-huge --no-pci)" : "");
	dps_app_plugins_print(stdout);

	rc = dps_workers_init();
	if (rc != DPS_OK) {
		fprintf(stderr, "dpstack: %s\n",
			rc == DPS_E_NOT_READY
				? "no worker lcore: give EAL at least two lcores (e.g. -l 0-1)"
				: dps_status_str(rc));
		exit_code = 1;
		goto eal_cleanup;
	}
	nb_workers = dps_workers_lcores(lcores, RTE_MAX_LCORE);
	printf("dpstack: control on lcore %u, %u worker(s)\n", rte_get_main_lcore(), nb_workers);

	add_eal_ports(&cfg);
	if (cfg.nb_adapters == 0) {
		errline("%s: no adapter: no [adapter NAME] section, and no EAL option (--vdev, -a) "
			"made a port",
			cfg.source);
		exit_code = DPS_EXIT_USAGE;
		goto workers_fini;
	}
	pool = create_pool(&cfg, nb_workers);
	if (pool == NULL) {
		exit_code = 1;
		goto workers_fini;
	}
	rc = dps_object_create(&stack_attr, NULL, &stack);
	if (rc != DPS_OK) {
		fprintf(stderr, "dpstack: stack object: %s\n", dps_status_str(rc));
		exit_code = 1;
		goto pool_free;
	}

	for (unsigned int i = 0; i < cfg.nb_adapters; i++) {
		struct dps_adapter *a;

		if (dps_config_adapter_is_virtual(&cfg.adapters[i]))
			continue; /* the vlan mux makes it when it binds to its lower adapter */
		rc = dps_adapter_create(
			stack, &cfg.adapters[i], pool, lcores, nb_workers, &a, err, sizeof(err));
		if (rc == DPS_OK)
			rc = dps_workers_assign(a, err, sizeof(err));
		if (rc != DPS_OK) {
			errline("%s: %s", cfg.source, err);
			exit_code = 1;
			goto teardown;
		}
		a->resources_free_min =
			(unsigned int)((uint64_t)pool->size * cfg.stack.resources_watermark / 100);
	}
	if (dps_adapter_foreach(start_adapter, NULL) != 0) {
		exit_code = 1;
		goto teardown;
	}

	rc = dps_ctrl_init(OID_REQUESTS, OID_RING_SIZE, cfg.stack.link_poll_ms);
	if (rc != DPS_OK) {
		fprintf(stderr, "dpstack: control thread: %s\n", dps_status_str(rc));
		exit_code = 1;
		goto teardown;
	}
	ctrl_up = 1;
	rc = dps_binding_layer_init(stack, dps_workers_rcu());
	dps_mux_set_config(stack, &cfg);
	dps_protocol_registry_seal();
	for (unsigned int i = 0; rc == DPS_OK && i < nb_protos; i++) {
		const struct dps_protocol_desc *desc = dps_protocol_registry_get(i);
		const struct dps_config_protocol *pc = dps_config_protocol_find(&cfg, desc->name);

		if (pc == NULL && opts.config != NULL)
			continue; /* a file that does not name a protocol does not want it */
		if (pc == NULL && desc->catch_all)
			continue; /* one that takes every frame of an adapter must be asked for */
		if (pc == NULL && strcmp(desc->name, DPS_CONFIG_MUX_PROTOCOL) == 0)
			continue; /* the mux comes with virtual adapters, which give it a section */
		rc = dps_protocol_register(desc, pc, NULL);
	}
	if (rc != DPS_OK) {
		fprintf(stderr, "dpstack: protocols: %s\n", dps_status_str(rc));
		exit_code = 1;
		goto teardown;
	}
	rc = dps_workers_launch();
	if (rc != DPS_OK) {
		fprintf(stderr, "dpstack: cannot launch workers: %s\n", dps_status_str(rc));
		exit_code = 1;
		goto teardown;
	}

	dps_protocol_foreach(find_socket_service, &svc);
	if (svc != NULL) {
		rc = start_server(stack, &cfg, opts.socket, svc);
		if (rc != DPS_OK) {
			/* something in the way at the path: a usage error, nothing touched */
			exit_code = rc == DPS_E_EXISTS ? DPS_EXIT_USAGE : 1;
			goto teardown;
		}
	}

	dps_telemetry_set_config_source(opts.config);
	dps_telemetry_set_mbuf_pool(pool);
	rc = dps_telemetry_init();
	if (rc != DPS_OK)
		fprintf(stderr, "dpstack: warning: /dpstack/ telemetry commands unavailable: %s\n",
			dps_status_str(rc));

	/* dpdk-dumpcap and dpdk-pdump attach as secondary processes: only with
	 * hugepages (vdev mode has none; dpsctl capture works in both) */
	if (rte_eal_has_hugepages()) {
		rc = rte_pdump_init();
		if (rc == 0) {
			pdump_up = 1;
			printf("dpstack: pdump ready (dpdk-dumpcap / dpdk-pdump may attach)\n");
		} else {
			fprintf(stderr, "dpstack: warning: rte_pdump_init: %s\n",
				rte_strerror(rte_errno));
		}
	}

	printf("dpstack: running; SIGINT or SIGTERM stops it\n");
	fflush(stdout);
	/* bindings made, the control socket serves: systemd's Type=notify */
	if (dps_app_notify("READY=1\nSTATUS=running") < 0)
		fprintf(stderr, "dpstack: warning: cannot notify $NOTIFY_SOCKET\n");
	dps_fault_init_env(1, err, sizeof(err)); /* checked at start: arms DPS_FAULTS, if any */
	dps_ctrl_run(&stop_requested, cfg.stack.ctrl_spin_us);
	printf("dpstack: stopping\n");
	dps_fault_report(stdout); /* what DPS_FAULTS made fail; teardown runs without */
	dps_fault_clear();
	fflush(stdout);
	dps_app_notify("STOPPING=1");

teardown:
	dps_server_stop();  /* first: no client, no telemetry reader while things go away */
	dps_capture_fini(); /* the files of the captures the clients left complete */
	if (pdump_up)
		rte_pdump_uninit();
	dps_telemetry_fini();
	dps_telemetry_set_mbuf_pool(NULL);
	/* counters first, while every binding exists; then unbind with the
	 * workers still running (they take the last completions), then stop */
	print_counters();
	dps_binding_layer_fini();
	dps_workers_stop();
	dps_adapter_foreach(close_adapter, NULL);
	if (ctrl_up && dps_ctrl_fini() != 0)
		exit_code = 1;
	if (stack != NULL)
		dps_object_delete(stack);
pool_free:
	if (pool != NULL) {
		unsigned int avail = rte_mempool_avail_count(pool);

		printf("dpstack: mempool %s: %u of %u mbufs free%s\n", pool->name, avail,
			pool->size, avail == pool->size ? "" : " (LEAK)");
		if (avail != pool->size)
			exit_code = 1;
		rte_mempool_free(pool);
	}
workers_fini:
	dps_workers_fini();
eal_cleanup:
	rte_eal_cleanup();
	leaks = dps_object_leak_report(stdout);
	dps_app_plugins_unload(); /* their protocols are deregistered: no code of theirs runs */
	fflush(stdout);
	if (leaks != 0)
		exit_code = 1;
	return exit_code;
}
