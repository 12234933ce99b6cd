/*
 * cmd_report.c: "fleetaudit report": the assessment deliverables (xlsx
 * workbook, HTML report, CSV files) from the local store.  Only reads the
 * store.  The report is gathered (store_report_scan(), one device at a
 * time) into the model of export/report.h, then rendered.  "hub report"
 * (cmd_hub.c) runs the same cmd_report_run() with the hub's gatherer
 * (export/hub/hubreport.c) as its source.
 *
 * Every file is written to a temporary file beside it (fsync) and renamed
 * into place, its directory synced (fa_put_file(), cli/util.h), so a
 * failed or interrupted report never leaves a truncated file under the
 * final name.  The files are no more readable than the store they come
 * from: they get its permission bits (a CSV folder made for them, those
 * bits with search added where read is).  Paths are checked before the
 * store is read, so a typo fails at once.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../export/period.h"
#include "../export/report.h"
#include "../export/catalog.h"
#include "../export/report_cost.h"
#include "../export/report_proposal.h"
#include "../export/report_use.h"
#include "../export/report_csv.h"
#include "../export/report_html.h"
#include "../export/report_inputs.h"
#include "../export/report_xlsx.h"
#include "cmd.h"
#include "plat.h"
#include "util.h"

/* A plain date "YYYY-MM-DD" (no time): --to includes that whole day. */
static int
plain_date(const char *s)
{
	return strlen(s) == 10 && s[4] == '-' && s[7] == '-';
}

/* The directory that will hold path must exist and be writable. */
static int
check_dir_of(const char *path, struct fa_err *e)
{
	char	*c = fa_strdup(path), *d = dirname(c);
	int	 rc = 0;

	if (access(d, W_OK | X_OK) != 0)
		rc = fa_errf(e, "cannot write '%s': %s", path,
		    strerror(errno));
	free(c);
	return rc;
}

/* A temporary file beside path, mode mode: its name in *tmp (caller
 * frees), fd. */
static int
tmp_beside(const char *path, unsigned mode, char **tmp, struct fa_err *e)
{
	int	fd;

	*tmp = fa_asprintf("%s.tmp.XXXXXX", path);
	if ((fd = mkstemp(*tmp)) < 0) {
		fa_errf(e, "cannot write '%s': %s", path, strerror(errno));
		free(*tmp);
		*tmp = NULL;
		return -1;
	}
	if (fa_fchmod(fd, mode) != 0) {
		fa_errf(e, "cannot write '%s': %s", path, strerror(errno));
		close(fd);
		unlink(*tmp);
		free(*tmp);
		*tmp = NULL;
		return -1;
	}
	return fd;
}

/* The workbook (written by libxlsxwriter under tmp) into place, and its
 * directory synced as fa_put_file() does. */
static int
commit(char *tmp, const char *path, struct fa_err *e)
{
	if (rename(tmp, path) != 0 || fa_fsync_dir(path) != 0) {
		fa_errf(e, "cannot write '%s': %s", path, strerror(errno));
		unlink(tmp);
		free(tmp);
		return -1;
	}
	free(tmp);
	return 0;
}

/* The whole file, as every file of the project: fa_put_file(). */
static int
write_file(const char *path, unsigned mode, const struct fa_buf *b,
    struct fa_err *e)
{
	return fa_put_file(path, NULL, b->s != NULL ? b->s : "", b->len, mode,
	    1, e);
}

static int
write_xlsx(const struct report *r, const char *path, unsigned mode,
    struct fa_err *e)
{
	char	*tmp;
	int	 fd;

	if ((fd = tmp_beside(path, mode, &tmp, e)) < 0)
		return -1;
	close(fd);
	if (report_xlsx(r, tmp, e) != 0) {
		unlink(tmp);
		free(tmp);
		return -1;
	}
	return commit(tmp, path, e);
}

/* The price book of --prices, parsed: 1 MiB at most. */
static int
load_prices(const char *path, struct report_prices *p, struct fa_err *e)
{
	struct fa_buf	 b = FA_BUF_INIT;
	int		 rc;

	rc = report_input_read(path, "prices", &b, e);
	if (rc == 0)
		rc = report_prices_parse(b.s ? b.s : "", b.len, path, p, e);
	fa_buf_release(&b);
	return rc;
}

/* Reads one file whole into b (1 MiB at most). */
static int
slurp(const char *path, struct fa_buf *b, struct fa_err *e)
{
	char	 chunk[8192];
	size_t	 n;
	FILE	*f;

	if ((f = fopen(path, "r")) == NULL)
		return fa_errf(e, "cannot read '%s': %s", path,
		    strerror(errno));
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		fa_buf_add(b, chunk, n);
		if (b->len > 1024 * 1024) {
			fclose(f);
			return fa_errf(e, "'%s' is over 1 MiB", path);
		}
	}
	if (ferror(f)) {
		fclose(f);
		return fa_errf(e, "cannot read '%s'", path);
	}
	fclose(f);
	return 0;
}

/* The dealer's logo: a PNG or JPEG file; its type and size in pixels. */
static int
load_logo(const char *path, struct fa_buf *b, const char **mime, int *w,
    int *h, struct fa_err *e)
{
	if (slurp(path, b, e) != 0)
		return -1;
	return report_logo_check((const unsigned char *)b->s, b->len, path,
	    mime, w, h, e);
}

/* The model catalog: built in, then HOME/catalog/NAME.catalog, then
 * extra/NAME.catalog (the hub's, for "hub report"). */
static int
load_catalog(const struct settings *s, const char *extra,
    struct catalog *cat, struct fa_err *e)
{
	char	*dir;
	int	 rc = 0;

	if (catalog_builtin(cat, e) != 0)
		return -1;
	if (s->home != NULL) {
		dir = fa_asprintf("%s/%s", s->home, HOME_CATALOG);
		rc = report_catalog_dir(cat, dir, e);
		free(dir);
	}
	if (rc == 0 && extra != NULL)
		rc = report_catalog_dir(cat, extra, e);
	return rc;
}

static int
write_csv(const struct report *r, const char *dir, unsigned mode,
    struct fa_err *e)
{
	struct fa_buf	 b = FA_BUF_INIT;
	char		*path;
	int		 i, rc = 0;
	/* search where read is: 0600 -> 0700, 0640 -> 0750 */
	unsigned	 dmode = mode | ((mode & 0444) >> 2);

	if (mkdir(dir, (mode_t)dmode) != 0 && errno != EEXIST)
		return fa_errf(e, "cannot create '%s': %s", dir,
		    strerror(errno));
	for (i = 0; i < REPORT_CSV_NPARTS && rc == 0; i++) {
		b.len = 0;
		report_csv(r, i, &b);
		path = fa_asprintf("%s/%s.csv", dir, report_csv_parts[i]);
		rc = write_file(path, mode, &b, e);
		free(path);
	}
	if (rc == 0 && r->uses != NULL) {
		b.len = 0;
		report_uses_csv(r, r->uses, &b);
		path = fa_asprintf("%s/utilisation.csv", dir);
		rc = write_file(path, mode, &b, e);
		free(path);
	}
	if (rc == 0 && r->props != NULL) {
		b.len = 0;
		report_props_csv(r, r->props, &b);
		path = fa_asprintf("%s/proposal.csv", dir);
		rc = write_file(path, mode, &b, e);
		free(path);
	}
	if (rc == 0 && r->costs != NULL) {
		b.len = 0;
		report_costs_csv(r, r->costs, &b);
		path = fa_asprintf("%s/costs.csv", dir);
		rc = write_file(path, mode, &b, e);
		free(path);
	}
	fa_buf_release(&b);
	return rc;
}

int
cmd_report_run(struct settings *s, const char *what,
    const struct cmd_report_source *rs)
{
	return cmd_report_run_mode(s, what, rs, 0600);
}

int
cmd_report_run_mode(struct settings *s, const char *what,
    const struct cmd_report_source *rs, unsigned mode)
{
	struct report	 r;
	struct report_prices prices;
	struct report_costs costs;
	struct report_uses uses;
	struct report_offers offers;
	struct report_props props;
	struct catalog	 cat;
	struct fa_buf	 logo = FA_BUF_INIT;
	char		 shown[16];
	const char	*lmime = NULL;
	int		 lw = 0, lh = 0;
	struct fa_buf	 html = FA_BUF_INIT;
	struct fa_err	 e;
	int64_t		 now = fa_wall(), from, to;
	char		*src = NULL, d1[16], d2[16], note[160];
	int		 rc, inited = 0, opened = 0;
	struct stat	 sb;

	memset(&r, 0, sizeof(r));
	memset(&prices, 0, sizeof(prices));
	memset(&costs, 0, sizeof(costs));
	memset(&uses, 0, sizeof(uses));
	memset(&offers, 0, sizeof(offers));
	memset(&props, 0, sizeof(props));
	memset(&cat, 0, sizeof(cat));
	if (s->xlsx == NULL && s->html == NULL && s->csv == NULL) {
		rc = cmd_fail(EXIT_USAGE, "%s: nothing to write: give "
		    "--xlsx FILE, --html FILE or --csv DIR", what);
		goto out;
	}
	to = now;
	if (s->to != NULL) {
		if (cmd_parse_since(s->to, now, &to, &e) != 0) {
			rc = cmd_fail(EXIT_USAGE, "to: '%s' is not a date "
			    "(2026-11-25, 2026-11-25T08:00Z) or a while ago "
			    "(30m, 2h, 7d)", s->to);
			goto out;
		}
		if (plain_date(s->to))
			to += REPORT_DAY;
	}
	from = period_months_back(to - 1, 11);
	if (s->from != NULL &&
	    cmd_parse_since(s->from, now, &from, &e) != 0) {
		rc = cmd_fail(EXIT_USAGE, "from: '%s' is not a date "
		    "(2026-11-25, 2026-11-25T08:00Z) or a while ago (30m, 2h, "
		    "7d)", s->from);
		goto out;
	}
	if (to <= from) {
		rc = cmd_fail(EXIT_USAGE, "%s: --from '%s' is not before "
		    "--to '%s'", what, s->from ? s->from : "default",
		    s->to ? s->to : "now");
		goto out;
	}
	/* Refuse unwritable outputs before reading anything. */
	if ((s->xlsx != NULL && check_dir_of(s->xlsx, &e) != 0) ||
	    (s->html != NULL && check_dir_of(s->html, &e) != 0)) {
		rc = cmd_fail(EXIT_FAIL, "%s", e.msg);
		goto out;
	}
	if (s->csv != NULL && stat(s->csv, &sb) == 0 &&
	    !S_ISDIR(sb.st_mode)) {
		rc = cmd_fail(EXIT_FAIL, "cannot write CSV files into '%s': "
		    "not a directory", s->csv);
		goto out;
	}
	if (s->csv != NULL && stat(s->csv, &sb) != 0 &&
	    check_dir_of(s->csv, &e) != 0) {
		rc = cmd_fail(EXIT_FAIL, "%s", e.msg);
		goto out;
	}
	if (s->prices != NULL && load_prices(s->prices, &prices, &e) != 0) {
		rc = cmd_fail(EXIT_USAGE, "%s", e.msg);
		goto out;
	}
	if (s->proposal != NULL && s->prices == NULL) {
		rc = cmd_fail(EXIT_USAGE, "%s: --proposal needs --prices (the "
		    "current costs it is set against)", what);
		goto out;
	}
	if (s->proposal != NULL) {
		struct fa_buf pb = FA_BUF_INIT;

		if (slurp(s->proposal, &pb, &e) != 0 ||
		    report_offers_parse(pb.s ? pb.s : "", pb.len, s->proposal,
		    &offers, &e) != 0) {
			fa_buf_release(&pb);
			rc = cmd_fail(EXIT_USAGE, "proposal: %s", e.msg);
			goto out;
		}
		fa_buf_release(&pb);
	}
	if (s->report_date != NULL) {
		int64_t	 t;

		if (!plain_date(s->report_date) ||
		    cmd_parse_since(s->report_date, now, &t, &e) != 0) {
			rc = cmd_fail(EXIT_USAGE, "report-date: '%s' is not a "
			    "date (2026-11-25)", s->report_date);
			goto out;
		}
	}
	if (s->dealer_logo != NULL && load_logo(s->dealer_logo, &logo,
	    &lmime, &lw, &lh, &e) != 0) {
		rc = cmd_fail(EXIT_USAGE, "dealer-logo: %s", e.msg);
		goto out;
	}
	if (load_catalog(s, rs->catalog_dir, &cat, &e) != 0) {
		rc = cmd_fail(EXIT_FAIL, "catalog: %s", e.msg);
		goto out;
	}
	if ((rc = rs->open(rs->arg, &src)) != 0)
		goto out;
	opened = 1;
	mode &= 0666;
	if (report_init(&r, from, to, now, src, &e) != 0) {
		rc = cmd_fail(EXIT_USAGE, "%s: %s", what, e.msg);
		goto out;
	}
	inited = 1;
	if (rs->scan(rs->arg, from, to, (int64_t)REPORT_GAP_DAYS * REPORT_DAY,
	    report_add, &r, &e) != 0) {
		rc = cmd_fail(EXIT_FAIL, "%s", e.msg);
		goto out;
	}
	report_finish(&r);
	r.dealer = s->dealer_name;
	r.customer = s->customer;
	r.prepared_by = s->prepared_by;
	report_date(now, shown, sizeof(shown));
	r.date_shown = s->report_date != NULL ? s->report_date : shown;
	if (s->dealer_logo != NULL) {
		r.logo = (const unsigned char *)logo.s;
		r.logo_len = logo.len;
		r.logo_mime = lmime;
		r.logo_w = lw;
		r.logo_h = lh;
	}
	report_uses(&r, &cat, &uses);
	r.uses = &uses;
	if (s->prices != NULL) {
		report_costs(&r, &prices, &costs);
		r.costs = &costs;
	}
	if (s->proposal != NULL) {
		report_props(&r, &offers, &props);
		r.props = &props;
	}
	if (s->xlsx != NULL && write_xlsx(&r, s->xlsx, mode, &e) != 0) {
		rc = cmd_fail(EXIT_FAIL, "%s", e.msg);
		goto out;
	}
	if (s->html != NULL) {
		if (report_html(&r, &html, &e) != 0 ||
		    write_file(s->html, mode, &html, &e) != 0) {
			rc = cmd_fail(EXIT_FAIL, "%s", e.msg);
			goto out;
		}
	}
	if (s->csv != NULL && write_csv(&r, s->csv, mode, &e) != 0) {
		rc = cmd_fail(EXIT_FAIL, "%s", e.msg);
		goto out;
	}
	if (!s->quiet) {
		report_date(from, d1, sizeof(d1));
		report_date(to - 1, d2, sizeof(d2));
		/* one line: why months are empty comes last */
		report_months_note(&r, note, sizeof(note));
		fprintf(stderr, "%s: %zu devices, %zu months (%s to %s)"
		    "%s%s%s%s%s%s%s%s\n", what, r.ndevs, r.nmonths, d1, d2,
		    s->xlsx ? "; xlsx " : "", s->xlsx ? s->xlsx : "",
		    s->html ? "; html " : "", s->html ? s->html : "",
		    s->csv ? "; csv " : "", s->csv ? s->csv : "",
		    note[0] != '\0' ? "; " : "", note);
	}
	rc = EXIT_OK;
out:
	if (inited)
		report_release(&r);
	report_costs_release(&costs);
	report_uses_release(&uses);
	report_props_release(&props);
	report_offers_release(&offers);
	catalog_release(&cat);
	fa_buf_release(&logo);
	report_prices_release(&prices);
	fa_buf_release(&html);
	free(src);
	if (opened)
		rs->close(rs->arg);
	return rc;
}

/* The collector's source: the local store. */
struct store_src {
	struct settings	*s;
	struct store	*st;
};

static int
store_src_open(void *arg, char **name)
{
	struct store_src *ss = arg;
	int		 rc;

	if ((rc = cmd_open_store(ss->s, 0, &ss->st)) != 0)
		return rc;
	*name = fa_asprintf("store %s", ss->s->db);
	return 0;
}

static int
store_src_scan(void *arg, int64_t from, int64_t to, int64_t lead,
    store_rdev_cb *cb, void *cbarg, struct fa_err *e)
{
	struct store_src *ss = arg;

	return store_report_scan(ss->st, from, to, lead, cb, cbarg, e);
}

static void
store_src_close(void *arg)
{
	struct store_src *ss = arg;

	store_close(ss->st);
	ss->st = NULL;
}

int
cmd_report(int argc, char *argv[])
{
	struct settings	 s;
	struct strv	 pos = { NULL, 0 };
	struct store_src ss = { &s, NULL };
	struct cmd_report_source rs = { store_src_open, store_src_scan,
		store_src_close, &ss, NULL };
	struct stat	 sb;
	int		 rc;

	if ((rc = cmd_setup("report", argc, argv, &s, &pos)) != 0) {
		rc = rc == CMD_HELPED ? EXIT_OK : rc;
		goto out;
	}
	if (pos.n > 0) {
		rc = cmd_fail(EXIT_USAGE, "report takes no arguments (use "
		    "--xlsx FILE, --html FILE or --csv DIR)");
		goto out;
	}
	/* The store's permission bits (a missing store fails in open). */
	rc = cmd_report_run_mode(&s, "report", &rs,
	    stat(s.db, &sb) == 0 ? (unsigned)sb.st_mode & 0666 : 0600);
out:
	free(pos.v);
	settings_release(&s);
	return rc;
}
