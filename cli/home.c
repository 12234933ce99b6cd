/*
 * home.c: the table of the home directory's files (home.h).  The lines
 * say what each file is in a few words; README's table and the man page's
 * FILES say more, and t0050 checks that they list the same names.
 */
#include "home.h"
#include "util.h"

const struct home_file home_files[] = {
	{ HOME_STORE, 0, "the local store, SQLite (mode 0600)" },
	{ HOME_CONFIG, 0, "the config file, read when present" },
	{ HOME_LOG, 0, "one line per discover and assess" },
	{ HOME_MODELS, 1, "this site's model definitions (*.model)" },
	{ HOME_CATALOG, 1, "the dealer's model catalog (*.catalog)" },
	{ HOME_RUN_STATE, 0, "run's due times, so a restart resumes" },
	{ HOME_CTL_SOCK, 0, "the socket of a running run (ctl)" },
	{ HOME_COLLECTOR_KEY, 0, "the collector's secret key (mode 0600)" },
	{ HOME_COLLECTOR_PUB, 0, "the collector's public key" },
	{ HOME_HUB_PUB, 0, "the public keys of the hub it trusts" },
	{ HOME_EXPORT_SEQ, 0, "the last bundle's sequence number" },
	{ HOME_SITE_SECRET, 0, "the masking secret (mode 0600)" },
	{ HOME_SITE_MASK, 0, "the site's masking, from its first masked export" },
	{ HOME_OUTBOX, 1, "bundles waiting for upload, receipts" },
};
const size_t home_nfiles = nitems(home_files);
