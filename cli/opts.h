/*
 * opts.h: one option table for the command line, --help and the config
 * file.  A config file is "key = value" lines with the long option names
 * as keys, plus "[credential NAME]" sections holding one credential set
 * each; options on the command line override the file (a list given on
 * the command line, such as ranges or credentials, replaces the file's).
 */
#ifndef FA_OPTS_H
#define FA_OPTS_H

#include <stddef.h>
#include <stdio.h>

#include "../collector/sched.h"
#include "../collector/sess.h"
#include "util.h"

/* Which commands an option applies to. */
enum {
	C_ASSESS = 0x01, C_DISCOVER = 0x02, C_DEVICES = 0x04, C_SHOW = 0x08,
	C_WALK = 0x10, C_MODELS = 0x20, C_RUN = 0x40, C_KEYS = 0x80,
	C_HUB = 0x100, C_CTL = 0x200, C_CHANGES = 0x400, C_EXPORT = 0x800,
	C_BUNDLE = 0x1000, C_REPORT = 0x2000, C_UPLOAD = 0x4000,
	C_SERVICE = 0x8000,
	C_NET = C_ASSESS | C_DISCOVER | C_WALK | C_RUN,
	C_STORE = C_ASSESS | C_DEVICES | C_SHOW | C_RUN | C_CHANGES |
	    C_EXPORT | C_REPORT | C_UPLOAD,
	C_ALL = 0xffff,
	/* Commands of the collector's home (the hub has none; its
	 * options are cli/cmd_hub_table.c's). */
	C_HOME = C_ALL & ~C_HUB,
};

struct strv {
	char	**v;
	size_t	  n;
};

struct settings {
	char		*home;		/* FLEETAUDIT_HOME or XDG default */
	char		*db;		/* store file */
	char		*config;
	struct strv	 ranges, excludes;
	struct strv	 ipp;		/* assess --ipp URIs */
	int		 ipp_probe;	/* assess --ipp-probe */
	int		 ipp_port;	/* its port; 0: 631 */
	int		 local;		/* assess --local */
	int		 mdns;		/* assess --mdns */
	char		*cups_server;	/* its scheduler; NULL: the system's */
	int		 rdl;		/* run --rdl: device sessions */
	struct sess_cred *creds;
	size_t		 ncreds;
	int		 creds_from_cli;
	int		 force, all, json, quiet;
	struct sess_opts net;
	int		 max_devices;
	char		*output;	/* walk -o */
	char		*root;		/* walk subtree */
	char		*models;	/* extra model definitions directory */
	int		 no_models;	/* standard MIBs only */
	int64_t		 intervals[5];	/* run: seconds per sched_kind */
	unsigned	 parts;		/* assess: DEV_P_* to read; 0: all */
	long long	 max_vbs;	/* walk limit */
	long long	 max_time_ms;	/* walk time limit */
	int		 log_level;	/* run: least severe level on stderr */
	int		 wait;		/* ctl scan --wait */
	int		 level;		/* ctl logs --level; -1: not given */
	char		*since;		/* ctl logs --since, as given */
	/* pending v3 options from the command line */
	char		*v3_user, *v3_auth, *v3_priv, *v3_context;
	/* set by "hub" only (cli/cmd_hub_table.c) */
	char		*hub;		/* --hub: hub directory */
	char		*account;	/* --account (the last one) */
	char		*site_name;	/* hub trust add --name */
	char		*passphrase_file; /* secret keys' passphrase */
	char		*mask;		/* export --mask, as given */
	char		*config_mask;	/* the config file's "mask": the
					 * site's (export/exporttx.h) */
	char		*xlsx, *html, *csv;	/* report outputs */
	char		*prices;	/* report --prices: price book */
	char		*proposal;	/* report --proposal: the offer */
	/* report branding (config keys too) */
	char		*dealer_name, *dealer_logo, *customer, *prepared_by,
			*report_date;
	char		*from, *to;	/* report span, as given */
	/* hub serve, hub command (SOAP over HTTPS, docs/soap.md) */
	char		*listen;	/* hub serve --listen ADDR:PORT */
	char		*tls_cert, *tls_key;	/* hub serve --cert, --key */
	char		*collector;	/* hub command --collector FP */
	char		*store;		/* hub init --store CONNINFO */
	/* upload, and run when hub-url is set */
	char		*hub_url;	/* the hub's endpoint */
	char		*cacert;	/* CA bundle for the hub's certificate */
	char		*pin;		/* "sha256//BASE64" public key pin */
	char		*proxy;		/* HTTPS proxy; else the environment */
};

void	settings_init(struct settings *);
void	settings_release(struct settings *);

/*
 * Parses argv for command cmd (a C_* bit) into s, reading the config file
 * (--config, else HOME/fleetaudit.conf if present; C_HOME commands only)
 * first.  Positional arguments land in pos (borrowed from argv).  On
 * "--help" returns 1.  Errors fill e (config errors as "file:line:
 * message").
 */
int	opts_parse(int argc, char *argv[], unsigned cmd, struct settings *s,
	    struct strv *pos, struct fa_err *e) FA_WUR;

/* Prints the options of cmd, one per line, for --help. */
void	opts_usage(unsigned cmd, FILE *);

/* For the documentation's check (fleetaudit --list, t0050): the long
 * options cmd takes, "--NAME" a line (then " -C" when it has a short
 * form), each once; or with config set (cmd ignored), the keys the config
 * file takes, aliases included. */
void	opts_list(unsigned cmd, int config, FILE *);

/* Reads a config file into s (exposed for tests and fuzzing). */
int	opts_read_config(const char *path, struct settings *s,
	    struct fa_err *e) FA_WUR;
int	opts_parse_config(const char *text, size_t len, const char *name,
	    struct settings *s, struct fa_err *e) FA_WUR;

/* Settings as a JSON object text without secrets (for the store). */
char	*opts_settings_json(const struct settings *);

#endif
