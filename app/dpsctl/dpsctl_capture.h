/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef DPSCTL_CAPTURE_H
#define DPSCTL_CAPTURE_H

/*
 * dpsctl capture and dpsctl captures (dpsctl_capture.c): a command line of
 * their own (dumpcap/tcpdump style short options -c and -w beside the long
 * ones), then the control socket.
 */

/** @return 1 when the command word of @p argv is capture or captures. */
int dpsctl_capture_wants(int argc, char **argv);

/** Run it. @return dpsctl's exit status. */
int dpsctl_capture_main(int argc, char **argv);

#endif
