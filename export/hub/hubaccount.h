/*
 * hubaccount.h: one account's data as a whole ("fleetaudit hub account
 * export|delete", docs/accounts.md): everything the hub holds for it in
 * one file, and all of it removed from every table of the store.
 */
#ifndef FA_HUBACCOUNT_H
#define FA_HUBACCOUNT_H

#include <stddef.h>
#include <stdint.h>

#include "../../cli/util.h"
#include "hubstore.h"

/* The tables, in the export's order. */
enum { HUBACCOUNT_ACCOUNTS, HUBACCOUNT_COLLECTORS, HUBACCOUNT_SITES,
	HUBACCOUNT_BUNDLES, HUBACCOUNT_DEVICES, HUBACCOUNT_RECORDS,
	HUBACCOUNT_ORDERS, HUBACCOUNT_USERS, HUBACCOUNT_COMMANDS,
	HUBACCOUNT_NOTIFY, HUBACCOUNT_NTABLES };
extern const char *const hubaccount_tables[HUBACCOUNT_NTABLES];

/* Rows per table exported or deleted. */
struct hubaccount_counts {
	int64_t	n[HUBACCOUNT_NTABLES];
};

/* Gets each line of the export (len bytes, no line end, borrowed). */
typedef int hubaccount_write_fn(void *arg, const char *line, size_t len,
    struct fa_err *);

/*
 * Writes account's data as JSON lines: first {"fleetaudit":
 * "account-export", "version": 1, "account": NAME, "exported": TIME},
 * then one {"table": T, "row": {...}} per row, table by table
 * (hubaccount_tables), a record's JSON as it was imported under "data";
 * "users" are the names and roles of the account users who may see it.
 * In one read transaction.  Fails on an unknown account.
 */
int	hubaccount_export(struct hubstore *, const char *account, int64_t now,
	    hubaccount_write_fn *, void *, struct hubaccount_counts *,
	    struct fa_err *) FA_WUR;

/*
 * Removes account from every table in one write transaction: its
 * records, devices, bundles, sites, supply orders, its collectors'
 * trust and queued commands, its notification rules (with their notices
 * and messages; the delivery log stays, by name), the users' access to it, the account.  The
 * users themselves stay (they may see other accounts); so does the
 * replay guard (collector_sequences: a fingerprint and a number), so
 * that the collector's old bundles can never be imported again.
 * Receipts are files outside the store: kept, as proof of import.
 */
int	hubaccount_delete(struct hubstore *, const char *account,
	    struct hubaccount_counts *, struct fa_err *) FA_WUR;

#endif
