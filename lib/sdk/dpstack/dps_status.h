/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef DPS_STATUS_H
#define DPS_STATUS_H

/**
 * @file
 * Status codes returned by every dpstack function that can fail.
 *
 * 0 is success, DPS_PENDING (positive) means "completion follows later",
 * every failure is a negative DPS_E_* code. The values are part of the
 * control-socket wire format: never renumber, only append.
 */

#ifdef __cplusplus
extern "C" {
#endif

enum dps_status {
	DPS_OK = 0,
	DPS_PENDING = 1,

	DPS_E_NOT_SUPPORTED = -1,
	DPS_E_BUFFER_TOO_SHORT = -2,
	DPS_E_INVALID_LENGTH = -3,
	DPS_E_INVALID_DATA = -4,
	DPS_E_INVALID_PARAMETER = -5,
	DPS_E_INVALID_STATE = -6,
	DPS_E_NOT_READY = -7,
	DPS_E_RESOURCES = -8,
	DPS_E_LEVEL = -9,
	DPS_E_NOT_FOUND = -10,
	DPS_E_NOT_INITIALIZED = -11,
	DPS_E_DELETED = -12,
	DPS_E_STALE_HANDLE = -13,
	DPS_E_BUSY = -14,
	DPS_E_TIMEOUT = -15,
	DPS_E_REQUEST_ABORTED = -16,
	DPS_E_ADAPTER_REMOVED = -17,
	DPS_E_NO_MORE_ENTRIES = -18,
	DPS_E_EXISTS = -19,
	DPS_E_IO = -20,
	DPS_E_PERMISSION = -21,
	DPS_E_FAILURE = -22,

	DPS_E_LAST = -22, /**< lowest code in use; for range checks */
};

/**
 * Name of a status, e.g. "DPS_E_TIMEOUT".
 *
 * @param status any integer.
 * @return a static string; "DPS_E_UNKNOWN" for a value that is not a status.
 * Level: any.
 */
const char *dps_status_str(int status);

/**
 * Look a status up by name ("DPS_E_TIMEOUT", or without prefix "TIMEOUT").
 *
 * @param name the name; case-sensitive.
 * @param status output.
 * @return DPS_OK, DPS_E_INVALID_PARAMETER on NULL, DPS_E_NOT_FOUND for an unknown name.
 * Level: any.
 */
int dps_status_from_name(const char *name, int *status);

/**
 * Map an errno value as returned by DPDK (ethdev returns negative errno,
 * most other libraries set rte_errno to a positive one) to a status.
 *
 * -ENOTSUP/-EOPNOTSUPP become DPS_E_NOT_SUPPORTED, -EINVAL
 * DPS_E_INVALID_PARAMETER, -ENODEV DPS_E_ADAPTER_REMOVED, -ENOMEM/-ENOBUFS
 * DPS_E_RESOURCES, -EBUSY DPS_E_BUSY, -EAGAIN DPS_E_NOT_READY, -ETIMEDOUT
 * DPS_E_TIMEOUT, -ENOENT DPS_E_NOT_FOUND, -EEXIST DPS_E_EXISTS, -EIO
 * DPS_E_IO, -EPERM/-EACCES DPS_E_PERMISSION, -ENOSPC DPS_E_BUFFER_TOO_SHORT,
 * -ERANGE DPS_E_INVALID_LENGTH; 0 is DPS_OK; anything else DPS_E_FAILURE.
 *
 * @param err errno value, either sign.
 * @return the status.
 * Level: any.
 */
int dps_status_from_errno(int err);

/** @return non-zero when @p status is a failure (negative). */
static inline int
dps_failed(int status)
{
	return status < 0;
}

#ifdef __cplusplus
}
#endif

#endif /* DPS_STATUS_H */
