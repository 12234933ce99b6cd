/*
 * cmd_run.c: "fleetaudit run": the collector in the foreground (for
 * systemd), discovery and the scans on their own intervals until stopped.
 *
 * Choices: a discovery sweeps the ranges and reads the printers it finds
 * in full; a device of the ranges it did not find counts a miss, and
 * RUN_MISSING misses in a row mark it missing (kept, not deleted, and not
 * scanned until a discovery finds it again).  A scan re-reads the devices
 * the store knows, by address, with the credential that worked, without a
 * sweep, and only the parts of its kind (meters, supplies, errors,
 * attributes); kinds due at the same moment share one read, which starts
 * at most RUN_SLICE devices a second.  A device
 * without a model definition is instead read in full every
 * RUN_FULL_INTERVAL (as in the product we follow), the "full" kind.  Due
 * times are kept in HOME/run.state, written whole (temporary file and
 * rename), so a restart resumes instead of re-reading everything at once,
 * and kinds overdue at start are spread out.  FLEETAUDIT_TIME_SCALE (tests
 * only) makes the schedule's clock run faster than the wall clock.
 * With hub-url configured, each pass that read devices ends with one
 * contact with the hub (cmd_upload_run(): its commands, then the new
 * bundle and the outbox), backing off while the hub cannot be reached.
 * With --local, every scan (and discovery) reads the local print system's
 * queues again, with the parts of its kind, as assess --local does; with
 * --mdns, each discovery browses DNS-SD, and the scans until the next one
 * read the printers it announced at the addresses and ports it gave.  A
 * known device read over IPP is read again at the URI its last read
 * answered at (its printer_reason), so a port or path outlives a restart.
 */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "../collector/cupsq.h"
#include "../collector/disc.h"
#include "../collector/ipp.h"
#include "../collector/mdf.h"
#include "../collector/mdns.h"
#include "../collector/scan.h"
#include "../collector/sched.h"
#include "cmd.h"
#include "ctl.h"
#include "rdl.h"
#include "runlog.h"
#include "plat.h"
#include "util.h"

#define RUN_SPREAD	30	/* seconds between overdue kinds at start */
#define RUN_TICK_MS	200	/* longest real sleep between checks */
#define RUN_MISSING	3	/* discoveries in a row without a device */
#define RUN_SLICE	32	/* devices a scan starts per second */
#define RUN_GROUP	64	/* devices per store transaction, at most */
#define RUN_GROUP_MS	500	/* and milliseconds of reads */
#define RUN_FULL_INTERVAL (4 * 3600)	/* devices without a definition */

/* The schedule's kinds: sched.h's, then the full read of devices without
 * a model definition. */
#define RUN_FULL	SCHED_NKINDS
#define RUN_NKINDS	(SCHED_NKINDS + 1)

static const char *
kind_name(int k)
{
	return k == RUN_FULL ? "full" : sched_limits[k].name;
}

/* What a scan kind reads. */
static unsigned
kind_parts(int k)
{
	switch (k) {
	case SCHED_METERS:
		return DEV_P_METERS;
	case SCHED_SUPPLIES:
		return DEV_P_SUPPLIES;
	case SCHED_ERRORS:
		return DEV_P_ERRORS;
	case SCHED_ATTRIBUTES:
		return DEV_P_ATTRS;
	}
	return DEV_P_ALL;
}

static volatile sig_atomic_t	reload;
/* The URIs the last discovery's DNS-SD browse gave (--mdns): the scans
 * read these first, as they do --ipp URIs (the store keeps each device's
 * last URI too: ipp_uri_known(), for a run restarted or a browse that
 * failed). */
static struct mdns_list		mdns_last = MDNS_LIST_INIT;
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

/* The levelled log (runlog.h): stderr from --log-level up, and the ring
 * that "ctl logs" reads. */
static void
logf_(const char *level, const char *fmt, ...)
{
	enum runlog_level	lv;
	va_list			ap;

	if (runlog_level_parse(level, &lv) != 0)
		fa_bug("unknown log level '%s'", level);
	va_start(ap, fmt);
	runlog_vprintf(lv, fmt, ap);
	va_end(ap);
}

static void
on_hup(int sig)
{
	(void)sig;
	reload = 1;
}

/* The interval of kind k in seconds. */
static int64_t
interval(const struct settings *s, int k)
{
	return k == RUN_FULL ? RUN_FULL_INTERVAL : s->intervals[k];
}

static char *
state_path(const struct settings *s)
{
	return fa_asprintf("%s/%s", s->home, HOME_RUN_STATE);
}

/* "kind epoch" lines; unknown lines ignored (the file is ours). */
static void
state_load(const struct settings *s, int64_t due[RUN_NKINDS])
{
	char	*p = state_path(s), line[128], name[32];
	FILE	*f;
	long long t;
	int	 k;

	if ((f = fopen(p, "r")) != NULL) {
		while (fgets(line, sizeof(line), f) != NULL)
			if (sscanf(line, "%31s %lld", name, &t) == 2)
				for (k = 0; k < RUN_NKINDS; k++)
					if (strcmp(name, kind_name(k)) == 0)
						due[k] = t;
		fclose(f);
	}
	free(p);
}

static void
state_save(const struct settings *s, const int64_t due[RUN_NKINDS])
{
	char	*p = state_path(s), *tmp = fa_asprintf("%s.tmp", p);
	FILE	*f;
	int	 k, ok;

	if ((f = fopen(tmp, "w")) == NULL) {
		logf_("error", "cannot write '%s': %s", tmp, strerror(errno));
		goto out;
	}
	for (k = 0; k < RUN_NKINDS; k++)
		fprintf(f, "%s %lld\n", kind_name(k), (long long)due[k]);
	ok = fflush(f) == 0 && fa_fsync(fileno(f)) == 0;
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
	int		 full;		/* the store's disk filled up */
	struct ipp_set	*ipp;		/* IPP reads of this pass, or NULL */
};

static void
on_device(struct device *d, void *arg)
{
	struct pass	*p = arg;
	struct fa_err	 e;

	/* A printer this pass also read over IPP: one device. */
	if (p->ipp != NULL && d->credential != NULL &&
	    strcmp(d->credential, "ipp") != 0 &&
	    strcmp(d->credential, "ipps") != 0)
		(void)ipp_set_merge(p->ipp, d);
	if (p->full)
		return;		/* reported once a pass; dropped */
	if (store_put_device(p->st, p->assessment, d, NULL, &e) != 0) {
		if (store_is_full(p->st)) {
			p->full = 1;
			logf_("critical", "the disk of the store is full: "
			    "this pass's results are dropped; stored ones are "
			    "kept; retrying at the next scan");
			return;
		}
		logf_("error", "%s: %s", d->address, e.msg);
	}
	if (d->error != NULL) {
		p->failed++;
		logf_("warning", "%s: incomplete read: %s", d->address,
		    d->error);
	} else
		p->ok++;
}

/* A pass's group of devices is committed: a failure is logged as a
 * device's is, and a full disk ends the pass's storing. */
static void
pass_flush(struct pass *p)
{
	struct fa_err	e;

	if (store_flush(p->st, &e) == 0)
		return;
	if (store_is_full(p->st) && !p->full) {
		p->full = 1;
		logf_("critical", "the disk of the store is full: this pass's "
		    "results are dropped; stored ones are kept; retrying at "
		    "the next scan");
	} else if (!p->full)
		logf_("error", "%s", e.msg);
}

/*
 * The IPP reads of a pass (docs/ipp.md): the --ipp URIs, and uris (the
 * probed addresses, or the known devices read over IPP), each once.
 */
static void
ipp_read_uris(const struct settings *s, const struct strv *uris,
    unsigned parts, struct ipp_set *set)
{
	struct ipp_opts	 o = { (int64_t)s->net.timeout_ms * 10, 0 };
	struct fa_err	 e;
	size_t		 i;

	for (i = 0; i < uris->n && !fa_interrupted; i++)
		if (ipp_set_read(set, uris->v[i], &o, parts, &e) != 0)
			logf_("error", "%s", e.msg);
}

static void
ipp_pass(const struct settings *s, const struct strv *uris, unsigned parts,
    struct ipp_set *set)
{
	struct strv	m = { mdns_last.uri, mdns_last.n };

	ipp_read_uris(s, &s->ipp, parts, set);
	if (s->mdns)
		ipp_read_uris(s, &m, parts, set);
	ipp_read_uris(s, uris, parts, set);
}

/* ipp(s)://ADDRESS:PORT/ipp/print into uris. */
static void
ipp_uri_add(struct strv *uris, const char *scheme, const struct fa_addr *a,
    int port)
{
	char	b[64];

	fa_addr_str(a, b, sizeof(b));
	uris->v = fa_reallocarray(uris->v, uris->n + 1, sizeof(char *));
	uris->v[uris->n++] = fa_asprintf(a->family == AF_INET6 ?
	    "%s://[%s]:%d/ipp/print" : "%s://%s:%d/ipp/print", scheme, b,
	    port);
}

/*
 * A known device read over IPP, into uris: at the URI its last IPP read
 * answered at ("IPP ipp://HOST:PORT/PATH", as found by --ipp or --mdns,
 * its port and path kept), else at ADDRESS:port/ipp/print.
 */
static void
ipp_uri_known(struct store *st, const struct store_devrow *row,
    const struct fa_addr *a, int port, struct strv *uris)
{
	struct device	 d;
	struct fa_err	 e;
	const char	*u;
	size_t		 n = strlen(row->credential);

	dev_init(&d);
	if (store_latest(st, row->id, &d, NULL, &e) == 0 &&
	    d.printer_reason != NULL &&
	    strncmp(d.printer_reason, "IPP ", 4) == 0 &&
	    strncmp((u = d.printer_reason + 4), row->credential, n) == 0 &&
	    strncmp(u + n, "://", 3) == 0) {
		uris->v = fa_reallocarray(uris->v, uris->n + 1,
		    sizeof(char *));
		uris->v[uris->n++] = fa_strdup(u);
	} else
		ipp_uri_add(uris, row->credential, a, port);
	dev_release(&d);
}

static void
uris_release(struct strv *uris)
{
	size_t	i;

	for (i = 0; i < uris->n; i++)
		free(uris->v[i]);
	free(uris->v);
	uris->v = NULL;
	uris->n = 0;
}

/* --local: the queues of the local print system, parts of each, into the
 * pass; the number of devices read. */
static size_t
local_read(const struct settings *s, unsigned parts, struct pass *p)
{
	struct ipp_opts	 lo = { (int64_t)s->net.timeout_ms * 10, 0 };
	struct ipp_stats lst;
	struct cupsq	*cq;
	struct fa_err	 e;
	int		 nq;

	if (cupsq_open(s->cups_server, (int64_t)s->net.timeout_ms * 10, &cq,
	    &e) != 0) {
		logf_("error", "local: %s", e.msg);
		return 0;
	}
	memset(&lst, 0, sizeof(lst));
	nq = cupsq_read(cq, &lo, parts, on_device, p, &lst, &e);
	if (nq < 0)
		logf_("error", "local: %s", e.msg);
	else
		logf_("info", "local: %d printers (print system '%s'): %u IPP "
		    "requests, %llu bytes sent, %llu received", nq,
		    cupsq_server(cq), lst.requests,
		    (unsigned long long)lst.bytes_sent,
		    (unsigned long long)lst.bytes_received);
	cupsq_close(cq);
	return nq < 0 ? 0 : (size_t)nq;
}

/* Reads parts (DEV_P_*) of targets as one assessment labelled what, and
 * the IPP reads of ipp (NULL: none), merged or on their own; with local,
 * the local print system's queues too. */
static void
read_all(struct settings *s, struct store *st, struct sess_engine *eng,
    const struct mdf_set *models, struct scan_target *t, size_t n,
    const char *what, unsigned parts, struct ipp_set *ipp, int local)
{
	struct scan_opts	 so = { s->max_devices, SCAN_MAX_VBS, models,
				    parts };
	struct pass		 p;
	struct fa_err		 e;
	char			*settings = opts_settings_json(s);
	size_t			 i;

	memset(&p, 0, sizeof(p));
	p.st = st;
	for (i = 0; i < n; i++) {	/* start where each device's agent
					 * was last read completely */
		char	a[64];

		store_width_for(st, fa_addr_str(&t[i].addr, a, sizeof(a)),
		    &t[i].cols, &t[i].reps);
	}
	p.ipp = ipp;
	if (store_assessment_begin(st, what, settings, &p.assessment, &e) !=
	    0) {
		logf_("error", "%s", e.msg);
		free(settings);
		return;
	}
	free(settings);
	/* Up to RUN_GROUP devices per store transaction, each whole; the
	 * group is committed at the end of every slice, so the write lock
	 * is never held across the pause between slices. */
	store_group(st, RUN_GROUP, RUN_GROUP_MS);
	/* Spread: RUN_SLICE devices start at most every second (of the
	 * schedule's clock), so a scan never hits the whole fleet at once. */
	for (i = 0; i < n && !fa_interrupted; i += RUN_SLICE) {
		int64_t	start = fa_now_ms(), left;

		(void)scan_read(eng, t + i, n - i < RUN_SLICE ? n - i :
		    RUN_SLICE, &so, on_device, &p);
		pass_flush(&p);
		left = (int64_t)(1000.0 / scale) - (fa_now_ms() - start);
		if (i + RUN_SLICE < n && left > 0)
			fa_sleep_ms(left);
	}
	/* The IPP reads no SNMP read took: devices of their own. */
	for (i = 0; ipp != NULL && i < ipp->n && !fa_interrupted; i++)
		if (!ipp->used[i]) {
			on_device(&ipp->v[i], &p);
			n++;
		}
	if (local && !fa_interrupted && !p.full)
		n += local_read(s, parts, &p);
	pass_flush(&p);
	store_group(st, 0, 0);
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

static int
addr_cmp(const void *a, const void *b)
{
	return fa_addr_cmp(a, b);
}

/*
 * One more miss for each known device whose address the discovery swept
 * without an answer (store_device_missed: RUN_MISSING in a row make it
 * missing).  A device found is cleared by its read being stored.
 */
static void
mark_missed(struct store *st, const struct addr_list *addrs,
    const struct disc_list *found, const struct ipp_set *ipp)
{
	struct store_devrow	*rows = NULL;
	struct fa_addr		*swept, *ans, a;
	struct fa_err		 e;
	size_t			 n = 0, i, k, nans, nmiss = 0, nnew = 0;

	if (store_list_devices(st, &rows, &n, &e) != 0) {
		logf_("error", "%s", e.msg);
		return;
	}
	swept = fa_reallocarray(NULL, addrs->n ? addrs->n : 1, sizeof(*swept));
	memcpy(swept, addrs->v, addrs->n * sizeof(*swept));
	fa_sort(swept, addrs->n, sizeof(*swept), addr_cmp);
	/* Answered: over SNMP, or read over IPP without error. */
	ans = fa_reallocarray(NULL, found->n + ipp->n + 1, sizeof(*ans));
	for (i = 0; i < found->n; i++)
		ans[i] = found->v[i].addr;
	for (k = 0, nans = found->n; k < ipp->n; k++)
		if (ipp->v[k].error == NULL && ipp->v[k].address != NULL &&
		    fa_addr_parse(ipp->v[k].address, &ans[nans]) == 0)
			nans++;
	fa_sort(ans, nans, sizeof(*ans), addr_cmp);
	for (i = 0; i < n; i++) {
		if (fa_addr_parse(rows[i].address, &a) != 0 ||
		    bsearch(&a, swept, addrs->n, sizeof(a), addr_cmp) ==
		    NULL ||
		    bsearch(&a, ans, nans, sizeof(a), addr_cmp) != NULL)
			continue;
		if (store_device_missed(st, rows[i].id, RUN_MISSING, &e) !=
		    0) {
			logf_("error", "%s", e.msg);
			continue;
		}
		nmiss++;
		if (rows[i].missed + 1 == RUN_MISSING) {
			nnew++;
			logf_("warning", "%s: device %lld missing from %d "
			    "discoveries in a row, marked missing",
			    rows[i].address, (long long)rows[i].id,
			    RUN_MISSING);
		}
	}
	if (nmiss > 0)
		logf_("info", "discovery: %zu known devices did not answer, "
		    "%zu newly missing", nmiss, nnew);
	free(swept);
	free(ans);
	for (i = 0; i < n; i++)
		store_devrow_release(&rows[i]);
	free(rows);
}

/* --ipp-probe: the swept addresses SNMP found nothing at that accept on
 * TCP --ipp-port, as URIs. */
static void
ipp_probe_left(const struct settings *s, const struct addr_list *addrs,
    const struct disc_list *found, struct strv *uris)
{
	struct fa_addr	*left;
	struct fa_err	 e;
	size_t		 i, nl;
	int		 port = s->ipp_port ? s->ipp_port : FA_IPP_PORT;

	if (cmd_ipp_open(s, addrs, found, &left, &nl, &e) != 0)
		logf_("error", "IPP probe: %s", e.msg);
	for (i = 0; i < nl; i++)
		ipp_uri_add(uris, "ipp", &left[i], port);
	free(left);
}

/* A discovery of addrs; whole: the schedule's (not ctl's of one
 * device), which also browses DNS-SD (--mdns) and reads the local queues
 * (--local). */
static void
discovery(struct settings *s, struct store *st, struct sess_engine *eng,
    const struct mdf_set *models, const struct addr_list *addrs, int whole)
{
	struct disc_list	 found = DISC_LIST_INIT;
	struct scan_target	*t;
	struct ipp_set		 ipp = IPP_SET_INIT;
	struct strv		 uris = { NULL, 0 };
	struct walk_width	*widths;
	struct fa_err		 e;
	size_t			 i, n = 0;

	if (s->mdns && whole) {
		/* Browsed again each discovery: what it gives is what the
		 * scans read until the next (twice --timeout, as assess). */
		mdns_list_release(&mdns_last);
		if (mdns_browse((int64_t)s->net.timeout_ms * 2, &mdns_last,
		    &e) < 0)
			logf_("error", "%s", e.msg);
		else
			logf_("info", "discovery: DNS-SD announced %zu IPP "
			    "printers (%zu left out: IPv6 link-local only)",
			    mdns_last.n, mdns_last.link_local);
	}
	/* The probe starts at the width each known device's agent was last
	 * read at, and a narrower one it finds is kept for the reads. */
	widths = cmd_disc_widths(st, addrs);
	(void)disc_sweep(eng, addrs, NULL, widths, s->creds, s->ncreds,
	    &found, NULL, NULL);
	free(widths);
	if (cmd_disc_keep(st, &found) > 0)
		logf_("info", "discovery: a narrower read width kept for "
		    "agents that dropped the wider probe");
	t = fa_calloc(found.n ? found.n : 1, sizeof(*t));
	for (i = 0; i < found.n; i++) {
		if (!found.v[i].is_printer && !s->all)
			continue;
		t[n].addr = found.v[i].addr;
		t[n].cred = &s->creds[found.v[i].cred];
		t[n].printer_mib = found.v[i].printer_mib;
		t[n].enterprise = found.v[i].enterprise;
		/* Read just after discovery: its system group answer. */
		t[n].has_sys = found.v[i].has_sys;
		t[n].sys = found.v[i].sys;
		t[n].sys_len = found.v[i].sys_len;
		n++;
	}
	logf_("info", "discovery: %zu addresses, %zu answering, %zu "
	    "printers", addrs->n, found.n, n);
	if (s->ipp_probe && !fa_interrupted)
		ipp_probe_left(s, addrs, &found, &uris);
	ipp_pass(s, &uris, DEV_P_ALL, &ipp);
	if (!fa_interrupted) {
		read_all(s, st, eng, models, t, n, "run:discovery", DEV_P_ALL,
		    &ipp, s->local && whole);
		if (!fa_interrupted)
			mark_missed(st, addrs, &found, &ipp);
	}
	ipp_set_release(&ipp);
	uris_release(&uris);
	free(t);
	disc_list_release(&found);
}

/* Whether set holds a read of the device with this serial. */
static int
ipp_has_serial(const struct ipp_set *set, const char *serial)
{
	size_t	i;

	for (i = 0; serial != NULL && i < set->n; i++)
		if (set->v[i].serial != NULL &&
		    strcasecmp(set->v[i].serial, serial) == 0)
			return 1;
	return 0;
}

/*
 * Re-reads known devices by address, with the remembered credential (else
 * the first): parts of those with a model definition, or (full) all of
 * those without one.  Devices marked missing wait for a discovery.
 */
static void
scan_known(struct settings *s, struct store *st, struct sess_engine *eng,
    const struct mdf_set *models, const char *what, unsigned parts,
    int full)
{
	struct store_devrow	*rows = NULL;
	struct scan_target	*t;
	struct ipp_set		 ipp = IPP_SET_INIT;
	struct strv		 uris = { NULL, 0 };
	struct fa_err		 e;
	struct fa_addr		 a;
	size_t			 n = 0, i, k, nt = 0;
	int			 port = s->ipp_port ? s->ipp_port :
				    FA_IPP_PORT;

	if (store_list_devices(st, &rows, &n, &e) != 0) {
		logf_("error", "%s", e.msg);
		return;
	}
	t = fa_calloc(n ? n : 1, sizeof(*t));
	/* The --ipp printers first: a known device one of them read is not
	 * read again at its address. */
	if (!full)
		ipp_pass(s, &uris, parts, &ipp);
	for (i = 0; i < n; i++) {
		/* Read over IPP: again over IPP (--ipp-port, the parts
		 * pass only). */
		if (rows[i].credential != NULL &&
		    (strcmp(rows[i].credential, "ipp") == 0 ||
		    strcmp(rows[i].credential, "ipps") == 0)) {
			if (!full && rows[i].missing_since == 0 &&
			    fa_addr_parse(rows[i].address, &a) == 0 &&
			    !ipp_has_serial(&ipp, rows[i].serial))
				ipp_uri_known(st, &rows[i], &a, port, &uris);
			continue;
		}
		/* A local print queue (--local; the spooler's printers on
		 * Windows): not an SNMP agent at its address; read again
		 * through the print system, with --local only. */
		if (rows[i].credential != NULL &&
		    (strcmp(rows[i].credential, "cups") == 0 ||
		    strcmp(rows[i].credential, "ipp-usb") == 0 ||
		    strcmp(rows[i].credential, "spooler") == 0))
			continue;
		/* Rows come by address: after a device swap the old device
		 * and the new share one, read once. */
		if (rows[i].missing_since != 0 ||
		    (rows[i].model_def == NULL) != full ||
		    fa_addr_parse(rows[i].address, &t[nt].addr) != 0 ||
		    (nt > 0 && fa_addr_cmp(&t[nt].addr, &t[nt - 1].addr) == 0))
			continue;
		t[nt].cred = &s->creds[0];
		for (k = 0; k < s->ncreds; k++)
			if (rows[i].credential != NULL && strcmp(
			    s->creds[k].label, rows[i].credential) == 0)
				t[nt].cred = &s->creds[k];
		t[nt].printer_mib = -1;
		nt++;
	}
	if (!full)
		ipp_read_uris(s, &uris, parts, &ipp);
	if (nt > 0 || ipp.n > 0 || (s->local && !full))
		read_all(s, st, eng, models, t, nt, what, full ? DEV_P_ALL :
		    parts, &ipp, s->local && !full);
	ipp_set_release(&ipp);
	uris_release(&uris);
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
	ipp_use_models(NULL);
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
	struct fa_err	e;

	if ((rc = cmd_setup("run", argc, argv, &w->s, &pos)) != 0)
		goto out;
	if (w->s.local && w->s.cups_server != NULL &&
	    cupsq_check_server(w->s.cups_server, &e) != 0) {
		rc = cmd_fail(EXIT_USAGE, "%s", e.msg);
		goto out;
	}
	/* --ipp, --local or --mdns alone: those printers only, no sweep. */
	if (pos.n == 0 && w->s.ranges.n == 0 && (w->s.ipp.n > 0 ||
	    w->s.local || w->s.mdns))
		w->joined = fa_strdup("");
	else if ((rc = cmd_ranges(&w->s, &pos, &w->addrs, &w->joined)) != 0)
		goto out;
	if ((rc = cmd_load_models(&w->s, &w->models)) == 0)
		ipp_use_models(&w->models);	/* their "ipp" lines */
out:
	free(pos.v);
	return rc;
}

/*
 * The control socket's side of the loop (ctl.h): what "fleetaudit ctl"
 * sees and asks.  The callbacks run in the loop's sleep (ctl_poll), never
 * inside a read, so they may read devices themselves.
 */
#define RUN_WALK_MS	120000	/* a ctl walk holds the schedule up */

struct run {
	struct world		*w;
	struct store		*st;
	struct sess_engine	*eng;
	int64_t			*due;
	int64_t			 started;
};

static void
on_ctl_status(void *arg, struct ctl_status *cs)
{
	struct run	*r = arg;
	int		 k;

	cs->now = vnow();
	cs->started = r->started;
	cs->store = r->st;
	for (k = 0; k < SCHED_NKINDS; k++) {
		cs->due[k] = r->due[k];
		cs->interval[k] = interval(&r->w->s, k);
	}
	cs->full_due = r->due[RUN_FULL];
	cs->full_interval = interval(&r->w->s, RUN_FULL);
}

/* A kind due now; or one device read now as a scan of that kind reads it
 * (a discovery sweeps its address, or DEVICE as an address). */
static int
on_ctl_scan(void *arg, enum sched_kind k, const char *device, int check,
    struct fa_err *e)
{
	struct run		*r = arg;
	struct settings		*s = &r->w->s;
	struct store_devrow	*rows = NULL, *d = NULL;
	struct addr_list	 one = ADDR_LIST_INIT;
	struct scan_target	 t;
	char			*what, *v[1];
	int64_t			 id = 0;
	size_t			 n = 0, i;
	int			 rc = EXIT_USAGE, known;

	if (device == NULL) {
		if (r->due[k] > vnow())
			r->due[k] = vnow();
		return 0;
	}
	known = store_find_device(r->st, device, &id, e) == 0;
	if (!known && k != SCHED_DISCOVERY)
		return EXIT_USAGE;
	if (known && store_list_devices(r->st, &rows, &n, e) != 0)
		return EXIT_FAIL;
	for (i = 0; i < n; i++)
		if (rows[i].id == id)
			d = &rows[i];
	if (k == SCHED_DISCOVERY) {
		v[0] = d != NULL ? d->address : (char *)(uintptr_t)device;
		if (range_expand(v, 1, NULL, 0, 0, &one, e) != 0)
			goto out;
		if (one.n != 1) {
			fa_errf(e, "'%s' is %zu addresses, not one device",
			    device, one.n);
			goto out;
		}
		if (!check)
			discovery(s, r->st, r->eng, &r->w->models, &one, 0);
		rc = EXIT_OK;
		goto out;
	}
	memset(&t, 0, sizeof(t));
	if (d == NULL || d->address == NULL ||
	    fa_addr_parse(d->address, &t.addr) != 0) {
		fa_errf(e, "device '%s' has no address to read", device);
		goto out;
	}
	t.cred = &s->creds[0];
	for (i = 0; i < s->ncreds; i++)
		if (d->credential != NULL &&
		    strcmp(s->creds[i].label, d->credential) == 0)
			t.cred = &s->creds[i];
	t.printer_mib = -1;
	if (!check) {
		struct ipp_set	ipp = IPP_SET_INIT;
		struct ipp_opts	o = { (int64_t)s->net.timeout_ms * 10, 0 };
		struct strv	u = { NULL, 0 };
		int		viaipp = d->credential != NULL &&
				    (strcmp(d->credential, "ipp") == 0 ||
				    strcmp(d->credential, "ipps") == 0);

		what = fa_asprintf("ctl:%s %s", kind_name(k), d->address);
		/* A device read over IPP is read over IPP again. */
		if (viaipp) {
			ipp_uri_known(r->st, d, &t.addr, s->ipp_port ?
			    s->ipp_port : FA_IPP_PORT, &u);
			if (ipp_set_read(&ipp, u.v[0], &o, kind_parts(k),
			    e) != 0) {
				uris_release(&u);
				free(what);
				goto out;
			}
		}
		read_all(s, r->st, r->eng, &r->w->models, &t, viaipp ? 0 : 1,
		    what, d->model_def == NULL && !viaipp ? DEV_P_ALL :
		    kind_parts(k), &ipp, 0);
		ipp_set_release(&ipp);
		uris_release(&u);
		free(what);
	}
	rc = EXIT_OK;
out:
	addr_list_release(&one);
	for (i = 0; i < n; i++)
		store_devrow_release(&rows[i]);
	free(rows);
	return rc;
}

static int
on_ctl_walk(void *arg, const char *host, struct fa_buf *out,
    struct fa_buf *note, struct fa_err *e)
{
	struct run	*r = arg;

	return cmd_walk_host(&r->w->s, host, RUN_WALK_MS, out, note, e);
}

/*
 * The hub's commands when "run" uploads (cmd_upload.c): a scan is made
 * due now (it runs in the loop right after), logs come from the ring in
 * memory.
 */
static int
on_hub_scan(void *arg, const char *kind, struct fa_buf *out,
    struct fa_err *e)
{
	int	k;

	for (k = 0; k < SCHED_NKINDS; k++)
		if (strcmp(kind, sched_limits[k].name) == 0)
			break;
	if (k == SCHED_NKINDS)
		return fa_errf(e, "unknown scan kind '%.40s'", kind);
	if (on_ctl_scan(arg, (enum sched_kind)k, NULL, 0, e) != 0)
		return -1;
	fa_buf_printf(out, "%s scan due now: it runs next\n", kind);
	return 0;
}

static int
on_hub_logs(void *arg UNUSED, int64_t since, struct fa_buf *out,
    struct fa_err *e UNUSED)
{
	(void)runlog_dump(RUNLOG_DEBUG, since, out);
	return 0;
}

int
cmd_run(int argc, char *argv[])
{
	struct world		 w, neww;
	struct store		*st = NULL;
	struct sess_engine	*eng = NULL;
	struct ctl		*ctl = NULL;
	struct run		 r;
	struct rdl_site		*rdl = NULL;	/* device sessions (rdl.h) */
	const struct ctl_ops	 ops = { on_ctl_status, on_ctl_scan,
				    on_ctl_walk, &r };
	struct fa_err		 e;
	int64_t			 due[RUN_NKINDS], now;
	const char		*sc;
	char			 b1[16], b2[16];
	int			 rc, k;

	if ((rc = world_load(argc, argv, &w)) != 0) {
		rc = rc == CMD_HELPED ? EXIT_OK : rc;
		world_release(&w);
		return rc;
	}
	runlog_set_level((enum runlog_level)w.s.log_level);
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
	r.w = &w;
	r.st = st;
	r.eng = eng;
	r.due = due;
	r.started = fa_wall();
	if (ctl_open(w.s.home, &ops, &ctl, &e) != 0) {
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
	for (k = 0; k < RUN_NKINDS; k++)
		due[k] = 0;
	state_load(&w.s, due);
	for (k = 0; k < RUN_NKINDS; k++)
		if (due[k] <= now || due[k] > now + interval(&w.s, k))
			due[k] = now + (int64_t)k * RUN_SPREAD;
	state_save(&w.s, due);
	for (k = 0; k < RUN_NKINDS; k++) {
		sched_fmt(interval(&w.s, k), b1, sizeof(b1));
		sched_fmt(due[k] - now, b2, sizeof(b2));
		logf_("info", "%s every %s, next in %s", kind_name(k), b1, b2);
	}
	cmd_log(&w.s, "run %s: started", w.joined);

	while (!fa_interrupted) {
		struct fa_buf	 what = FA_BUF_INIT;
		unsigned	 parts = 0;
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
				runlog_set_level(
				    (enum runlog_level)w.s.log_level);
				logf_("info", "configuration reloaded");
			}
		}
		{	/* device sessions (cli/rdl.c): a Hello when asked */
			const struct upload_exec x = { on_hub_scan,
			    on_hub_logs, &r, &w.addrs, st, NULL, NULL };

			rdl_site_tick(&rdl, &w.s, &x);
		}
		now = vnow();
		for (k = 1; k < RUN_NKINDS; k++)
			if (due[k] < due[next])
				next = k;
		if (due[next] > now) {
			int64_t	ms = (int64_t)((double)(due[next] - now) *
			    1000.0 / scale);

			/* The sleep: serves "fleetaudit ctl" meanwhile. */
			(void)ctl_poll(ctl, (int)(ms > RUN_TICK_MS ?
			    RUN_TICK_MS : ms < 1 ? 1 : ms));
			continue;
		}
		if (due[SCHED_DISCOVERY] <= now) {
			discovery(&w.s, st, eng, &w.models, &w.addrs, 1);
			due[SCHED_DISCOVERY] = vnow() +
			    w.s.intervals[SCHED_DISCOVERY];
		}
		fa_buf_puts(&what, "run:");
		for (k = 1; k < SCHED_NKINDS; k++)
			if (due[k] <= now) {
				fa_buf_printf(&what, "%s%s", scans++ ? "+" : "",
				    kind_name(k));
				parts |= kind_parts(k);
				due[k] = now + interval(&w.s, k);
			}
		if (scans > 0 && !fa_interrupted)
			scan_known(&w.s, st, eng, &w.models, what.s, parts, 0);
		if (due[RUN_FULL] <= now && !fa_interrupted) {
			scan_known(&w.s, st, eng, &w.models, "run:full",
			    DEV_P_ALL, 1);
			due[RUN_FULL] = now + interval(&w.s, RUN_FULL);
		}
		fa_buf_release(&what);
		state_save(&w.s, due);
		/* A hub URL configured: what was read goes out now. */
		if (w.s.hub_url != NULL && !fa_interrupted) {
			const struct upload_exec x = { on_hub_scan,
			    on_hub_logs, &r, &w.addrs, st, rdl_site_command,
			    rdl };

			if (cmd_upload_run(&w.s, &x, 1) != 0)
				logf_("warning", "upload to the hub failed: "
				    "the outbox keeps what was not sent");
		}
	}
	logf_("info", "stopping");
	rdl_site_end(rdl);
	state_save(&w.s, due);
	cmd_log(&w.s, "run: stopped");
	rc = EXIT_OK;
out:
	ctl_close(ctl);
	sess_engine_free(eng);
	if (st != NULL)
		store_close(st);
	world_release(&w);
	mdns_list_release(&mdns_last);
	runlog_free();
	return rc;
}
