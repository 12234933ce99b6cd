/*
 * cmd_upload.c: "fleetaudit upload": the collector's side of SOAP over
 * HTTPS (export/upload.c, docs/soap.md), also run by "fleetaudit run"
 * after each scan when a hub URL is configured.
 *
 * One contact, always initiated here:
 *  1. Hello, signed with the collector's key and carrying a fresh nonce:
 *     the hub's time and the commands it queued for this collector, in
 *     an answer the hub signs for that nonce; unless that signature
 *     verifies against HOME/hub.pub, nothing is run and nothing more is
 *     sent.  Each command is run (scan through the running collector,
 *     walk with this home's credentials but only of a known device or an
 *     address of the configured ranges, logs) and its result sent back
 *     with Result, signed too, masked as the site's bundles are (the
 *     site's masking, export/exporttx.h: mask_result());
 *  2. what is new in the store becomes a bundle in the outbox,
 *     HOME/outbox, by the export's own transaction (export/exporttx.c,
 *     in this process: the same code, the same sequence numbers,
 *     "since the last export" marks and the site's masking);
 *  3. every bundle of the outbox is sent, oldest sequence first, each
 *     unchanged in one Upload; it leaves the outbox only once the hub's
 *     receipt has been checked against the trusted hub key (HOME/hub.pub)
 *     and names that very bundle (id and payload hash).  The receipt is
 *     kept in HOME/outbox/sent.
 *
 * A hub that cannot be reached, a TLS failure, a timeout, an HTTP 5xx
 * without a fault or a Server fault stop the sending: the bundle stays,
 * with its try count and next time in NAME.retry (backoff doubling from
 * UPLOAD_BACKOFF_MIN to UPLOAD_BACKOFF_MAX), and later bundles wait
 * behind it, so that the hub sees sequences in order.  A bundle the hub
 * refuses (a Client fault: bad signature, not trusted...) would be
 * refused again: it moves to HOME/outbox/refused with the reason beside
 * it, never deleted.  A bundle sent again whose first answer was lost is
 * "already imported" on the hub, which answers with the first receipt:
 * no loss, no duplicate.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <json-c/json.h>

#include "../crypto/bundle.h"
#include "../crypto/keys.h"
#include "../crypto/sig.h"
#include "../export/exporttx.h"
#include "../export/mask.h"
#include "../export/soap.h"
#include "../export/soapup.h"
#include "../export/upload.h"
#include "cmd.h"
#include "home.h"
#include "ctl.h"
#include "runlog.h"
#include "plat.h"
#include "util.h"

#define OUTBOX			HOME_OUTBOX
#define OUTBOX_SENT		"sent"
#define OUTBOX_REFUSED		"refused"
#define UPLOAD_BACKOFF_MIN	60		/* seconds, first retry */
#define UPLOAD_BACKOFF_MAX	(6 * 3600)	/* seconds, at most */
#define UPLOAD_BUNDLES_MAX	10000		/* bundles sent in one go */
#define UPLOAD_WALK_MS		(5 * 60 * 1000)	/* a walk for the hub */
#define CTL_LINE_MAX		(1024 * 1024)

struct up {
	struct settings		*s;
	const struct upload_exec *x;
	int			 automatic;
	struct upload_conf	 conf;
	struct key_secret	*sk;
	struct key_pub		 me, hub;
	char			 fp[KEY_FP_LEN + 1], hub_fp[KEY_FP_LEN + 1];
	char			*outbox;
};

static void
say(const struct up *u, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
say(const struct up *u, const char *fmt, ...)
{
	va_list	ap;

	if (u->automatic || u->s->quiet)
		return;
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

/* ---- running the hub's commands ---- */

/* One request to the running collector over HOME/ctl.sock; its answer's
 * body into out.  0, or -1 with e. */
static int
ctl_ask(const struct settings *s, const char *req, struct fa_buf *out,
    struct fa_err *e)
{
	char	*path = ctl_path(s->home), *line = NULL;
	FILE	*f;
	size_t	 cap = 0;
	ssize_t	 n;
	int	 fd, none = 0, code = -1, done = 0;

	if (ctl_connect(path, &fd, &none, e) != 0) {
		if (none)
			fa_errf(e, "no collector runs on this home ('fleetaudit "
			    "run')");
		free(path);
		return -1;
	}
	free(path);
	if (write(fd, req, strlen(req)) != (ssize_t)strlen(req) ||
	    (f = fdopen(fd, "r")) == NULL) {
		close(fd);
		return fa_errf(e, "cannot talk to the collector: %s",
		    strerror(errno));
	}
	while (!done && (n = getline(&line, &cap, f)) > 0) {
		if (line[n - 1] != '\n' || n > CTL_LINE_MAX)
			break;
		line[--n] = '\0';
		if (code < 0) {
			code = line[0] - '0';
			if (code != 0)
				fa_errf(e, "%s", line[1] != '\0' ? line + 2 :
				    "the collector refused");
			continue;
		}
		if (strcmp(line, ".") == 0)
			done = 1;
		else if (out->len < SOAP_OUTPUT_MAX) {
			fa_buf_puts(out, line + (line[0] == '.'));
			fa_buf_puts(out, "\n");
		}
	}
	free(line);
	fclose(f);
	if (!done) {
		if (code <= 0)
			fa_errf(e, "the collector's answer was cut short");
		return -1;
	}
	return code == 0 ? 0 : -1;
}

static int
scan_ctl(void *arg, const char *kind, struct fa_buf *out, struct fa_err *e)
{
	char	*req = fa_asprintf("scan %s wait\n", kind);
	int	 rc = ctl_ask(arg, req, out, e);

	free(req);
	return rc;
}

/* Through the running collector when there is one, else the lines of
 * HOME/fleetaudit.log since then. */
static int
logs_ctl(void *arg, int64_t since, struct fa_buf *out, struct fa_err *e)
{
	const struct settings	*s = arg;
	char			*req, *path, *line = NULL, ts[32];
	FILE			*f;
	size_t			 cap = 0;
	int			 rc;

	req = fa_asprintf("logs debug %lld\n", (long long)since);
	rc = ctl_ask(s, req, out, e);
	free(req);
	if (rc == 0 || strstr(e->msg, "no collector runs") == NULL)
		return rc;
	path = fa_asprintf("%s/fleetaudit.log", s->home);
	f = fopen(path, "r");
	free(path);
	if (f == NULL)
		return fa_errf(e, "no collector runs and no log file in the "
		    "home");
	fa_iso8601(since, ts, sizeof(ts));
	while (getline(&line, &cap, f) > 0)
		if (strncmp(line, ts, strlen(ts)) >= 0 &&
		    out->len + strlen(line) <= SOAP_OUTPUT_MAX)
			fa_buf_puts(out, line);
	free(line);
	fclose(f);
	return 0;
}

static const struct upload_exec standalone = { scan_ctl, logs_ctl, NULL,
    NULL, NULL, NULL, NULL };

/* Whether a is in l (not sorted: range_expand() keeps the order given). */
static int
addr_in(const struct addr_list *l, const struct fa_addr *a)
{
	size_t	i;

	for (i = 0; i < l->n; i++)
		if (fa_addr_cmp(&l->v[i], a) == 0)
			return 1;
	return 0;
}

/* Whether a is the address of a device of the store (st, else the
 * home's store when there is one). */
static int
addr_known(const struct up *u, const struct fa_addr *a, struct fa_err *e)
{
	struct store		*st = u->x->st;
	struct store_devrow	*rows = NULL;
	struct fa_addr		 d;
	struct stat		 sb;
	size_t			 n = 0, i;
	int			 found = 0;

	if (st == NULL && (stat(u->s->db, &sb) != 0 ||
	    store_open(u->s->db, &st, e) != 0))
		return 0;
	if (store_list_devices(st, &rows, &n, e) == 0)
		for (i = 0; i < n; i++) {
			if (!found && rows[i].address != NULL &&
			    fa_addr_parse(rows[i].address, &d) == 0 &&
			    fa_addr_cmp(&d, a) == 0)
				found = 1;
			store_devrow_release(&rows[i]);
		}
	free(rows);
	if (st != u->x->st)
		store_close(st);
	return found;
}

/*
 * The address a walk from the hub may reach, into addr (46 bytes): host
 * resolved once to one address, not excluded, and a device of the store
 * or an address of the configured ranges; never any other host, so the
 * hub (or whoever speaks for it) cannot send this site's credentials
 * where it likes.  0, or -1 with e.
 */
static int
walk_target(const struct up *u, const char *host, char *addr, size_t len,
    struct fa_err *e)
{
	struct addr_list	 one = ADDR_LIST_INIT, cfg = ADDR_LIST_INIT;
	const struct settings	*s = u->s;
	struct fa_err		 e2;
	char			*hv[1];
	int			 ok = 0;

	hv[0] = (char *)(uintptr_t)host;
	if (range_expand(hv, 1, NULL, 0, 0, &one, &e2) != 0 || one.n != 1) {
		addr_list_release(&one);
		return fa_errf(e, "walk: '%.80s' is not one address: refused",
		    host);
	}
	fa_addr_str(&one.v[0], addr, len);
	if (s->excludes.n > 0) {
		hv[0] = addr;
		if (range_expand(hv, 1, s->excludes.v, s->excludes.n, 0, &cfg,
		    &e2) != 0 || cfg.n == 0) {
			addr_list_release(&one);
			addr_list_release(&cfg);
			return fa_errf(e, "walk: %s is excluded by this "
			    "collector's configuration: refused", addr);
		}
		addr_list_release(&cfg);
	}
	if (u->x->addrs != NULL)
		ok = addr_in(u->x->addrs, &one.v[0]);
	else if (s->ranges.n > 0 && range_expand(s->ranges.v, s->ranges.n,
	    s->excludes.v, s->excludes.n, s->force, &cfg, &e2) == 0)
		ok = addr_in(&cfg, &one.v[0]);
	if (!ok)
		ok = addr_known(u, &one.v[0], &e2);
	addr_list_release(&one);
	addr_list_release(&cfg);
	if (!ok)
		return fa_errf(e, "walk: %s is neither a device this collector "
		    "knows nor in its ranges: refused", addr);
	return 0;
}

/*
 * out masked as the site masks its bundles (the config's "mask", else
 * HOME/site.mask: exporttx_site_mask(); the site secret
 * HOME/site.secret): a walk line by line (mask_walk()), logs and
 * messages as text.  0, or -1 (e): nothing may leave unmasked.
 */
static int
mask_result(const struct settings *s, const char *kind, struct fa_buf *out,
    struct fa_err *e)
{
	struct bundle_secret	*sec = NULL;
	struct mask		 m;
	unsigned		 what;
	size_t			 dropped = 0;
	char			*p, *t, *site;
	int			 rc;

	if (exporttx_site_mask(s->home, s->config_mask, &site, e) != 0)
		return -1;
	what = 0;
	rc = site != NULL ? payload_mask_parse(site, &what, e) : 0;
	free(site);
	if (rc != 0)
		return -1;
	if (what == 0)
		return 0;
	p = fa_asprintf("%s/%s", s->home, EXPORTTX_SECRET_FILE);
	rc = bundle_secret_load(p, 1, &sec, e);
	free(p);
	if (rc != 0)
		return -1;
	m.what = what;
	m.secret = sec;
	t = strcmp(kind, "walk") == 0 ? mask_walk(&m, out->s ? out->s : "",
	    &dropped) : mask_text(&m, out->s ? out->s : "", NULL);
	out->len = 0;
	fa_buf_puts(out, t);
	if (dropped > 0)
		fa_buf_printf(out, "# masked: %zu values of tables indexed by "
		    "addresses left out\n", dropped);
	free(t);
	bundle_secret_free(sec);
	return 0;
}

/* Runs one command into out, masked; the status "ok" or "error". */
static const char *
run_command(struct up *u, const struct soap_rcmd *c, struct fa_buf *out)
{
	struct fa_buf	 note = FA_BUF_INIT;
	struct fa_err	 e;
	int64_t		 since = 0;
	void		*arg = u->x->arg != NULL ? u->x->arg : u->s;
	char		 addr[64];
	int		 rc = -1;

	e.msg[0] = '\0';
	if (strcmp(c->kind, "scan") == 0)
		rc = u->x->scan(arg, c->arg, out, &e);
	else if (strcmp(c->kind, "walk") == 0) {
		if (walk_target(u, c->arg, addr, sizeof(addr), &e) == 0)
			rc = cmd_walk_host(u->s, addr, UPLOAD_WALK_MS, out,
			    &note, &e) == EXIT_OK && note.len > 0 ? 0 : -1;
		if (rc == 0 && note.len > 0)
			fa_buf_printf(out, "# %s\n", note.s);
	} else if (strcmp(c->kind, "logs") == 0) {
		if (*c->arg == '\0' ||
		    cmd_parse_since(c->arg, fa_wall(), &since, &e) == 0)
			rc = u->x->logs(arg, since, out, &e);
	} else
		fa_errf(&e, "unknown command '%.40s'", c->kind);
	fa_buf_release(&note);
	if (rc != 0) {
		out->len = 0;
		fa_buf_printf(out, "%s\n", e.msg[0] ? e.msg : "failed");
	}
	if (mask_result(u->s, c->kind, out, &e) != 0) {
		out->len = 0;
		fa_buf_printf(out, "cannot mask the result: %s\n", e.msg);
		rc = -1;
	}
	/* out is the result as it leaves for the hub. */
	if (out->len > SOAP_OUTPUT_MAX)
		out->len = SOAP_OUTPUT_MAX;
	return rc != 0 ? "error" : "ok";
}

/* Signs r (Hello or Result) with the collector's key. */
static int
sign_req(struct up *u, struct soap_req *r, struct fa_err *e)
{
	struct fa_buf	b = FA_BUF_INIT;
	int		rc;

	soap_signed_bytes(r, &b);
	rc = key_secret_sign(u->sk, (const unsigned char *)b.s, b.len, r->sig,
	    e);
	fa_buf_release(&b);
	return rc;
}

/*
 * Hello, then each command and its Result.  0, or 1 (printed).  Nothing
 * in the answer is acted on, and nothing more is sent (no Result, no
 * bundle), unless it is signed by the hub key this collector trusts,
 * for this Hello's nonce, and not expired (soap_answer_verify()).
 */
static int
hello(struct up *u)
{
	struct soap_req		 r;
	struct soap_resp	 resp, rr;
	struct fa_err		 e;
	char			*body, nonce[SOAP_NONCE_LEN + 1];
	int64_t			 t0;
	size_t			 i;
	int			 rc = 0, x;

	memset(&r, 0, sizeof(r));
	r.op = SOAP_HELLO;
	r.collector = u->fp;
	r.version = (char *)(uintptr_t)FA_VERSION;
	r.time = t0 = fa_wall();
	sig_random_hex(nonce, SOAP_NONCE_BYTES);
	r.nonce = nonce;
	if (sign_req(u, &r, &e) != 0)
		return cmd_fail(EXIT_FAIL, "%s", e.msg);
	body = soap_hello_request(&r);
	x = upload_call(&u->conf, SOAP_HELLO, body, strlen(body), &resp, &e);
	free(body);
	if (x != 0)
		return cmd_fail(EXIT_FAIL, "%s", e.msg);
	if (resp.fault) {
		cmd_fail(EXIT_FAIL, "the hub refused this collector: %s",
		    resp.fault_reason);
		soap_resp_release(&resp);
		return EXIT_FAIL;
	}
	if (resp.hub_fp == NULL || strcmp(resp.hub_fp, u->hub_fp) != 0) {
		char *said = fa_esc_line(resp.hub_fp ? resp.hub_fp : "-");

		cmd_fail(EXIT_FAIL, "the hub at '%s' is hub %.40s, this "
		    "collector trusts hub %s (HOME/hub.pub)", u->conf.url, said,
		    u->hub_fp);
		free(said);
		soap_resp_release(&resp);
		return EXIT_FAIL;
	}
	if (soap_answer_verify(&resp, &u->hub, u->fp, nonce, t0, fa_wall(),
	    &e) != 0) {
		cmd_fail(EXIT_FAIL, "the hub's answer is refused: %s: no "
		    "command run, nothing sent", e.msg);
		if (u->automatic)
			cmd_log(u->s, "upload: the hub's answer is refused: %s: "
			    "no command run, nothing sent", e.msg);
		soap_resp_release(&resp);
		return EXIT_FAIL;
	}
	if (resp.hub_time - r.time > 60 || r.time - resp.hub_time > 60)
		fprintf(stderr, "fleetaudit: warning: this clock is %+lld s "
		    "from the hub's\n", (long long)(r.time - resp.hub_time));
	for (i = 0; i < resp.ncmds; i++) {
		struct fa_buf	 out = FA_BUF_INIT;
		struct soap_rcmd *c = &resp.cmds[i];
		const char	*st;

		if (strcmp(c->kind, "rdl") == 0) {	/* cli/rdl.c */
			if (u->x->rdl != NULL)
				u->x->rdl(u->x->rdl_arg, c->arg);
			continue;
		}
		st = run_command(u, c, &out);
		memset(&r, 0, sizeof(r));
		r.op = SOAP_RESULT;
		r.collector = u->fp;
		r.time = fa_wall();
		r.command = c->id;
		r.status = (char *)(uintptr_t)st;
		r.data = (unsigned char *)out.s;
		r.data_len = out.len;
		if (out.s == NULL)
			r.data = (unsigned char *)(uintptr_t)"";
		if (sign_req(u, &r, &e) != 0) {
			fa_buf_release(&out);
			rc = cmd_fail(EXIT_FAIL, "%s", e.msg);
			break;
		}
		body = soap_result_request(&r);
		fa_buf_release(&out);
		x = upload_call(&u->conf, SOAP_RESULT, body, strlen(body),
		    &rr, &e);
		free(body);
		if (x != 0) {
			rc = cmd_fail(EXIT_FAIL, "%s", e.msg);
			break;
		}
		if (rr.fault)
			fprintf(stderr, "fleetaudit: the hub refused the result "
			    "of command %" PRId64 ": %s\n", c->id,
			    rr.fault_reason);
		else
			say(u, "command %" PRId64 ": %s %s: %s", c->id,
			    c->kind, c->arg, st);
		if (u->automatic)
			cmd_log(u->s, "upload: command %" PRId64 " (%s %s) "
			    "run: %s", c->id, c->kind, c->arg, st);
		soap_resp_release(&rr);
	}
	soap_resp_release(&resp);
	return rc;
}

/* ---- the outbox ---- */

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The outbox's bundles by name (= by sequence); caller frees. */
static char **
outbox_list(const char *dir, size_t *n)
{
	DIR		*d;
	struct dirent	*de;
	char		**v = NULL;
	size_t		 nv = 0, len;

	*n = 0;
	if ((d = opendir(dir)) == NULL)
		return NULL;
	while ((de = readdir(d)) != NULL && nv < UPLOAD_BUNDLES_MAX) {
		len = strlen(de->d_name);
		if (len < 8 || de->d_name[0] == '.' ||
		    strcmp(de->d_name + len - 7, ".bundle") != 0)
			continue;
		v = fa_reallocarray(v, nv + 1, sizeof(*v));
		v[nv++] = fa_strdup(de->d_name);
	}
	closedir(d);
	if (nv > 0)
		fa_sort(v, nv, sizeof(*v), name_cmp);
	*n = nv;
	return v;
}

/* NAME.retry: "TRIES NEXT" then the last error. */
static void
retry_read(const char *path, int64_t *tries, int64_t *next)
{
	FILE		*f;
	long long	 a = 0, b = 0;

	*tries = *next = 0;
	if ((f = fopen(path, "r")) == NULL)
		return;
	if (fscanf(f, "%lld %lld", &a, &b) == 2 && a >= 0 && b >= 0) {
		*tries = a;
		*next = b;
	}
	fclose(f);
}

static void
retry_write(const char *path, int64_t tries, const char *why)
{
	struct fa_err	 e;
	int64_t		 wait = UPLOAD_BACKOFF_MIN;
	char		*text;
	int64_t		 i;

	for (i = 1; i < tries && wait < UPLOAD_BACKOFF_MAX; i++)
		wait *= 2;
	if (wait > UPLOAD_BACKOFF_MAX)
		wait = UPLOAD_BACKOFF_MAX;
	text = fa_asprintf("%lld %lld\n%s\n", (long long)tries,
	    (long long)(fa_wall() + wait), why);
	if (fa_put_file(path, "retry state", text, strlen(text), 0600, 1,
	    &e) != 0)
		fprintf(stderr, "fleetaudit: %s\n", e.msg);
	free(text);
}

/* Whether the receipt text verifies and names bundle m. */
static int
receipt_ok(struct up *u, const char *text, const struct bundle_manifest *m,
    struct fa_err *e)
{
	json_object	*o, *v;
	char		*json = NULL, hash[2 * BUNDLE_HASH_BYTES + 1];
	int		 rc = -1;

	if (bundle_receipt_verify(text, strlen(text), &u->hub, &json, e) != 0)
		return -1;
	bundle_hash_hex(m->payload_hash, hash);
	if ((o = json_tokener_parse(json)) == NULL)
		fa_errf(e, "the receipt is not JSON");
	else if (!json_object_object_get_ex(o, "bundle_id", &v) ||
	    strcmp(json_object_get_string(v), m->id) != 0)
		fa_errf(e, "the receipt is for another bundle");
	else if (!json_object_object_get_ex(o, "bundle_hash", &v) ||
	    strcmp(json_object_get_string(v), hash) != 0)
		fa_errf(e, "the receipt names another payload hash");
	else
		rc = 0;
	json_object_put(o);
	free(json);
	return rc;
}

/* Moves OUTBOX/name (and its retry state) into OUTBOX/sub. */
static void
outbox_move(struct up *u, const char *name, const char *sub,
    const char *why)
{
	char	*d = fa_asprintf("%s/%s", u->outbox, sub);
	char	*from = fa_asprintf("%s/%s", u->outbox, name);
	char	*to = fa_asprintf("%s/%s", d, name);
	char	*rs = fa_asprintf("%s/%s.retry", u->outbox, name);
	char	*rp = fa_asprintf("%s/%s.reason", d, name);
	char	*text = fa_asprintf("%s\n", why);
	struct fa_err e;

	(void)mkdir(d, 0700);
	if (rename(from, to) == 0) {
		if (fa_put_file(rp, "reason", text, strlen(text), 0600, 1,
		    &e) != 0)
			fprintf(stderr, "fleetaudit: %s\n", e.msg);
		(void)unlink(rs);
	}
	free(d);
	free(from);
	free(to);
	free(rs);
	free(rp);
	free(text);
}

/* An Upload's signed headers (export/soapup.h) for a body of len bytes,
 * into h[0..3], h[4] NULL (caller frees).  0, or 1 (printed). */
static int
upload_auth(struct up *u, size_t len, char **h)
{
	struct soapup_auth	 a;
	struct fa_buf		 b = FA_BUF_INIT;
	struct fa_err		 e;
	char			*sig;
	int			 x;

	if (soapup_auth_new(u->fp, fa_wall(), (long long)len, &a, &e) != 0)
		return cmd_fail(EXIT_FAIL, "%s", e.msg);
	soapup_auth_bytes(&a, &b);
	x = key_secret_sign(u->sk, (const unsigned char *)b.s, b.len, a.sig,
	    &e);
	fa_buf_release(&b);
	if (x != 0)
		return cmd_fail(EXIT_FAIL, "%s", e.msg);
	sig = soap_b64_encode(a.sig, sizeof(a.sig));
	h[0] = fa_asprintf("%s: %s", SOAPUP_H_COLLECTOR, a.collector);
	h[1] = fa_asprintf("%s: %" PRId64, SOAPUP_H_TIME, a.time);
	h[2] = fa_asprintf("%s: %s", SOAPUP_H_NONCE, a.nonce);
	h[3] = fa_asprintf("%s: %s", SOAPUP_H_SIGNATURE, sig);
	h[4] = NULL;
	free(sig);
	return 0;
}

/* 0 sent, 1 stays (stop here), 2 refused (moved, go on). */
static int
send_one(struct up *u, const char *name)
{
	struct bundle_reader	*br = NULL;
	struct soap_resp	 resp;
	struct fa_err		 e;
	struct stat		 sb;
	char			*path, *rs, *rp = NULL, *sd = NULL, *body = NULL;
	unsigned char		*buf = NULL;
	char			*auth[5] = { NULL };
	int64_t			 tries, next;
	int			 fd = -1, rc = 1, x;
	ssize_t			 got;
	size_t			 off, i;

	memset(&resp, 0, sizeof(resp));
	path = fa_asprintf("%s/%s", u->outbox, name);
	rs = fa_asprintf("%s.retry", path);
	retry_read(rs, &tries, &next);
	if (u->automatic && next > fa_wall()) {
		rc = 1;		/* backing off: later ones wait too */
		goto out;
	}
	if (bundle_open(path, NULL, &br, &e) != 0) {
		cmd_fail(EXIT_FAIL, "%s", e.msg);
		outbox_move(u, name, OUTBOX_REFUSED, e.msg);
		rc = 2;
		goto out;
	}
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1 ||
	    fstat(fd, &sb) == -1 || sb.st_size <= 0) {
		cmd_fail(EXIT_FAIL, "cannot read '%s': %s", path,
		    strerror(errno));
		goto out;
	}
	if ((uint64_t)sb.st_size > (uint64_t)SOAP_UPLOAD_MAX / 4 * 3 - 4096) {
		/* It will never fit: carried by hand ("hub import"). */
		cmd_fail(EXIT_FAIL, "%s is larger than an Upload may carry "
		    "(%d MiB): moved to the refused bundles, carry it to the "
		    "hub by hand", name, SOAP_UPLOAD_MAX / 4 * 3 / 1048576);
		outbox_move(u, name, OUTBOX_REFUSED, "larger than an Upload "
		    "may carry: carry it to the hub ('hub import')");
		rc = 2;
		goto out;
	}
	buf = fa_malloc((size_t)sb.st_size);
	for (off = 0; off < (size_t)sb.st_size; off += (size_t)got)
		if ((got = read(fd, buf + off, (size_t)sb.st_size - off)) <=
		    0) {
			cmd_fail(EXIT_FAIL, "cannot read '%s'", path);
			goto out;
		}
	body = soap_upload_request(buf, (size_t)sb.st_size);
	FA_FREE(buf);
	/* Over SOAP_BODY_MAX the hub wants to know who sends before it takes
	 * the body; below, the bundle's own signature is enough (and a
	 * collector's clock need not be right to send it). */
	if (strlen(body) > SOAP_BODY_MAX && upload_auth(u, strlen(body),
	    auth) != 0)
		goto out;
	x = upload_call_with(&u->conf, SOAP_UPLOAD, (const char *const *)auth,
	    body, strlen(body), &resp, &e);
	for (i = 0; i < nitems(auth); i++)
		FA_FREE(auth[i]);
	if (x != 0 || (resp.fault && strcmp(resp.fault_code, "Client") != 0)) {
		const char *why = x != 0 ? e.msg : resp.fault_reason;

		retry_write(rs, tries + 1, why);
		cmd_fail(EXIT_FAIL, "%s stays in the outbox (try %lld): %s",
		    name, (long long)tries + 1, why);
		if (u->automatic)
			cmd_log(u->s, "upload: %s stays in the outbox (try "
			    "%lld): %s", name, (long long)tries + 1, why);
		goto out;
	}
	if (resp.fault) {
		cmd_fail(EXIT_FAIL, "hub refused bundle %s: %s", name,
		    resp.fault_reason);
		if (u->automatic)
			cmd_log(u->s, "upload: hub refused bundle %s: %s",
			    name, resp.fault_reason);
		outbox_move(u, name, OUTBOX_REFUSED, resp.fault_reason);
		rc = 2;
		goto out;
	}
	if (receipt_ok(u, resp.receipt, bundle_manifest(br), &e) != 0) {
		retry_write(rs, tries + 1, e.msg);
		cmd_fail(EXIT_FAIL, "%s stays in the outbox: the hub's receipt "
		    "does not verify: %s", name, e.msg);
		goto out;
	}
	sd = fa_asprintf("%s/%s", u->outbox, OUTBOX_SENT);
	rp = fa_asprintf("%s/%s.receipt", sd, bundle_manifest(br)->id);
	(void)mkdir(sd, 0700);
	if (fa_put_file(rp, "receipt", resp.receipt, strlen(resp.receipt),
	    0644, 1, &e) != 0) {
		cmd_fail(EXIT_FAIL, "%s", e.msg);
		goto out;
	}
	/* The receipt is kept: now the bundle may go. */
	if (unlink(path) == -1) {
		cmd_fail(EXIT_FAIL, "cannot remove '%s' from the outbox: %s",
		    path, strerror(errno));
		goto out;
	}
	(void)unlink(rs);
	say(u, "sent: %s (bundle %s, sequence %lld)%s; receipt %s", name,
	    bundle_manifest(br)->id, (long long)bundle_manifest(br)->sequence,
	    resp.already ? ", already imported" : "", rp);
	cmd_log(u->s, "upload: %s sent (bundle %s)%s", name,
	    bundle_manifest(br)->id, resp.already ? ", already imported" :
	    "");
	rc = 0;
out:
	if (fd != -1)
		close(fd);
	bundle_close(br);
	soap_resp_release(&resp);
	free(buf);
	free(body);
	free(path);
	free(rs);
	free(rp);
	free(sd);
	return rc;
}

/* What is new in the store as a bundle in the outbox, the same export
 * as "fleetaudit export bundle" (export/exporttx.c) with the site's
 * masking: 0 (written, or nothing new, or no store yet) or 1. */
static int
export_new(struct up *u)
{
	struct store	*st = NULL;
	struct exporttx	 x;
	struct fa_err	 e;
	struct stat	 sb;
	char		*masking = NULL;
	int		 rc, keep, quiet = u->automatic || u->s->quiet;

	memset(&x, 0, sizeof(x));
	if (stat(u->s->db, &sb) != 0) {
		if (!quiet)
			fprintf(stderr, "upload: no store '%s' yet: nothing to "
			    "export\n", u->s->db);
		return 0;
	}
	if ((rc = cmd_export_mask(u->s, &x.mask, &masking, &keep)) != 0 ||
	    (rc = cmd_open_store(u->s, 0, &st)) != 0)
		goto out;
	x.home = u->s->home;
	x.dir = u->outbox;
	x.since = EXPORTTX_LAST;
	x.sk = u->sk;
	x.hub = &u->hub;
	if (exporttx_run(&x, st, &e) != 0)
		rc = cmd_fail(EXIT_FAIL, "the export into the outbox failed: "
		    "%s; what is in the outbox is still sent", e.msg);
	else if (x.written)
		cmd_export_print(u->s, &x, masking, quiet);
out:
	if (rc != 0)
		rc = EXIT_FAIL;
	exporttx_release(&x);
	store_close(st);
	free(masking);
	return rc;
}

static int
open_keys(struct up *u)
{
	struct key_pass	*pass = NULL;
	struct fa_err	 e;
	char		*p;
	int		 rc;

	if ((rc = cmd_passphrase(u->s, &pass)) != 0)
		return rc;
	p = fa_asprintf("%s/hub.pub", u->s->home);
	rc = key_pub_read(p, KEY_HUB, &u->hub, &e);
	free(p);
	if (rc == 0) {
		p = fa_asprintf("%s/collector.key", u->s->home);
		rc = key_secret_read(p, pass, &u->sk, NULL, &e);
		free(p);
	}
	key_pass_free(pass);
	if (rc != 0)
		return cmd_fail(EXIT_FAIL, "%s (see 'fleetaudit keys')", e.msg);
	memset(&u->me, 0, sizeof(u->me));
	u->me.kind = KEY_COLLECTOR;
	memcpy(u->me.sign, key_secret_public(u->sk), KEY_BYTES);
	key_fingerprint(&u->me, u->fp);
	key_fingerprint(&u->hub, u->hub_fp);
	return 0;
}

int
cmd_upload_run(struct settings *s, const struct upload_exec *x,
    int automatic)
{
	static int	 inited;
	struct up	 u;
	struct fa_err	 e;
	char		**names = NULL;
	size_t		 n = 0, i;
	int		 rc, r, sent = 0, refused = 0, stay = 0;

	memset(&u, 0, sizeof(u));
	u.s = s;
	u.x = x != NULL ? x : &standalone;
	u.automatic = automatic;
	u.conf.url = s->hub_url;
	u.conf.cacert = s->cacert;
	u.conf.pin = s->pin;
	u.conf.proxy = s->proxy;
	if (upload_check(&u.conf, &e) != 0)
		return cmd_fail(EXIT_USAGE, "%s", e.msg);
	if (!inited) {
		if (upload_init(&e) != 0)
			return cmd_fail(EXIT_FAIL, "%s", e.msg);
		soap_init();
		inited = 1;
	}
	if ((rc = open_keys(&u)) != 0)
		goto out;
	u.outbox = fa_asprintf("%s/%s", s->home, OUTBOX);
	if (mkdir(u.outbox, 0700) == -1 && errno != EEXIST) {
		rc = cmd_fail(EXIT_FAIL, "cannot create '%s': %s", u.outbox,
		    strerror(errno));
		goto out;
	}
	rc = export_new(&u);
	names = outbox_list(u.outbox, &n);
	if (automatic && n > 0) {
		int64_t tries, next;
		char *rs = fa_asprintf("%s/%s.retry", u.outbox, names[0]);

		retry_read(rs, &tries, &next);
		free(rs);
		if (next > fa_wall())
			goto out;	/* backing off */
	}
	/* The hub is asked first: commands, and whether it is there. */
	if ((r = hello(&u)) != 0) {
		rc = r;
		if (n > 0) {
			char *rs = fa_asprintf("%s/%s.retry", u.outbox,
			    names[0]);
			int64_t tries, next;

			retry_read(rs, &tries, &next);
			retry_write(rs, tries + 1, "the hub could not be "
			    "reached or refused the hello");
			free(rs);
			fprintf(stderr, "fleetaudit: %zu bundles stay in the "
			    "outbox\n", n);
		}
		goto out;
	}
	for (i = 0; i < n; i++) {
		r = send_one(&u, names[i]);
		if (r == 0)
			sent++;
		else if (r == 2)
			refused++;
		else {
			stay = (int)(n - i);
			break;
		}
	}
	if (!automatic && !s->quiet)
		fprintf(stderr, "upload: %d sent, %d refused, %d in the "
		    "outbox\n", sent, refused, stay);
	if (refused > 0 || stay > 0)
		rc = EXIT_FAIL;
out:
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	free(u.outbox);
	key_secret_free(u.sk);
	return rc;
}

int
cmd_upload_hello(struct settings *s, const struct upload_exec *x)
{
	struct up	 u;
	struct fa_err	 e;
	int		 rc;

	memset(&u, 0, sizeof(u));
	u.s = s;
	u.x = x;
	u.automatic = 1;
	u.conf.url = s->hub_url;
	u.conf.cacert = s->cacert;
	u.conf.pin = s->pin;
	u.conf.proxy = s->proxy;
	if (upload_check(&u.conf, &e) != 0)
		return cmd_fail(EXIT_USAGE, "%s", e.msg);
	soap_init();
	if ((rc = open_keys(&u)) == 0)
		rc = hello(&u);
	key_secret_free(u.sk);
	return rc;
}

int
cmd_upload(int argc, char *argv[])
{
	struct settings	 s;
	struct strv	 pos = { NULL, 0 };
	int		 rc;

	if ((rc = cmd_setup("upload", argc, argv, &s, &pos)) != 0) {
		rc = rc == CMD_HELPED ? EXIT_OK : rc;
		goto out;
	}
	if (pos.n != 0) {
		rc = cmd_fail(EXIT_USAGE, "upload takes no arguments");
		goto out;
	}
	rc = cmd_upload_run(&s, NULL, 0);
out:
	free(pos.v);
	settings_release(&s);
	return rc;
}
