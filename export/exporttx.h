/*
 * exporttx.h: one export of the collector's store as a bundle, the same
 * transaction for "fleetaudit export bundle" and for "upload" (which
 * exports into its outbox): neither starts a process, both keep the same
 * sequence numbers, site secret and "since the last export" marks.
 *
 * Order, so that a failure leaves no half state: everything is read in
 * one read transaction of the store; the bundle is written whole to a
 * temporary file beside its name (fsync), linked into place (an existing
 * file is never replaced), the directory synced; then the export is
 * marked in the store (store_export_mark()), so that the next export
 * starts after it.  The sequence number (HOME/export.seq) is taken
 * before the file is written, so a killed export costs a gap in the
 * numbers, never a reused one; one killed before its mark is carried
 * again by the next, which the hub merges (records are keyed by their
 * source row).  Masking uses the site secret, HOME/site.secret (0600),
 * created on first use: it never leaves the site, and the same value
 * gets the same pseudonym in every bundle.
 *
 * The site's masking (config key "mask", else HOME/site.mask, which the
 * first masked export writes) is what an export without --mask and every
 * upload use, so that the devices of a site that masks never leave
 * unmasked by a later command: exporttx_site_mask().
 *
 * A library layer: nothing printed, nothing exits; errors in fa_err.
 */
#ifndef FA_EXPORTTX_H
#define FA_EXPORTTX_H

#include <stdint.h>

#include "../cli/util.h"
#include "../collector/store.h"
#include "../crypto/bundle.h"
#include "../crypto/keys.h"
#include "payload.h"

#define EXPORTTX_SEQ_FILE	"export.seq"	/* in the home */
#define EXPORTTX_SECRET_FILE	"site.secret"
#define EXPORTTX_MASK_FILE	"site.mask"

/* Where an export starts: after the newest export, from the first scan,
 * or after the newest scan at or before since_time. */
enum exporttx_since { EXPORTTX_LAST, EXPORTTX_ALL, EXPORTTX_TIME };

struct exporttx {
	/* Set by the caller; borrowed. */
	const char		*home;	/* export.seq, site.secret */
	const char		*output; /* the bundle's path; NULL: ... */
	const char		*dir;	/* ... the default name in dir (NULL:
					 * the current directory) */
	enum exporttx_since	 since;
	int64_t			 since_time;	/* epoch seconds */
	unsigned		 mask;		/* PAYLOAD_MASK_* */
	const struct key_secret	*sk;		/* the collector's, Ed25519 */
	const struct key_pub	*hub;		/* the bundle is for it */
	/* Filled by exporttx_run(). */
	int			 written;	/* 0: nothing new */
	char			*path;		/* the bundle written */
	struct bundle_manifest	 m;
	int64_t			 counts[PAYLOAD_NKINDS];
	int64_t			 records;	/* all kinds */
	int64_t			 size;		/* bytes of the file */
};

/*
 * Exports what st holds that is new since x->since into a bundle for
 * x->hub signed by x->sk.  0: written (x->written 1, x->path, x->m,
 * counts, size), or nothing new since scan x->m.after_scan (x->written
 * 0, no file, no sequence number taken).  -1 with e: no bundle, or (the
 * message says so) a bundle written whose export the store could not
 * mark.  exporttx_release() frees x->path whatever the result.
 */
int	exporttx_run(struct exporttx *x, struct store *st, struct fa_err *)
	    FA_WUR;
void	exporttx_release(struct exporttx *x);

/*
 * The site's masking: config (the config file's "mask", NULL when it has
 * none), else HOME/site.mask's line, else NULL (the site has not chosen).
 * *out is a copy (caller frees) or NULL; -1 with e when the file cannot
 * be read or holds no valid mask.
 */
int	exporttx_site_mask(const char *home, const char *config, char **out,
	    struct fa_err *) FA_WUR;
/* Records mask ("ip,mac", "none") as the site's: HOME/site.mask, 0600,
 * written whole; an existing one is kept (the first choice holds). */
int	exporttx_site_mask_keep(const char *home, const char *mask,
	    struct fa_err *) FA_WUR;

#endif
