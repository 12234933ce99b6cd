/*
 * cupsq.h: the printers the local print system knows (assess --local):
 * the queues of a CUPS scheduler, USB printers included, each read over
 * IPP into the same struct device a network read makes.
 *
 * A queue is read with one Get-Printer-Attributes through the scheduler
 * (what it knows: state, reasons, marker-* levels its backends
 * reported); when the queue's device URI is ipp:// or ipps:// on this
 * computer (the ipp-usb daemon serves IPP-over-USB printers there), the
 * printer itself is read too, and the two reads are one device.  The
 * queue name and its connection (the device URI, without any user or
 * password in it) are kept in the record (docs/ipp.md, "Local
 * printers").  No job is ever sent; nothing is changed in the scheduler.
 */
#ifndef FA_CUPSQ_H
#define FA_CUPSQ_H

#include <stdint.h>

#include "../cli/util.h"
#include "device.h"
#include "ipp.h"

#define CUPSQ_MAX_QUEUES	512	/* queues read at most */
#define CUPSQ_IPPUSB_PORT	60000	/* ipp-usb.conf http-min-port */
#define CUPSQ_IPPUSB_PORTS	16	/* ports from there tried */

struct cupsq;

/*
 * Connects to the scheduler at server: "HOST[:PORT]" (port 631 when not
 * given), "[V6ADDR]:PORT", "/path/to/socket", or NULL for the system's
 * (CUPS_SERVER, client.conf, else the local socket).  Waits timeout_ms at
 * most.  Returns 0 with *out set, or -1 with e filled: a malformed server
 * (cupsq_check_server's message), or one that cannot be reached.
 */
int	cupsq_open(const char *server, int64_t timeout_ms, struct cupsq **out,
	    struct fa_err *e) FA_WUR;

/* 0 when server is well-formed (as above); -1 with e filled. */
int	cupsq_check_server(const char *server, struct fa_err *e) FA_WUR;

/*
 * Reads every queue (one CUPS-Get-Printers; at most CUPSQ_MAX_QUEUES,
 * classes left out, in name order) and calls fn with each device read,
 * which fn may change but not keep (released after).  A queue whose
 * printer cannot be read is a device with d->error saying so ("not
 * reachable").  The printers ipp-usb serves on 127.0.0.1 ports
 * CUPSQ_IPPUSB_PORT.. are read first: a queue on one of those ports, or a
 * usb:// queue naming one's serial, takes it as its printer; those no
 * queue takes are devices of their own (credential "ipp-usb").  Adds what
 * the reads cost to st (the caller zeroes it): the list request and each
 * read.  Returns the number of devices given to fn, or -1 with e filled
 * when the scheduler could not list its queues.
 */
int	cupsq_read(struct cupsq *, const struct ipp_opts *, unsigned parts,
	    void (*fn)(struct device *, void *), void *arg,
	    struct ipp_stats *st, struct fa_err *e) FA_WUR;

/* The scheduler's name as given or found ("/run/cups/cups.sock"). */
const char	*cupsq_server(const struct cupsq *);

void	cupsq_close(struct cupsq *);	/* NULL allowed */

#endif
