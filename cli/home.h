/*
 * home.h: the files of the collector's home directory, named once.  The
 * commands build their paths from these names (the export transaction's
 * own files are named in export/exporttx.h, for the library, and only
 * repeated here), and home_files[] is what README's "The home directory" and
 * the man page's FILES list: tests/cli/t0050-docs.sh checks both against
 * it (through the hidden "fleetaudit --list home-files"), and checks that
 * every file a real run leaves in a home is in it.
 */
#ifndef FA_HOME_H
#define FA_HOME_H

#include <stddef.h>

#include "../export/exporttx.h"

#define HOME_STORE		"store.db"
#define HOME_CONFIG		"fleetaudit.conf"
#define HOME_LOG		"fleetaudit.log"
#define HOME_MODELS		"models"	/* a directory */
#define HOME_CATALOG		"catalog"	/* a directory */
#define HOME_RUN_STATE		"run.state"
#define HOME_CTL_SOCK		"ctl.sock"
#define HOME_COLLECTOR_KEY	"collector.key"
#define HOME_COLLECTOR_PUB	"collector.pub"
#define HOME_HUB_PUB		"hub.pub"
#define HOME_EXPORT_SEQ		EXPORTTX_SEQ_FILE
#define HOME_SITE_SECRET	EXPORTTX_SECRET_FILE
#define HOME_SITE_MASK		EXPORTTX_MASK_FILE
#define HOME_OUTBOX		"outbox"	/* a directory */

struct home_file {
	const char	*name;	/* one of the HOME_* names */
	int		 dir;	/* a directory */
	const char	*what;	/* one line, as README says it */
};

/* In the order README lists them. */
extern const struct home_file	home_files[];
extern const size_t		home_nfiles;

#endif
