/*
 * cmd_walk.c: "fleetaudit walk HOST": a bounded full walk in snmprec
 * format.  The credentials are tried in order with one GET of
 * sysObjectID; the first that answers walks.  Output is sorted by OID
 * and written to a temporary file renamed into place, so an interrupted
 * walk never leaves a truncated file under the final name.  The walk
 * itself is cmd_walk_host(), which "ctl walk" runs inside the collector.
 * The output's folder is checked before the walk, which may take minutes,
 * so a typo in -o fails at once and says why.
 *
 * The walk adapts to an agent that drops wide requests (walk.h,
 * walk_subtree()): when the home's store knows the device at HOST, the
 * walk starts at the width its reads last needed (read_width), and keeps
 * a narrower one it had to find, so the next scan starts there too.
 */
#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../collector/store.h"
#include "../collector/vb.h"
#include "../collector/walk.h"
#include "cmd.h"
#include "util.h"

struct wres {
	enum sess_status	 st;
	const char		*why;
	int			 done;
};

static void
done_cb(enum sess_status st, const char *why, void *arg)
{
	struct wres	*w = arg;

	w->st = st;
	w->why = why;
	w->done = 1;
}

int
cmd_walk_host(const struct settings *s, const char *host, int64_t max_ms,
    struct fa_buf *out, struct fa_buf *note, struct fa_err *e)
{
	static const char *const probe[] = { "1.3.6.1.2.1.1.2.0" };
	struct addr_list	 addrs = ADDR_LIST_INIT;
	struct sess_engine	*eng = NULL;
	struct vb_list		 l = VB_LIST_INIT;
	struct wres		 w;
	const struct sess_cred	*cred = NULL;
	struct store		*st = NULL;
	struct walk_width	 wd = { 1, 0 }, kept = { 0, 0 };
	struct fa_err		 se;
	struct stat		 sb;
	char			*hv[1], a[64], how[96];
	size_t			 i;
	int64_t			 t0;
	int			 rc = EXIT_USAGE, start_reps;
	size_t			 len;

	hv[0] = (char *)(uintptr_t)host;
	if (range_expand(hv, 1, NULL, 0, 0, &addrs, e) != 0)
		goto out;
	if (addrs.n != 1) {
		fa_errf(e, "walk needs one HOST, '%s' is %zu addresses", host,
		    addrs.n);
		goto out;
	}
	{
		uint32_t o[VB_MAX_OID];
		size_t	 on;

		if (s->root != NULL && vb_oid_parse(s->root, o, &on) != 0) {
			fa_errf(e, "root: '%s' is not an OID", s->root);
			goto out;
		}
	}
	rc = EXIT_FAIL;
	if (sess_engine_new(&s->net, &eng, e) != 0)
		goto out;
	for (i = 0; i < s->ncreds && cred == NULL && !fa_interrupted; i++) {
		memset(&w, 0, sizeof(w));
		if (walk_get(eng, &addrs.v[0], &s->creds[i], probe, 1, &l,
		    done_cb, &w) != 0)
			continue;
		(void)sess_run(eng, 0);
		if (w.done && w.st == SESS_OK)
			cred = &s->creds[i];
	}
	vb_list_release(&l);
	if (cred == NULL) {
		fa_errf(e, "'%s' does not answer SNMP with any credential "
		    "given", host);
		goto out;
	}
	/* A device of the home's store starts at the width it needed: as
	 * many values per request as its last read asked for. */
	fa_addr_str(&addrs.v[0], a, sizeof(a));
	if (s->db != NULL && stat(s->db, &sb) == 0 &&
	    store_open(s->db, &st, &se) == 0) {
		store_width_for(st, a, &kept.cols, &kept.reps);
		if (kept.cols > 0 && kept.reps > 0)
			wd.reps = kept.cols * kept.reps;
	}
	start_reps = wd.reps > 0 && wd.reps < WALK_MAX_REPS ? wd.reps :
	    WALK_MAX_REPS;
	t0 = fa_now_ms();
	memset(&w, 0, sizeof(w));
	if (walk_subtree(eng, &addrs.v[0], cred, s->root ? s->root :
	    "1.3.6.1", (size_t)s->max_vbs, &wd, &l, done_cb, &w) != 0) {
		fa_errf(e, "cannot start walk");
		goto out;
	}
	(void)sess_run(eng, t0 + max_ms);
	how[0] = '\0';
	if (cred->version != 1 && (wd.reps < start_reps ||
	    start_reps < WALK_MAX_REPS))
		snprintf(how, sizeof(how), ", %d rows per request%s", wd.reps,
		    wd.reps < start_reps ? " (the agent dropped wider ones)" :
		    " (kept from its last read)");
	/* Narrower than the store knew: the next read starts there. */
	if (st != NULL && w.done && w.st == SESS_OK && wd.reps < start_reps) {
		struct walk_width nw = walk_width_of_reps(wd.reps);

		if ((kept.cols <= 0 || nw.cols * nw.reps < kept.cols *
		    kept.reps) && store_width_keep(st, a, nw.cols, nw.reps,
		    &se) == 1) {
			len = strlen(how);
			snprintf(how + len, sizeof(how) - len, ", kept %dx%d",
			    nw.cols, nw.reps);
		}
	}
	vb_sort(&l);
	for (i = 0; i < l.n; i++)
		vb_snmprec_line(&l.v[i], out);
	fa_buf_printf(note,
	    "walk: %zu values from %s with %s in %.1f s%s%s%s%s", l.n, host,
	    cred->label, (double)(fa_now_ms() - t0) / 1000.0, how,
	    !w.done ? " (stopped: time limit or interrupted)" :
	    w.st != SESS_OK ? " (stopped: " : "",
	    w.done && w.st != SESS_OK ? (w.why ? w.why : "error") : "",
	    w.done && w.st != SESS_OK ? ")" : "");
	rc = w.done && (w.st == SESS_OK || l.n > 0) ? EXIT_OK : EXIT_FAIL;
out:
	vb_list_release(&l);
	if (eng != NULL)
		sess_cancel(eng);	/* a step still queued or in flight */
	sess_engine_free(eng);
	if (st != NULL)
		store_close(st);
	addr_list_release(&addrs);
	return rc;
}

/* -o FILE can be written: its folder exists, is one, and is writable.
 * A device or a pipe that exists is written in place.  0, or -1 with e
 * naming the file and the reason. */
static int
output_ok(const char *path, struct fa_err *e)
{
	struct stat	 sb;
	char		*c, *d;
	int		 rc = 0;

	if (stat(path, &sb) == 0 && !S_ISREG(sb.st_mode))
		return 0;
	c = fa_strdup(path);
	d = dirname(c);
	if (stat(d, &sb) != 0)
		rc = errno == ENOENT ? fa_errf(e, "cannot write '%s': folder "
		    "'%s' does not exist", path, d) : fa_errf(e, "cannot "
		    "write '%s': folder '%s': %s", path, d, strerror(errno));
	else if (!S_ISDIR(sb.st_mode))
		rc = fa_errf(e, "cannot write '%s': '%s' is not a folder",
		    path, d);
	else if (access(d, W_OK | X_OK) != 0)
		rc = fa_errf(e, "cannot write '%s': folder '%s': %s", path, d,
		    strerror(errno));
	free(c);
	return rc;
}

int
cmd_walk(int argc, char *argv[])
{
	struct settings		 s;
	struct strv		 pos = { NULL, 0 };
	struct fa_buf		 out = FA_BUF_INIT, note = FA_BUF_INIT;
	struct fa_err		 e;
	char			*tmp = NULL;
	int			 rc;
	FILE			*f;
	struct stat		 sb;

	if ((rc = cmd_setup("walk", argc, argv, &s, &pos)) != 0) {
		rc = rc == CMD_HELPED ? EXIT_OK : rc;
		goto out;
	}
	if (pos.n != 1) {
		rc = cmd_fail(EXIT_USAGE, "walk needs one HOST");
		goto out;
	}
	if (s.output != NULL && output_ok(s.output, &e) != 0) {
		rc = cmd_fail(EXIT_FAIL, "%s", e.msg);
		goto out;
	}
	cmd_signals();
	rc = cmd_walk_host(&s, pos.v[0], s.max_time_ms, &out, &note, &e);
	if (note.len == 0) {
		rc = cmd_fail(rc, "%s", e.msg);
		goto out;
	}
	if (s.output != NULL && stat(s.output, &sb) == 0 &&
	    !S_ISREG(sb.st_mode)) {
		/* A device or a pipe (/dev/stdout): written in place, never
		 * replaced by a file. */
		if ((f = fopen(s.output, "w")) == NULL ||
		    fwrite(out.s ? out.s : "", 1, out.len, f) != out.len ||
		    fclose(f) != 0) {
			rc = cmd_fail(EXIT_FAIL, "cannot write '%s': %s",
			    s.output, strerror(errno));
			goto out;
		}
	} else if (s.output != NULL) {
		tmp = fa_asprintf("%s.tmp%ld", s.output, (long)getpid());
		if ((f = fopen(tmp, "w")) == NULL ||
		    fwrite(out.s ? out.s : "", 1, out.len, f) != out.len ||
		    fclose(f) != 0 || rename(tmp, s.output) != 0) {
			int err = errno;

			unlink(tmp);
			rc = cmd_fail(EXIT_FAIL, "cannot write '%s': %s",
			    s.output, strerror(err));
			goto out;
		}
	} else if (out.len > 0)
		fwrite(out.s, 1, out.len, stdout);
	if (!s.quiet)
		fprintf(stderr, "%s\n", note.s);
out:
	free(tmp);
	fa_buf_release(&out);
	fa_buf_release(&note);
	free(pos.v);
	settings_release(&s);
	return rc;
}
