/*
 * hubattention.h: what needs the service desk today, across accounts
 * ("fleetaudit hub attention", the web view's /attention page,
 * docs/attention.md): devices in error, supplies empty or running out,
 * devices not reporting, meter anomalies, most urgent first.
 */
#ifndef FA_HUBATTENTION_H
#define FA_HUBATTENTION_H

#include <stddef.h>
#include <stdint.h>

#include "../../cli/util.h"
#include "../../collector/store.h"
#include "hubstore.h"

#define HUBATTENTION_SILENT_DAYS	3	/* not reporting after */
#define HUBATTENTION_ANOMALY_DAYS	30	/* flags this recent */
#define HUBATTENTION_ACCOUNTS_MAX	10000	/* accounts looked at */

/* The kinds, most urgent first: the rank of a row. */
enum hubattention_kind {
	HUBATTENTION_ERROR = 1,		/* current status errors */
	HUBATTENTION_EMPTY,		/* a supply at 0% or "empty" */
	HUBATTENTION_SILENT,		/* not seen for silent_days */
	HUBATTENTION_LOW,		/* a supply low or empty soon */
	HUBATTENTION_ANOMALY		/* a meter flagged lately */
};

/*
 * Per account "not reporting after N days": the hub directory's
 * attention.conf (HUBATTENTION_CONF, docs/attention.md), one line per
 * account, "ACCOUNT silent-days N", '#' comments.  An account not named
 * takes the options' silent_days.
 */
#define HUBATTENTION_CONF	"attention.conf"
#define HUBATTENTION_CONF_MAX	(1024 * 1024)	/* bytes read */
struct hubattention_conf {
	struct hubattention_silent {
		char	*account;
		int	 days;	/* 1..365 */
	}	*v;
	size_t	 n;
};
/* Reads dir/attention.conf into c; a missing file is an empty c.  A bad
 * line is an error naming it ("attention.conf:3: ..."). */
int	hubattention_conf_load(const char *dir, struct hubattention_conf *c,
	    struct fa_err *) FA_WUR;
void	hubattention_conf_release(struct hubattention_conf *);
/* Account's silent days from c (may be NULL), else dflt. */
int	hubattention_silent_days(const struct hubattention_conf *c,
	    const char *account, int dflt);

struct hubattention_opts {
	int64_t	 now;		/* epoch s */
	int	 silent_days;	/* 1..365, of accounts conf does not name */
	int	 threshold;	/* supply percent, 0..100 */
	int	 days;		/* supply empty within, 0..365 */
	int	 anomaly_days;	/* flags within this of the last read */
	const struct hubattention_conf *conf;	/* per account, may be NULL */
	/* when set, called once per device looked at (export/hub/
	 * hubtriage.c keeps what the device lists show of each) */
	void	(*device_cb)(void *arg, const char *account,
		    const char *collector, const struct store_rdev *);
	void	*device_arg;
	/* when set, asked before each device: nonzero stops the scan,
	 * which then fails ("stopped"; hub serve's triage thread when the
	 * server stops) */
	int	(*stop_cb)(void *arg);
	void	*stop_arg;
};

/* One thing to look at.  Strings owned (NULL: unknown). */
struct hubattention_row {
	enum hubattention_kind kind;
	char	*account, *collector;
	char	*site;		/* the site's name, NULL when none */
	int64_t	 device;	/* the device's id at that collector */
	int64_t	 hub_id;	/* its id in the hub (devices.id, its page) */
	char	*serial, *model, *address, *location;
	char	*detail;	/* "jammed", "Cyan Toner at 5%"... */
	char	*what;		/* the supply or meter named, NULL none */
	int64_t	 since;		/* when it began (epoch s), 0 unknown */
};
void	hubattention_row_release(struct hubattention_row *);
const char *hubattention_kind_name(enum hubattention_kind);

/*
 * The rows of the accounts named (all accounts when names is NULL), most
 * urgent first: by kind, then oldest first, then account and device.
 * Only reads.  *rows: caller releases each row and frees the array.
 */
int	hubattention_scan(struct hubstore *, const char *const *names,
	    size_t nnames, const struct hubattention_opts *,
	    struct hubattention_row **rows, size_t *n, struct fa_err *) FA_WUR;

/* What the accounts page shows of an account: its rows counted. */
struct hubattention_count {
	int64_t	 errors;	/* devices in error */
	int64_t	 supplies;	/* supplies empty, low or empty soon */
	int64_t	 silent;	/* devices not reporting */
	int64_t	 anomalies;	/* devices with a meter flagged lately */
};
/* Counts the rows of account (all rows when NULL) into c. */
void	hubattention_count(const struct hubattention_row *, size_t n,
	    const char *account, struct hubattention_count *c);

/* Sorts rows most urgent first (exposed for tests). */
void	hubattention_sort(struct hubattention_row *, size_t);

#endif
