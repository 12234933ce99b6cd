/*
 * cmd_run.c: "fleetaudit run": the collector in the foreground (for
 * systemd), discovery and the scans on their own intervals until stopped.
 *
 * Choices: a discovery sweeps the ranges and reads the printers it finds;
 * a scan re-reads the devices the store knows, by address, with the
 * credential that worked, without a sweep.  Every read is a full read
 * (what a device without a model definition gets on one interval in the
 * product we follow); the scan kinds due at the same moment share it.
 * Due times are kept in HOME/run.state, written whole (temporary file and
 * rename), so a restart resumes instead of re-reading everything at once,
 * and kinds overdue at start are spread out.  FLEETAUDIT_TIME_SCALE (tests
 * only) makes the schedule's clock run faster than the wall clock.
 */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../collector/disc.h"
#include "../collector/mdf.h"
#include "../collector/scan.h"
#include "../collector/sched.h"
#include "cmd.h"
#include "util.h"

#define RUN_SPREAD	30	/* seconds between overdue kinds at start */
#define RUN_TICK_MS	200	/* longest real sleep between checks */

static volatile sig_atomic_t	reload;
static double			scale = 1.0;
static int64_t			base_wall, base_mono;

/* The schedule's clock: wall time, sped up by FLEETAUDIT_TIME_SCALE. */
static int64_t
vnow(void)
{
	return base_wall + (int64_t)((double)(fa_now_ms() - base_mono) *
	    scale / 1000.0);
}

static void
logf_(const char *level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void
logf_(const char *level, const char *fmt, ...)
{
	va_list	ap;

	fprintf(stderr, "fleetaudit run: %s: ", level);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static void
on_hup(int sig)
{
	(void)sig;
	reload = 1;
}

static char *
state_path(const struct settings *s)
{
	return fa_asprintf("%s/run.state", s->home);
}

/* "kind epoch" lines; unknown lines ignored (the file is ours). */
static void
state_load(const struct settings *s, int64_t due[SCHED_NKINDS])
{
	char	*p = state_path(s), line[128], name[32];
	FILE	*f;
	long long t;
	int	 k;

	if ((f = fopen(p, "r")) != NULL) {
		while (fgets(line, sizeof(line), f) != NULL)
			if (sscanf(line, "%31s %lld", name, &t) == 2)
				for (k = 0; k < SCHED_NKINDS; k++)
					if (strcmp(name,
					    sched_limits[k].name) == 0)
						due[k] = t;
		fclose(f);
	}
	free(p);
}

static void
state_save(const struct settings *s, const int64_t due[SCHED_NKINDS])
{
	char	*p = state_path(s), *tmp = fa_asprintf("%s.tmp", p);
	FILE	*f;
	int	 k, ok;

	if ((f = fopen(tmp, "w")) == NULL) {
		logf_("error", "cannot write '%s': %s", tmp, strerror(errno));
		goto out;
	}
	for (k = 0; k < SCHED_NKINDS; k++)
		fprintf(f, "%s %lld\n", sched_limits[k].name,
		    (long long)due[k]);
	ok = fflush(f) == 0 && fsync(fileno(f)) == 0;
	if (fclose(f) != 0 || !ok || rename(tmp, p) != 0)
		logf_("error", "cannot write '%s'", p);
out:
	free(tmp);
	free(p);
}

struct pass {
	struct store	*st;
	int64_t		 assessment;
	size_t		 ok, failed;
};

static void
on_device(struct device *d, void *arg)
{
	struct pass	*p = arg;
	struct fa_err	 e;

	if (store_put_device(p->st, p->assessment, d, NULL, &e) != 0)
		logf_("error", "%s: %s", d->address, e.msg);
	if (d->error != NULL) {
		p->failed++;
		logf_("warning", "%s: incomplete read: %s", d->address,
		    d->error);
	} else
		p->ok++;
}

/* Reads targets as one assessment labelled what. */
static void
read_all(struct settings *s, struct store *st, struct sess_engine *eng,
    const struct mdf_set *models, struct scan_target *t, size_t n,
    const char *what)
{
	struct scan_opts	 so = { s->max_devices, SCAN_MAX_VBS, models };
	struct pass		 p;
	struct fa_err		 e;
	char			*settings = opts_settings_json(s);

	memset(&p, 0, sizeof(p));
	p.st = st;
	if (store_assessment_begin(st, what, settings, &p.assessment, &e) !=
	    0) {
		logf_("error", "%s", e.msg);
		free(settings);
		return;
	}
	free(settings);
	(void)scan_read(eng, t, n, &so, on_device, &p);
	if (store_assessment_end(st, p.assessment, fa_interrupted ?
	    "interrupted" : "complete", (int)n, (int)p.ok, (int)p.failed,
	    &e) != 0)
		logf_("error", "%s", e.msg);
	logf_("info", "%s: %zu devices read, %zu incomplete (assessment "
	    "%lld)", what, p.ok + p.failed, p.failed,
	    (long long)p.assessment);
	cmd_log(s, "run %s: %zu read, %zu incomplete", what, p.ok + p.failed,
	    p.failed);
}

static void
discovery(struct settings *s, struct store *st, struct sess_engine *eng,
    const struct mdf_set *models, const struct addr_list *addrs)
{
	struct disc_list	 found = DISC_LIST_INIT;
	struct scan_target	*t;
	size_t			 i, n = 0;

	(void)disc_sweep(eng, addrs, NULL, s->creds, s->ncreds, &found, NULL,
	    NULL);
	t = fa_calloc(found.n ? found.n : 1, sizeof(*t));
	for (i = 0; i < found.n; i++) {
		if (!found.v[i].is_printer && !s->all)
			continue;
		t[n].addr = found.v[i].addr;
		t[n].cred = &s->creds[found.v[i].cred];
		t[n].printer_mib = found.v[i].printer_mib;
		t[n].enterprise = found.v[i].enterprise;
		n++;
	}
	logf_("info", "discovery: %zu addresses, %zu answering, %zu "
	    "printers", addrs->n, found.n, n);
	if (!fa_interrupted)
		read_all(s, st, eng, models, t, n, "run:discovery");
	free(t);
	disc_list_release(&found);
}

/* Re-reads every known device by address, with its remembered
 * credential (else the first). */
static void
scan_known(struct settings *s, struct store *st, struct sess_engine *eng,
    const struct mdf_set *models, const char *what)
{
	struct store_devrow	*rows = NULL;
	struct scan_target	*t;
	struct fa_err		 e;
	size_t			 n = 0, i, k, nt = 0;

	if (store_list_devices(st, &rows, &n, &e) != 0) {
		logf_("error", "%s", e.msg);
		return;
	}
	t = fa_calloc(n ? n : 1, sizeof(*t));
	for (i = 0; i < n; i++) {
		if (fa_addr_parse(rows[i].address, &t[nt].addr) != 0)
			continue;
		t[nt].cred = &s->creds[0];
		for (k = 0; k < s->ncreds; k++)
			if (rows[i].credential != NULL && strcmp(
			    s->creds[k].label, rows[i].credential) == 0)
				t[nt].cred = &s->creds[k];
		t[nt].printer_mib = -1;
		nt++;
	}
	read_all(s, st, eng, models, t, nt, what);
	free(t);
	for (i = 0; i < n; i++)
		store_devrow_release(&rows[i]);
	free(rows);
}

/* Everything a (re)load makes; released together. */
struct world {
	struct settings		 s;
	struct addr_list	 addrs;
	struct mdf_set		 models;
	char			*joined;
};

static void
world_release(struct world *w)
{
	settings_release(&w->s);
	addr_list_release(&w->addrs);
	mdf_set_release(&w->models);
	free(w->joined);
	memset(w, 0, sizeof(*w));
}

static int
world_load(int argc, char *argv[], struct world *w)
{
	struct strv	pos = { NULL, 0 };
	int		rc;

	memset(w, 0, sizeof(*w));
	w->addrs = (struct addr_list)ADDR_LIST_INIT;
	w->models = (struct mdf_set)MDF_SET_INIT;
	if ((rc = cmd_setup("run", argc, argv, &w->s, &pos)) != 0)
		goto out;
	if ((rc = cmd_ranges(&w->s, &pos, &w->addrs, &w->joined)) != 0)
		goto out;
	rc = cmd_load_models(&w->s, &w->models);
out:
	free(pos.v);
	return rc;
}

int
cmd_run(int argc, char *argv[])
{
	struct world		 w, neww;
	struct store		*st = NULL;
	struct sess_engine	*eng = NULL;
	struct fa_err		 e;
	int64_t			 due[SCHED_NKINDS], now;
	const char		*sc;
	char			 b1[16], b2[16];
	int			 rc, k;

	if ((rc = world_load(argc, argv, &w)) != 0) {
		rc = rc == CMD_HELPED ? EXIT_OK : rc;
		world_release(&w);
		return rc;
	}
	if ((sc = getenv("FLEETAUDIT_TIME_SCALE")) != NULL) {
		long long x;

		if (fa_strtonum(sc, 1, 1000000, &x, "FLEETAUDIT_TIME_SCALE",
		    &e) != 0) {
			world_release(&w);
			return cmd_fail(EXIT_USAGE, "%s", e.msg);
		}
		scale = (double)x;
	}
	if ((rc = cmd_open_store(&w.s, 1, &st)) != 0)
		goto out;
	if (sess_engine_new(&w.s.net, &eng, &e) != 0) {
		rc = cmd_fail(EXIT_FAIL, "%s", e.msg);
		goto out;
	}
	cmd_signals();
	signal(SIGHUP, on_hup);
	base_wall = fa_wall();
	base_mono = fa_now_ms();
	now = vnow();

	/* Due times: kept ones; overdue or unknown ones spread out, the
	 * discovery first when nothing is known yet. */
	for (k = 0; k < SCHED_NKINDS; k++)
		due[k] = 0;
	state_load(&w.s, due);
	for (k = 0; k < SCHED_NKINDS; k++)
		if (due[k] <= now || due[k] > now + w.s.intervals[k])
			due[k] = now + (int64_t)k * RUN_SPREAD;
	state_save(&w.s, due);
	for (k = 0; k < SCHED_NKINDS; k++) {
		sched_fmt(w.s.intervals[k], b1, sizeof(b1));
		sched_fmt(due[k] - now, b2, sizeof(b2));
		logf_("info", "%s every %s, next in %s", sched_limits[k].name,
		    b1, b2);
	}
	cmd_log(&w.s, "run %s: started", w.joined);

	while (!fa_interrupted) {
		struct fa_buf	 what = FA_BUF_INIT;
		int		 next = 0, scans = 0;

		if (reload) {
			reload = 0;
			if (world_load(argc, argv, &neww) != 0) {
				logf_("error", "reload refused, the running "
				    "configuration is kept");
				world_release(&neww);
			} else {
				world_release(&w);
				w = neww;
				logf_("info", "configuration reloaded");
			}
		}
		now = vnow();
		for (k = 1; k < SCHED_NKINDS; k++)
			if (due[k] < due[next])
				next = k;
		if (due[next] > now) {
			int64_t	ms = (int64_t)((double)(due[next] - now) *
			    1000.0 / scale);

			usleep((useconds_t)(ms > RUN_TICK_MS ? RUN_TICK_MS :
			    ms < 1 ? 1 : ms) * 1000);
			continue;
		}
		if (due[SCHED_DISCOVERY] <= now) {
			discovery(&w.s, st, eng, &w.models, &w.addrs);
			due[SCHED_DISCOVERY] = vnow() +
			    w.s.intervals[SCHED_DISCOVERY];
		}
		fa_buf_puts(&what, "run:");
		for (k = 1; k < SCHED_NKINDS; k++)
			if (due[k] <= now) {
				fa_buf_printf(&what, "%s%s", scans++ ? "+" : "",
				    sched_limits[k].name);
				due[k] = now + w.s.intervals[k];
			}
		if (scans > 0 && !fa_interrupted)
			scan_known(&w.s, st, eng, &w.models, what.s);
		fa_buf_release(&what);
		state_save(&w.s, due);
	}
	logf_("info", "stopping");
	state_save(&w.s, due);
	cmd_log(&w.s, "run: stopped");
	rc = EXIT_OK;
out:
	sess_engine_free(eng);
	if (st != NULL)
		store_close(st);
	world_release(&w);
	return rc;
}
