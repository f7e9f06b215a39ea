/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef DPS_OBJECT_PRIVATE_H
#define DPS_OBJECT_PRIVATE_H

#include "dps_object.h"

/*
 * dps_object_create, plus one reference tagged @p tag (not Live) taken before
 * the object is linked under its parent: a concurrent delete of the parent
 * cannot free the object before the creator is done with it.
 */
int dps__object_create_ref(const struct dps_object_attr *attr, struct dps_object *parent,
	uint32_t tag, struct dps_object **out);

#endif
