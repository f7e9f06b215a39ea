/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * fake_dpsd SOCKET [--prefill N] [--no-indications]: the fake control-socket
 * server as a process, for the dpsctl and example-program tests. Serves one
 * client at a time until killed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "fake_dpsd.h"

static struct fake_server fake;

int
main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: fake_dpsd SOCKET [--prefill N] [--no-indications]\n");
		return 2;
	}
	fake_init(&fake);
	for (int i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--prefill") == 0 && i + 1 < argc)
			fake.prefill = (unsigned int)atoi(argv[++i]);
		else if (strcmp(argv[i], "--no-indications") == 0)
			fake.no_indications = 1;
		else
			return 2;
	}
	if (fake_listen(&fake, argv[1]) < 0) {
		perror(argv[1]);
		return 1;
	}
	for (;;) {
		int fd = accept(fake.listen_fd, NULL, NULL);

		if (fd >= 0)
			fake_serve(&fake, fd);
	}
}
