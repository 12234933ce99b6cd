/*
 * hubstore.h: the hub's central store, one SQLite file (HUB/hub.db) apart
 * from any collector's store: its own application_id ('FAHB') and schema
 * versions (user_version).  Schema version 1 holds the customer accounts
 * and the collectors the hub trusts, each for one account; the imported
 * data come in later versions.  Tables and rules: docs/keys.md.
 *
 * A trusted collector is a row whose 'removed' is NULL; removing one sets
 * the time and keeps the row, so the history of who was trusted when
 * stays.  At most one trusted row per fingerprint.
 *
 * Times are epoch seconds.  Not thread-safe: one struct hubstore per
 * thread (several processes may share the file).
 */
#ifndef FA_HUBSTORE_H
#define FA_HUBSTORE_H

#include <stddef.h>
#include <stdint.h>

#include "../cli/util.h"

#define HUBSTORE_SCHEMA_VERSION	1
#define HUBSTORE_ACCOUNT_MAX	64	/* bytes of an account name */

struct hubstore;

/* Creates a new store at path (0600; an existing file is refused) and
 * gives its schema.  On failure nothing is left at path. */
int	hubstore_create(const char *path, struct hubstore **,
	    struct fa_err *) FA_WUR;
/* Opens an existing store, migrating it; refuses a file that is not a
 * hub store or has a newer schema. */
int	hubstore_open(const char *path, struct hubstore **,
	    struct fa_err *) FA_WUR;
void	hubstore_close(struct hubstore *);	/* NULL is a no-op */

/* Whether name is a valid account name: 1 to HUBSTORE_ACCOUNT_MAX of
 * letters, digits, '.', '_', '-', starting with a letter or digit. */
int	hubstore_account_check(const char *name, struct fa_err *) FA_WUR;

/*
 * Trusts a collector for account (created when new), in one transaction.
 * fingerprint is the canonical one of public_key (the whole line, as
 * written by key_pub_format()); comment may be NULL.  Returns 0 when
 * added, 1 when already trusted for that account (nothing changed), -1
 * on error, among which: trusted for another account.
 */
int	hubstore_trust_add(struct hubstore *, const char *fingerprint,
	    const char *public_key, const char *comment, const char *account,
	    int64_t now, struct fa_err *) FA_WUR;

/*
 * Stops trusting the collector: 0 done (*account, when not NULL, gets
 * the account it was trusted for; caller frees), 1 when no trusted
 * collector has that fingerprint, -1 on error.
 */
int	hubstore_trust_remove(struct hubstore *, const char *fingerprint,
	    int64_t now, char **account, struct fa_err *) FA_WUR;

/* One trusted collector; strings owned by the row. */
struct hubstore_trustrow {
	char	*fingerprint, *public_key, *comment, *account;
	int64_t	 added;
};
void	hubstore_trustrow_release(struct hubstore_trustrow *);

/* The trusted collectors by account, then date added; *rows allocated,
 * caller releases each row and frees the array. */
int	hubstore_trust_list(struct hubstore *, struct hubstore_trustrow **,
	    size_t *n, struct fa_err *) FA_WUR;

#endif
