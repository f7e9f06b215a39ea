/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef DPS_CLIENT_PRIVATE_H
#define DPS_CLIENT_PRIVATE_H

/*
 * What dps_client.c (connection, request/reply) shares with
 * dps_client_ring.c (rings and batches). Not installed, not exported.
 */

#include <stddef.h>
#include <stdint.h>

struct dps_client;
struct dps__client_ring;

/* A reply, as dps__client_transact() hands it back. */
struct dps__client_reply {
	int status;
	const uint8_t *p;
	size_t len;
};

/* Where a request's payload goes before dps__client_transact(). */
uint8_t *dps__client_payload(struct dps_client *c);

/*
 * Send the request whose payload (@p len bytes) is in dps__client_payload()
 * and wait for its reply at most @p wait_ms + the reply timeout.
 * @return DPS_OK with *r filled, or a transport status (connection broken).
 * With @p fds not NULL, up to @p max_fds descriptors that came with the reply
 * are stored there and counted in *nb_fds (the caller owns them); without,
 * any that come are closed.
 */
int dps__client_transact(struct dps_client *c, uint8_t type, size_t len, uint32_t wait_ms,
	struct dps__client_reply *r, int *fds, unsigned int max_fds, unsigned int *nb_fds);

/* Set the text dps_client_last_error() returns. */
void dps__client_set_reason(struct dps_client *c, const char *text);

/* Mark the connection unusable. @return @p status. */
int dps__client_broken(struct dps_client *c, int status);

/* The connection's rings (dps_client_ring.c): the list head it keeps. */
struct dps__client_ring **dps__client_rings(struct dps_client *c);
/* Unmap the rings of open @p handle (all of them: @p all). */
void dps__client_rings_drop(struct dps_client *c, uint64_t handle, int all);

#endif
