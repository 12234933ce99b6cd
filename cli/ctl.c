/*
 * ctl.c: the control socket of "fleetaudit run" (ctl.h).
 *
 * The channel itself (a Unix socket file, a named pipe on Windows) is
 * the platform layer's (fa_chan_*, plat.h); this file speaks the
 * protocol over it.
 *
 * Choices: an answer is built whole in memory (a walk holds at most
 * WALK_MAX_BYTES of values anyway) and written as fast as the client
 * reads it.  A "scan --wait" of a whole kind only makes the kind due and
 * keeps the connection; it is answered once the run loop has moved the
 * kind's due time on, so the loop's own code does the work and nothing
 * runs twice.  Results (the last of each kind, what a waited scan did)
 * are read back from the store's assessments, so they survive a restart
 * and the scanning code needs no hook.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <json-c/json.h>

#include "../collector/store.h"
#include "ctl.h"
#include "runlog.h"
#include "plat.h"
#include "util.h"

enum cstate { CS_FREE, CS_READ, CS_WAIT, CS_WRITE };

struct conn {
	struct fa_chan	*ch;
	enum cstate	 state;
	int64_t		 deadline;	/* monotonic ms; 0: none */
	char		 in[CTL_MAX_REQUEST];
	size_t		 inlen;
	struct fa_buf	 out;
	size_t		 off;		/* bytes of out written */
	enum sched_kind	 kind;		/* CS_WAIT: the kind waited for, */
	int64_t		 due;		/* its due time when asked */
	int64_t		 newest;	/* and the newest assessment then */
};

struct queued {
	enum sched_kind	 kind;
	char		*device;
};

struct ctl {
	struct fa_chan	*ch;		/* the listening end */
	char		*path;
	struct ctl_ops	 ops;
	struct conn	 c[CTL_MAX_CONNS];
	struct queued	 q[CTL_MAX_QUEUED];
	size_t		 nq;
};

/* One finished assessment, as an answer shows it. */
struct result {
	int64_t	 id, finished;
	int	 read, incomplete;
	char	 status[16];
};

char *
ctl_path(const char *home)
{
	return fa_chan_path(home, CTL_SOCKET);
}

int
ctl_connect(const char *path, int *fdp, int *none, struct fa_err *e)
{
	return fa_chan_connect(path, fdp, none, e);
}

/* The home holds the store, the config and the socket: nobody else has
 * business in it.  Not ours (root running on a user's home): left be;
 * the socket's mode and the uid check still keep others out. */
static void
secure_home(const char *home)
{
	unsigned	was;
	int		rc = fa_dir_private(home, &was);

	if (rc > 0)
		runlog_printf(RUNLOG_WARNING, "home '%s' was open to other "
		    "users (mode %04o), now %04o", home, was, was & 07700);
	else if (rc < 0)
		runlog_printf(RUNLOG_WARNING, "home '%s' is open to other "
		    "users (mode %04o): %s", home, was, strerror(errno));
}

static void
conn_close(struct conn *k)
{
	fa_chan_close(k->ch);
	fa_buf_release(&k->out);
	memset(k, 0, sizeof(*k));
	k->ch = NULL;
	k->state = CS_FREE;
}

static void
ctl_free(struct ctl *c)
{
	size_t	i;

	for (i = 0; i < CTL_MAX_CONNS; i++)
		conn_close(&c->c[i]);
	for (i = 0; i < c->nq; i++)
		free(c->q[i].device);
	fa_chan_close(c->ch);
	free(c->path);
	free(c);
}

int
ctl_open(const char *home, const struct ctl_ops *ops, struct ctl **out,
    struct fa_err *e)
{
	struct ctl	*c = fa_calloc(1, sizeof(*c));
	struct fa_err	 e2;
	size_t		 i;
	int		 taken, stale;

	*out = NULL;
	c->ops = *ops;
	c->path = ctl_path(home);
	for (i = 0; i < CTL_MAX_CONNS; i++)
		conn_close(&c->c[i]);
	secure_home(home);
	if (fa_chan_listen(c->path, &c->ch, &taken, &stale, &e2) != 0) {
		if (taken)
			fa_errf(e, "a collector is already running on this "
			    "home (%s)", c->path);
		else
			fa_errf(e, "%s", e2.msg);
		ctl_free(c);
		return -1;
	}
	if (stale)
		runlog_printf(RUNLOG_INFO, "replaced the control socket a run "
		    "that did not stop cleanly left");
	*out = c;
	return 0;
}

/* The header line, the body with its lines' leading '.' doubled, and the
 * closing "." (ctl.h); the connection then only writes. */
static void
answer(struct conn *k, int code, const char *note, const char *body)
{
	const char	*p, *nl;
	size_t		 i;

	fa_buf_release(&k->out);
	fa_buf_printf(&k->out, "%d ", code);
	for (i = 0; note != NULL && note[i] != '\0'; i++)
		fa_buf_add(&k->out, (unsigned char)note[i] < 0x20 ? "?" :
		    &note[i], 1);
	fa_buf_puts(&k->out, "\n");
	for (p = body; p != NULL && *p != '\0'; p = nl + 1) {
		if (*p == '.')
			fa_buf_puts(&k->out, ".");
		if ((nl = strchr(p, '\n')) == NULL) {
			fa_buf_puts(&k->out, p);
			fa_buf_puts(&k->out, "\n");
			break;
		}
		fa_buf_add(&k->out, p, (size_t)(nl - p + 1));
	}
	fa_buf_puts(&k->out, ".\n");
	k->off = 0;
	k->state = CS_WRITE;
	k->deadline = fa_now_ms() + CTL_WRITE_MS;
}

/* "run:meters+supplies": the labels the run loop gives its assessments.
 * ctl's own one-device reads ("ctl:...") are not a kind's last result. */
static int
label_has(const char *label, enum sched_kind k)
{
	const char	*p, *name = sched_limits[k].name;
	size_t		 n = strlen(name);

	if (label == NULL || strncmp(label, "run:", 4) != 0 ||
	    strchr(label, ' ') != NULL)
		return 0;
	for (p = label + 4; ; p++) {
		if (strncmp(p, name, n) == 0 && (p[n] == '\0' || p[n] == '+'))
			return 1;
		if ((p = strchr(p, '+')) == NULL)
			return 0;
	}
}

/*
 * The newest finished assessment newer than after: of each kind into
 * r[kind] (have[kind] set when there is one), and of any label into
 * r[SCHED_NKINDS].  One pass over the store's list.  -1 when the store
 * failed (logged).
 */
static int
newest(struct store *st, int64_t after, struct result r[SCHED_NKINDS + 1],
    int have[SCHED_NKINDS + 1])
{
	struct store_assessrow	*rows = NULL, *a;
	struct fa_err		 e;
	size_t			 n = 0, i;
	int			 k;

	memset(r, 0, (SCHED_NKINDS + 1) * sizeof(r[0]));
	memset(have, 0, (SCHED_NKINDS + 1) * sizeof(have[0]));
	if (st == NULL)
		return 0;
	if (store_list_assessments(st, &rows, &n, &e) != 0) {
		runlog_printf(RUNLOG_ERROR, "ctl: %s", e.msg);
		return -1;
	}
	for (i = 0; i < n; i++) {
		a = &rows[i];
		if (a->id <= after || a->finished == 0)
			continue;
		for (k = 0; k <= SCHED_NKINDS; k++) {
			if (have[k] || (k < SCHED_NKINDS &&
			    !label_has(a->ranges, (enum sched_kind)k)))
				continue;
			have[k] = 1;
			r[k].id = a->id;
			r[k].finished = a->finished;
			r[k].read = a->read_ok + a->read_failed;
			r[k].incomplete = a->read_failed;
			fa_strlcpy(r[k].status, a->status ? a->status : "-",
			    sizeof(r[k].status));
		}
	}
	for (i = 0; i < n; i++)
		store_assessrow_release(&rows[i]);
	free(rows);
	return 0;
}

/* The newest assessment id (0 when none), for "what did this scan do". */
static int64_t
newest_id(struct ctl *c)
{
	struct ctl_status	cs;
	struct result		r[SCHED_NKINDS + 1];
	int			have[SCHED_NKINDS + 1];

	memset(&cs, 0, sizeof(cs));
	c->ops.status(c->ops.arg, &cs);
	(void)newest(cs.store, 0, r, have);
	return have[SCHED_NKINDS] ? r[SCHED_NKINDS].id : 0;
}

static void
result_line(struct fa_buf *b, const char *what, const struct result *r)
{
	fa_buf_printf(b, "%s: %d device%s read, %d incomplete (assessment "
	    "%lld%s%s)\n", what, r->read, r->read == 1 ? "" : "s",
	    r->incomplete, (long long)r->id, strcmp(r->status, "complete") ?
	    ", " : "", strcmp(r->status, "complete") ? r->status : "");
}

/* "in 4m": roughly, for people. */
static void
fmt_in(int64_t s, char *buf, size_t len)
{
	if (s <= 0)
		fa_strlcpy(buf, "now", len);
	else if (s < 120)
		snprintf(buf, len, "%llds", (long long)s);
	else if (s < 2 * 3600)
		snprintf(buf, len, "%lldm", (long long)(s + 30) / 60);
	else if (s < 2 * 86400)
		snprintf(buf, len, "%lldh", (long long)(s + 1800) / 3600);
	else
		snprintf(buf, len, "%lldd", (long long)(s + 43200) / 86400);
}

static void
status_body(struct ctl *c, int json, struct fa_buf *b)
{
	struct ctl_status	 cs;
	struct result		 last[SCHED_NKINDS + 1];
	struct store_devrow	*devs = NULL;
	struct fa_err		 e;
	size_t			 ndev = 0, i;
	char			 t1[32], t2[32], every[24], in[24];
	int			 k, have[SCHED_NKINDS + 1];

	memset(&cs, 0, sizeof(cs));
	c->ops.status(c->ops.arg, &cs);
	(void)newest(cs.store, 0, last, have);
	if (cs.store != NULL) {
		if (store_list_devices(cs.store, &devs, &ndev, &e) != 0)
			runlog_printf(RUNLOG_ERROR, "ctl: %s", e.msg);
		for (i = 0; i < ndev; i++)
			store_devrow_release(&devs[i]);
		free(devs);
	}
	fa_iso8601(cs.started, t1, sizeof(t1));
	if (json) {
		json_object	*o = json_object_new_object(), *ks, *x, *l;

		json_object_object_add(o, "version",
		    json_object_new_string(FA_VERSION));
		json_object_object_add(o, "pid",
		    json_object_new_int64((int64_t)getpid()));
		json_object_object_add(o, "started",
		    json_object_new_string(t1));
		json_object_object_add(o, "devices",
		    json_object_new_int64((int64_t)ndev));
		ks = json_object_new_object();
		for (k = 0; k < SCHED_NKINDS; k++) {
			x = json_object_new_object();
			fa_iso8601(cs.due[k], t2, sizeof(t2));
			json_object_object_add(x, "interval",
			    json_object_new_int64(cs.interval[k]));
			json_object_object_add(x, "next",
			    json_object_new_string(t2));
			json_object_object_add(x, "next_in",
			    json_object_new_int64(cs.due[k] > cs.now ?
			    cs.due[k] - cs.now : 0));
			l = NULL;
			if (have[k]) {
				l = json_object_new_object();
				fa_iso8601(last[k].finished, t2, sizeof(t2));
				json_object_object_add(l, "time",
				    json_object_new_string(t2));
				json_object_object_add(l, "assessment",
				    json_object_new_int64(last[k].id));
				json_object_object_add(l, "read",
				    json_object_new_int(last[k].read));
				json_object_object_add(l, "incomplete",
				    json_object_new_int(last[k].incomplete));
				json_object_object_add(l, "status",
				    json_object_new_string(last[k].status));
			}
			json_object_object_add(x, "last", l);
			json_object_object_add(ks, sched_limits[k].name, x);
		}
		x = json_object_new_object();
		fa_iso8601(cs.full_due, t2, sizeof(t2));
		json_object_object_add(x, "interval",
		    json_object_new_int64(cs.full_interval));
		json_object_object_add(x, "next", json_object_new_string(t2));
		json_object_object_add(x, "next_in",
		    json_object_new_int64(cs.full_due > cs.now ?
		    cs.full_due - cs.now : 0));
		json_object_object_add(o, "full", x);
		json_object_object_add(o, "kinds", ks);
		fa_buf_puts(b, json_object_to_json_string_ext(o,
		    JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED));
		fa_buf_puts(b, "\n");
		json_object_put(o);
		return;
	}
	fa_buf_printf(b, "fleetaudit %s, pid %ld, running since %s, %zu "
	    "devices known\n", FA_VERSION, (long)getpid(), t1, ndev);
	fa_buf_printf(b, "%-11s %-6s %-20s %-5s %-20s %5s %10s\n", "KIND",
	    "EVERY", "NEXT", "IN", "LAST", "READ", "INCOMPLETE");
	for (k = 0; k < SCHED_NKINDS; k++) {
		sched_fmt(cs.interval[k], every, sizeof(every));
		fa_iso8601(cs.due[k], t1, sizeof(t1));
		fmt_in(cs.due[k] - cs.now, in, sizeof(in));
		if (have[k]) {
			fa_iso8601(last[k].finished, t2, sizeof(t2));
			fa_buf_printf(b, "%-11s %-6s %-20s %-5s %-20s %5d "
			    "%10d\n", sched_limits[k].name, every, t1, in, t2,
			    last[k].read, last[k].incomplete);
		} else
			fa_buf_printf(b, "%-11s %-6s %-20s %-5s %-20s %5s "
			    "%10s\n", sched_limits[k].name, every, t1, in, "-",
			    "-", "-");
	}
	sched_fmt(cs.full_interval, every, sizeof(every));
	fa_iso8601(cs.full_due, t1, sizeof(t1));
	fmt_in(cs.full_due - cs.now, in, sizeof(in));
	fa_buf_printf(b, "%-11s %-6s %-20s %-5s (devices without a model "
	    "definition: full read)\n", "full", every, t1, in);
}

/* Next space-separated word of *p (NUL-terminated in place), or NULL. */
static char *
word(char **p)
{
	char	*w = *p, *sp;

	if (w == NULL || *w == '\0')
		return NULL;
	if ((sp = strchr(w, ' ')) != NULL) {
		*sp = '\0';
		*p = sp + 1;
	} else
		*p = NULL;
	return w;
}

static int
kind_parse(const char *s, enum sched_kind *k)
{
	int	i;

	for (i = 0; s != NULL && i < SCHED_NKINDS; i++)
		if (strcmp(s, sched_limits[i].name) == 0) {
			*k = (enum sched_kind)i;
			return 0;
		}
	return -1;
}

static void
do_scan(struct ctl *c, struct conn *k, char *rest)
{
	struct ctl_status	 cs;
	struct fa_buf		 b = FA_BUF_INIT;
	struct fa_err		 e;
	struct result		 r[SCHED_NKINDS + 1];
	enum sched_kind		 kind;
	const char		*mode, *name, *dev;
	int64_t			 before;
	int			 rc, have[SCHED_NKINDS + 1];

	if (kind_parse(word(&rest), &kind) != 0 ||
	    (mode = word(&rest)) == NULL ||
	    (strcmp(mode, "queue") != 0 && strcmp(mode, "wait") != 0)) {
		answer(k, EXIT_USAGE, "bad scan request (scan KIND "
		    "queue|wait [DEVICE])", NULL);
		return;
	}
	name = sched_limits[kind].name;
	dev = rest != NULL && *rest != '\0' ? rest : NULL;
	runlog_printf(RUNLOG_INFO, "ctl: %s scan%s%s requested%s", name,
	    dev ? " of " : "", dev ? dev : "", *mode == 'w' ?
	    ", client waiting" : "");
	if (dev == NULL) {
		(void)c->ops.scan(c->ops.arg, kind, NULL, 0, &e);
		if (*mode == 'q') {
			fa_buf_printf(&b, "queued: %s\n", name);
			answer(k, EXIT_OK, NULL, b.s);
		} else {
			memset(&cs, 0, sizeof(cs));
			c->ops.status(c->ops.arg, &cs);
			k->newest = newest_id(c);
			k->kind = kind;
			k->due = cs.due[kind];
			k->state = CS_WAIT;
			k->deadline = 0;
		}
		goto out;
	}
	if ((rc = c->ops.scan(c->ops.arg, kind, dev, 1, &e)) != 0) {
		answer(k, rc, e.msg, NULL);
		goto out;
	}
	if (*mode == 'q') {
		if (c->nq == CTL_MAX_QUEUED) {
			fa_buf_printf(&b, "too many reads queued (at most "
			    "%d); try again", CTL_MAX_QUEUED);
			answer(k, EXIT_FAIL, b.s, NULL);
			goto out;
		}
		c->q[c->nq].kind = kind;
		c->q[c->nq++].device = fa_strdup(dev);
		fa_buf_printf(&b, "queued: %s %s\n", name, dev);
		answer(k, EXIT_OK, NULL, b.s);
		goto out;
	}
	before = newest_id(c);
	if ((rc = c->ops.scan(c->ops.arg, kind, dev, 0, &e)) != 0) {
		answer(k, rc, e.msg, NULL);
		goto out;
	}
	memset(&cs, 0, sizeof(cs));
	c->ops.status(c->ops.arg, &cs);
	(void)newest(cs.store, before, r, have);
	if (!have[SCHED_NKINDS]) {
		answer(k, EXIT_FAIL, "the read made no assessment (see "
		    "'fleetaudit ctl logs')", NULL);
		goto out;
	}
	fa_buf_printf(&b, "%s %s", name, dev);
	{
		struct fa_buf	line = FA_BUF_INIT;

		result_line(&line, b.s, &r[SCHED_NKINDS]);
		answer(k, EXIT_OK, NULL, line.s);
		fa_buf_release(&line);
	}
out:
	fa_buf_release(&b);
}

static void
do_walk(struct ctl *c, struct conn *k, const char *host)
{
	struct fa_buf	out = FA_BUF_INIT, note = FA_BUF_INIT;
	struct fa_err	e;
	int		rc;

	runlog_printf(RUNLOG_INFO, "ctl: walk of %s requested", host);
	rc = c->ops.walk(c->ops.arg, host, &out, &note, &e);
	if (note.len == 0)
		answer(k, rc, e.msg, NULL);
	else {
		runlog_printf(RUNLOG_INFO, "ctl: %s", note.s);
		answer(k, rc, note.s, out.s);
	}
	fa_buf_release(&out);
	fa_buf_release(&note);
}

static void
do_logs(struct conn *k, char *rest)
{
	struct fa_buf		 b = FA_BUF_INIT;
	struct fa_err		 e;
	enum runlog_level	 lv;
	const char		*l = word(&rest), *s = word(&rest);
	long long		 since;

	if (l == NULL || runlog_level_parse(l, &lv) != 0 || s == NULL ||
	    rest != NULL || fa_strtonum(s, 0, INT64_MAX, &since, "since",
	    &e) != 0) {
		answer(k, EXIT_USAGE, "bad logs request (logs LEVEL SINCE)",
		    NULL);
		return;
	}
	(void)runlog_dump(lv, (int64_t)since, &b);
	answer(k, EXIT_OK, NULL, b.s);
	fa_buf_release(&b);
}

/* One request line (ctl.h), NUL-terminated in k->in. */
static void
dispatch(struct ctl *c, struct conn *k)
{
	struct fa_buf	 b = FA_BUF_INIT;
	char		*rest = k->in, *verb, *a;
	size_t		 i;

	for (i = 0; k->in[i] != '\0'; i++)
		if ((unsigned char)k->in[i] < 0x20 || k->in[i] == 0x7f) {
			answer(k, EXIT_USAGE, "bad request (control "
			    "characters)", NULL);
			return;
		}
	verb = word(&rest);
	runlog_printf(RUNLOG_DEBUG, "ctl: request '%s%s%s'", verb ? verb : "",
	    rest ? " " : "", rest ? rest : "");
	if (verb != NULL && strcmp(verb, "status") == 0) {
		a = word(&rest);
		if (a == NULL || rest != NULL || (strcmp(a, "text") != 0 &&
		    strcmp(a, "json") != 0)) {
			answer(k, EXIT_USAGE, "bad status request (status "
			    "text|json)", NULL);
			return;
		}
		status_body(c, *a == 'j', &b);
		answer(k, EXIT_OK, NULL, b.s);
		fa_buf_release(&b);
	} else if (verb != NULL && strcmp(verb, "scan") == 0)
		do_scan(c, k, rest);
	else if (verb != NULL && strcmp(verb, "walk") == 0) {
		if (rest == NULL || *rest == '\0' || strchr(rest, ' ') != NULL)
			answer(k, EXIT_USAGE, "bad walk request (walk HOST)",
			    NULL);
		else
			do_walk(c, k, rest);
	}
	else if (verb != NULL && strcmp(verb, "logs") == 0)
		do_logs(k, rest);
	else {
		fa_buf_printf(&b, "unknown request '%.64s'", verb ? verb : "");
		answer(k, EXIT_USAGE, b.s, NULL);
		fa_buf_release(&b);
	}
}

/* Takes what the backlog holds while there are free slots; a peer that is
 * neither us nor root gets one line and the door. */
static void
accept_all(struct ctl *c)
{
	struct conn	*k;
	long		 uid = -1;
	char		 msg[128];
	struct fa_chan	*ch;
	size_t		 i;

	for (;;) {
		for (i = 0; i < CTL_MAX_CONNS; i++)
			if (c->c[i].state == CS_FREE)
				break;
		if (i == CTL_MAX_CONNS)
			return;
		if (fa_chan_accept(c->ch, &ch, &uid) != 0) {
			if (errno != EAGAIN && errno != EINTR &&
			    errno != ECONNABORTED)
				runlog_printf(RUNLOG_ERROR, "ctl: accept: %s",
				    strerror(errno));
			return;
		}
		k = &c->c[i];
		k->ch = ch;
		if (uid < 0 || !fa_uid_trusted(uid)) {
			snprintf(msg, sizeof(msg), "permission denied: uid %ld "
			    "is not the collector's owner", uid);
			runlog_printf(RUNLOG_WARNING, "ctl: refused a "
			    "connection: %s", msg);
			answer(k, EXIT_FAIL, msg, NULL);
			continue;
		}
		k->state = CS_READ;
		k->deadline = fa_now_ms() + CTL_READ_MS;
	}
}

/* Reads or writes what poll() said k can; 1 when a request was served. */
static int
conn_io(struct ctl *c, struct conn *k)
{
	char	 junk[256], *nl;
	ssize_t	 n;

	switch (k->state) {
	case CS_READ:
		n = fa_chan_recv(k->ch, k->in + k->inlen,
		    sizeof(k->in) - k->inlen);
		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			return 0;
		if (n <= 0) {
			conn_close(k);
			return 0;
		}
		k->inlen += (size_t)n;
		if ((nl = memchr(k->in, '\n', k->inlen)) != NULL) {
			*nl = '\0';
			if (nl > k->in && nl[-1] == '\r')
				nl[-1] = '\0';
			if (memchr(k->in, '\0', (size_t)(nl - k->in)) != NULL)
				answer(k, EXIT_USAGE, "bad request (NUL byte)",
				    NULL);
			else
				dispatch(c, k);
			return 1;
		}
		if (k->inlen == sizeof(k->in)) {
			snprintf(junk, sizeof(junk), "request too long (at "
			    "most %d bytes)", CTL_MAX_REQUEST);
			answer(k, EXIT_USAGE, junk, NULL);
			return 1;
		}
		return 0;
	case CS_WAIT:
		/* Only an end (the client gave up) is expected here. */
		n = fa_chan_recv(k->ch, junk, sizeof(junk));
		if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR))
			conn_close(k);
		return 0;
	case CS_WRITE:
		n = fa_chan_send(k->ch, k->out.s + k->off,
		    k->out.len - k->off);
		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			return 0;
		if (n <= 0) {
			conn_close(k);
			return 0;
		}
		k->off += (size_t)n;
		k->deadline = fa_now_ms() + CTL_WRITE_MS;
		if (k->off == k->out.len)
			conn_close(k);
		return 0;
	case CS_FREE:
		break;
	}
	return 0;
}

/* Answers the "scan --wait" clients whose kind the loop has run. */
static int
check_waiters(struct ctl *c)
{
	struct ctl_status	 cs;
	struct fa_buf		 b = FA_BUF_INIT;
	struct result		 r[SCHED_NKINDS + 1];
	struct conn		*k;
	size_t			 i;
	int			 got = 0, any = 0, have[SCHED_NKINDS + 1];

	for (i = 0; i < CTL_MAX_CONNS; i++) {
		k = &c->c[i];
		if (k->state != CS_WAIT)
			continue;
		if (!got) {
			memset(&cs, 0, sizeof(cs));
			c->ops.status(c->ops.arg, &cs);
			got = 1;
		}
		if (cs.due[k->kind] == k->due)
			continue;
		any = 1;
		/* No assessment: the loop found no device for the kind. */
		(void)newest(cs.store, k->newest, r, have);
		if (!have[k->kind]) {
			fa_buf_printf(&b, "%s: no device to read\n",
			    sched_limits[k->kind].name);
			answer(k, EXIT_OK, NULL, b.s);
		} else {
			result_line(&b, sched_limits[k->kind].name,
			    &r[k->kind]);
			answer(k, EXIT_OK, NULL, b.s);
		}
		fa_buf_release(&b);
	}
	return any;
}

/* The oldest queued device read, now. */
static void
run_queued(struct ctl *c)
{
	struct queued	q = c->q[0];
	struct fa_err	e;

	memmove(&c->q[0], &c->q[1], (c->nq - 1) * sizeof(c->q[0]));
	c->nq--;
	if (c->ops.scan(c->ops.arg, q.kind, q.device, 0, &e) != 0)
		runlog_printf(RUNLOG_WARNING, "ctl: %s scan of %s: %s",
		    sched_limits[q.kind].name, q.device, e.msg);
	free(q.device);
}

int
ctl_poll(struct ctl *c, int timeout_ms)
{
	struct fa_chan_poll pfd[CTL_MAX_CONNS + 1];
	int		 who[CTL_MAX_CONNS + 1];
	struct conn	*k;
	int64_t		 now = fa_now_ms();
	int		 n = 0, i, served, nfree = 0;

	if (c->nq > 0) {
		run_queued(c);
		return 1;
	}
	if ((served = check_waiters(c)) != 0)
		timeout_ms = 0;
	for (i = 0; i < CTL_MAX_CONNS; i++) {
		k = &c->c[i];
		if (k->state != CS_FREE && k->deadline != 0 &&
		    k->deadline <= now)
			conn_close(k);	/* silent, or not reading */
		if (k->state == CS_FREE) {
			nfree++;
			continue;
		}
		if (k->deadline != 0 && k->deadline - now < timeout_ms)
			timeout_ms = (int)(k->deadline - now);
		pfd[n].c = k->ch;
		pfd[n].events = k->state == CS_WRITE ? FA_POLLOUT : FA_POLLIN;
		pfd[n].revents = 0;
		who[n++] = i;
	}
	if (nfree > 0) {
		pfd[n].c = c->ch;
		pfd[n].events = FA_POLLIN;
		pfd[n].revents = 0;
		who[n++] = -1;
	}
	if (fa_chan_poll(pfd, n, timeout_ms < 0 ? 0 : timeout_ms) <= 0)
		return served;
	for (i = 0; i < n; i++) {
		if (pfd[i].revents == 0)
			continue;
		if (who[i] < 0)
			accept_all(c);
		else
			served |= conn_io(c, &c->c[who[i]]);
	}
	return served;
}

void
ctl_close(struct ctl *c)
{
	struct conn	*k;
	size_t		 i;

	if (c == NULL)
		return;
	/* One try each: the collector is stopping, nobody is waited for. */
	for (i = 0; i < CTL_MAX_CONNS; i++) {
		k = &c->c[i];
		if (k->state == CS_WAIT)
			answer(k, EXIT_FAIL, "the collector stopped; the scan "
			    "did not finish", NULL);
		if (k->state == CS_WRITE)
			(void)fa_chan_send(k->ch, k->out.s + k->off,
			    k->out.len - k->off);	/* non-blocking */
	}
	ctl_free(c);	/* the socket file goes with the listening end */
}
