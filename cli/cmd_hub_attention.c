/*
 * cmd_hub_attention.c: "fleetaudit hub attention", what needs the
 * service desk across accounts (export/hub/hubattention.c,
 * docs/attention.md): every account, or those given with --account, most
 * urgent first, as a table or --json.  It parses its own options, as
 * "hub user" does (--account given again for each account).
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "../export/hub/hubattention.h"
#include "../export/hub/hubstore.h"
#include "cmd.h"
#include "json.h"
#include "util.h"

#define ACCOUNTS_MAX	256	/* --account given at most this often */

struct aopts {
	const char	*hub, *silent, *threshold, *days;
	const char	*accounts[ACCOUNTS_MAX];
	size_t		 naccounts;
	int		 json;
};

static const char usage[] =
    "usage: fleetaudit hub attention [--account NAME]... [--json]\n"
    "           [--silent-days 3] [--threshold 10] [--days 14] [--hub DIR]\n"
    "Devices in error, supplies empty or running out, devices not\n"
    "reporting, meter anomalies: most urgent first.\n";

enum { A_HUB = 1, A_ACCOUNT, A_SILENT, A_THRESHOLD, A_DAYS, A_JSON };

static int
parse(int argc, char *argv[], struct aopts *o)
{
	static const struct option lo[] = {
		{ "hub", required_argument, NULL, A_HUB },
		{ "account", required_argument, NULL, A_ACCOUNT },
		{ "silent-days", required_argument, NULL, A_SILENT },
		{ "threshold", required_argument, NULL, A_THRESHOLD },
		{ "days", required_argument, NULL, A_DAYS },
		{ "json", no_argument, NULL, A_JSON },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int	c;

	if ((c = cmd_exact_longopts(argc, argv, lo, "hub attention",
	    "unknown")) != 0)
		return c;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "qh", lo, NULL)) != -1) {
		switch (c) {
		case A_HUB:
			o->hub = optarg;
			break;
		case A_ACCOUNT:
			if (o->naccounts == ACCOUNTS_MAX)
				return cmd_fail(EXIT_USAGE, "more than %d "
				    "--account", ACCOUNTS_MAX);
			o->accounts[o->naccounts++] = optarg;
			break;
		case A_SILENT:
			o->silent = optarg;
			break;
		case A_THRESHOLD:
			o->threshold = optarg;
			break;
		case A_DAYS:
			o->days = optarg;
			break;
		case A_JSON:
			o->json = 1;
			break;
		case 'q':
			break;
		case 'h':
			fputs(usage, stdout);
			return CMD_HELPED;
		default:
			return cmd_fail(EXIT_USAGE, "hub attention: unknown or "
			    "incomplete option '%s' (see 'fleetaudit hub "
			    "attention --help')", argv[optind - 1]);
		}
	}
	return 0;
}

static int
num(const char *s, long long min, long long max, const char *what,
    int *out)
{
	struct fa_err	e;
	long long	v;

	if (s == NULL)
		return 0;
	if (fa_strtonum(s, min, max, &v, what, &e) != 0)
		return cmd_fail(EXIT_USAGE, "%s", e.msg);
	*out = (int)v;
	return 0;
}

static void
put_json(const struct hubattention_row *v, size_t n)
{
	json_object	*a = json_object_new_array(), *o;
	char		 ts[32];
	size_t		 i;

#define JS(x)	((x) != NULL ? json_object_new_string(x) : NULL)
	for (i = 0; i < n; i++) {
		o = json_object_new_object();
		json_object_object_add(o, "kind",
		    JS(hubattention_kind_name(v[i].kind)));
		json_object_object_add(o, "rank",
		    json_object_new_int((int)v[i].kind));
		json_object_object_add(o, "account", JS(v[i].account));
		json_object_object_add(o, "site", JS(v[i].site));
		json_object_object_add(o, "collector", JS(v[i].collector));
		json_object_object_add(o, "device_id",
		    json_object_new_int64(v[i].device));
		json_object_object_add(o, "serial", JS(v[i].serial));
		json_object_object_add(o, "model", JS(v[i].model));
		json_object_object_add(o, "address", JS(v[i].address));
		json_object_object_add(o, "location", JS(v[i].location));
		json_object_object_add(o, "detail", JS(v[i].detail));
		if (v[i].since != 0) {
			fa_iso8601(v[i].since, ts, sizeof(ts));
			json_object_object_add(o, "since", JS(ts));
		} else
			json_object_object_add(o, "since", NULL);
		json_object_array_add(a, o);
	}
#undef JS
	json_print(a);
	json_object_put(a);
}

static void
put_table(const struct hubattention_row *v, size_t n)
{
	char	ts[32];
	size_t	i;

	printf("%-8s %-16s %-16s %-20s %-20s %s\n", "KIND", "ACCOUNT",
	    "SERIAL", "LOCATION", "SINCE", "WHAT");
	for (i = 0; i < n; i++) {
#define S(x)	((x) != NULL ? (x) : "-")
		if (v[i].since != 0)
			fa_iso8601(v[i].since, ts, sizeof(ts));
		else
			fa_strlcpy(ts, "-", sizeof(ts));
		printf("%-8s %-16.40s %-16.40s %-20.40s %-20s %s\n",
		    hubattention_kind_name(v[i].kind), v[i].account,
		    S(v[i].serial), S(v[i].location), ts, S(v[i].detail));
#undef S
	}
}

int
cmd_hub_attention(int argc, char *argv[])
{
	struct aopts		 o;
	struct hubattention_opts ao;
	struct hubattention_row	*rows = NULL;
	struct hubstore		*hs = NULL;
	struct fa_err		 e;
	const char		*env = getenv("FLEETAUDIT_HUB"), *dir;
	int64_t			 id;
	size_t			 n = 0, i;
	int			 rc;

	memset(&o, 0, sizeof(o));
	memset(&ao, 0, sizeof(ao));
	ao.silent_days = HUBATTENTION_SILENT_DAYS;
	ao.threshold = 10;
	ao.days = 14;
	ao.anomaly_days = HUBATTENTION_ANOMALY_DAYS;
	if ((rc = parse(argc, argv, &o)) != 0)
		return rc == CMD_HELPED ? EXIT_OK : rc;
	if (optind < argc)
		return cmd_fail(EXIT_USAGE, "hub attention: unexpected '%s'",
		    argv[optind]);
	if (num(o.silent, 1, 365, "--silent-days", &ao.silent_days) != 0 ||
	    num(o.threshold, 0, 100, "--threshold", &ao.threshold) != 0 ||
	    num(o.days, 0, 365, "--days", &ao.days) != 0)
		return EXIT_USAGE;
	for (i = 0; i < o.naccounts; i++)
		if (hubstore_account_check(o.accounts[i], &e) != 0)
			return cmd_fail(EXIT_USAGE, "%s", e.msg);
	ao.now = fa_wall();
	dir = o.hub != NULL ? o.hub : env != NULL && *env != '\0' ? env : ".";
	if (hubstore_open_hub(dir, &hs, &e) != 0)
		return cmd_fail(EXIT_FAIL, "%s", e.msg);
	rc = EXIT_FAIL;
	for (i = 0; i < o.naccounts; i++)
		if (hubstore_account_id(hs, o.accounts[i], &id, &e) != 0) {
			cmd_fail(rc, "%s", e.msg);
			goto out;
		}
	if (hubattention_scan(hs, o.naccounts > 0 ? o.accounts : NULL,
	    o.naccounts, &ao, &rows, &n, &e) != 0) {
		cmd_fail(rc, "%s", e.msg);
		goto out;
	}
	if (o.json)
		put_json(rows, n);
	else
		put_table(rows, n);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		cmd_fail(rc, "cannot write the list: %s", strerror(errno));
		goto out;
	}
	rc = EXIT_OK;
out:
	for (i = 0; i < n; i++)
		hubattention_row_release(&rows[i]);
	free(rows);
	hubstore_close(hs);
	return rc;
}
