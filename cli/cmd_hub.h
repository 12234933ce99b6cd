/*
 * cmd_hub.h: what the files of "fleetaudit hub" share: the one table of
 * its subcommands and of the options each accepts (cmd_hub_table.c), the
 * arguments every subcommand gets, and the subcommands themselves
 * (cmd_hub.c, cmd_hub_serve.c, cmd_hub_user.c, cmd_hub_meters.c,
 * cmd_hub_supplies.c, cmd_hub_attention.c, cmd_hub_account.c,
 * cmd_hub_notify.c, cmd_hub_rdl.c).
 *
 * The table drives everything said about a subcommand: dispatch, the
 * check that each option given is one the subcommand takes (one line
 * naming the option and the subcommand otherwise), "hub --help", "hub
 * SUB --help" and the "needs a subcommand" message.  A new subcommand is
 * one line in hub_subs[] (and its options' rows in hub_opts[] when new).
 */
#ifndef FA_CMD_HUB_H
#define FA_CMD_HUB_H

#include <stdint.h>

#include "cmd.h"

#define HUB_ACCOUNTS_MAX	256	/* --account given at most this often */

/* The options of the hub's subcommands, one bit each (hub_opt.bit). */
#define HO_HUB		(1ULL << 0)
#define HO_QUIET	(1ULL << 1)
#define HO_HELP		(1ULL << 2)
#define HO_JSON		(1ULL << 3)
#define HO_ACCOUNT	(1ULL << 4)
#define HO_NAME		(1ULL << 5)
#define HO_PASSFILE	(1ULL << 6)
#define HO_STORE	(1ULL << 7)
#define HO_MIGRATE_TO	(1ULL << 8)
#define HO_LISTEN	(1ULL << 9)
#define HO_CERT		(1ULL << 10)
#define HO_KEY		(1ULL << 11)
#define HO_COLLECTOR	(1ULL << 12)
#define HO_SINCE	(1ULL << 13)
#define HO_XLSX		(1ULL << 14)
#define HO_HTML		(1ULL << 15)
#define HO_CSVDIR	(1ULL << 16)
#define HO_PRICES	(1ULL << 17)
#define HO_PROPOSAL	(1ULL << 18)
#define HO_DEALER	(1ULL << 19)
#define HO_LOGO		(1ULL << 20)
#define HO_CUSTOMER	(1ULL << 21)
#define HO_PREPBY	(1ULL << 22)
#define HO_RDATE	(1ULL << 23)
#define HO_FROM		(1ULL << 24)
#define HO_TO		(1ULL << 25)
#define HO_PERIOD	(1ULL << 26)
#define HO_MAP		(1ULL << 27)
#define HO_TOLERANCE	(1ULL << 28)
#define HO_CSV		(1ULL << 29)
#define HO_THRESHOLD	(1ULL << 30)
#define HO_DAYS		(1ULL << 31)
#define HO_NEW		(1ULL << 32)
#define HO_BY		(1ULL << 33)
#define HO_SILENT	(1ULL << 34)
#define HO_OUTPUT	(1ULL << 35)
#define HO_YES		(1ULL << 36)
#define HO_ROLE		(1ULL << 37)
#define HO_PASSWORD	(1ULL << 38)
#define HO_RULE		(1ULL << 39)
#define HO_ON		(1ULL << 40)
#define HO_NOTIFY_TO	(1ULL << 41)
#define HO_SECRET	(1ULL << 42)
#define HO_DIGEST	(1ULL << 43)
#define HO_NOW		(1ULL << 44)
#define HO_LIMIT	(1ULL << 45)
#define HO_DOMAIN	(1ULL << 46)
#define HO_IDLE		(1ULL << 47)
#define HO_MAXLIFE	(1ULL << 48)
#define HO_POLL		(1ULL << 49)
#define HO_SESSION	(1ULL << 50)
#define HO_LOGIN_SLOTS	(1ULL << 51)
#define HO_ALWAYS	(HO_HUB | HO_QUIET | HO_HELP)	/* every subcommand */
#define HO_REPORT	(HO_XLSX | HO_HTML | HO_CSVDIR | HO_PRICES | \
			 HO_PROPOSAL | HO_DEALER | HO_LOGO | HO_CUSTOMER | \
			 HO_PREPBY | HO_RDATE | HO_FROM | HO_TO)

/*
 * What a subcommand is given.  Strings of s are owned (settings_release),
 * the others borrowed from argv.
 */
struct hub_args {
	struct settings	 s;	/* --hub, --account (the last one), --json,
				 * -q, --name, --passphrase-file, --store,
				 * --to, serve's, command's, report's */
	struct strv	 pos;	/* the subcommand's words ("trust",
				 * "add"), then its arguments */
	const char	*dir;	/* the hub directory; init: NULL */
	const char	*accounts[HUB_ACCOUNTS_MAX];	/* each --account */
	size_t		 naccounts;
	const char	*role, *password_file, *period, *map, *tolerance;
	const char	*threshold, *days, *by, *silent_days, *output;
	const char	*rule, *on, *notify_to, *secret_file, *digest, *now;
	const char	*limit;		/* notify's */
	const char	*domain, *idle, *maxlife, *poll, *session;	/* rdl's */
	const char	*login_slots;	/* serve's */
	int		 csv;	/* meters, supplies: --csv (no DIR) */
	int		 only_new, yes;
};

/* One row of the option table; a name may have several rows, one per
 * meaning (--csv DIR of report, --csv of meters). */
struct hub_opt {
	const char	*name;
	char		 shortc;
	uint64_t	 bit;
	const char	*arg;		/* NULL: a flag */
	enum { HV_OWN, HV_BORROW, HV_FLAG, HV_ACCOUNT } how;
	size_t		 off;		/* its field in struct hub_args */
	const char	*help;
};

/* One subcommand: name is its words after "hub". */
struct hub_sub {
	const char	*name;
	const char	*args;		/* synopsis after the name */
	const char	*summary;	/* one line */
	const char	*help;		/* more for "hub NAME --help"; NULL:
					 * none */
	int		(*run)(struct hub_args *);
	uint64_t	 opts;		/* HO_* it accepts */
	unsigned	 flags;		/* HUB_NODIR: no hub directory yet */
};
#define HUB_NODIR	0x1

/* The tables, read-only, in the order "hub --help" lists them (for
 * tests and documentation checks). */
const struct hub_sub *cmd_hub_subs(size_t *n);
const struct hub_opt *cmd_hub_opts(size_t *n);

/* "hub --help" (and "help hub") after main.c's introduction. */
void	cmd_hub_help(FILE *);

/* The subcommands; each prints its errors and returns the exit status. */
int	cmd_hub_init(struct hub_args *);
int	cmd_hub_migrate(struct hub_args *);
int	cmd_hub_show(struct hub_args *);
int	cmd_hub_trust_add(struct hub_args *);
int	cmd_hub_trust_list(struct hub_args *);
int	cmd_hub_trust_remove(struct hub_args *);
int	cmd_hub_import(struct hub_args *);
int	cmd_hub_devices(struct hub_args *);
int	cmd_hub_report(struct hub_args *);
int	cmd_hub_serve(struct hub_args *);
int	cmd_hub_command_add(struct hub_args *);
int	cmd_hub_command_list(struct hub_args *);
int	cmd_hub_meters(struct hub_args *);
int	cmd_hub_supplies(struct hub_args *);
int	cmd_hub_supplies_order(struct hub_args *);
int	cmd_hub_attention(struct hub_args *);
int	cmd_hub_account_export(struct hub_args *);
int	cmd_hub_account_delete(struct hub_args *);
int	cmd_hub_account_audit(struct hub_args *);
int	cmd_hub_user_add(struct hub_args *);
int	cmd_hub_user_remove(struct hub_args *);
int	cmd_hub_user_list(struct hub_args *);
int	cmd_hub_user_passwd(struct hub_args *);
/* "hub rdl enable|disable|account|grant|revoke|show|log": the verb is
 * pos.v[1]. */
int	cmd_hub_rdl(struct hub_args *);
/* "hub notify add|list|remove|run|log": the verb is pos.v[1]. */
int	cmd_hub_notify(struct hub_args *);
/* After "hub import": cmd_hub_notify_mark() adds a copy of an imported
 * account to v (once; returns v; the caller frees each and v),
 * cmd_hub_notify_after_import() runs those accounts' rules (prints; 0, or
 * -1 when the run failed: the import stands either way). */
char	**cmd_hub_notify_mark(char **v, size_t *n, const char *account);
struct hubstore;
int	cmd_hub_notify_after_import(struct hubstore *, const char *dir,
	    char *const *accounts, size_t n, int quiet);

#endif
