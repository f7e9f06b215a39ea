/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdatomic.h>

#include "dps_level.h"
#include "dps_level_private.h"
#include "dps_status.h"

static _Thread_local enum dps_level base_level = DPS_LEVEL_CONTROL;
static _Thread_local unsigned int spin_depth;
static _Thread_local uint32_t self_id;
static atomic_uint next_thread_id = 1;

int
dps_level_set(enum dps_level level)
{
	if (level != DPS_LEVEL_CONTROL && level != DPS_LEVEL_DATAPATH)
		return DPS_E_INVALID_PARAMETER;
	if (spin_depth > 0)
		return DPS_E_INVALID_STATE;
	base_level = level;
	return DPS_OK;
}

enum dps_level
dps_level_get(void)
{
	return spin_depth > 0 ? DPS_LEVEL_DATAPATH : base_level;
}

int
dps_level_check_blocking(void)
{
	return dps_level_get() == DPS_LEVEL_CONTROL ? DPS_OK : DPS_E_LEVEL;
}

const char *
dps_level_str(int level)
{
	switch (level) {
	case DPS_LEVEL_CONTROL:
		return "CONTROL";
	case DPS_LEVEL_DATAPATH:
		return "DATAPATH";
	default:
		return "INVALID";
	}
}

uint32_t
dps_thread_id(void)
{
	/* 0 means "no owner": skip it if the counter ever wraps */
	while (self_id == 0)
		self_id = atomic_fetch_add(&next_thread_id, 1);
	return self_id;
}

void
dps__level_spin_enter(void)
{
	spin_depth++;
}

void
dps__level_spin_exit(void)
{
	if (spin_depth > 0)
		spin_depth--;
}

unsigned int
dps__level_spin_depth(void)
{
	return spin_depth;
}
