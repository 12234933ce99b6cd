/*
 * cmd.h: what the command files share: the command table entry, and the
 * set-up every networked or storing command does the same way.
 */
#ifndef FA_CMD_H
#define FA_CMD_H

#include "../collector/range.h"
#include "../collector/sess.h"
#include "../collector/store.h"
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
int	cmd_changes(int, char *[]);
int	cmd_ctl(int, char *[]);
int	cmd_devices(int, char *[]);
int	cmd_discover(int, char *[]);
int	cmd_help(int, char *[]);
int	cmd_hub(int, char *[]);
int	cmd_keys(int, char *[]);
int	cmd_models(int, char *[]);
int	cmd_run(int, char *[]);
int	cmd_show(int, char *[]);
int	cmd_walk(int, char *[]);

const struct cmd *cmd_find(const char *);

/*
 * Parses the options of the named command: 0 go on, else the exit code to
 * return (help printed, or a usage error printed).
 */
#define CMD_HELPED	100	/* cmd_setup printed --help */
int	cmd_setup(const char *name, int argc, char *argv[], struct settings *,
	    struct strv *pos);
/* Opens the store, creating it and the home directory (0700) when
 * create is set; else a missing store is an error.  Prints. */
int	cmd_open_store(struct settings *, int create, struct store **);
/* Expands ranges (pos, else the config's) with excludes; prints. */
int	cmd_ranges(struct settings *, const struct strv *pos,
	    struct addr_list *, char **joined);
/* The model definitions: built-in, then HOME/models, then --models. */
struct mdf_set;
int	cmd_load_models(const struct settings *, struct mdf_set *);
/* Installs SIGINT/SIGTERM handlers that set fa_interrupted. */
void	cmd_signals(void);
/* Progress line on stderr when it is a terminal and not quiet. */
int	cmd_progress_on(const struct settings *);
/* A disc_progress printing "\rdiscover: done/total addresses...". */
void	cmd_disc_progress(size_t done, size_t total, size_t found, void *);
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
/* One-line error "fleetaudit: msg"; returns code. */
int	cmd_fail(int code, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

#endif
