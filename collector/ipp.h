/*
 * ipp.h: reading a printer over IPP (RFC 8011 Get-Printer-Attributes,
 * the PWG IPP Everywhere attributes), for printers whose SNMP is off.
 *
 * One read is one request: the attributes fleetaudit maps, asked by name
 * (docs/ipp.md), over ipp:// or ipps://, with a deadline and a cap on the
 * answer's size.  The answer fills the same struct device an SNMP read
 * does (device.h), so the store, reports and bundles take it as it is:
 * identity from printer-make-and-model and printer-device-id, meters with
 * an "ipp:ATTRIBUTE" provenance, supplies from printer-supply (else the
 * marker-* attributes) with the Printer-MIB's level rules, trays from
 * printer-input-tray, status from printer-state(-reasons), alerts from
 * printer-alert.
 *
 * The mapping (ipp_decode) works on the answer's bytes alone, so the fuzz
 * target and the unit tests need no network.
 */
#ifndef FA_IPP_H
#define FA_IPP_H

#include <stddef.h>
#include <stdint.h>

#include "../cli/util.h"
#include "device.h"

#define FA_IPP_PORT	631
#define FA_IPP_MAX_ANSWER		(1024 * 1024)	/* bytes of one answer */

struct mdf_set;
struct ipp_opts {
	int64_t	 timeout_ms;	/* whole read: connect, TLS, answer */
	size_t	 max_answer;	/* bytes; 0: FA_IPP_MAX_ANSWER */
};

/* What one read cost (for the figures and --json). */
struct ipp_stats {
	uint32_t requests;
	uint64_t bytes_sent;	/* the IPP request (HTTP headers apart) */
	uint64_t bytes_received;	/* the IPP answer */
};

/*
 * Reads the printer at uri ("ipp://HOST[:PORT]/PATH", "ipps://..."; a
 * bare path is "/ipp/print") into d, which the caller has dev_init'ed.
 * d->address is the numeric address of the host, d->credential "ipp" or
 * "ipps".  Returns 0; -1 with e filled when the URI is bad or its host cannot be
 * resolved (nothing read).
 * A printer that does not answer, answers an HTTP or IPP error, or sends a
 * malformed or oversized answer is still returned (0) with d->error
 * saying why in one line, as an SNMP read that failed.
 */
int	ipp_read(const char *uri, const struct ipp_opts *, struct device *d,
	    struct ipp_stats *, struct fa_err *e) FA_WUR;

/*
 * One Get-Printer-Attributes over an open libcups connection (a CUPS
 * scheduler's, for its queues): printer_uri is the request's printer-uri,
 * resource the HTTP path ("/printers/NAME").  Fills d as ipp_read does,
 * leaving d->address and d->credential to the caller; adds to st (which
 * the caller zeroes).  Returns 0; what went wrong is d->error.
 */
struct _http_s;
int	ipp_read_http(struct _http_s *http, const char *printer_uri,
	    const char *resource, const struct ipp_opts *, struct device *d,
	    struct ipp_stats *st);

/* 0 when uri is an ipp:// or ipps:// URI with a host; -1 with e filled. */
int	ipp_check_uri(const char *uri, struct fa_err *e) FA_WUR;

/*
 * Maps an encoded IPP answer (the message as it comes over the wire) into
 * d.  Returns 0, or -1 with e filled when the bytes are not one whole IPP
 * message or its status is an error; what was mapped stays in d.
 */
int	ipp_decode(const uint8_t *buf, size_t len, struct device *d,
	    struct fa_err *e) FA_WUR;

/*
 * One device answering both SNMP and IPP: when ip (an IPP read without
 * error) is the device d (an SNMP read) -- the same address, or the same
 * serial -- fills into d what its SNMP read lacks: identity fields left
 * empty, meters it has no value of (with their ipp: sources), and the
 * supplies, trays and alerts tables where d has none (a supply's
 * level_source then says "ipp").  Every value keeps its source; nothing
 * SNMP read is replaced.  Returns 1 when ip is d's (an IPP read that
 * failed then adds nothing), 0 when it is another device.
 */
int	ipp_merge(struct device *d, const struct device *ip);

/*
 * IPP reads of one pass, waiting to be merged into the SNMP reads of the
 * same devices (ipp_set_merge) or stored alone (those not used).
 */
struct ipp_set {
	struct device	*v;
	unsigned char	*used;
	size_t		 n;
};
#define IPP_SET_INIT	{ NULL, NULL, 0 }

/* ipp_read of uri with parts into a new entry; -1 with e filled (and no
 * entry) for a bad URI or a host that does not resolve. */
int	ipp_set_read(struct ipp_set *, const char *uri,
	    const struct ipp_opts *, unsigned parts, struct fa_err *) FA_WUR;
/* ipp_merge of the first unused entry that is d's; 1 when one was. */
int	ipp_set_merge(struct ipp_set *, struct device *d);
void	ipp_set_release(struct ipp_set *);

/*
 * TCP connect probe of port on each of n addresses, at most 256 at once
 * and pps new connections a second, each given timeout_ms: open[i] is
 * set to 1 when addrs[i] accepted.  Returns how many did; -1 with e
 * filled when no socket can be made.
 */
struct fa_addr;
int	ipp_probe(const struct fa_addr *addrs, size_t n, int port,
	    int timeout_ms, int pps, unsigned char *open, struct fa_err *e);

/*
 * Model definitions whose "ipp" lines (mdf.h) the IPP reads of this
 * process ask for and map: set borrows set, which must outlive the reads
 * (NULL: none).  Process-wide, not thread-safe, as the reads are.
 */
#define IPP_MAX_EXTRA	64	/* attributes asked besides ipp_attrs */
void	ipp_use_models(const struct mdf_set *set);

/* The attributes asked for, NULL-terminated (docs/ipp.md). */
extern const char *const ipp_attrs[];

#endif
