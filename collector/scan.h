/*
 * scan.h: reading devices.  For each target, one GET of the system group,
 * the GETs its model definition names (docs/models.md), then the standard
 * tables walked together; the Printer-MIB tables are skipped for a device
 * discovery found without a Printer-MIB, and those its definition says it
 * lacks.  Each finished device is handed to the caller at
 * once (to be stored in its own transaction) and then freed, so memory
 * holds only the devices being read.
 */
#ifndef FA_SCAN_H
#define FA_SCAN_H

#include "device.h"
#include "range.h"
#include "sess.h"

struct scan_target {
	struct fa_addr		 addr;
	const struct sess_cred	*cred;
	int			 printer_mib;	/* -1 unknown, 0 no, 1 yes */
	int			 enterprise;	/* 0 unknown */
};

/* d is the finished device: the callee may keep nothing of it. */
typedef void (*scan_device_cb)(struct device *d, void *arg);

struct mdf_set;
struct scan_opts {
	int			 max_devices;	/* devices read at once */
	size_t			 max_vbs;	/* varbinds kept per device */
	const struct mdf_set	*models;	/* NULL: standard MIBs only */
};
#define SCAN_DEFAULT_DEVICES	256
#define SCAN_MAX_VBS		20000
#define SCAN_GET_VARS		24	/* varbinds in one private GET */

/* Reads every target; returns the number not finished (interrupted). */
size_t	scan_read(struct sess_engine *, const struct scan_target *, size_t n,
	    const struct scan_opts *, scan_device_cb, void *arg);

#endif
