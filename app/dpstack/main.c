/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * dpstack: EAL init, start, run until SIGINT/SIGTERM, tear down in order.
 * rte_exit and printf are allowed here, in start-up only (STYLE.md).
 */
#include <errno.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_ethdev.h>
#include <rte_version.h>

#include "dps_level.h"
#include "dps_log.h"
#include "dps_object.h"
#include "dps_status.h"
#include "options.h"

static volatile sig_atomic_t stop_requested;

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
	return 0;
}

static void
list_ports(void)
{
	uint16_t port;

	printf("dpstack: %u ethdev port(s)\n", rte_eth_dev_count_avail());
	RTE_ETH_FOREACH_DEV(port) {
		struct rte_eth_dev_info info;
		struct rte_ether_addr mac;
		char name[RTE_ETH_NAME_MAX_LEN] = "?";
		char macs[RTE_ETHER_ADDR_FMT_SIZE] = "?";

		rte_eth_dev_get_name_by_port(port, name);
		if (rte_eth_macaddr_get(port, &mac) == 0)
			rte_ether_format_addr(macs, sizeof(macs), &mac);
		if (rte_eth_dev_info_get(port, &info) != 0)
			info.driver_name = "?";
		printf("dpstack: port %u: %s driver %s mac %s\n", port, name, info.driver_name,
			macs);
	}
}

static void
close_ports(void)
{
	uint16_t port;

	RTE_ETH_FOREACH_DEV(port) {
		rte_eth_dev_stop(port);
		rte_eth_dev_close(port);
	}
}

int
main(int argc, char **argv)
{
	struct dps_object_attr stack_attr = {.type = "stack", .name = "dpstack"};
	struct dps_app_options opts;
	struct dps_object *stack;
	char err[256];
	unsigned int leaks;
	int rc;

	rc = dps_app_parse_options(argc, argv, &opts, err, sizeof(err));
	if (rc != DPS_OK) {
		fprintf(stderr, "dpstack: %s (try --help)\n", err);
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

	dps_level_set(DPS_LEVEL_CONTROL);
	if (install_signals() != 0) {
		fprintf(stderr, "dpstack: cannot install signal handlers: %s\n", strerror(errno));
		return 1;
	}

	rc = rte_eal_init(opts.eal_argc, opts.eal_argv);
	if (rc < 0) {
		int e = rte_errno;

		fprintf(stderr, "dpstack: EAL initialisation failed: %s\n", rte_strerror(e));
		return e == EINVAL ? DPS_EXIT_USAGE : 1;
	}
	if (opts.eal_defaults)
		printf("dpstack: vdev mode (--no-huge --no-pci), default net_tap adapter dps0\n");
	list_ports();

	rc = dps_object_create(&stack_attr, NULL, &stack);
	if (rc != DPS_OK) {
		fprintf(stderr, "dpstack: cannot create the stack object: %s\n",
			dps_status_str(rc));
		close_ports();
		rte_eal_cleanup();
		return 1;
	}

	printf("dpstack: running; SIGINT or SIGTERM stops it\n");
	fflush(stdout);
	while (!stop_requested) {
		struct timespec ts = {0, 50 * 1000 * 1000};

		nanosleep(&ts, NULL);
	}

	printf("dpstack: stopping\n");
	dps_object_delete(stack);
	close_ports();
	rte_eal_cleanup();
	leaks = dps_object_leak_report(stdout);
	fflush(stdout);
	return leaks == 0 ? 0 : 1;
}
