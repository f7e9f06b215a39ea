/* SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>
#include <string.h>

#include "dps_status.h"

static const struct {
	int status;
	const char *name;
} status_names[] = {
	{DPS_OK, "DPS_OK"},
	{DPS_PENDING, "DPS_PENDING"},
	{DPS_E_NOT_SUPPORTED, "DPS_E_NOT_SUPPORTED"},
	{DPS_E_BUFFER_TOO_SHORT, "DPS_E_BUFFER_TOO_SHORT"},
	{DPS_E_INVALID_LENGTH, "DPS_E_INVALID_LENGTH"},
	{DPS_E_INVALID_DATA, "DPS_E_INVALID_DATA"},
	{DPS_E_INVALID_PARAMETER, "DPS_E_INVALID_PARAMETER"},
	{DPS_E_INVALID_STATE, "DPS_E_INVALID_STATE"},
	{DPS_E_NOT_READY, "DPS_E_NOT_READY"},
	{DPS_E_RESOURCES, "DPS_E_RESOURCES"},
	{DPS_E_LEVEL, "DPS_E_LEVEL"},
	{DPS_E_NOT_FOUND, "DPS_E_NOT_FOUND"},
	{DPS_E_NOT_INITIALIZED, "DPS_E_NOT_INITIALIZED"},
	{DPS_E_DELETED, "DPS_E_DELETED"},
	{DPS_E_STALE_HANDLE, "DPS_E_STALE_HANDLE"},
	{DPS_E_BUSY, "DPS_E_BUSY"},
	{DPS_E_TIMEOUT, "DPS_E_TIMEOUT"},
	{DPS_E_REQUEST_ABORTED, "DPS_E_REQUEST_ABORTED"},
	{DPS_E_ADAPTER_REMOVED, "DPS_E_ADAPTER_REMOVED"},
	{DPS_E_NO_MORE_ENTRIES, "DPS_E_NO_MORE_ENTRIES"},
	{DPS_E_EXISTS, "DPS_E_EXISTS"},
	{DPS_E_IO, "DPS_E_IO"},
	{DPS_E_PERMISSION, "DPS_E_PERMISSION"},
	{DPS_E_FAILURE, "DPS_E_FAILURE"},
};

#define N_STATUS (sizeof(status_names) / sizeof(status_names[0]))

const char *
dps_status_str(int status)
{
	for (size_t i = 0; i < N_STATUS; i++)
		if (status_names[i].status == status)
			return status_names[i].name;
	return "DPS_E_UNKNOWN";
}

int
dps_status_from_name(const char *name, int *status)
{
	if (name == NULL || status == NULL)
		return DPS_E_INVALID_PARAMETER;
	for (size_t i = 0; i < N_STATUS; i++) {
		const char *full = status_names[i].name;
		const char *shortname = full + 4; /* "DPS_" */

		if (strncmp(shortname, "E_", 2) == 0)
			shortname += 2;
		if (strcmp(name, full) == 0 || strcmp(name, shortname) == 0) {
			*status = status_names[i].status;
			return DPS_OK;
		}
	}
	return DPS_E_NOT_FOUND;
}

int
dps_status_from_errno(int err)
{
	if (err < 0)
		err = -err;
	switch (err) {
	case 0:
		return DPS_OK;
	case ENOTSUP:
#if EOPNOTSUPP != ENOTSUP
	case EOPNOTSUPP:
#endif
	case ENOSYS:
		return DPS_E_NOT_SUPPORTED;
	case EINVAL:
		return DPS_E_INVALID_PARAMETER;
	case ENODEV:
	case ENXIO:
		return DPS_E_ADAPTER_REMOVED;
	case ENOMEM:
	case ENOBUFS:
		return DPS_E_RESOURCES;
	case EBUSY:
		return DPS_E_BUSY;
	case EAGAIN:
		return DPS_E_NOT_READY;
	case ETIMEDOUT:
		return DPS_E_TIMEOUT;
	case ENOENT:
		return DPS_E_NOT_FOUND;
	case EEXIST:
	case EALREADY:
		return DPS_E_EXISTS;
	case EIO:
		return DPS_E_IO;
	case EPERM:
	case EACCES:
		return DPS_E_PERMISSION;
	case ENOSPC:
		return DPS_E_BUFFER_TOO_SHORT;
	case ERANGE:
		return DPS_E_INVALID_LENGTH;
	default:
		return DPS_E_FAILURE;
	}
}
