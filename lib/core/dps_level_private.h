/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef DPS_LEVEL_PRIVATE_H
#define DPS_LEVEL_PRIVATE_H

/* Spinning locks raise the thread to DATAPATH while held. */
void dps__level_spin_enter(void);
void dps__level_spin_exit(void);
unsigned int dps__level_spin_depth(void);

#endif
