/*
 * hubaudit.h: who viewed or downloaded which account's data (the web
 * view's pages and downloads, the hub's exports on the command line),
 * kept in the hub store and shown to dealer admins ("fleetaudit hub
 * audit", the web view's /audit; docs/accounts.md).
 */
#ifndef FA_HUBAUDIT_H
#define FA_HUBAUDIT_H

#include <stddef.h>
#include <stdint.h>

#include "../../cli/util.h"
#include "hubdb.h"

#define HUBAUDIT_LIST_MAX	10000	/* rows listed at most */

/*
 * Records that who (a web user's name, or "cli:LOGIN") from address
 * (NULL: the command line) did action ("view", "download", "export",
 * "order") on account_id's data (0: across accounts; the account's name
 * is kept, so the row outlives the account), detail saying what (a page,
 * a file).  Autocommit: call outside a transaction.
 */
int	hubaudit_add(struct hubdb *, int64_t now, const char *who,
	    const char *address, int64_t account_id, const char *action,
	    const char *detail, struct fa_err *) FA_WUR;
/* The same by account name (NULL: across accounts). */
int	hubaudit_add_name(struct hubdb *, int64_t now, const char *who,
	    const char *address, const char *account, const char *action,
	    const char *detail, struct fa_err *) FA_WUR;

struct hubaudit_row {
	int64_t	 time;
	char	*who, *address, *account, *action, *detail;
};
void	hubaudit_row_release(struct hubaudit_row *);

/* The newest rows first, of account (NULL: all), at most max (<=
 * HUBAUDIT_LIST_MAX).  *rows: caller releases each row, frees it. */
int	hubaudit_list(struct hubdb *, const char *account, size_t max,
	    struct hubaudit_row **rows, size_t *n, struct fa_err *) FA_WUR;

#endif
