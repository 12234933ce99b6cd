/*
 * cmd_assess.c: "fleetaudit assess": discover, read, store.
 *
 * The credential that worked for an address last time is tried first.
 * Each device is stored as soon as it is read, in its own transaction;
 * an interrupted assessment is marked so and keeps what it stored.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "../collector/cupsq.h"
#include "../collector/disc.h"
#include "../collector/ipp.h"
#include "../collector/mdf.h"
#include "../collector/mdns.h"
#include "../collector/scan.h"
#include "cmd.h"
#include "json.h"
#include "util.h"

/* Devices per store transaction, and its age at most: a crash loses no
 * more than that, Ctrl-C nothing (the group is committed on the way out). */
#define ASSESS_GROUP	256
#define ASSESS_GROUP_MS	500

/* One read device, kept to print in address order at the end. */
struct row {
	struct fa_addr	 addr;
	char		*line;		/* summary table row */
	json_object	*json;		/* --json */
};

struct run {
	struct settings	*s;
	struct store	*st;
	int64_t		 assessment;
	struct row	*rows;
	size_t		 nrows;
	size_t		 ok, failed, store_errors, total;
	int		 progress;
	int		 full;		/* the store's disk filled up */
	struct ipp_set	*ipp;		/* IPP reads to merge, or NULL */
	size_t		 merged;	/* SNMP reads that took an IPP one */
};

static int
row_cmp(const void *a, const void *b)
{
	return fa_addr_cmp(&((const struct row *)a)->addr,
	    &((const struct row *)b)->addr);
}

static const char *
total_pages(const struct device *d, char *buf, size_t len)
{
	size_t	i;

	for (i = 0; i < d->nmeters; i++)
		if ((strcmp(d->meters[i].name, "total") == 0 ||
		    strcmp(d->meters[i].name, "marker.1") == 0) &&
		    !dev_unit_is_length(d->meters[i].unit)) {
			snprintf(buf, len, "%lld",
			    (long long)d->meters[i].value);
			return buf;
		}
	return "-";
}

static const char *
lowest_supply(const struct device *d, char *buf, size_t len)
{
	size_t	i;
	int	low = 101, some = 0;

	for (i = 0; i < d->nsupplies; i++) {
		/* A waste receptacle fills up: its level is not "low". */
		if (d->supplies[i].class != NULL &&
		    strcmp(d->supplies[i].class, "filled") == 0)
			continue;
		if (d->supplies[i].percent >= 0 &&
		    d->supplies[i].percent < low)
			low = d->supplies[i].percent;
		if (d->supplies[i].state != NULL &&
		    strcmp(d->supplies[i].state, "some_remaining") == 0)
			some = 1;
	}
	if (low <= 100)
		snprintf(buf, len, "%d%%", low);
	else
		snprintf(buf, len, "%s", some ? "some" : "-");
	return buf;
}

static void
on_device(struct device *d, void *arg)
{
	struct run	*r = arg;
	struct row	*row;
	struct fa_err	 e;
	char		 b1[32], b2[16];
	const char	*state;

	if (r->full)
		return;		/* reported once; the rest is dropped */
	if (store_put_device(r->st, r->assessment, d, NULL, &e) != 0) {
		r->store_errors++;
		if (store_is_full(r->st)) {
			/* Stop reading: nothing more can be kept. */
			r->full = 1;
			fa_interrupted = 1;
			fprintf(stderr, "%sfleetaudit: the disk of store '%s' "
			    "is full: stopped; the devices stored before are "
			    "kept\n", r->progress ? "\n" : "", r->s->db);
			return;
		}
		fprintf(stderr, "%sfleetaudit: %s: %s\n", r->progress ?
		    "\n" : "", d->address, e.msg);
	}
	if (d->error != NULL)
		r->failed++;
	else
		r->ok++;
	if (r->progress)
		fprintf(stderr, "\rread: %zu/%zu devices", r->ok + r->failed,
		    r->total);
	r->rows = fa_reallocarray(r->rows, r->nrows + 1, sizeof(*r->rows));
	row = &r->rows[r->nrows++];
	memset(row, 0, sizeof(*row));
	if (fa_addr_parse(d->address, &row->addr) != 0)
		fa_bug("unparsable address %s", d->address);
	if (r->s->json) {
		row->json = json_device(d);
		return;
	}
	state = d->error ? "incomplete" : d->status.nerrors ?
	    d->status.errors[0] : "ok";
	row->line = fa_asprintf("%-16s %-12.12s %-26.26s %-16.16s %10s "
	    "%6s %s\n", d->address, d->vendor ? d->vendor : "-",
	    d->model ? d->model : "-", d->serial ? d->serial : "-",
	    total_pages(d, b1, sizeof(b1)), lowest_supply(d, b2, sizeof(b2)),
	    state);
}

/* The remembered credential of each address, as an index into creds. */
static int *
preferred(struct store *st, const struct settings *s,
    const struct addr_list *addrs)
{
	struct store_devrow	*rows = NULL;
	size_t			 n = 0, i, k;
	int			*pref;
	struct fa_err		 e;

	pref = fa_calloc(addrs->n ? addrs->n : 1, sizeof(*pref));
	for (i = 0; i < addrs->n; i++)
		pref[i] = -1;
	if (store_list_devices(st, &rows, &n, &e) != 0)
		return pref;
	for (k = 0; k < n; k++) {
		struct fa_addr	fa;
		size_t		c;

		if (rows[k].credential == NULL ||
		    fa_addr_parse(rows[k].address, &fa) != 0)
			continue;
		for (c = 0; c < s->ncreds; c++)
			if (strcmp(s->creds[c].label, rows[k].credential) == 0)
				break;
		if (c == s->ncreds)
			continue;
		/* addrs is in range order; a linear pass per known device
		 * is fine for the few hundred a site has. */
		for (i = 0; i < addrs->n; i++)
			if (fa_addr_cmp(&addrs->v[i], &fa) == 0) {
				pref[i] = (int)c;
				break;
			}
	}
	for (k = 0; k < n; k++)
		store_devrow_release(&rows[k]);
	free(rows);
	return pref;
}

/* Reads uri into set; what went wrong is said in one line. */
static void
ipp_one(struct ipp_set *set, const char *uri, const struct settings *s,
    int progress)
{
	struct ipp_opts	 o = { (int64_t)s->net.timeout_ms * 10, 0 };
	struct fa_err	 e;

	if (ipp_set_read(set, uri, &o, s->parts, &e) != 0)
		fprintf(stderr, "%sfleetaudit: %s\n", progress ? "\n" : "",
		    e.msg);
	else if (set->v[set->n - 1].error != NULL && !s->quiet)
		fprintf(stderr, "%sfleetaudit: %s\n", progress ? "\n" : "",
		    set->v[set->n - 1].error);
}

/*
 * --ipp-probe: the addresses of the ranges SNMP found nothing at, tried
 * on TCP --ipp-port; those that accept are read over IPP.
 */
static void
ipp_sweep(struct ipp_set *set, const struct addr_list *addrs,
    const struct disc_list *found, const struct settings *s, int progress)
{
	struct fa_addr	*left;
	struct fa_err	 e;
	char		 a[64], *uri;
	size_t		 i, nl;
	int		 port = s->ipp_port ? s->ipp_port : FA_IPP_PORT;

	if (cmd_ipp_open(s, addrs, found, &left, &nl, &e) != 0)
		fprintf(stderr, "%sfleetaudit: IPP probe: %s\n", progress ?
		    "\n" : "", e.msg);
	for (i = 0; i < nl && !fa_interrupted; i++) {
		fa_addr_str(&left[i], a, sizeof(a));
		uri = fa_asprintf(left[i].family == AF_INET6 ?
		    "ipp://[%s]:%d/ipp/print" : "ipp://%s:%d/ipp/print", a,
		    port);
		ipp_one(set, uri, s, progress);
		free(uri);
	}
	free(left);
}

/* A local queue's device (--local): stored as any other read. */
static void
on_local_device(struct device *d, void *arg)
{
	struct run	*r = arg;

	r->total++;
	if (d->error != NULL && !r->s->quiet)
		fprintf(stderr, "%sfleetaudit: %s\n", r->progress ? "\n" : "",
		    d->error);
	on_device(d, r);
}

/* An SNMP read: merged with the IPP read of the same device, stored. */
static void
on_snmp_device(struct device *d, void *arg)
{
	struct run	*r = arg;

	if (r->ipp != NULL && ipp_set_merge(r->ipp, d))
		r->merged++;
	on_device(d, r);
}

int
cmd_assess(int argc, char *argv[])
{
	struct settings		 s;
	struct strv		 pos = { NULL, 0 };
	struct addr_list	 addrs = ADDR_LIST_INIT;
	struct disc_list	 found = DISC_LIST_INIT;
	struct sess_engine	*eng = NULL;
	struct store		*st = NULL;
	struct scan_target	*t = NULL;
	struct scan_opts	 so = { SCAN_DEFAULT_DEVICES, SCAN_MAX_VBS,
				    NULL, 0 };
	struct mdf_set		 models = MDF_SET_INIT;
	struct run		 r;
	struct ipp_set		 ipps = IPP_SET_INIT;
	struct cupsq		*cq = NULL;
	struct mdns_list	 found_mdns = MDNS_LIST_INIT;
	struct ipp_stats	 lst;
	struct fa_err		 e;
	struct sess_stats	 ss;
	char			*joined = NULL, *settings_json = NULL;
	char			 a[64];
	int			*pref = NULL;
	struct walk_width	*widths = NULL;
	size_t			 i, nt = 0;
	int64_t			 t0;
	int			 rc;

	memset(&r, 0, sizeof(r));
	if ((rc = cmd_setup("assess", argc, argv, &s, &pos)) != 0) {
		rc = rc == CMD_HELPED ? EXIT_OK : rc;
		settings_release(&s);
		free(pos.v);
		return rc;
	}
	for (i = 0; i < s.ipp.n; i++)
		if (ipp_check_uri(s.ipp.v[i], &e) != 0) {
			rc = cmd_fail(EXIT_USAGE, "%s", e.msg);
			goto out;
		}
	if (s.local && s.cups_server != NULL &&
	    cupsq_check_server(s.cups_server, &e) != 0) {
		rc = cmd_fail(EXIT_USAGE, "%s", e.msg);
		goto out;
	}
	/* --ipp, --local or --mdns alone: those printers only, no sweep. */
	if (pos.n == 0 && s.ranges.n == 0 && (s.ipp.n > 0 || s.local ||
	    s.mdns))
		joined = fa_strdup("");
	else if ((rc = cmd_ranges(&s, &pos, &addrs, &joined)) != 0)
		goto out;
	if ((rc = cmd_load_models(&s, &models)) != 0)
		goto out;
	so.models = &models;
	ipp_use_models(&models);
	/* The print system before the store: one that cannot be reached
	 * leaves no assessment behind. */
	if (s.local && cupsq_open(s.cups_server, (int64_t)s.net.timeout_ms *
	    10, &cq, &e) != 0) {
		rc = cmd_fail(EXIT_FAIL, "%s", e.msg);
		goto out;
	}
	/* DNS-SD before the store too: no avahi, no assessment.  Twice
	 * --timeout to hear the announcements (a cache answers at once). */
	if (s.mdns && mdns_browse((int64_t)s.net.timeout_ms * 2, &found_mdns,
	    &e) < 0) {
		rc = cmd_fail(EXIT_FAIL, "%s", e.msg);
		goto out;
	}
	cmd_mdns_note(&s, &found_mdns);
	if ((rc = cmd_open_store(&s, 1, &st)) != 0)
		goto out;
	if (sess_engine_new(&s.net, &eng, &e) != 0) {
		rc = cmd_fail(EXIT_FAIL, "%s", e.msg);
		goto out;
	}
	settings_json = opts_settings_json(&s);
	if (store_assessment_begin(st, joined, settings_json, &r.assessment,
	    &e) != 0) {
		rc = cmd_fail(EXIT_FAIL, "%s", e.msg);
		goto out;
	}
	cmd_signals();
	r.s = &s;
	r.st = st;
	r.progress = cmd_progress_on(&s);
	t0 = fa_now_ms();
	for (i = 0; i < s.ipp.n && !fa_interrupted; i++)
		ipp_one(&ipps, s.ipp.v[i], &s, r.progress);
	for (i = 0; i < found_mdns.n && !fa_interrupted; i++)
		ipp_one(&ipps, found_mdns.uri[i], &s, r.progress);
	pref = preferred(st, &s, &addrs);
	/* The probe starts at the width each known device's agent was last
	 * read at, and a narrower one it finds is kept for the reads. */
	widths = cmd_disc_widths(st, &addrs);
	(void)disc_sweep(eng, &addrs, pref, widths, s.creds, s.ncreds,
	    &found, r.progress ? cmd_disc_progress : NULL, NULL);
	(void)cmd_disc_keep(st, &found);

	if (found.rejected > 0)
		fprintf(stderr, "%sfleetaudit: warning: %zu address%s refused "
		    "a credential, e.g. %s\n", r.progress ? "\n" : "",
		    found.rejected, found.rejected == 1 ? "" : "es",
		    found.reject_why);
	t = fa_calloc(found.n ? found.n : 1, sizeof(*t));
	for (i = 0; i < found.n; i++) {
		if (!found.v[i].is_printer && !s.all)
			continue;
		t[nt].addr = found.v[i].addr;
		t[nt].cred = &s.creds[found.v[i].cred];
		t[nt].printer_mib = found.v[i].printer_mib;
		t[nt].enterprise = found.v[i].enterprise;
		/* Read just after discovery: its system group answer. */
		t[nt].has_sys = found.v[i].has_sys;
		t[nt].sys = found.v[i].sys;
		t[nt].sys_len = found.v[i].sys_len;
		/* Start where this device's agent was last read whole. */
		store_width_for(st, fa_addr_str(&t[nt].addr, a, sizeof(a)),
		    &t[nt].cols, &t[nt].reps);
		nt++;
	}
	r.total = nt;
	so.max_devices = s.max_devices;
	so.parts = s.parts;
	/* Up to ASSESS_GROUP devices or ASSESS_GROUP_MS per transaction:
	 * one per device wrote each index page again for every device. */
	store_group(st, ASSESS_GROUP, ASSESS_GROUP_MS);
	if (s.ipp_probe && !fa_interrupted)
		ipp_sweep(&ipps, &addrs, &found, &s, r.progress);
	r.ipp = &ipps;
	r.total += ipps.n;
	if (!fa_interrupted)
		(void)scan_read(eng, t, nt, &so, on_snmp_device, &r);
	/* The IPP reads no SNMP read took: devices of their own. */
	for (i = 0; i < ipps.n && !r.full; i++)
		if (!ipps.used[i]) {
			on_device(&ipps.v[i], &r);
			nt++;
		}
	if (cq != NULL && !fa_interrupted && !r.full) {
		struct ipp_opts	lo = { (int64_t)s.net.timeout_ms * 10, 0 };
		int64_t		lt0 = fa_now_ms();
		int		nq;

		memset(&lst, 0, sizeof(lst));
		nq = cupsq_read(cq, &lo, s.parts, on_local_device, &r, &lst,
		    &e);
		if (nq < 0) {
			r.store_errors++;
			fprintf(stderr, "%sfleetaudit: %s\n", r.progress ?
			    "\n" : "", e.msg);
		} else {
			nt += (size_t)nq;
			if (!s.quiet)
				fprintf(stderr, "%slocal: %d printer%s (print "
				    "system '%s') in %.3f s: %u IPP requests, "
				    "%llu bytes sent, %llu received\n",
				    r.progress ? "\n" : "", nq, nq == 1 ? "" :
				    "s", cupsq_server(cq),
				    (double)(fa_now_ms() - lt0) / 1000.0,
				    lst.requests,
				    (unsigned long long)lst.bytes_sent,
				    (unsigned long long)lst.bytes_received);
		}
	}
	if (store_flush(st, &e) != 0) {
		r.store_errors++;
		fprintf(stderr, "%sfleetaudit: %s\n", r.progress ? "\n" : "",
		    e.msg);
	}
	if (r.progress && nt > 0)
		fputc('\n', stderr);
	if (store_assessment_end(st, r.assessment, fa_interrupted ?
	    "interrupted" : "complete", (int)nt, (int)r.ok, (int)r.failed,
	    &e) != 0 && !r.full)
		fprintf(stderr, "fleetaudit: %s\n", e.msg);
	sess_get_stats(eng, &ss);

	if (r.nrows > 1)
		fa_sort(r.rows, r.nrows, sizeof(*r.rows), row_cmp);
	if (s.json) {
		json_object *o = json_object_new_object();
		json_object *arr = json_object_new_array();

		for (i = 0; i < r.nrows; i++) {
			json_object_array_add(arr, r.rows[i].json);
			r.rows[i].json = NULL;
		}
		json_object_object_add(o, "assessment",
		    json_object_new_int64(r.assessment));
		json_object_object_add(o, "ranges",
		    json_object_new_string(joined));
		json_object_object_add(o, "addresses",
		    json_object_new_int64((int64_t)addrs.n));
		json_object_object_add(o, "answering",
		    json_object_new_int64((int64_t)found.n));
		json_object_object_add(o, "devices", arr);
		json_print(o);
		json_object_put(o);
	} else {
		printf("%-16s %-12s %-26s %-16s %10s %6s %s\n", "ADDRESS",
		    "VENDOR", "MODEL", "SERIAL", "PAGES", "LOWEST", "STATE");
		for (i = 0; i < r.nrows; i++)
			fputs(r.rows[i].line, stdout);
	}
	if (!s.quiet)
		fprintf(stderr, "assessment %lld: %zu address%s, %zu "
		    "answering, %zu read (%zu incomplete) in %.1f s; %llu "
		    "packets sent; store %s%s\n", (long long)r.assessment,
		    addrs.n, addrs.n == 1 ? "" : "es", found.n,
		    r.ok + r.failed, r.failed,
		    (double)(fa_now_ms() - t0) / 1000.0,
		    (unsigned long long)ss.sent, s.db,
		    fa_interrupted ? " (interrupted)" : "");
	cmd_log(&s, "assess %s: assessment %lld, %zu answering, %zu read, "
	    "%zu incomplete%s", joined, (long long)r.assessment, found.n,
	    r.ok + r.failed, r.failed, fa_interrupted ? ", interrupted" : "");
	rc = fa_interrupted || r.store_errors ? EXIT_FAIL : EXIT_OK;
out:
	for (i = 0; i < r.nrows; i++) {
		free(r.rows[i].line);
		if (r.rows[i].json != NULL)
			json_object_put(r.rows[i].json);
	}
	free(r.rows);
	ipp_set_release(&ipps);
	cupsq_close(cq);
	mdns_list_release(&found_mdns);
	free(t);
	free(pref);
	free(widths);
	free(settings_json);
	sess_engine_free(eng);
	ipp_use_models(NULL);
	mdf_set_release(&models);
	if (st != NULL)
		store_close(st);
	disc_list_release(&found);
	addr_list_release(&addrs);
	free(joined);
	free(pos.v);
	settings_release(&s);
	return rc;
}
