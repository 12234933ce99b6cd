/*
 * cmd_hub_account.c: "fleetaudit hub account export NAME -o FILE" and
 * "hub account delete NAME --yes" (export/hub/hubaccount.c,
 * docs/accounts.md): a customer's data as one file, and gone from the
 * hub, as data protection asks.
 *
 * The export is written to a temporary file beside FILE (0600), synced,
 * then renamed: FILE is either absent or complete.  Deleting needs --yes
 * (nothing asks twice in a script) and is one transaction.  Parses its
 * own options, as "hub user" does.
 */
#include <errno.h>
#include <getopt.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <json-c/json.h>

#include "../export/hub/hubaccount.h"
#include "../export/hub/hubaudit.h"
#include "../export/hub/hubdb.h"
#include "../export/hub/hubstore.h"
#include "cmd.h"
#include "json.h"
#include "util.h"

struct copts {
	const char	*hub, *output;
	int		 yes, quiet, json;
};

static const char usage[] =
    "usage: fleetaudit hub account export NAME -o FILE [--hub DIR]\n"
    "       fleetaudit hub account delete NAME --yes [--hub DIR]\n"
    "       fleetaudit hub account audit [NAME] [--json] [--hub DIR]\n"
    "export: everything the hub holds for the account, one JSON line a\n"
    "row; delete: all of it removed from every table (receipts kept);\n"
    "audit: who viewed or downloaded which account's data.\n";

enum { C_HUBDIR = 1, C_YES, C_JSON };

static int
parse(int argc, char *argv[], struct copts *o)
{
	static const struct option lo[] = {
		{ "hub", required_argument, NULL, C_HUBDIR },
		{ "output", required_argument, NULL, 'o' },
		{ "yes", no_argument, NULL, C_YES },
		{ "json", no_argument, NULL, C_JSON },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int	c;

	if ((c = cmd_exact_longopts(argc, argv, lo, "hub account",
	    "unknown")) != 0)
		return c;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "o:qh", lo, NULL)) != -1) {
		switch (c) {
		case C_HUBDIR:
			o->hub = optarg;
			break;
		case 'o':
			o->output = optarg;
			break;
		case C_YES:
			o->yes = 1;
			break;
		case C_JSON:
			o->json = 1;
			break;
		case 'q':
			o->quiet = 1;
			break;
		case 'h':
			fputs(usage, stdout);
			return CMD_HELPED;
		default:
			return cmd_fail(EXIT_USAGE, "hub account: unknown or "
			    "incomplete option '%s' (see 'fleetaudit hub "
			    "account --help')", argv[optind - 1]);
		}
	}
	return 0;
}

char *
cmd_hub_who(void)
{
	struct passwd	*pw = getpwuid(getuid());

	return pw != NULL ? fa_asprintf("cli:%s", pw->pw_name) :
	    fa_asprintf("cli:uid %ld", (long)getuid());
}

int
cmd_hub_audit(struct hubstore *hs, const char *account, const char *action,
    const char *detail)
{
	struct fa_err	 e;
	char		*who = cmd_hub_who();
	int		 x;

	x = hubaudit_add_name(hubstore_db(hs), fa_wall(), who, NULL, account,
	    action, detail, &e);
	free(who);
	if (x != 0)
		return cmd_fail(EXIT_FAIL, "cannot record the access: %s",
		    e.msg);
	return 0;
}

/* "hub account audit [NAME]": the access log, newest first. */
static int
do_audit(const struct copts *o, struct hubstore *hs, const char *name)
{
	struct hubaudit_row	*v = NULL;
	struct fa_err		 e;
	char			 ts[32];
	size_t			 n = 0, i;
	json_object		*a, *x;

	if (hubaudit_list(hubstore_db(hs), name, HUBAUDIT_LIST_MAX, &v, &n,
	    &e) != 0)
		return cmd_fail(EXIT_FAIL, "%s", e.msg);
#define JS(s)	((s) != NULL ? json_object_new_string(s) : NULL)
	if (o->json) {
		a = json_object_new_array();
		for (i = 0; i < n; i++) {
			x = json_object_new_object();
			fa_iso8601(v[i].time, ts, sizeof(ts));
			json_object_object_add(x, "time", JS(ts));
			json_object_object_add(x, "who", JS(v[i].who));
			json_object_object_add(x, "address", JS(v[i].address));
			json_object_object_add(x, "account", JS(v[i].account));
			json_object_object_add(x, "action", JS(v[i].action));
			json_object_object_add(x, "detail", JS(v[i].detail));
			json_object_array_add(a, x);
		}
		json_print(a);
		json_object_put(a);
	} else {
		printf("%-20s %-20s %-16s %-16s %-9s %s\n", "TIME", "WHO",
		    "FROM", "ACCOUNT", "ACTION", "DETAIL");
		for (i = 0; i < n; i++) {
			fa_iso8601(v[i].time, ts, sizeof(ts));
			printf("%-20s %-20.40s %-16.46s %-16.64s %-9s %s\n", ts,
			    v[i].who, v[i].address ? v[i].address : "-",
			    v[i].account ? v[i].account : "-", v[i].action,
			    v[i].detail ? v[i].detail : "-");
		}
	}
#undef JS
	for (i = 0; i < n; i++)
		hubaudit_row_release(&v[i]);
	free(v);
	return EXIT_OK;
}

static int
put_line(void *arg, const char *line, size_t len, struct fa_err *e)
{
	FILE	*f = arg;

	if (fwrite(line, 1, len, f) != len || fputc('\n', f) == EOF)
		return fa_errf(e, "cannot write the export: %s",
		    strerror(errno));
	return 0;
}

static void
counts(const char *verb, const char *name, const struct hubaccount_counts *c)
{
	size_t	t;

	fprintf(stderr, "hub account: %s '%s':", verb, name);
	for (t = 0; t < HUBACCOUNT_NTABLES; t++)
		fprintf(stderr, "%s %lld %s", t ? "," : "",
		    (long long)c->n[t], hubaccount_tables[t]);
	fputc('\n', stderr);
}

static int
do_export(const struct copts *o, struct hubstore *hs, const char *name)
{
	struct hubaccount_counts c;
	struct fa_err	 e;
	char		*tmp;
	FILE		*f = NULL;
	int		 fd, rc = EXIT_FAIL;

	tmp = fa_asprintf("%s.tmp-XXXXXX", o->output);
	if ((fd = mkstemp(tmp)) == -1) {
		cmd_fail(rc, "cannot write '%s': %s", o->output,
		    strerror(errno));
		free(tmp);
		return rc;
	}
	if ((f = fdopen(fd, "w")) == NULL) {
		cmd_fail(rc, "cannot write '%s': %s", o->output,
		    strerror(errno));
		close(fd);
		goto out;
	}
	if (hubaccount_export(hs, name, fa_wall(), put_line, f, &c, &e) != 0) {
		cmd_fail(rc, "%s", e.msg);
		goto out;
	}
	if (fflush(f) != 0 || fsync(fileno(f)) != 0) {
		cmd_fail(rc, "cannot write '%s': %s", o->output,
		    strerror(errno));
		goto out;
	}
	if (fclose(f) != 0) {
		f = NULL;
		cmd_fail(rc, "cannot write '%s': %s", o->output,
		    strerror(errno));
		goto out;
	}
	f = NULL;
	if (rename(tmp, o->output) != 0) {
		cmd_fail(rc, "cannot write '%s': %s", o->output,
		    strerror(errno));
		goto out;
	}
	FA_FREE(tmp);
	if (!o->quiet)
		counts("exported", name, &c);
	rc = EXIT_OK;
out:
	if (f != NULL)
		fclose(f);
	if (tmp != NULL) {
		(void)unlink(tmp);
		free(tmp);
	}
	return rc;
}

int
cmd_hub_account(int argc, char *argv[])
{
	struct copts		 o;
	struct hubstore		*hs = NULL;
	struct hubaccount_counts c;
	struct fa_err		 e;
	const char		*env = getenv("FLEETAUDIT_HUB"), *dir, *sub;
	const char		*name;
	int			 rc;

	memset(&o, 0, sizeof(o));
	if ((rc = parse(argc, argv, &o)) != 0)
		return rc == CMD_HELPED ? EXIT_OK : rc;
	sub = optind < argc ? argv[optind] : "";
	name = optind + 1 < argc ? argv[optind + 1] : NULL;
	if (strcmp(sub, "audit") == 0) {
		if (optind + 2 < argc || o.yes || o.output != NULL)
			return cmd_fail(EXIT_USAGE, "hub account audit takes "
			    "one account NAME at most, and --json");
		if (name != NULL && hubstore_account_check(name, &e) != 0)
			return cmd_fail(EXIT_USAGE, "%s", e.msg);
		dir = o.hub != NULL ? o.hub : env != NULL && *env != '\0' ?
		    env : ".";
		if (hubstore_open_hub(dir, &hs, &e) != 0)
			return cmd_fail(EXIT_FAIL, "%s", e.msg);
		rc = do_audit(&o, hs, name);
		hubstore_close(hs);
		return rc;
	}
	if (strcmp(sub, "export") != 0 && strcmp(sub, "delete") != 0)
		return cmd_fail(EXIT_USAGE, "hub account needs export, delete "
		    "or audit (see 'fleetaudit hub account --help')");
	if (o.json)
		return cmd_fail(EXIT_USAGE, "--json applies to 'hub account "
		    "audit' only");
	if (name == NULL || optind + 2 != argc)
		return cmd_fail(EXIT_USAGE, "hub account %s takes one account "
		    "NAME", sub);
	if (hubstore_account_check(name, &e) != 0)
		return cmd_fail(EXIT_USAGE, "%s", e.msg);
	if (strcmp(sub, "export") == 0 && (o.output == NULL || o.yes))
		return cmd_fail(EXIT_USAGE, "hub account export takes -o FILE "
		    "(and no --yes)");
	if (strcmp(sub, "delete") == 0 && o.output != NULL)
		return cmd_fail(EXIT_USAGE, "-o applies to 'hub account "
		    "export' only");
	if (strcmp(sub, "delete") == 0 && !o.yes)
		return cmd_fail(EXIT_USAGE, "hub account delete removes every "
		    "record of '%s' for good: add --yes (export it first)",
		    name);
	dir = o.hub != NULL ? o.hub : env != NULL && *env != '\0' ? env : ".";
	if (hubstore_open_hub(dir, &hs, &e) != 0)
		return cmd_fail(EXIT_FAIL, "%s", e.msg);
	if (strcmp(sub, "export") == 0) {
		if ((rc = do_export(&o, hs, name)) == EXIT_OK)
			rc = cmd_hub_audit(hs, name, "export",
			    "hub account export");
	}
	else if (hubaccount_delete(hs, name, &c, &e) != 0)
		rc = cmd_fail(EXIT_FAIL, "%s", e.msg);
	else {
		if (!o.quiet)
			counts("deleted", name, &c);
		rc = EXIT_OK;
	}
	hubstore_close(hs);
	return rc;
}
