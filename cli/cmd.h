/*
 * cmd.h: what the command files share: the command table entry, and the
 * set-up every networked or storing command does the same way.
 */
#ifndef FA_CMD_H
#define FA_CMD_H

#include "../collector/range.h"
#include "../collector/sess.h"
#include "../collector/store.h"
#include "home.h"
#include "opts.h"

struct cmd {
	const char	*name;
	const char	*args;		/* after "fleetaudit NAME" */
	const char	*summary;	/* one line for "fleetaudit help" */
	const char	*help;		/* the rest of "NAME --help" */
	int		(*run)(int, char *[]);
	unsigned	 opts;		/* C_* bit: which options apply */
};

int	cmd_assess(int, char *[]);
int	cmd_bundle(int, char *[]);
int	cmd_changes(int, char *[]);
int	cmd_ctl(int, char *[]);
int	cmd_devices(int, char *[]);
int	cmd_discover(int, char *[]);
int	cmd_export(int, char *[]);
/*
 * The masking of an export (cmd_export.c): --mask, else the site's
 * (export/exporttx.h); its bits in *mask and its text in *text (caller
 * frees; NULL: none).  *keep: --mask is the site's first choice, to be
 * kept once the bundle is written (exporttx_site_mask_keep()).  A --mask
 * that differs from the site's is warned about on stderr.  0, or the
 * exit code (printed).
 */
int	cmd_export_mask(const struct settings *, unsigned *mask, char **text,
	    int *keep);
/* What an export wrote, on stdout unless quiet, and into the home's log. */
struct exporttx;
void	cmd_export_print(const struct settings *, const struct exporttx *,
	    const char *masking, int quiet);
int	cmd_help(int, char *[]);
int	cmd_hub(int, char *[]);
/* "hub": its subcommands and their own prototypes are in cmd_hub.h. */
/* The command line's user for the access log, "cli:LOGIN"; caller
 * frees.  cmd_hub_audit() records that this user did action on
 * account's data (export/hub/hubaudit.h); prints the error (1) if it cannot. */
char	*cmd_hub_who(void);
struct hubstore;
int	cmd_hub_audit(struct hubstore *, const char *account,
	    const char *action, const char *detail);
int	cmd_keys(int, char *[]);
int	cmd_models(int, char *[]);
int	cmd_report(int, char *[]);
int	cmd_run(int, char *[]);
int	cmd_service(int, char *[]);
int	cmd_show(int, char *[]);
int	cmd_upload(int, char *[]);
int	cmd_walk(int, char *[]);

const struct cmd *cmd_find(const char *);

/*
 * Parses the options of the named command: 0 go on, else the exit code to
 * return (help printed, or a usage error printed).
 */
#define CMD_HELPED	100	/* cmd_setup printed --help */
int	cmd_setup(const char *name, int argc, char *argv[], struct settings *,
	    struct strv *pos);
/* mkdir -p, mode 0700 for the folders it creates (the home's); 0, or -1
 * with e "cannot create 'DIR': why" (e may be NULL). */
int	cmd_mkdirs(const char *path, struct fa_err *e);
/* Opens the store, creating it and the home directory (0700) when
 * create is set; else a missing store is an error.  Prints. */
int	cmd_open_store(struct settings *, int create, struct store **);
/* Expands ranges (pos, else the config's) with excludes; prints. */
int	cmd_ranges(struct settings *, const struct strv *pos,
	    struct addr_list *, char **joined);
/* The model definitions: built-in, then HOME/models, then --models. */
struct mdf_set;
int	cmd_load_models(const struct settings *, struct mdf_set *);
/*
 * --ipp-probe: of addrs, those SNMP found nothing at (not in found) that
 * accept TCP connections on --ipp-port, into *open (caller frees) and
 * *n.  0, or -1 with e when the probe failed (*open holds what it saw).
 */
struct disc_list;
int	cmd_ipp_open(const struct settings *, const struct addr_list *addrs,
	    const struct disc_list *found, struct fa_addr **open, size_t *n,
	    struct fa_err *e);
/* Says on stderr (unless quiet) how many printers DNS-SD announced at an
 * IPv6 link-local address only, left out (collector/mdns.h). */
struct mdns_list;
void	cmd_mdns_note(const struct settings *, const struct mdns_list *);
/* Installs SIGINT/SIGTERM handlers that set fa_interrupted. */
void	cmd_signals(void);
/* Progress line on stderr when it is a terminal and not quiet. */
int	cmd_progress_on(const struct settings *);
/* A disc_progress printing "\rdiscover: done/total addresses...". */
void	cmd_disc_progress(size_t done, size_t total, size_t found, void *);
/*
 * Discovery and the read width (collector/disc.h): cmd_disc_widths()
 * gives, per address of addrs, the width kept for the device the store
 * knows there (0 x 0 elsewhere; st may be NULL), for disc_sweep();
 * cmd_disc_keep() keeps, for each device found whose probe had to narrow
 * and that the store knows, the narrower width (when none is kept, or a
 * wider one is), so that later reads and discoveries start there.
 * Returns how many were kept.
 */
struct walk_width;
struct disc_list;
struct walk_width *cmd_disc_widths(struct store *, const struct addr_list *);
size_t	cmd_disc_keep(struct store *, const struct disc_list *);
/* Appends one line to HOME/fleetaudit.log. */
void	cmd_log(const struct settings *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/*
 * The secret keys' passphrase: --passphrase-file, else a non-empty
 * FLEETAUDIT_PASSPHRASE, else none (*p NULL).  Prints; 0 or the exit code.
 */
struct key_pass;
int	cmd_passphrase(const struct settings *, struct key_pass **p);
/* A public key's comment: "ROLE@HOSTNAME". */
struct key_pub;
void	cmd_key_comment(struct key_pub *, const char *role);
/*
 * A walk of host (one address or a name resolving to one) with s's
 * credentials, root and max_vbs, stopped after max_ms: the snmprec lines,
 * sorted by OID, into out and a one-line summary into note.  Returns the
 * exit status; note stays empty when nothing was walked (a bad host or
 * root, no answer), e then says why.  "walk" and "ctl walk" share it.
 */
struct fa_buf;
int	cmd_walk_host(const struct settings *s, const char *host,
	    int64_t max_ms, struct fa_buf *out, struct fa_buf *note,
	    struct fa_err *e);
/* --since: a date ("2026-11-25", "2026-11-25T08:00[:00]", UTC unless
 * "Z" or "+HH:MM" follows) or a while back from now ("30m", "2h", "7d")
 * into *out (epoch seconds); fills e on a bad one. */
int	cmd_parse_since(const char *, int64_t now, int64_t *out,
	    struct fa_err *) FA_WUR;
/*
 * How the commands a hub queued run (cmd_upload.c): scan makes a scan of
 * kind (discovery, meters...) happen, logs gives the log lines since then
 * (epoch seconds, 0: all); each fills out (its text for the hub) and
 * returns 0, or -1 with e.  arg NULL: the settings.  "upload" alone asks
 * the running collector over its socket; "run" passes its own.  A walk
 * may reach only an address of addrs (run's ranges; NULL: the config's)
 * or a device of the store st (NULL: the home's store, opened for it).
 */
struct upload_exec {
	int	(*scan)(void *arg, const char *kind, struct fa_buf *out,
		    struct fa_err *e);
	int	(*logs)(void *arg, int64_t since, struct fa_buf *out,
		    struct fa_err *e);
	void	*arg;
	const struct addr_list *addrs;
	struct store	*st;
	/* A device session offered in the hub's signed answer (cli/rdl.c):
	 * its argument; no Result is sent (the relay answers).  NULL:
	 * ignored. */
	void	(*rdl)(void *rdl_arg, const char *argument);
	void	*rdl_arg;
};
/*
 * One contact with the hub at s->hub_url: Hello and the hub's commands
 * (run with x; NULL: as "upload" alone), then what is new exported into
 * HOME/outbox and the outbox sent.  automatic ("run"): nothing on stdout,
 * the backoff of a failed try respected.  Prints errors; the exit status.
 */
int	cmd_upload_run(struct settings *s, const struct upload_exec *x,
	    int automatic);
/* Only the Hello and the hub's commands of cmd_upload_run() ("run",
 * when the hub asks for one: cli/rdl.c).  0, or the exit status. */
int	cmd_upload_hello(struct settings *s, const struct upload_exec *x);
/*
 * Where a report's devices come from: open (0, or the exit status,
 * printed) names the source in *name (freed by the caller), scan is a
 * store_report_scan(), close ends what open started.
 */
struct cmd_report_source {
	int	(*open)(void *arg, char **name);
	int	(*scan)(void *arg, int64_t from, int64_t to, int64_t lead,
		    store_rdev_cb *cb, void *cbarg, struct fa_err *e);
	void	(*close)(void *arg);
	void	*arg;
	const char *catalog_dir;	/* NAME.catalog files read after
					 * HOME/catalog's, or NULL */
};
/*
 * The report of s's --xlsx, --html, --csv, --from and --to from rs
 * (cmd_report.c): the options checked, the period worked out, the paths
 * checked before rs is opened, the files written whole.  what ("report",
 * "hub report") starts its messages.  Prints; the exit status.
 */
int	cmd_report_run(struct settings *s, const char *what,
	    const struct cmd_report_source *rs);
/* The same, the files given the permission bits mode (those of the store
 * the data comes from: a report is never more readable than its store);
 * cmd_report_run() gives them 0600, as the hub's store has. */
int	cmd_report_run_mode(struct settings *s, const char *what,
	    const struct cmd_report_source *rs, unsigned mode);
/*
 * getopt_long(3) takes any unambiguous prefix of a long option ("--pass"
 * for "--password-file"); scripts depend on exact names, so each "--NAME"
 * of argv (up to "--") must be one of lo's as written.  0, or EXIT_USAGE
 * after one line "WHAT: WORD option '--X' (see 'fleetaudit WHAT --help')"
 * (word: "unknown", "unknown or incomplete").
 */
struct option;
int	cmd_exact_longopts(int argc, char *argv[], const struct option *lo,
	    const char *what, const char *word);
/* One-line error "fleetaudit: msg"; returns code. */
int	cmd_fail(int code, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/* An option's whole number s from min to max into *out (s NULL: *out
 * kept); 0, or EXIT_USAGE after one line naming what. */
int	cmd_opt_int(const char *s, long long min, long long max,
	    const char *what, int *out);

#endif
