/*
 * hubweb.c: the hub's web view (see hubweb.h, docs/web.md).
 *
 * Each worker thread of libmicrohttpd keeps a store connection of its own
 * (a struct hubstore is not thread-safe), opened on its first request
 * and again after an error (PostgreSQL may have restarted): connecting to
 * PostgreSQL for every request would cost more than most pages.
 *
 * Pages are rendered from templates/web-*.html by the logic-less engine,
 * which escapes every value, so nothing a device reports becomes markup.
 * No page loads anything (CSS inline, charts inline SVG, no script), and
 * every answer carries a CSP of default-src 'none' plus inline style.
 *
 * Sessions: an HttpOnly, Secure, SameSite=Strict cookie with a __Host-
 * name (no Domain, Path=/) holds a random token; its session has a CSRF
 * token of its own, in a hidden field of every form (logout).  The login
 * form, before any session, uses a double-submit pair: a random token in
 * a __Host- cookie and the same in the form, compared in constant time;
 * with SameSite=Strict and a check of what the browser says of the
 * form's origin (Sec-Fetch-Site, Origin), another site cannot post a
 * login.  POST is taken on /login and /logout only.
 *
 * A password check (Argon2id, export/hub/hubusers.c) takes 64 MiB and a
 * core for a fraction of a second: at most login_slots of them run at
 * once (export/hub/hubslots.h), whatever the number of requests, so a
 * burst of logins cannot take the hub's memory.  A login that finds no
 * slot within HUBWEB_LOGIN_WAIT_MS is answered 503 with Retry-After,
 * before its attempt is counted: being turned away for load costs the
 * user nothing against the login limit.
 *
 * An account user asking for another account's page or device gets the
 * same 404 as for one that does not exist: the answer tells nothing of
 * what other accounts hold.
 *
 * This file routes and fills templates: the pages ask the store for
 * rows (hubstore.h's readers, export/hub/hubstore_read.c), never SQL;
 * the meter chart's geometry is export/hub/hubchart.c's and the report's
 * period export/period.c's, as "report" reckons them.  Account pages read
 * no per-scan rows: devices a page at a time (hubstore_device_list(), the
 * one reader of an account's devices), sites, and the alerts and
 * cartridges, one record each.  One is current when the device's newest
 * scan of its part saw it (devices.errors_scan, supplies_scan, kept by
 * the import: "run" reads errors, supplies and meters on intervals of
 * their own, as the report does).  The device page reads all of one
 * device's records (hubstore_device_history()).
 */
#include <sys/socket.h>

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <netdb.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../../cli/plat.h"
#include "hubattention.h"
#include "hubaudit.h"
#include "hubchart.h"
#include "hubdb.h"
#include "hubmeters.h"
#include "hubreport.h"
#include "hubslots.h"
#include "hubstore.h"
#include "hubsupply.h"
#include "hubtriage.h"
#include "hubusers.h"
#include "hubweb.h"
#include "../period.h"
#include "rdlstore.h"
#include "../report.h"
#include "../report_html.h"
#include "../report_inputs.h"
#include "../report_xlsx.h"
#include "../template.h"

#define CSP	"default-src 'none'; style-src 'unsafe-inline'; " \
		"img-src data:; form-action 'self'; frame-ancestors 'none'; " \
		"base-uri 'none'"
/* The hub serves HTTPS only: browsers are told to keep to it (a year,
 * RFC 6797). */
#define HSTS	"max-age=31536000"
#define SESSION_COOKIE	"__Host-fa_session"
#define LOGIN_COOKIE	"__Host-fa_login"
#define COOKIE_FLAGS	"; Path=/; Secure; HttpOnly; SameSite=Strict"
#define LOGIN_COOKIE_S	900	/* the login form's token lives (s) */
#define FORM_FIELDS	8	/* fields of a form read */
#define COOKIES_MAX	4	/* Set-Cookie headers of one answer */
#define XLSX_MAX	(256 * 1024 * 1024)	/* bytes of a report read */
#define XLSX_TYPE	"application/vnd.openxmlformats-officedocument." \
			"spreadsheetml.sheet"

struct hubweb {
	char		*dir;
	void		(*log)(void *, const char *);
	void		*log_arg;
	pthread_key_t	 store;		/* each thread's hubstore */
	struct hubslots	*login;		/* password checks at once */
	struct hubtriage *triage;	/* kept per import */
};

/* One request. */
struct wreq {
	struct hubweb		*w;
	struct MHD_Connection	*c;
	const char		*url, *method, *body;
	size_t			 len;
	struct hubstore		*hs;
	struct hubdb		*db;
	struct hubusers_session	 s;
	int			 session;	/* s is set */
	int			 broken;	/* store error: reconnect */
	char			 addr[1025];	/* NI_MAXHOST */
	char			*cookies[COOKIES_MAX];
	int			 ncookies;
	const char		*disposition;	/* Content-Disposition */
	const char		*location;	/* Location */
	int64_t			 retry_after;	/* s, of a 429 or 503 */
	/* the triage the page read: 0 none, 1 current, 2 an older one
	 * (the thread computes the current one); when it was made */
	int			 triage;
	int64_t			 triage_at;
};

static void
wlog(struct hubweb *w, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
thread_store_close(void *hs)
{
	hubstore_close(hs);
}

static void
wlog(struct hubweb *w, const char *fmt, ...)
{
	char	buf[512];
	va_list	ap;

	if (w->log == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	w->log(w->log_arg, buf);
}

struct hubweb *
hubweb_new(const char *dir, unsigned login_slots,
    void (*log)(void *, const char *), void *arg)
{
	struct hubweb	*w = fa_calloc(1, sizeof(*w));

	w->dir = fa_strdup(dir);
	w->login = hubslots_new(login_slots > 0 ? login_slots :
	    HUBWEB_LOGIN_SLOTS);
	w->log = log;
	w->log_arg = arg;
	w->triage = hubtriage_new();
	if (pthread_key_create(&w->store, thread_store_close) != 0)
		fa_bug("hubweb_new: no thread-specific key left");
	{	/* no page waits for an account's triage: a thread makes it */
		struct fa_err	e;

		if (hubtriage_start(w->triage, dir, &e) != 0)
			wlog(w, "web: %s", e.msg);
	}
	return w;
}

void
hubweb_imported(struct hubweb *w)
{
	if (w != NULL)
		hubtriage_kick(w->triage);
}

void
hubweb_free(struct hubweb *w)
{
	if (w == NULL)
		return;
	(void)pthread_key_delete(w->store);
	hubtriage_free(w->triage);
	hubslots_free(w->login);
	free(w->dir);
	free(w);
}

/* ---- answers ---- */

static void
set_cookie(struct wreq *r, const char *name, const char *value, int max_age)
{
	if (r->ncookies == COOKIES_MAX)
		fa_bug("set_cookie: more than %d cookies", COOKIES_MAX);
	if (max_age >= 0)
		r->cookies[r->ncookies++] = fa_asprintf("%s=%s%s; Max-Age=%d",
		    name, value, COOKIE_FLAGS, max_age);
	else
		r->cookies[r->ncookies++] = fa_asprintf("%s=%s%s", name, value,
		    COOKIE_FLAGS);
}

/* Queues buf (len bytes, freed here) with the security headers. */
static enum MHD_Result
respond(struct wreq *r, unsigned status, const char *type, void *buf,
    size_t len)
{
	struct MHD_Response	*resp;
	enum MHD_Result		 rc;
	int			 i;

	resp = MHD_create_response_from_buffer(len, buf,
	    MHD_RESPMEM_MUST_FREE);
	if (resp == NULL) {
		free(buf);
		return MHD_NO;
	}
	(void)MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE,
	    type);
	(void)MHD_add_response_header(resp, "Content-Security-Policy", CSP);
	(void)MHD_add_response_header(resp, "X-Content-Type-Options",
	    "nosniff");
	(void)MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
	(void)MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	(void)MHD_add_response_header(resp, "Cache-Control", "no-store");
	(void)MHD_add_response_header(resp, "Strict-Transport-Security",
	    HSTS);
	for (i = 0; i < r->ncookies; i++)
		(void)MHD_add_response_header(resp, "Set-Cookie",
		    r->cookies[i]);
	if (r->disposition != NULL)
		(void)MHD_add_response_header(resp, "Content-Disposition",
		    r->disposition);
	if (r->location != NULL)
		(void)MHD_add_response_header(resp, "Location", r->location);
	if (r->triage != 0)
		(void)MHD_add_response_header(resp, "X-Triage",
		    r->triage == 1 ? "fresh" : "stale");
	if (status == MHD_HTTP_TOO_MANY_REQUESTS ||
	    (status == MHD_HTTP_SERVICE_UNAVAILABLE && r->retry_after > 0)) {
		char	ra[24];

		snprintf(ra, sizeof(ra), "%lld", (long long)(r->retry_after > 0 ?
		    r->retry_after : 900));
		(void)MHD_add_response_header(resp, "Retry-After", ra);
	}
	rc = MHD_queue_response(r->c, status, resp);
	MHD_destroy_response(resp);
	return rc;
}

static enum MHD_Result
see_other(struct wreq *r, const char *where)
{
	r->location = where;
	return respond(r, MHD_HTTP_SEE_OTHER, "text/plain; charset=utf-8",
	    fa_strdup(""), 0);
}

/* Renders template name with root (freed here), title set, the user's
 * name and CSRF token given to the header's logout form. */
static enum MHD_Result
page(struct wreq *r, unsigned status, const char *name, const char *title,
    struct tpl_node *root)
{
	struct tpl_node	*u;
	struct fa_buf	 out = FA_BUF_INIT;
	struct fa_err	 e;
	size_t		 len;

	tpl_set(root, "title", title);
	if (r->triage == 2) {
		char	when[32];

		fa_iso8601(r->triage_at, when, sizeof(when));
		tpl_set(root, "triage_old", when);
	}
	if (r->session) {
		u = tpl_child(root, "user");
		tpl_set(u, "name", r->s.name);
		tpl_set(u, "csrf", r->s.csrf);
		if (r->s.admin)
			tpl_set(u, "admin", "1");
	}
	if (tpl_render(name, root, &out, &e) != 0) {
		tpl_free(root);
		fa_buf_release(&out);
		wlog(r->w, "web: %s", e.msg);
		return respond(r, MHD_HTTP_INTERNAL_SERVER_ERROR,
		    "text/plain; charset=utf-8", fa_strdup("internal error\n"),
		    strlen("internal error\n"));
	}
	tpl_free(root);
	len = out.len;
	return respond(r, status, "text/html; charset=utf-8",
	    fa_buf_steal(&out), len);
}

static enum MHD_Result
fail(struct wreq *r, unsigned status, const char *heading, const char *msg)
{
	struct tpl_node	*root = tpl_obj();

	tpl_set(root, "heading", heading);
	tpl_set(root, "message", msg);
	return page(r, status, "web-error.html", heading, root);
}

/* The same for a page that does not exist and one not for this user. */
static enum MHD_Result
not_found(struct wreq *r)
{
	return fail(r, MHD_HTTP_NOT_FOUND, "Not found",
	    "There is no such page.");
}

static enum MHD_Result
store_fail(struct wreq *r, const struct fa_err *e)
{
	r->broken = 1;
	wlog(r->w, "web: %s %s: %s", r->method, r->url, e->msg);
	return fail(r, MHD_HTTP_INTERNAL_SERVER_ERROR, "The hub cannot answer",
	    "The hub's store could not be read: try again; if it goes on, "
	    "the hub's log says why.");
}

/* ---- values ---- */

static void
set_date(struct tpl_node *o, const char *k, int64_t t)
{
	char	buf[32];

	if (t <= 0)
		return;
	fa_iso8601(t, buf, sizeof(buf));
	/* "2026-11-25T15:02:37Z" -> "2026-11-25 15:02" */
	if (strlen(buf) >= 16) {
		buf[10] = ' ';
		buf[16] = '\0';
	}
	tpl_set(o, k, buf);
}

static void
set_int(struct tpl_node *o, const char *k, int64_t v)
{
	tpl_setf(o, k, "%" PRId64, v);
}

/* "critical", "warning" or "other": a CSS class from a fixed set. */
/* A number shown: with thousands separators ("12,345"). */
static void
set_num(struct tpl_node *o, const char *k, int64_t v)
{
	char	buf[40];

	tpl_set(o, k, report_words_num(v, buf, sizeof(buf)));
}

/*
 * A value read at t: "KEY_age" ("3 d old") when older than interval s,
 * the collector's default scan interval of its kind (docs/web.md): it
 * is stale, the device has not been read as often as it should be.
 */
static void
set_stale(struct tpl_node *o, const char *k, int64_t t, int64_t interval,
    int64_t now)
{
	char	key[32], buf[32];

	if (t <= 0 || now - t <= interval)
		return;
	snprintf(key, sizeof(key), "%s_age", k);
	tpl_set(o, key, report_words_age(now - t, buf, sizeof(buf)));
}

static const char *
sev_class(const char *sev)
{
	if (sev != NULL && strcmp(sev, "critical") == 0)
		return "critical";
	if (sev != NULL && strncmp(sev, "warning", 7) == 0)
		return "warning";
	return "other";
}

static int
sev_rank(const char *sev)
{
	const char *c = sev_class(sev);

	return strcmp(c, "critical") == 0 ? 0 : strcmp(c, "warning") == 0 ?
	    1 : 2;
}

/* ---- form and cookies ---- */

static int
hexval(int c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ?
	    c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* application/x-www-form-urlencoded s[0..n) decoded into a new string. */
static char *
form_decode(const char *s, size_t n)
{
	char	*out = fa_malloc(n + 1);
	size_t	 i, j = 0;

	for (i = 0; i < n; i++) {
		if (s[i] == '+')
			out[j++] = ' ';
		else if (s[i] == '%' && i + 2 < n &&
		    hexval((unsigned char)s[i + 1]) >= 0 &&
		    hexval((unsigned char)s[i + 2]) >= 0) {
			out[j++] = (char)(hexval((unsigned char)s[i + 1]) * 16 +
			    hexval((unsigned char)s[i + 2]));
			i += 2;
		} else
			out[j++] = s[i];
	}
	out[j] = '\0';
	return out;
}

/* The value of field key in the request's form body; caller frees; NULL
 * when missing.  A NUL decoded from %00 ends the value. */
static char *
form_get(const struct wreq *r, const char *key)
{
	const char	*p = r->body, *end = r->body + r->len, *amp, *eq;
	size_t		 klen = strlen(key);
	int		 fields = 0;

	if (p == NULL)
		return NULL;
	while (p < end && fields++ < FORM_FIELDS) {
		amp = memchr(p, '&', (size_t)(end - p));
		if (amp == NULL)
			amp = end;
		eq = memchr(p, '=', (size_t)(amp - p));
		if (eq != NULL && (size_t)(eq - p) == klen &&
		    memcmp(p, key, klen) == 0)
			return form_decode(eq + 1, (size_t)(amp - eq - 1));
		p = amp + 1;
	}
	return NULL;
}

static const char *
cookie(const struct wreq *r, const char *name)
{
	return MHD_lookup_connection_value(r->c, MHD_COOKIE_KIND, name);
}

/* ---- login, logout ---- */

static enum MHD_Result
login_form(struct wreq *r, unsigned status, const char *msg,
    const char *name)
{
	struct tpl_node	*root = tpl_obj();
	char		 tok[HUBUSERS_TOKEN_HEX + 1];

	hubusers_token(tok);
	set_cookie(r, LOGIN_COOKIE, tok, LOGIN_COOKIE_S);
	tpl_set(root, "login_csrf", tok);
	tpl_set(root, "message", msg);
	tpl_set(root, "login_name", name);
	return page(r, status, "web-login.html", "Log in", root);
}

/*
 * Whether a POST comes from this site's own page, as far as the browser
 * says: Sec-Fetch-Site, when sent, must be "same-origin"; Origin, when
 * sent and not "null" (what a browser sends under Referrer-Policy
 * no-referrer), must be this host.  Clients that send neither (curl)
 * still need the CSRF token.
 */
static int
same_origin(const struct wreq *r)
{
	const char	*o, *h, *f;

	f = MHD_lookup_connection_value(r->c, MHD_HEADER_KIND,
	    "Sec-Fetch-Site");
	if (f != NULL && strcmp(f, "same-origin") != 0)
		return 0;
	o = MHD_lookup_connection_value(r->c, MHD_HEADER_KIND, "Origin");
	if (o == NULL || strcmp(o, "null") == 0)
		return 1;
	h = MHD_lookup_connection_value(r->c, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_HOST);
	return h != NULL && strncmp(o, "https://", 8) == 0 &&
	    strcmp(o + 8, h) == 0;
}

static enum MHD_Result
refused_form(struct wreq *r)
{
	wlog(r->w, "web: %s %s from %s refused: no or wrong CSRF token, or "
	    "another origin", r->method, r->url, r->addr);
	return fail(r, MHD_HTTP_FORBIDDEN, "Form refused",
	    "This form was not sent from this site's page, or the page is "
	    "too old: go back, reload it and try again.");
}

static enum MHD_Result
login_post(struct wreq *r)
{
	char		*csrf = form_get(r, "csrf");
	char		*name = form_get(r, "name");
	char		*pass = form_get(r, "password");
	char		 tok[HUBUSERS_TOKEN_HEX + 1];
	const char	*ck = cookie(r, LOGIN_COOKIE), *who;
	struct fa_err	 e;
	int64_t		 uid, wait, now = fa_wall();
	int		 x, slot = 0;
	enum MHD_Result	 rc;
	char		 msg[160];

	if (!same_origin(r) || csrf == NULL || ck == NULL ||
	    !hubusers_same(csrf, ck)) {
		rc = refused_form(r);
		goto out;
	}
	if (name == NULL || pass == NULL || *name == '\0' ||
	    strlen(name) > HUBUSERS_NAME_MAX) {
		rc = login_form(r, MHD_HTTP_OK, "Give your name and password.",
		    NULL);
		goto out;
	}
	/* the log shows only what a name may hold (no line breaks) */
	who = hubusers_name_check(name, &e) == 0 ? name : "(not a name)";
	if (!hubslots_take(r->w->login, HUBWEB_LOGIN_WAIT_MS)) {
		wlog(r->w, "web: login of '%s' from %s refused: busy, %u "
		    "password checks running", who, r->addr,
		    hubslots_busy(r->w->login, NULL));
		r->retry_after = HUBWEB_LOGIN_RETRY_S;
		rc = login_form(r, MHD_HTTP_SERVICE_UNAVAILABLE, "The hub is "
		    "busy with other logins: try again in a few seconds.",
		    name);
		goto out;
	}
	slot = 1;
	/* The attempt is reserved before the password is hashed: a burst of
	 * requests cannot pass the limit while the first ones are checked. */
	if (hubusers_attempt(r->db, name, r->addr, now, &wait, &e) != 0) {
		rc = store_fail(r, &e);
		goto out;
	}
	if (wait > 0) {
		wlog(r->w, "web: login of '%s' from %s refused: too many "
		    "failures, next in %lld s", who, r->addr, (long long)wait);
		snprintf(msg, sizeof(msg), "Too many failed logins from this "
		    "address: try again in %lld seconds.", (long long)wait);
		r->retry_after = wait;
		rc = fail(r, MHD_HTTP_TOO_MANY_REQUESTS,
		    "Too many failed logins", msg);
		goto out;
	}
	if ((x = hubusers_login(r->db, name, pass, &uid, &e)) == -1) {
		rc = store_fail(r, &e);
		goto out;
	}
	if (x == 1) {
		wlog(r->w, "web: login of '%s' from %s failed", who, r->addr);
		rc = login_form(r, MHD_HTTP_OK, "Wrong name or password.",
		    name);
		goto out;
	}
	if (hubusers_succeeded(r->db, name, r->addr, &e) != 0) {
		rc = store_fail(r, &e);
		goto out;
	}
	if (hubusers_session_new(r->db, uid, now, tok, &e) != 0) {
		rc = store_fail(r, &e);
		goto out;
	}
	set_cookie(r, SESSION_COOKIE, tok, -1);
	set_cookie(r, LOGIN_COOKIE, "", 0);
	wlog(r->w, "web: '%s' logged in from %s", name, r->addr);
	rc = see_other(r, "/accounts");
out:
	if (slot)
		hubslots_give(r->w->login);
	free(csrf);
	free(name);
	if (pass != NULL) {
		fa_wipe(pass, strlen(pass));
		free(pass);
	}
	return rc;
}

static enum MHD_Result
logout(struct wreq *r)
{
	char		*csrf;
	struct fa_err	 e;

	if (!r->session)
		return see_other(r, "/login");
	csrf = form_get(r, "csrf");
	if (!same_origin(r) || csrf == NULL || !hubusers_same(csrf,
	    r->s.csrf)) {
		free(csrf);
		return refused_form(r);
	}
	free(csrf);
	if (hubusers_session_end(r->db, cookie(r, SESSION_COOKIE), &e) != 0)
		return store_fail(r, &e);
	wlog(r->w, "web: '%s' logged out", r->s.name);
	r->session = 0;
	set_cookie(r, SESSION_COOKIE, "", 0);
	return see_other(r, "/login");
}

/* ---- accounts ---- */

/* The accounts this user may see: all for a dealer admin. */
static int64_t
viewer(const struct wreq *r)
{
	return r->s.admin ? HUBSTORE_EVERY_ACCOUNT : r->s.user_id;
}

static void	audit(struct wreq *, int64_t, const char *, const char *);

static void
accounts_free(struct hubstore_accrow *v, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		hubstore_accrow_release(&v[i]);
	free(v);
}

/*
 * The triage (export/hub/hubtriage.c: the needs-attention rows, as "hub
 * attention" with its defaults and the hub's attention.conf, and the
 * device lists' columns) of the accounts acc[0..nacc), kept per import:
 * tv[i] is acc[i]'s (a reference each; triage_put() gives them back).
 */
static int
triage_one(struct wreq *r, int64_t id, const char *name, int64_t now,
    struct hubtriage_acc **out, struct fa_err *e)
{
	int	rc;

	if ((rc = hubtriage_get(r->w->triage, r->hs, r->w->dir, id, name,
	    now, out, e)) < 0)
		return -1;
	if (rc == 1 || r->triage == 0)
		r->triage = rc == 1 ? 2 : 1;
	if (rc == 1 && (r->triage_at == 0 || (*out)->computed < r->triage_at))
		r->triage_at = (*out)->computed;
	return 0;
}

static int
triage_get(struct wreq *r, const struct hubstore_accrow *acc, size_t nacc,
    struct hubtriage_acc ***tv, struct fa_err *e)
{
	int64_t	now = fa_wall();
	size_t	i;

	*tv = fa_calloc(nacc + 1, sizeof(**tv));
	for (i = 0; i < nacc; i++)
		if (triage_one(r, acc[i].id, acc[i].name, now, &(*tv)[i],
		    e) != 0)
			return -1;
	return 0;
}

static void
triage_put(struct wreq *r, struct hubtriage_acc **tv, size_t n)
{
	size_t	i;

	for (i = 0; tv != NULL && i < n; i++)
		hubtriage_put(r->w->triage, tv[i]);
	free(tv);
}

/* The accounts this user may see, with what needs attention in each
 * (counted from the rows of /attention, linked there). */
static enum MHD_Result
accounts_page(struct wreq *r)
{
	struct tpl_node		*root, *it;
	struct hubstore_accrow	*rows;
	struct hubtriage_acc	**tv;
	const struct hubattention_count *c;
	struct fa_err		 e;
	size_t			 n, i;

	if (hubstore_account_list(r->hs, viewer(r), HUBATTENTION_ACCOUNTS_MAX,
	    HUBSTORE_ACC_COUNTS, &rows, &n, &e) != 0)
		return store_fail(r, &e);
	if (triage_get(r, rows, n, &tv, &e) != 0) {
		triage_put(r, tv, n);
		accounts_free(rows, n);
		return store_fail(r, &e);
	}
	root = tpl_obj();
	for (i = 0; i < n; i++) {
		it = tpl_item(root, "accounts");
		tpl_set(it, "account", rows[i].name);
		set_num(it, "sites", rows[i].sites);
		set_num(it, "devices", rows[i].devices);
		set_date(it, "last_import", rows[i].last_import);
		c = &tv[i]->count;
		set_num(it, "errors", c->errors);
		set_num(it, "supplies", c->supplies);
		set_num(it, "silent", c->silent);
		set_num(it, "anomalies", c->anomalies);
		if (c->errors + c->supplies + c->silent + c->anomalies > 0)
			tpl_set(it, "attention", "1");
		tpl_set(root, "any", "1");
	}
	triage_put(r, tv, n);
	accounts_free(rows, n);
	return page(r, MHD_HTTP_OK, "web-accounts.html", "Accounts", root);
}

/* The needs-attention list of the accounts this user may see, or of the
 * one named by ?account= (404 when not one of them), most urgent first,
 * at most HUBWEB_LIST_MAX rows. */
static enum MHD_Result
attention_page(struct wreq *r)
{
	struct tpl_node		*root, *it;
	struct hubattention_row	*rows = NULL;
	struct hubstore_accrow	*acc = NULL;
	struct hubtriage_acc	**tv;
	struct fa_err		 e;
	const char		*only;
	size_t			 nacc = 0, nuse, n = 0, i, j;

	only = MHD_lookup_connection_value(r->c, MHD_GET_ARGUMENT_KIND,
	    "account");
	if (hubstore_account_list(r->hs, viewer(r), HUBATTENTION_ACCOUNTS_MAX,
	    0, &acc, &nacc, &e) != 0)
		return store_fail(r, &e);
	if (only != NULL) {
		for (i = 0; i < nacc && strcmp(acc[i].name, only) != 0; i++)
			;
		if (i == nacc) {
			accounts_free(acc, nacc);
			return not_found(r);
		}
		if (i > 0) {	/* that one first, alone */
			struct hubstore_accrow t = acc[0];

			acc[0] = acc[i];
			acc[i] = t;
		}
	}
	nuse = only != NULL ? 1 : nacc;	/* the one asked for is first */
	if (triage_get(r, acc, nuse, &tv, &e) != 0) {
		triage_put(r, tv, nuse);
		accounts_free(acc, nacc);
		return store_fail(r, &e);
	}
	/* the rows of every account (borrowed from tv), most urgent first */
	for (i = 0; i < nuse; i++)
		n += tv[i]->nrows;
	rows = fa_calloc(n + 1, sizeof(*rows));
	for (i = 0, n = 0; i < nuse; i++)
		for (j = 0; j < tv[i]->nrows; j++)
			rows[n++] = tv[i]->rows[j];
	hubattention_sort(rows, n);
	audit(r, only != NULL ? acc[0].id : 0, "view", "needs attention");
	root = tpl_obj();
	if (only != NULL)
		tpl_set(root, "account", only);
	for (i = 0; i < n && i < HUBWEB_LIST_MAX; i++) {
		it = tpl_item(root, "items");
		tpl_set(it, "kind", hubattention_kind_name(rows[i].kind));
		tpl_set(it, "account", rows[i].account);
		tpl_set(it, "site", rows[i].site != NULL ? rows[i].site :
		    rows[i].collector);
		set_int(it, "dev", rows[i].hub_id);
		tpl_set(it, "address", rows[i].address);
		tpl_set(it, "serial", rows[i].serial);
		tpl_set(it, "location", rows[i].location);
		tpl_set(it, "detail", rows[i].detail);
		set_date(it, "since", rows[i].since);
		tpl_set(root, "any", "1");
	}
	if (n > HUBWEB_LIST_MAX)
		set_num(root, "more", (int64_t)(n - HUBWEB_LIST_MAX));
	free(rows);	/* the strings are tv's */
	triage_put(r, tv, nuse);
	accounts_free(acc, nacc);
	return page(r, MHD_HTTP_OK, "web-attention.html", only != NULL ?
	    "Needs attention: account" : "Needs attention", root);
}

static int	account_for(struct wreq *, const char *, int64_t *,
		    struct fa_err *);

/* Records that this user viewed or downloaded account aid's data (0:
 * across accounts); a failure is logged, the page still served. */
static void
audit(struct wreq *r, int64_t aid, const char *action, const char *detail)
{
	struct fa_err	e;

	if (hubaudit_add(r->db, fa_wall(), r->s.name, r->addr, aid, action,
	    detail, &e) != 0) {
		r->broken = 1;
		wlog(r->w, "web: cannot record access of '%s': %s", r->s.name,
		    e.msg);
	}
}

/* The access log, newest first (dealer admins only; others get 404). */
static enum MHD_Result
audit_page(struct wreq *r)
{
	struct tpl_node		*root, *it;
	struct hubaudit_row	*rows = NULL;
	struct fa_err		 e;
	size_t			 n = 0, i;

	if (!r->s.admin)
		return not_found(r);
	if (hubaudit_list(r->db, NULL, HUBWEB_AUDIT_MAX, &rows, &n, &e) != 0)
		return store_fail(r, &e);
	root = tpl_obj();
	for (i = 0; i < n; i++) {
		it = tpl_item(root, "rows");
		set_date(it, "time", rows[i].time);
		tpl_set(it, "who", rows[i].who);
		tpl_set(it, "address", rows[i].address);
		tpl_set(it, "account", rows[i].account);
		tpl_set(it, "action", rows[i].action);
		tpl_set(it, "detail", rows[i].detail);
		tpl_set(root, "any", "1");
		hubaudit_row_release(&rows[i]);
	}
	free(rows);
	return page(r, MHD_HTTP_OK, "web-audit.html", "Access log", root);
}

/* The cartridges to ship for account name (export/hub/hubsupply.c): listing
 * records the first suggestions, as "hub supplies" does; a dealer admin
 * gets a button per cartridge to mark it ordered (order_post()). */
static enum MHD_Result
orders_page(struct wreq *r, const char *name)
{
	struct hubsupply_opts	 o = { HUBSUPPLY_THRESHOLD, HUBSUPPLY_DAYS,
		fa_wall(), 0 };
	struct hubsupply_row	*rows = NULL;
	struct tpl_node		*root, *it;
	struct fa_err		 e;
	int64_t			 aid;
	size_t			 n = 0, i;
	int			 x;
	char			*title;
	enum MHD_Result		 res;

	if ((x = account_for(r, name, &aid, &e)) != 0)
		return x < 0 ? store_fail(r, &e) : not_found(r);
	audit(r, aid, "view", "supply orders");
	if (hubsupply_scan(r->hs, name, &o, &rows, &n, &e) != 0)
		return store_fail(r, &e);
	root = tpl_obj();
	tpl_set(root, "account", name);
	for (i = 0; i < n && i < HUBWEB_LIST_MAX; i++) {
		it = tpl_item(root, "orders");
		set_int(it, "id", rows[i].id);
		tpl_set(it, "part", rows[i].part_number);
		set_int(it, "quantity", rows[i].quantity);
		tpl_set(it, "description", rows[i].description);
		tpl_set(it, "reason", rows[i].reason);
		tpl_set(it, "serial", rows[i].serial);
		tpl_set(it, "location", rows[i].location);
		tpl_set(it, "site", rows[i].site != NULL ? rows[i].site :
		    rows[i].collector);
		if (r->s.admin) {
			tpl_set(it, "admin", "1");
			tpl_set(it, "csrf", r->s.csrf);
			tpl_set(it, "account", name);
		}
		tpl_set(root, "any", "1");
	}
	for (i = 0; i < n; i++)
		hubsupply_row_release(&rows[i]);
	free(rows);
	title = fa_asprintf("%s: supply orders", name);
	res = page(r, MHD_HTTP_OK, "web-orders.html", title, root);
	free(title);
	return res;
}

/* A dealer admin marks suggestion "id" of account name ordered. */
static enum MHD_Result
order_post(struct wreq *r, const char *name)
{
	struct fa_err	 e;
	char		*csrf = form_get(r, "csrf"), *id = form_get(r, "id");
	char		*where;
	long long	 n;
	int64_t		 aid;
	int		 x, ok = same_origin(r) && csrf != NULL &&
			    hubusers_same(csrf, r->s.csrf);
	enum MHD_Result	 res;

	free(csrf);
	if (!ok) {
		free(id);
		return refused_form(r);
	}
	if ((x = account_for(r, name, &aid, &e)) != 0) {
		free(id);
		return x < 0 ? store_fail(r, &e) : not_found(r);
	}
	if (!r->s.admin) {
		free(id);
		return fail(r, MHD_HTTP_FORBIDDEN, "Not allowed",
		    "Only a dealer admin marks supplies ordered.");
	}
	x = id == NULL || fa_strtonum(id, 1, INT64_MAX, &n, "id", &e) != 0 ?
	    1 : hubsupply_order(r->hs, name, n, r->s.name, fa_wall(), &e);
	free(id);
	if (x < 0)
		return store_fail(r, &e);
	if (x == 1)
		return fail(r, MHD_HTTP_CONFLICT, "Not ordered",
		    "That cartridge is not waiting for an order.");
	wlog(r->w, "web: '%s' marked supply suggestion %lld of '%s' ordered",
	    r->s.name, n, name);
	where = fa_asprintf("supply suggestion %lld", n);
	audit(r, aid, "order", where);
	free(where);
	where = fa_asprintf("/accounts/%s/orders", name);
	res = see_other(r, where);
	free(where);
	return res;
}

/* The id of account name when this user may see it: 0 (*id set), 1 not
 * found or not for this user (the same to the user), -1 error. */
static int
account_for(struct wreq *r, const char *name, int64_t *id, struct fa_err *e)
{
	struct fa_err	e2;
	int		may, x;

	if (hubstore_account_check(name, &e2) != 0)
		return 1;
	if ((x = hubstore_account_find(r->hs, name, id, e)) != 0)
		return x;
	if (hubusers_may(r->db, &r->s, *id, &may, e) != 0)
		return -1;
	return may ? 0 : 1;
}

static int
sites_part(struct wreq *r, int64_t aid, struct tpl_node *root,
    struct fa_err *e)
{
	struct hubstore_siterow	*v;
	struct tpl_node		*it;
	size_t			 n, i;

	if (hubstore_site_list(r->hs, aid, &v, &n, e) != 0)
		return -1;
	for (i = 0; i < n; i++) {
		it = tpl_item(root, "sites");
		/* by its name (hub trust add --name), else its key's */
		tpl_set(it, "site", v[i].name != NULL ? v[i].name :
		    v[i].fingerprint);
		set_num(it, "devices", v[i].devices);
		set_date(it, "first_import", v[i].first_import);
		set_date(it, "last_import", v[i].last_import);
		set_num(it, "sequence", v[i].last_sequence);
		hubstore_siterow_release(&v[i]);
	}
	free(v);
	set_num(root, "nsites", (int64_t)n);
	return 0;
}

/* The collector's default scan intervals (docs/web.md): a value older
 * than its kind's is marked stale. */
#define STALE_ERRORS	3600		/* status */
#define STALE_ATTRS	86400		/* location */
#define STALE_METERS	86400		/* page count */
#define STALE_SUPPLIES	(4 * 3600)	/* lowest supply */

/* One device's columns from its triage (export/hub/hubtriage.c). */
static void
device_cols(struct tpl_node *it, const struct hubstore_devrow *d,
    const struct hubtriage_dev *x, int64_t now)
{
	char	buf[96], *words;

	set_stale(it, "last_seen", d->last_seen, STALE_METERS, now);
	if (x == NULL)
		return;
	words = report_words_bits(x->status);	/* "Paper jam", not "jammed" */
	tpl_set(it, "status", words);
	free(words);
	set_stale(it, "status", x->last_seen, STALE_ERRORS, now);
	tpl_set(it, "location", x->location);
	set_stale(it, "location", x->last_seen, STALE_ATTRS, now);
	if (x->pages >= 0) {
		set_num(it, "pages", x->pages);
		set_stale(it, "pages", x->pages_at, STALE_METERS, now);
	}
	if (x->supply_pct >= 0) {
		snprintf(buf, sizeof(buf), "%.64s %d%%", x->supply,
		    x->supply_pct);
		tpl_set(it, "supply", buf);
		if (x->supply_pct <= REPORT_LOW_PERCENT)
			tpl_set(it, "supply_low", "1");
		set_stale(it, "supply", x->supply_at, STALE_SUPPLIES, now);
	}
}

/* Devices of page (from 1) of the account's, by address (as addresses),
 * with their status, location, page count and lowest supply (ta). */
static int
devices_part(struct wreq *r, int64_t aid, struct hubtriage_acc *ta,
    long long pg, struct tpl_node *root, struct fa_err *e)
{
	struct hubstore_devq	 q = { aid, HUBSTORE_BY_ADDRESS,
		(pg - 1) * HUBWEB_PAGE_DEVICES, HUBWEB_PAGE_DEVICES };
	struct hubstore_devrow	*v;
	struct tpl_node		*it;
	int64_t			 total, pages, now = fa_wall();
	size_t			 n, i;

	if (hubstore_device_list(r->hs, &q, &v, &n, &total, e) != 0)
		return -1;
	pages = total > 0 ? (total + HUBWEB_PAGE_DEVICES - 1) /
	    HUBWEB_PAGE_DEVICES : 1;
	set_num(root, "ndevices", total);
	set_int(root, "page", pg);
	set_int(root, "pages", pages);
	if (pg > 1)
		set_int(root, "prev", pg - 1);
	if (pg < pages)
		set_int(root, "next", pg + 1);
	for (i = 0; i < n; i++) {
		it = tpl_item(root, "devices");
		set_int(it, "dev", v[i].id);
		tpl_set(it, "address", v[i].address);
		tpl_set(it, "vendor", v[i].vendor);
		tpl_set(it, "model", v[i].model);
		tpl_set(it, "serial", v[i].serial);
		set_date(it, "last_seen", v[i].last_seen);
		device_cols(it, &v[i], hubtriage_dev(ta, v[i].collector,
		    v[i].src_id), now);
		hubstore_devrow_release(&v[i]);
	}
	free(v);
	if (n > 0) {
		tpl_set(root, "devices_any", "1");
		set_num(root, "first", (pg - 1) * HUBWEB_PAGE_DEVICES + 1);
		set_num(root, "last", (pg - 1) * HUBWEB_PAGE_DEVICES +
		    (int64_t)n);
	}
	return 0;
}

static int
by_severity(const void *a, const void *b)
{
	const struct hubstore_itemrow *x = *(const void *const *)a;
	const struct hubstore_itemrow *y = *(const void *const *)b;
	int	 d = sev_rank(x->severity) - sev_rank(y->severity);

	return d != 0 ? d : strcmp(x->address ? x->address : "",
	    y->address ? y->address : "");
}

static int
by_level(const void *a, const void *b)
{
	const struct hubstore_itemrow *x = *(const void *const *)a;
	const struct hubstore_itemrow *y = *(const void *const *)b;

	if (x->level != y->level)
		return x->level - y->level;
	return strcmp(x->address ? x->address : "",
	    y->address ? y->address : "");
}

/* Whether cartridge it is running out (overdue: the report's line says
 * it is empty already). */
static int
running_out(const struct hubstore_itemrow *it)
{
	return it->overdue ||
	    (it->level >= 0 && it->level <= REPORT_LOW_PERCENT) ||
	    (!isnan(it->days) && it->days <= REPORT_SOON_DAYS);
}

static int
list_out(struct wreq *r, struct tpl_node *root, struct hubstore_itemrow **sel,
    size_t n, int alerts, int64_t now, const struct hubtriage_acc *ta,
    struct fa_err *e)
{
	const struct hubtriage_dev	*x;
	int64_t				 since;
	struct tpl_node	*it;
	size_t		 i;

	qsort(sel, n, sizeof(*sel), alerts ? by_severity : by_level);
	for (i = 0; i < n && i < HUBWEB_LIST_MAX; i++) {
		it = tpl_item(root, alerts ? "alerts" : "supplies");
		if (sel[i]->dev >= 0)
			set_int(it, "dev", sel[i]->dev);
		tpl_set(it, "address", sel[i]->address);
		tpl_set(it, "serial", sel[i]->serial);
		tpl_set(it, "description", sel[i]->text);
		if (alerts) {
			/* which device, where, and since when */
			tpl_set(it, "model", sel[i]->model);
			x = ta != NULL && sel[i]->collector != NULL ?
			    hubtriage_dev(ta, sel[i]->collector,
			    sel[i]->dev_src) : NULL;
			if (x != NULL)
				tpl_set(it, "location", x->location);
			/* its first scan's time, read with it */
			since = sel[i]->first_time;
			if (since < 0 && sel[i]->first_scan >= 0 &&
			    hubstore_scan_time(r->hs, sel[i]->site,
			    sel[i]->first_scan, &since, e) != 0)
				return -1;
			if (since >= 0)
				set_date(it, "since", since);
			tpl_set(it, "severity", sel[i]->severity);
			tpl_set(it, "sevclass", sev_class(sel[i]->severity));
			continue;
		}
		if (sel[i]->level >= 0)
			set_int(it, "percent", sel[i]->level);
		if (sel[i]->level >= 0 && sel[i]->level <= REPORT_LOW_PERCENT)
			tpl_set(it, "low", "1");
		/* the report's words: overdue, or days, and stale */
		if (sel[i]->overdue)
			tpl_set(it, "overdue", "1");
		else if (!isnan(sel[i]->days))
			set_num(it, "days", (int64_t)floor(sel[i]->days + 0.5));
		if (sel[i]->stale)
			set_stale(it, "days", sel[i]->last_seen, 0, now);
	}
	if (n > 0)
		tpl_set(root, alerts ? "alerts_any" : "supplies_any", "1");
	if (n > HUBWEB_LIST_MAX)
		set_num(root, alerts ? "alerts_more" : "supplies_more",
		    (int64_t)(n - HUBWEB_LIST_MAX));
	return 0;
}

/*
 * The current alerts and the cartridges running out of the account: the
 * alerts from the store (each device's current ones, a lookup a device),
 * the cartridges from the triage (each device's current supplies with
 * the report's days to empty, made in the background): none read from
 * the account's history.
 */
static int
alerts_supplies_part(struct wreq *r, int64_t aid,
    const struct hubtriage_acc *ta, struct tpl_node *root, struct fa_err *e)
{
	struct hubstore_itemrow	*v, *c = NULL, **al, **su;
	size_t			 n, nc = 0, i, j, k, na = 0, ns = 0;
	int64_t			 now = fa_wall();
	int			 rc;

	if (hubstore_account_alerts(r->hs, aid, &v, &n, e) != 0)
		return -1;
	/* the newest cartridge of each supply, as its triage saw it */
	for (i = 0; ta != NULL && i < ta->ndevs; i++) {
		const struct hubtriage_dev *x = &ta->devs[i];

		for (j = 0; j < x->nsups; j++) {
			const struct hubtriage_sup *p = &x->sups[j];
			struct hubstore_itemrow *it;

			if (!p->cartridge)
				continue;
			for (k = 0; k < j && x->sups[k].idx != p->idx; k++)
				;
			if (k < j)
				continue;	/* one a supply */
			c = fa_reallocarray(c, nc + 1, sizeof(*c));
			it = &c[nc++];
			memset(it, 0, sizeof(*it));
			it->dev = x->hub_id;
			it->dev_src = x->src_id;
			it->idx = p->idx;
			it->address = x->address ? fa_strdup(x->address) : NULL;
			it->serial = x->serial ? fa_strdup(x->serial) : NULL;
			it->collector = fa_strdup(x->collector);
			it->text = p->description ? fa_strdup(p->description) :
			    NULL;
			it->level = p->percent;
			it->last_seen = p->last_seen;
			it->first_scan = it->first_time = -1;
			it->dte_status = p->status;
			it->overdue = p->overdue;
			it->stale = p->stale;
			it->days = p->status == REPORT_DTE_OK ? p->days : NAN;
		}
	}
	al = fa_calloc(n + 1, sizeof(*al));
	su = fa_calloc(nc + 1, sizeof(*su));
	for (i = 0; i < n; i++)
		/* seen by the device's newest scan of its errors */
		if (v[i].alert && v[i].current >= 0 &&
		    v[i].scan == v[i].current)
			al[na++] = &v[i];
	for (i = 0; i < nc; i++)
		if (running_out(&c[i]))
			su[ns++] = &c[i];
	rc = list_out(r, root, al, na, 1, now, ta, e) != 0 ||
	    list_out(r, root, su, ns, 0, now, ta, e) != 0 ? -1 : 0;
	set_int(root, "low_percent", REPORT_LOW_PERCENT);
	set_int(root, "soon_days", REPORT_SOON_DAYS);
	for (i = 0; i < n; i++)
		hubstore_itemrow_release(&v[i]);
	free(v);
	for (i = 0; i < nc; i++)
		hubstore_itemrow_release(&c[i]);
	free(c);
	free(al);
	free(su);
	return rc;
}

static enum MHD_Result
account_page(struct wreq *r, const char *name)
{
	struct hubtriage_acc *ta;
	struct tpl_node	*root;
	struct fa_err	 e, e2;
	const char	*q;
	long long	 pg = 1;
	int64_t		 aid;
	int		 x;

	if ((x = account_for(r, name, &aid, &e)) != 0)
		return x == 1 ? not_found(r) : store_fail(r, &e);
	audit(r, aid, "view", "account page");
	q = MHD_lookup_connection_value(r->c, MHD_GET_ARGUMENT_KIND, "page");
	if (q != NULL && fa_strtonum(q, 1, 1000000, &pg, "page", &e2) != 0)
		return fail(r, MHD_HTTP_BAD_REQUEST, "Bad page number",
		    "The page number must be a whole number from 1.");
	root = tpl_obj();
	tpl_set(root, "account", name);
	{	/* the meters download's period: last month by default */
		struct tm	tm;

		fa_gmtime(period_months_back(fa_wall(), 1), &tm);
		tpl_setf(root, "last_month", "%04d-%02d",
		    (tm.tm_year + 1900) % 10000, tm.tm_mon + 1);
	}
	/* the kept triage, computed (in a read of its own) when an import
	 * came since */
	if (triage_one(r, aid, name, fa_wall(), &ta, &e) != 0) {
		tpl_free(root);
		return store_fail(r, &e);
	}
	if (hubdb_begin_read(r->db, &e) != 0 ||
	    sites_part(r, aid, root, &e) != 0 ||
	    devices_part(r, aid, ta, pg, root, &e) != 0 ||
	    alerts_supplies_part(r, aid, ta, root, &e) != 0) {
		hubdb_rollback(r->db);
		hubtriage_put(r->w->triage, ta);
		tpl_free(root);
		return store_fail(r, &e);
	}
	hubdb_rollback(r->db);
	hubtriage_put(r->w->triage, ta);
	return page(r, MHD_HTTP_OK, "web-account.html", name, root);
}

/* ---- downloads: the CLI's CSV files ---- */

/* A CSV download of account name: b's bytes as "file". */
static enum MHD_Result
csv_answer(struct wreq *r, struct fa_buf *b, const char *file)
{
	enum MHD_Result	 rc;
	char		*disp;
	size_t		 len = b->len;

	disp = fa_asprintf("attachment; filename=\"%s\"", file);
	r->disposition = disp;
	rc = respond(r, MHD_HTTP_OK, "text/csv; charset=utf-8",
	    len > 0 ? fa_buf_steal(b) : fa_strdup(""), len);
	free(disp);
	return rc;
}

/* The meter reads for billing of ?period=YYYY-MM (default: last month),
 * the bytes of "hub meters --account NAME --period P --csv" (its map and
 * tolerance); recorded in the access log. */
static enum MHD_Result
meters_csv(struct wreq *r, const char *name)
{
	struct hubmeters_map	 map;
	struct hubmeters_row	*rows = NULL;
	struct fa_buf		 b = FA_BUF_INIT;
	struct fa_err		 e;
	const char		*q;
	char			 period[32], *what;
	int64_t			 aid, cutoff;
	size_t			 n = 0, i;
	int			 x;
	enum MHD_Result		 rc;

	if ((x = account_for(r, name, &aid, &e)) != 0)
		return x == 1 ? not_found(r) : store_fail(r, &e);
	q = MHD_lookup_connection_value(r->c, MHD_GET_ARGUMENT_KIND,
	    "period");
	if (q == NULL || *q == '\0') {
		struct tm	tm;

		fa_gmtime(period_months_back(fa_wall(), 1), &tm);
		snprintf(period, sizeof(period), "%04d-%02d",
		    (tm.tm_year + 1900) % 10000, tm.tm_mon + 1);
		q = period;
	}
	if (strlen(q) != 7 || hubmeters_period(q, &cutoff, &e) != 0)
		return fail(r, MHD_HTTP_BAD_REQUEST, "Bad period",
		    "The period is a month, YYYY-MM.");
	if (hubmeters_map_for(r->w->dir, name, &map, &e) != 0 ||
	    hubmeters_scan(r->hs, name, cutoff, HUBMETERS_TOLERANCE, &map,
	    &rows, &n, &e) != 0)
		return store_fail(r, &e);
	what = fa_asprintf("meters %s (csv)", q);
	audit(r, aid, "download", what);
	free(what);
	hubmeters_csv(rows, n, &b);
	for (i = 0; i < n; i++)
		hubmeters_row_release(&rows[i]);
	free(rows);
	what = fa_asprintf("meters-%s-%s.csv", name, q);
	rc = csv_answer(r, &b, what);
	free(what);
	fa_buf_release(&b);
	return rc;
}

/* The cartridges to ship, the bytes of "hub supplies --account NAME
 * --csv" (which records first suggestions, as the orders page does);
 * recorded in the access log. */
static enum MHD_Result
supplies_csv(struct wreq *r, const char *name)
{
	struct hubsupply_opts	 o = { HUBSUPPLY_THRESHOLD, HUBSUPPLY_DAYS,
		fa_wall(), 0 };
	struct hubsupply_row	*rows = NULL;
	struct fa_buf		 b = FA_BUF_INIT;
	struct fa_err		 e;
	int64_t			 aid;
	size_t			 n = 0, i;
	int			 x;
	char			*file;
	enum MHD_Result		 rc;

	if ((x = account_for(r, name, &aid, &e)) != 0)
		return x == 1 ? not_found(r) : store_fail(r, &e);
	if (hubsupply_scan(r->hs, name, &o, &rows, &n, &e) != 0)
		return store_fail(r, &e);
	audit(r, aid, "download", "supplies to order (csv)");
	hubsupply_csv(rows, n, &b);
	for (i = 0; i < n; i++)
		hubsupply_row_release(&rows[i]);
	free(rows);
	file = fa_asprintf("supplies-%s.csv", name);
	rc = csv_answer(r, &b, file);
	free(file);
	fa_buf_release(&b);
	return rc;
}

/* ---- the report ---- */

/* Reads the file at path (at most XLSX_MAX bytes) into *buf, *len. */
static int
slurp(const char *path, char **buf, size_t *len, struct fa_err *e)
{
	FILE	*f;
	long	 n;

	if ((f = fopen(path, "rb")) == NULL)
		return fa_errf(e, "cannot read the report: %s",
		    strerror(errno));
	if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 ||
	    n > XLSX_MAX || fseek(f, 0, SEEK_SET) != 0) {
		fclose(f);
		return fa_errf(e, "cannot read the report: too large");
	}
	*buf = fa_malloc((size_t)n + 1);
	*len = fread(*buf, 1, (size_t)n, f);
	fclose(f);
	if (*len != (size_t)n) {
		FA_FREE(*buf);
		return fa_errf(e, "cannot read the report: short read");
	}
	return 0;
}

/* The workbook of rep, made in a private temporary directory. */
static int
xlsx_bytes(const struct report *rep, char **buf, size_t *len,
    struct fa_err *e)
{
	const char	*tmp = getenv("TMPDIR");
	char		*dir, *path;
	int		 rc = -1;

	dir = fa_asprintf("%s/fleetaudit-web-XXXXXX", tmp != NULL &&
	    *tmp == '/' ? tmp : "/tmp");
	if (mkdtemp(dir) == NULL) {
		fa_errf(e, "cannot make the report: %s", strerror(errno));
		free(dir);
		return -1;
	}
	path = fa_asprintf("%s/report.xlsx", dir);
	if (report_xlsx(rep, path, e) == 0 && slurp(path, buf, len, e) == 0)
		rc = 0;
	(void)unlink(path);
	(void)rmdir(dir);
	free(path);
	free(dir);
	return rc;
}

static enum MHD_Result
report_page(struct wreq *r, const char *name, int xlsx)
{
	struct report	 rep;
	struct report_inputs in;
	struct fa_buf	 html = FA_BUF_INIT;
	struct fa_err	 e;
	int64_t		 aid, now = fa_wall();
	char		*src, *buf = NULL, day[16], *disp;
	size_t		 len = 0;
	int		 x;
	enum MHD_Result	 rc;

	if ((x = account_for(r, name, &aid, &e)) != 0)
		return x == 1 ? not_found(r) : store_fail(r, &e);
	audit(r, aid, "download", xlsx ? "report.xlsx" : "report.html");
	src = fa_asprintf("hub account %s", name);
	x = report_init(&rep, period_months_back(now - 1, 11), now, now, src, &e);
	free(src);
	if (x != 0)
		return store_fail(r, &e);
	if (hubreport_scan(r->hs, name, rep.from, rep.to,
	    (int64_t)REPORT_GAP_DAYS * REPORT_DAY, report_add, &rep, &e) != 0) {
		report_release(&rep);
		return store_fail(r, &e);
	}
	report_finish(&rep);
	/* the hub's catalog, price book and the account's proposal, read at
	 * each download (as "hub report --account" reads them) */
	if (report_inputs_hub(&in, r->w->dir, name, &e) != 0) {
		/* a file the dealer wrote is wrong, not the store */
		report_release(&rep);
		report_inputs_release(&in);
		wlog(r->w, "web: %s %s: %s", r->method, r->url, e.msg);
		return fail(r, MHD_HTTP_INTERNAL_SERVER_ERROR, "The report "
		    "cannot be made", "The hub's price book, model catalog "
		    "or this account's proposal has an error; the hub's log "
		    "says which file and line.");
	}
	report_inputs_apply(&rep, &in);
	if (xlsx)
		x = xlsx_bytes(&rep, &buf, &len, &e);
	else if ((x = report_html(&rep, &html, &e)) == 0) {
		len = html.len;
		buf = fa_buf_steal(&html);
	}
	report_release(&rep);
	report_inputs_release(&in);
	if (x != 0)
		return store_fail(r, &e);
	report_date(now, day, sizeof(day));
	disp = fa_asprintf("attachment; filename=\"fleetaudit-%s-%s.%s\"",
	    name, day, xlsx ? "xlsx" : "html");
	r->disposition = disp;
	rc = respond(r, MHD_HTTP_OK, xlsx ? XLSX_TYPE :
	    "text/html; charset=utf-8", buf, len);
	free(disp);
	return rc;
}

/* ---- a device ---- */

/* Meters: the chart of total, mono and colour, and the current values. */
static void
meters_part(const struct hubstore_history *d, struct tpl_node *root,
    int64_t now)
{
	static const char *const charted[] = { "total", "mono", "colour" };
	struct hubchart_series s[nitems(charted)];
	const struct hubstore_hmeter *m = d->meters;
	struct tpl_node	*it;
	size_t		 i, j, n;

	memset(s, 0, sizeof(s));
	for (i = 0; i < nitems(charted); i++)
		s[i].name = charted[i];
	for (i = 0; i < d->nmeters; i++) {
		if (m[i].name == NULL)
			continue;
		for (j = 0; j < nitems(charted); j++)
			if (strcmp(m[i].name, charted[j]) == 0)
				break;
		if (j == nitems(charted))
			continue;
		/* a value holds from its first scan to its last */
		hubchart_add(&s[j], m[i].first, m[i].value);
		if (m[i].last > m[i].first)
			hubchart_add(&s[j], m[i].last, m[i].value);
	}
	for (i = 0; i < nitems(charted); i++)
		hubchart_sort(&s[i]);
	hubchart_fill(root, s, nitems(charted));
	/* monthly volume: mono and colour, a mono device's total as mono */
	hubchart_volume(root, s[1].n > 0 || s[2].n > 0 ? &s[1] : &s[0], &s[2],
	    fa_wall());
	for (i = 0; i < nitems(charted); i++)
		hubchart_release(&s[i]);
	for (i = 0; i < d->nmeters; i++) {
		if (!m[i].current)
			continue;
		for (n = 0, j = 0; j < d->nmeters; j++)
			n += m[i].name != NULL && m[j].name != NULL &&
			    strcmp(m[j].name, m[i].name) == 0;
		it = tpl_item(root, "meters");
		/* "Total pages", not "total" (the report's words) */
		tpl_set(it, "name", report_words_meter(m[i].name));
		set_num(it, "value", m[i].value);
		set_stale(it, "value", d->meters_at, STALE_METERS, now);
		tpl_set(it, "unit", m[i].unit);
		set_num(it, "readings", (int64_t)n);
		tpl_set(root, "meters_any", "1");
	}
}

static void
supplies_part(const struct hubstore_history *d, struct tpl_node *root,
    int64_t now)
{
	const struct hubstore_hsupply	*p = d->supplies;
	struct tpl_node			*it;
	struct report_sdays		 t;
	size_t				 i;

	for (i = 0; i < d->nsupplies; i++) {
		if (!p[i].current)
			continue;
		it = tpl_item(root, "supplies");
		tpl_set(it, "description", p[i].description);
		tpl_set(it, "colorant", p[i].colorant);
		tpl_set(it, "state", p[i].state);
		tpl_set(it, "part_number", p[i].part_number);
		if (p[i].percent >= 0) {
			set_int(it, "percent", p[i].percent);
			if (p[i].percent <= REPORT_LOW_PERCENT)
				tpl_set(it, "low", "1");
		}
		set_stale(it, "state", d->supplies_at, STALE_SUPPLIES, now);
		/* days to empty from its level history, as the report */
		if (p[i].instance >= 0) {
			hubstore_history_days(d, p[i].instance, now, &t);
			if (t.overdue)
				tpl_set(it, "overdue", "1");
			else if (t.dte.status == REPORT_DTE_OK)
				set_num(it, "days",
				    (int64_t)floor(t.dte.days + 0.5));
		}
		tpl_set(root, "supplies_any", "1");
	}
}

static void
alerts_part(const struct hubstore_history *d, struct tpl_node *root,
    int64_t now)
{
	const struct hubstore_halert	*p = d->alerts;
	struct tpl_node			*it;
	size_t				 i;
	int				 rank;

	/* critical first: one pass per rank keeps the device's order */
	for (rank = 0; rank < 3; rank++)
		for (i = 0; i < d->nalerts; i++) {
			if (!p[i].current || sev_rank(p[i].severity) != rank)
				continue;
			it = tpl_item(root, "alerts");
			tpl_set(it, "severity", p[i].severity);
			tpl_set(it, "sevclass", sev_class(p[i].severity));
			tpl_set(it, "description", p[i].description);
			tpl_set(it, "group", p[i].group);
			tpl_set(it, "code", p[i].code);
			tpl_set(root, "alerts_any", "1");
		}
	/* the errors' read: the alerts, or their absence, as of then */
	set_stale(root, "alerts", d->errors_at, STALE_ERRORS, now);
}

static enum MHD_Result
device_page(struct wreq *r, const char *idstr)
{
	struct tpl_node		*root;
	struct hubstore_devrow	 dev;
	struct fa_err		 e;
	struct hubstore_history	 d;
	long long		 id;
	int			 rc, may = 0;
	char			*title, *what;
	enum MHD_Result		 res;
	int64_t			 now = fa_wall();

	if (fa_strtonum(idstr, 1, INT64_MAX, &id, "device", &e) != 0)
		return not_found(r);
	if (hubdb_begin_read(r->db, &e) != 0 ||
	    (rc = hubstore_device_get(r->hs, id, &dev, &e)) < 0)
		goto fail;
	if (rc == 0 && hubusers_may(r->db, &r->s, dev.account_id, &may,
	    &e) != 0) {
		hubstore_devrow_release(&dev);
		goto fail;
	}
	if (rc == 1 || !may) {
		hubdb_rollback(r->db);
		hubstore_devrow_release(&dev);
		return not_found(r);
	}
	if (hubstore_device_history(r->hs, dev.site_id, dev.src_id, &d, &e) != 0) {
		hubstore_devrow_release(&dev);
		goto fail;
	}
	hubdb_rollback(r->db);
	what = fa_asprintf("device %lld", id);
	audit(r, dev.account_id, "view", what);
	free(what);
	root = tpl_obj();
	if (rdlstore_may(r->db, r->s.user_id, dev.account_id, &may, &e) ==
	    0 && may) {
		struct tpl_node *x = tpl_child(root, "rdl");	/* rdl.h */

		tpl_set(x, "device", idstr);
		tpl_set(x, "csrf", r->s.csrf);
	}
	tpl_set(root, "account", dev.account);
	tpl_set(root, "address", dev.address);
	tpl_set(root, "vendor", dev.vendor);
	tpl_set(root, "model", dev.model);
	tpl_set(root, "serial", dev.serial);
	tpl_set(root, "mac", dev.mac);
	set_date(root, "first_seen", dev.first_seen);
	set_date(root, "last_seen", dev.last_seen);
	/* a value older than its kind's scan interval: stale, with its age
	 * (as the account page's device list) */
	set_stale(root, "last_seen", dev.last_seen, STALE_METERS, now);
	tpl_set(root, "collector", dev.site != NULL ? dev.site :
	    dev.collector);
	tpl_set(root, "location", d.location);
	tpl_set(root, "firmware", d.firmware);
	set_stale(root, "location", d.attrs_at, STALE_ATTRS, now);
	set_stale(root, "firmware", d.attrs_at, STALE_ATTRS, now);
	meters_part(&d, root, now);
	supplies_part(&d, root, now);
	alerts_part(&d, root, now);
	hubstore_history_release(&d);
	title = fa_asprintf("%s %s", dev.serial ? dev.serial : "device",
	    dev.address ? dev.address : "");
	hubstore_devrow_release(&dev);
	res = page(r, MHD_HTTP_OK, "web-device.html", title, root);
	free(title);
	return res;
fail:
	hubdb_rollback(r->db);
	return store_fail(r, &e);
}

/* ---- routing ---- */

static enum MHD_Result
route_account(struct wreq *r, const char *rest)
{
	const char	*slash = strchr(rest, '/');
	char		 name[HUBSTORE_ACCOUNT_MAX + 1];
	size_t		 n = slash != NULL ? (size_t)(slash - rest) :
			    strlen(rest);

	if (n == 0 || n > HUBSTORE_ACCOUNT_MAX)
		return not_found(r);
	memcpy(name, rest, n);
	name[n] = '\0';
	if (slash != NULL && strcmp(slash, "/orders") == 0)
		return strcmp(r->method, "POST") == 0 ? order_post(r, name) :
		    orders_page(r, name);
	if (strcmp(r->method, "POST") == 0)
		return fail(r, MHD_HTTP_METHOD_NOT_ALLOWED, "Not allowed",
		    "Only GET here.");
	if (slash == NULL)
		return account_page(r, name);
	if (strcmp(slash, "/report.html") == 0)
		return report_page(r, name, 0);
	if (strcmp(slash, "/report.xlsx") == 0)
		return report_page(r, name, 1);
	if (strcmp(slash, "/meters.csv") == 0)
		return meters_csv(r, name);
	if (strcmp(slash, "/supplies.csv") == 0)
		return supplies_csv(r, name);
	return not_found(r);
}

static enum MHD_Result
route(struct wreq *r)
{
	const char	*u = r->url;
	int		 get = strcmp(r->method, "GET") == 0 ||
			    strcmp(r->method, "HEAD") == 0;

	if (strcmp(u, "/login") == 0) {
		if (strcmp(r->method, "POST") == 0)
			return login_post(r);
		if (!get)
			return fail(r, MHD_HTTP_METHOD_NOT_ALLOWED,
			    "Not allowed", "Only GET and POST here.");
		return r->session ? see_other(r, "/accounts") :
		    login_form(r, MHD_HTTP_OK, NULL, NULL);
	}
	if (strcmp(u, "/logout") == 0) {
		if (strcmp(r->method, "POST") == 0)
			return logout(r);
		return fail(r, MHD_HTTP_METHOD_NOT_ALLOWED, "Not allowed",
		    "Log out with the button at the top of a page.");
	}
	if (strcmp(r->method, "POST") == 0 && r->session &&
	    strncmp(u, "/accounts/", 10) == 0)
		return route_account(r, u + 10);	/* .../orders */
	if (!get)
		return fail(r, MHD_HTTP_METHOD_NOT_ALLOWED, "Not allowed",
		    "Only GET here.");
	if (!r->session)
		return see_other(r, "/login");
	if (strcmp(u, "/") == 0)
		return see_other(r, "/accounts");
	if (strcmp(u, "/accounts") == 0)
		return accounts_page(r);
	if (strcmp(u, "/attention") == 0)
		return attention_page(r);
	if (strcmp(u, "/audit") == 0)
		return audit_page(r);
	if (strncmp(u, "/accounts/", 10) == 0)
		return route_account(r, u + 10);
	if (strncmp(u, "/devices/", 9) == 0)
		return device_page(r, u + 9);
	return not_found(r);
}

static void
client_addr(struct wreq *r)
{
	const union MHD_ConnectionInfo	*ci;
	socklen_t			 len;

	fa_strlcpy(r->addr, "unknown", sizeof(r->addr));
	ci = MHD_get_connection_info(r->c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (ci == NULL || ci->client_addr == NULL)
		return;
	len = ci->client_addr->sa_family == AF_INET6 ?
	    sizeof(struct sockaddr_in6) : sizeof(struct sockaddr_in);
	if (getnameinfo(ci->client_addr, len, r->addr, sizeof(r->addr), NULL,
	    0, NI_NUMERICHOST) != 0)
		fa_strlcpy(r->addr, "unknown", sizeof(r->addr));
}

enum MHD_Result
hubweb_handle(struct hubweb *w, struct MHD_Connection *c, const char *url,
    const char *method, const char *body, size_t len)
{
	struct wreq	 r;
	struct fa_err	 e;
	enum MHD_Result	 rc;
	int		 i, x;

	memset(&r, 0, sizeof(r));
	r.w = w;
	r.c = c;
	r.url = url;
	r.method = method;
	r.body = body;
	r.len = len;
	client_addr(&r);
	if ((r.hs = pthread_getspecific(w->store)) == NULL) {
		if (hubstore_open_hub(w->dir, &r.hs, &e) != 0) {
			wlog(w, "web: %s", e.msg);
			return fail(&r, MHD_HTTP_SERVICE_UNAVAILABLE,
			    "The hub cannot answer", "The hub's store cannot "
			    "be opened: try again later.");
		}
		(void)pthread_setspecific(w->store, r.hs);
	}
	r.db = hubstore_db(r.hs);
	x = hubusers_session_get(r.db, cookie(&r, SESSION_COOKIE), fa_wall(),
	    &r.s, &e);
	if (x == -1)
		rc = store_fail(&r, &e);
	else {
		r.session = x == 0;
		/* a cookie of a session that ended goes */
		if (x == 1 && cookie(&r, SESSION_COOKIE) != NULL &&
		    strcmp(method, "GET") == 0)
			set_cookie(&r, SESSION_COOKIE, "", 0);
		rc = route(&r);
	}
	if (r.broken) {
		hubdb_rollback(r.db);
		hubstore_close(r.hs);
		(void)pthread_setspecific(w->store, NULL);
	}
	for (i = 0; i < r.ncookies; i++)
		free(r.cookies[i]);
	return rc;
}

enum MHD_Result
hubweb_refuse(struct hubweb *w, struct MHD_Connection *c, unsigned status,
    const char *msg)
{
	struct wreq	r;

	memset(&r, 0, sizeof(r));
	r.w = w;
	r.c = c;
	return fail(&r, status, status == MHD_HTTP_SERVICE_UNAVAILABLE ?
	    "The hub is busy" : "Request refused", msg);
}
