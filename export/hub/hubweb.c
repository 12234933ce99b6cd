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
 * An account user asking for another account's page or device gets the
 * same 404 as for one that does not exist: the answer tells nothing of
 * what other accounts hold.
 *
 * Account pages read no per-scan rows: devices from the devices table (a
 * page at a time), sites from sites, and alerts and cartridges from the
 * alerts and supply_instances records, which hold one row per alert and
 * per cartridge.  One is current when the device's newest scan of its
 * part saw it (devices.errors_scan, supplies_scan, kept by the import:
 * "run" reads errors, supplies and meters on intervals of their own, as
 * the report does).  The device page reads all of one device's rows
 * (records_device index) and finds those scans in them.
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

#include <json-c/json.h>

#include "../../cli/plat.h"
#include "hubattention.h"
#include "hubaudit.h"
#include "hubdb.h"
#include "hubreport.h"
#include "hubstore.h"
#include "hubsupply.h"
#include "hubusers.h"
#include "hubweb.h"
#include "rdlstore.h"
#include "../report.h"
#include "../report_html.h"
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

/* Chart area of the meter history, in user units (the viewBox scales). */
#define CH_W		720
#define CH_H		240
#define CH_LEFT		70
#define CH_RIGHT	14
#define CH_BOTTOM	30
#define CH_TOP		10

struct hubweb {
	char		*dir;
	void		(*log)(void *, const char *);
	void		*log_arg;
	pthread_key_t	 store;		/* each thread's hubstore */
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
	int64_t			 retry_after;	/* s, of a 429 */
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
hubweb_new(const char *dir, void (*log)(void *, const char *), void *arg)
{
	struct hubweb	*w = fa_calloc(1, sizeof(*w));

	w->dir = fa_strdup(dir);
	w->log = log;
	w->log_arg = arg;
	if (pthread_key_create(&w->store, thread_store_close) != 0)
		fa_bug("hubweb_new: no thread-specific key left");
	return w;
}

void
hubweb_free(struct hubweb *w)
{
	if (w == NULL)
		return;
	(void)pthread_key_delete(w->store);
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
	if (status == MHD_HTTP_TOO_MANY_REQUESTS) {
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

static const char *
jstr(struct json_object *o, const char *k)
{
	struct json_object *v;

	if (!json_object_object_get_ex(o, k, &v) ||
	    !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

/* An integer member, or dflt when missing or null. */
static int64_t
jint(struct json_object *o, const char *k, int64_t dflt)
{
	struct json_object *v;

	if (!json_object_object_get_ex(o, k, &v) ||
	    !json_object_is_type(v, json_type_int))
		return dflt;
	return json_object_get_int64(v);
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
	int		 x;
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

static enum MHD_Result
accounts_page(struct wreq *r)
{
	struct tpl_node	*root = tpl_obj(), *it;
	struct hubdb_st	*st;
	struct fa_err	 e;
	int		 rc;

	if (hubdb_prepare(r->db, "SELECT a.name, (SELECT count(*) FROM sites "
	    "s WHERE s.account_id = a.id), (SELECT count(*) FROM devices d "
	    "WHERE d.account_id = a.id), (SELECT max(s.last_import) FROM "
	    "sites s WHERE s.account_id = a.id) FROM accounts a WHERE ?1 = 1 "
	    "OR a.id IN (SELECT u.account_id FROM user_accounts u WHERE "
	    "u.user_id = ?2) ORDER BY a.name", &st, &e) != 0) {
		tpl_free(root);
		return store_fail(r, &e);
	}
	hubdb_bind_int(st, 1, r->s.admin);
	hubdb_bind_int(st, 2, r->s.user_id);
	while ((rc = hubdb_step(st, &e)) == 1) {
		it = tpl_item(root, "accounts");
		tpl_set(it, "account", hubdb_col_text(st, 0));
		set_int(it, "sites", hubdb_col_int(st, 1));
		set_int(it, "devices", hubdb_col_int(st, 2));
		set_date(it, "last_import", hubdb_col_int(st, 3));
		tpl_set(root, "any", "1");
	}
	hubdb_finalize(st);
	if (rc < 0) {
		tpl_free(root);
		return store_fail(r, &e);
	}
	return page(r, MHD_HTTP_OK, "web-accounts.html", "Accounts", root);
}

static void	audit(struct wreq *, int64_t, const char *, const char *);

/* The needs-attention list of the accounts this user may see
 * (export/hub/hubattention.c), most urgent first, at most HUBWEB_LIST_MAX. */
static enum MHD_Result
attention_page(struct wreq *r)
{
	struct tpl_node		*root = tpl_obj(), *it;
	struct hubattention_opts o = { fa_wall(), HUBATTENTION_SILENT_DAYS,
		10, 14, HUBATTENTION_ANOMALY_DAYS, };
	struct hubattention_row	*rows = NULL;
	struct hubdb_st		*st;
	struct fa_err		 e;
	char			**names = NULL;
	size_t			 nnames = 0, n = 0, i;
	int			 rc;

	if (hubdb_prepare(r->db, "SELECT a.name FROM accounts a WHERE ?1 = 1"
	    " OR a.id IN (SELECT u.account_id FROM user_accounts u WHERE"
	    " u.user_id = ?2) ORDER BY a.name", &st, &e) != 0)
		goto fail;
	hubdb_bind_int(st, 1, r->s.admin);
	hubdb_bind_int(st, 2, r->s.user_id);
	while ((rc = hubdb_step(st, &e)) == 1 &&
	    nnames < HUBATTENTION_ACCOUNTS_MAX) {
		names = fa_reallocarray(names, nnames + 1, sizeof(*names));
		names[nnames++] = hubdb_col_strdup(st, 0);
	}
	hubdb_finalize(st);
	if (rc < 0 || (nnames > 0 && hubattention_scan(r->hs,
	    (const char *const *)names, nnames, &o, &rows, &n, &e) != 0))
		goto fail;
	audit(r, 0, "view", "needs attention");
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
		tpl_setf(root, "more", "%zu", n - HUBWEB_LIST_MAX);
	for (i = 0; i < n; i++)
		hubattention_row_release(&rows[i]);
	free(rows);
	for (i = 0; i < nnames; i++)
		free(names[i]);
	free(names);
	return page(r, MHD_HTTP_OK, "web-attention.html", "Needs attention",
	    root);
fail:
	for (i = 0; i < nnames; i++)
		free(names[i]);
	free(names);
	tpl_free(root);
	return store_fail(r, &e);
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
	int		may;

	if (hubstore_account_check(name, &e2) != 0)
		return 1;
	if (hubdb_int(r->db, "SELECT id FROM accounts WHERE name = ?1", name,
	    0, id, e) != 0)
		return -1;
	if (*id < 0)
		return 1;
	if (hubusers_may(r->db, &r->s, *id, &may, e) != 0)
		return -1;
	return may ? 0 : 1;
}

static int
sites_part(struct wreq *r, int64_t aid, struct tpl_node *root,
    struct fa_err *e)
{
	struct tpl_node	*it;
	struct hubdb_st	*st;
	int		 rc, n = 0;

	if (hubdb_prepare(r->db, "SELECT s.fingerprint, (SELECT count(*) "
	    "FROM devices d WHERE d.site_id = s.id), s.first_import, "
	    "s.last_import, s.last_sequence FROM sites s WHERE s.account_id = "
	    "?1 ORDER BY s.id", &st, e) != 0)
		return -1;
	hubdb_bind_int(st, 1, aid);
	while ((rc = hubdb_step(st, e)) == 1) {
		it = tpl_item(root, "sites");
		tpl_set(it, "fingerprint", hubdb_col_text(st, 0));
		set_int(it, "devices", hubdb_col_int(st, 1));
		set_date(it, "first_import", hubdb_col_int(st, 2));
		set_date(it, "last_import", hubdb_col_int(st, 3));
		set_int(it, "sequence", hubdb_col_int(st, 4));
		n++;
	}
	hubdb_finalize(st);
	set_int(root, "nsites", n);
	return rc < 0 ? -1 : 0;
}

/* Devices of page (from 1) of the account's, by address. */
static int
devices_part(struct wreq *r, int64_t aid, long long pg,
    struct tpl_node *root, struct fa_err *e)
{
	struct tpl_node	*it;
	struct hubdb_st	*st;
	int64_t		 total, pages, n = 0;
	int		 rc;

	if (hubdb_prepare(r->db, "SELECT count(*) FROM devices WHERE "
	    "account_id = ?1", &st, e) != 0)
		return -1;
	hubdb_bind_int(st, 1, aid);
	rc = hubdb_step(st, e);
	total = rc == 1 ? hubdb_col_int(st, 0) : 0;
	hubdb_finalize(st);
	if (rc != 1)
		return -1;
	pages = total > 0 ? (total + HUBWEB_PAGE_DEVICES - 1) /
	    HUBWEB_PAGE_DEVICES : 1;
	set_int(root, "ndevices", total);
	set_int(root, "page", pg);
	set_int(root, "pages", pages);
	if (pg > 1)
		set_int(root, "prev", pg - 1);
	if (pg < pages)
		set_int(root, "next", pg + 1);
	if (hubdb_prepare(r->db, "SELECT id, address, vendor, model, serial, "
	    "last_seen FROM devices WHERE account_id = ?1 ORDER BY address, id "
	    "LIMIT ?2 OFFSET ?3", &st, e) != 0)
		return -1;
	hubdb_bind_int(st, 1, aid);
	hubdb_bind_int(st, 2, HUBWEB_PAGE_DEVICES);
	hubdb_bind_int(st, 3, (pg - 1) * HUBWEB_PAGE_DEVICES);
	while ((rc = hubdb_step(st, e)) == 1) {
		it = tpl_item(root, "devices");
		set_int(it, "dev", hubdb_col_int(st, 0));
		tpl_set(it, "address", hubdb_col_text(st, 1));
		tpl_set(it, "vendor", hubdb_col_text(st, 2));
		tpl_set(it, "model", hubdb_col_text(st, 3));
		tpl_set(it, "serial", hubdb_col_text(st, 4));
		set_date(it, "last_seen", hubdb_col_int(st, 5));
		n++;
	}
	hubdb_finalize(st);
	if (rc < 0)
		return -1;
	if (n > 0) {
		tpl_set(root, "devices_any", "1");
		set_int(root, "first", (pg - 1) * HUBWEB_PAGE_DEVICES + 1);
		set_int(root, "last", (pg - 1) * HUBWEB_PAGE_DEVICES + n);
	}
	return 0;
}

/* An alert or a cartridge of an account, as the account page lists. */
struct item {
	int64_t	 site, dev_src, dev, scan, id, idx;
	int64_t	 current;	/* the device's newest scan of this part */
	int	 alert;
	char	*address, *serial, *text, *severity;
	int	 level;			/* percent, -1 unknown */
	double	 days;			/* to empty, NAN unknown */
};

static void
item_release(struct item *it)
{
	free(it->address);
	free(it->serial);
	free(it->text);
	free(it->severity);
}

static int
by_device(const void *a, const void *b)
{
	const struct item *x = a, *y = b;

	if (x->site != y->site)
		return x->site < y->site ? -1 : 1;
	if (x->dev_src != y->dev_src)
		return x->dev_src < y->dev_src ? -1 : 1;
	if (x->alert != y->alert)
		return x->alert - y->alert;
	if (x->idx != y->idx)
		return x->idx < y->idx ? -1 : 1;
	/* the newest first */
	return x->id < y->id ? 1 : x->id > y->id ? -1 : 0;
}

static int
by_severity(const void *a, const void *b)
{
	const struct item *x = *(struct item *const *)a;
	const struct item *y = *(struct item *const *)b;
	int	 d = sev_rank(x->severity) - sev_rank(y->severity);

	return d != 0 ? d : strcmp(x->address ? x->address : "",
	    y->address ? y->address : "");
}

static int
by_level(const void *a, const void *b)
{
	const struct item *x = *(struct item *const *)a;
	const struct item *y = *(struct item *const *)b;

	if (x->level != y->level)
		return x->level - y->level;
	return strcmp(x->address ? x->address : "",
	    y->address ? y->address : "");
}

/* Days to empty on a straight line from a cartridge's first reading to
 * its last (the account page reads no level history). */
static double
straight_days(struct json_object *o)
{
	int64_t	 f = jint(o, "first_level", -1);
	int64_t	 l = jint(o, "last_level", -1);
	int64_t	 t0 = jint(o, "first_seen", 0);
	int64_t	 t1 = jint(o, "last_seen", 0);
	double	 rate;

	if (f < 0 || l < 0 || l >= f || t1 - t0 < REPORT_DTE_MIN_DAYS *
	    REPORT_DAY)
		return NAN;
	rate = (double)(f - l) / ((double)(t1 - t0) / REPORT_DAY);
	return (double)l / rate;
}

/* Reads the account's alerts and cartridges into *v. */
static int
items_read(struct wreq *r, int64_t aid, struct item **v, size_t *n,
    struct fa_err *e)
{
	struct hubdb_st		*st;
	struct json_object	*o;
	struct item		*it;
	size_t			 cap = 0;
	int			 rc;

	*v = NULL;
	*n = 0;
	if (hubdb_prepare(r->db, "SELECT r.site_id, r.device_src, r.kind, "
	    "r.data, d.id, d.address, d.serial, d.errors_scan, "
	    "d.supplies_scan FROM records r JOIN sites s ON "
	    "s.id = r.site_id LEFT JOIN devices d ON d.site_id = r.site_id AND "
	    "d.src_id = r.device_src WHERE s.account_id = ?1 AND r.kind IN "
	    "('alerts', 'supply_instances')", &st, e) != 0)
		return -1;
	hubdb_bind_int(st, 1, aid);
	hubdb_stream(st);
	while ((rc = hubdb_step(st, e)) == 1) {
		if ((o = json_tokener_parse(hubdb_col_text(st, 3))) == NULL)
			continue;
		if (*n == cap) {
			cap = cap ? 2 * cap : 256;
			*v = fa_reallocarray(*v, cap, sizeof(**v));
		}
		it = &(*v)[(*n)++];
		memset(it, 0, sizeof(*it));
		it->site = hubdb_col_int(st, 0);
		it->dev_src = hubdb_col_int(st, 1);
		it->alert = strcmp(hubdb_col_text(st, 2), "alerts") == 0;
		it->dev = hubdb_col_null(st, 4) ? -1 : hubdb_col_int(st, 4);
		it->address = hubdb_col_strdup(st, 5);
		it->serial = hubdb_col_strdup(st, 6);
		it->scan = jint(o, "last_scan_id", -1);
		it->current = hubdb_col_null(st, it->alert ? 7 : 8) ? -1 :
		    hubdb_col_int(st, it->alert ? 7 : 8);
		it->id = jint(o, it->alert ? "row" : "id", -1);
		it->idx = jint(o, "idx", -1);
		it->text = fa_strdup(jstr(o, "description"));
		it->severity = fa_strdup(jstr(o, "severity"));
		it->level = (int)jint(o, "last_level", -1);
		it->days = it->alert ? NAN : straight_days(o);
		json_object_put(o);
	}
	hubdb_finalize(st);
	return rc < 0 ? -1 : 0;
}

/* Whether cartridge it is running out. */
static int
running_out(const struct item *it)
{
	return (it->level >= 0 && it->level <= REPORT_LOW_PERCENT) ||
	    (!isnan(it->days) && it->days <= REPORT_SOON_DAYS);
}

static void
list_out(struct tpl_node *root, struct item **sel, size_t n, int alerts)
{
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
			tpl_set(it, "severity", sel[i]->severity);
			tpl_set(it, "sevclass", sev_class(sel[i]->severity));
			continue;
		}
		if (sel[i]->level >= 0)
			set_int(it, "percent", sel[i]->level);
		if (sel[i]->level >= 0 && sel[i]->level <= REPORT_LOW_PERCENT)
			tpl_set(it, "low", "1");
		if (!isnan(sel[i]->days))
			tpl_setf(it, "days", "%.0f", sel[i]->days);
	}
	if (n > 0)
		tpl_set(root, alerts ? "alerts_any" : "supplies_any", "1");
	if (n > HUBWEB_LIST_MAX)
		tpl_setf(root, alerts ? "alerts_more" : "supplies_more", "%zu",
		    n - HUBWEB_LIST_MAX);
}

/* The current alerts and the cartridges running out of the account. */
static int
alerts_supplies_part(struct wreq *r, int64_t aid, struct tpl_node *root,
    struct fa_err *e)
{
	struct item	*v, **al, **su;
	size_t		 n, i, j, k, na = 0, ns = 0;

	if (items_read(r, aid, &v, &n, e) != 0)
		return -1;
	qsort(v, n, sizeof(*v), by_device);
	al = fa_calloc(n + 1, sizeof(*al));
	su = fa_calloc(n + 1, sizeof(*su));
	for (i = 0; i < n; i = j) {
		for (j = i; j < n && v[j].site == v[i].site &&
		    v[j].dev_src == v[i].dev_src; j++)
			;
		for (k = i; k < j; k++) {
			/* seen by the device's newest scan of its part */
			if (v[k].current < 0 || v[k].scan != v[k].current)
				continue;
			if (v[k].alert)
				al[na++] = &v[k];
			/* the newest cartridge of its supply (sorted so) */
			else if ((k == i || v[k - 1].alert ||
			    v[k - 1].idx != v[k].idx) && running_out(&v[k]))
				su[ns++] = &v[k];
		}
	}
	list_out(root, al, na, 1);
	list_out(root, su, ns, 0);
	set_int(root, "low_percent", REPORT_LOW_PERCENT);
	set_int(root, "soon_days", REPORT_SOON_DAYS);
	for (i = 0; i < n; i++)
		item_release(&v[i]);
	free(v);
	free(al);
	free(su);
	return 0;
}

static enum MHD_Result
account_page(struct wreq *r, const char *name)
{
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
	if (hubdb_begin_read(r->db, &e) != 0 ||
	    sites_part(r, aid, root, &e) != 0 ||
	    devices_part(r, aid, pg, root, &e) != 0 ||
	    alerts_supplies_part(r, aid, root, &e) != 0) {
		hubdb_rollback(r->db);
		tpl_free(root);
		return store_fail(r, &e);
	}
	hubdb_rollback(r->db);
	return page(r, MHD_HTTP_OK, "web-account.html", name, root);
}

/* ---- the report ---- */

/* The first second of the month n months before t's (UTC). */
static int64_t
months_back(int64_t t, int n)
{
	time_t		tt = (time_t)t;
	struct tm	tm;

	fa_gmtime((int64_t)tt, &tm);
	tm.tm_mon -= n;
	tm.tm_mday = 1;
	tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
	return fa_timegm(&tm);
}

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
	x = report_init(&rep, months_back(now - 1, 11), now, now, src, &e);
	free(src);
	if (x != 0)
		return store_fail(r, &e);
	if (hubreport_scan(r->hs, name, rep.from, rep.to,
	    (int64_t)REPORT_GAP_DAYS * REPORT_DAY, report_add, &rep, &e) != 0) {
		report_release(&rep);
		return store_fail(r, &e);
	}
	report_finish(&rep);
	if (xlsx)
		x = xlsx_bytes(&rep, &buf, &len, &e);
	else if ((x = report_html(&rep, &html, &e)) == 0) {
		len = html.len;
		buf = fa_buf_steal(&html);
	}
	report_release(&rep);
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

/* A device's rows of one kind, parsed. */
struct rows {
	struct json_object	**v;
	size_t			  n, cap;
};

static void
rows_add(struct rows *rs, struct json_object *o)
{
	if (rs->n == rs->cap) {
		rs->cap = rs->cap ? 2 * rs->cap : 64;
		rs->v = fa_reallocarray(rs->v, rs->cap, sizeof(*rs->v));
	}
	rs->v[rs->n++] = o;
}

static void
rows_release(struct rows *rs)
{
	size_t	i;

	for (i = 0; i < rs->n; i++)
		json_object_put(rs->v[i]);
	free(rs->v);
}

enum { K_SCANS, K_METERS, K_SUPPLIES, K_ALERTS, K_N };
static const char *const kind_names[K_N] = { "scans", "meters", "supplies",
	"alerts" };

struct devrec {
	struct rows	 k[K_N];
	int64_t		*scan_id, *scan_t;	/* by id, sorted */
	size_t		 nscans;
	/* The newest scan that read the meters, the supplies, the errors
	 * (scans.parts; "run" reads each on its own interval): the current
	 * values are those it saw, as in the report (store_report.c). */
	int64_t		 newest[3];
};
enum { P_METERS, P_SUPPLIES, P_ERRORS };
static const int64_t part_bits[3] = { DEV_P_METERS, DEV_P_SUPPLIES,
	DEV_P_ERRORS };

/* The time of scan id, or -1. */
static int64_t
scan_time(const struct devrec *d, int64_t id)
{
	size_t	lo = 0, hi = d->nscans, mid;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (d->scan_id[mid] == id)
			return d->scan_t[mid];
		if (d->scan_id[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

static int
by_id(const void *a, const void *b)
{
	int64_t	x = jint(*(struct json_object *const *)a, "id", 0);
	int64_t	y = jint(*(struct json_object *const *)b, "id", 0);

	return x < y ? -1 : x > y;
}

static int
dr_read(struct wreq *r, int64_t site, int64_t src, struct devrec *d,
    struct fa_err *e)
{
	struct hubdb_st		*st;
	struct json_object	*o;
	size_t			 i;
	int			 rc;

	memset(d, 0, sizeof(*d));
	/* Without statistics (no ANALYZE yet) SQLite takes the primary key,
	 * reading every row of the site's kinds: name the device's index. */
	if (hubdb_prepare(r->db, hubdb_kind(r->db) == HUBDB_SQLITE ?
	    "SELECT kind, data FROM records INDEXED BY records_device WHERE "
	    "site_id = ?1 AND device_src = ?2 AND kind IN ('scans', 'meters', "
	    "'supplies', 'alerts')" : "SELECT kind, data FROM records WHERE "
	    "site_id = ?1 AND device_src = ?2 AND kind IN ('scans', 'meters', "
	    "'supplies', 'alerts')", &st, e) != 0)
		return -1;
	hubdb_bind_int(st, 1, site);
	hubdb_bind_int(st, 2, src);
	while ((rc = hubdb_step(st, e)) == 1) {
		for (i = 0; i < K_N; i++)
			if (strcmp(hubdb_col_text(st, 0), kind_names[i]) == 0)
				break;
		if (i == K_N ||
		    (o = json_tokener_parse(hubdb_col_text(st, 1))) == NULL)
			continue;
		rows_add(&d->k[i], o);
	}
	hubdb_finalize(st);
	if (rc < 0)
		return -1;
	qsort(d->k[K_SCANS].v, d->k[K_SCANS].n, sizeof(*d->k[K_SCANS].v),
	    by_id);
	d->nscans = d->k[K_SCANS].n;
	d->scan_id = fa_calloc(d->nscans + 1, sizeof(*d->scan_id));
	d->scan_t = fa_calloc(d->nscans + 1, sizeof(*d->scan_t));
	d->newest[P_METERS] = d->newest[P_SUPPLIES] = d->newest[P_ERRORS] = -1;
	for (i = 0; i < d->nscans; i++) {
		int64_t parts = jint(d->k[K_SCANS].v[i], "parts", 0);
		int	p;

		d->scan_id[i] = jint(d->k[K_SCANS].v[i], "id", 0);
		d->scan_t[i] = jint(d->k[K_SCANS].v[i], "time", 0);
		for (p = 0; p < 3; p++)
			if (parts & part_bits[p])
				d->newest[p] = d->scan_id[i];
	}
	return 0;
}

static void
dr_release(struct devrec *d)
{
	size_t	i;

	for (i = 0; i < K_N; i++)
		rows_release(&d->k[i]);
	free(d->scan_id);
	free(d->scan_t);
}

/* The newest value of key among the scans (they hold a value only when
 * it changed). */
static const char *
scan_attr(const struct devrec *d, const char *key)
{
	size_t		 i;
	const char	*s;

	for (i = d->nscans; i-- > 0; )
		if ((s = jstr(d->k[K_SCANS].v[i], key)) != NULL)
			return s;
	return NULL;
}

/* One meter's readings, by time. */
struct series {
	const char	*name;
	int64_t		*t, *v;
	size_t		 n, cap;
};

static void
series_add(struct series *s, int64_t t, int64_t v)
{
	if (t < 0)
		return;
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 32;
		s->t = fa_reallocarray(s->t, s->cap, sizeof(*s->t));
		s->v = fa_reallocarray(s->v, s->cap, sizeof(*s->v));
	}
	s->t[s->n] = t;
	s->v[s->n++] = v;
}

/* Sorts s by time (insertion sort: rows come nearly in order). */
static void
series_sort(struct series *s)
{
	size_t	i, j;
	int64_t	t, v;

	for (i = 1; i < s->n; i++) {
		t = s->t[i];
		v = s->v[i];
		for (j = i; j > 0 && s->t[j - 1] > t; j--) {
			s->t[j] = s->t[j - 1];
			s->v[j] = s->v[j - 1];
		}
		s->t[j] = t;
		s->v[j] = v;
	}
}

/* A "nice" step for n ticks over span: 1, 2 or 5 times a power of 10. */
static double
nice_step(double span, int n)
{
	double	raw = span / n, p = 1;

	if (!(raw > 0))
		return 1;
	while (p * 10 <= raw)
		p *= 10;
	while (p > raw)
		p /= 10;
	return raw <= p ? p : raw <= 2 * p ? 2 * p : raw <= 5 * p ? 5 * p :
	    10 * p;
}

/* The meter history chart of up to three series. */
static void
chart(struct tpl_node *root, struct series *s, size_t ns)
{
	struct tpl_node	*c, *it;
	struct fa_buf	 pts = FA_BUF_INIT;
	int64_t		 t0 = INT64_MAX, t1 = INT64_MIN;
	double		 lo = INFINITY, hi = -INFINITY, step, x, y, v;
	const double	 pw = CH_W - CH_LEFT - CH_RIGHT;
	const double	 ph = CH_H - CH_BOTTOM - CH_TOP;
	size_t		 i, j;
	char		 buf[32];
	char		*p;

	for (i = 0; i < ns; i++)
		for (j = 0; j < s[i].n; j++) {
			t0 = s[i].t[j] < t0 ? s[i].t[j] : t0;
			t1 = s[i].t[j] > t1 ? s[i].t[j] : t1;
			lo = (double)s[i].v[j] < lo ? (double)s[i].v[j] : lo;
			hi = (double)s[i].v[j] > hi ? (double)s[i].v[j] : hi;
		}
	if (t0 > t1)
		return;
	if (t1 == t0)
		t1 = t0 + REPORT_DAY;
	step = nice_step(hi - lo > 0 ? hi - lo : 1, 4);
	lo = floor(lo / step) * step;
	hi = lo + 4 * step < hi ? ceil(hi / step) * step : lo + 4 * step;
	c = tpl_child(root, "chart");
	set_int(c, "w", CH_W);
	set_int(c, "h", CH_H);
	set_int(c, "x0", CH_LEFT);
	set_int(c, "x1", CH_W - CH_RIGHT);
	set_int(c, "y0", CH_H - CH_BOTTOM);
	set_int(c, "ytop", CH_TOP);
	for (v = lo; v <= hi + step / 2; v += step) {
		it = tpl_item(c, "ticks");
		y = CH_H - CH_BOTTOM - ph * (v - lo) / (hi - lo);
		tpl_setf(it, "y", "%.1f", y);
		tpl_setf(it, "ty", "%.1f", y + 4);
		set_int(it, "lx", CH_LEFT - 6);
		tpl_setf(it, "label", "%.0f", v);
	}
	for (i = 0; i <= 3; i++) {
		it = tpl_item(c, "xlabels");
		x = CH_LEFT + pw * (double)i / 3;
		report_date(t0 + (int64_t)((double)(t1 - t0) * (double)i / 3),
		    buf, sizeof(buf));
		tpl_setf(it, "x", "%.1f", x);
		set_int(it, "y", CH_H - CH_BOTTOM + 18);
		tpl_set(it, "label", buf);
		/* the end labels inside the picture */
		tpl_set(it, "anchor", i == 0 ? "start" : i == 3 ? "end" :
		    "middle");
	}
	for (i = 0; i < ns; i++) {
		if (s[i].n == 0)
			continue;
		for (j = 0; j < s[i].n; j++)
			fa_buf_printf(&pts, "%s%.1f,%.1f", j ? " " : "",
			    CH_LEFT + pw * (double)(s[i].t[j] - t0) /
			    (double)(t1 - t0), CH_H - CH_BOTTOM - ph *
			    ((double)s[i].v[j] - lo) / (hi - lo));
		it = tpl_item(c, "lines");
		tpl_set(it, "name", s[i].name);
		p = fa_buf_steal(&pts);
		tpl_set(it, "points", p);
		free(p);
	}
}

/* Meters: the chart of total, mono and colour, and the current values. */
static void
meters_part(const struct devrec *d, struct tpl_node *root)
{
	static const char *const charted[] = { "total", "mono", "colour" };
	struct series	 s[nitems(charted)];
	const struct rows *m = &d->k[K_METERS];
	struct tpl_node	*it;
	const char	*name;
	size_t		 i, j, n;
	int64_t		 a, b;

	memset(s, 0, sizeof(s));
	for (i = 0; i < nitems(charted); i++)
		s[i].name = charted[i];
	for (i = 0; i < m->n; i++) {
		if ((name = jstr(m->v[i], "name")) == NULL)
			continue;
		for (j = 0; j < nitems(charted); j++)
			if (strcmp(name, charted[j]) == 0)
				break;
		if (j == nitems(charted))
			continue;
		/* a value holds from its first scan to its last */
		a = scan_time(d, jint(m->v[i], "scan_id", -1));
		b = scan_time(d, jint(m->v[i], "last_scan_id", -1));
		series_add(&s[j], a, jint(m->v[i], "value", 0));
		if (b > a)
			series_add(&s[j], b, jint(m->v[i], "value", 0));
	}
	for (i = 0; i < nitems(charted); i++)
		series_sort(&s[i]);
	chart(root, s, nitems(charted));
	for (i = 0; i < nitems(charted); i++) {
		free(s[i].t);
		free(s[i].v);
	}
	for (i = 0; i < m->n; i++) {
		if (jint(m->v[i], "last_scan_id", -1) != d->newest[P_METERS])
			continue;
		name = jstr(m->v[i], "name");
		for (n = 0, j = 0; j < m->n; j++)
			n += name != NULL && jstr(m->v[j], "name") != NULL &&
			    strcmp(jstr(m->v[j], "name"), name) == 0;
		it = tpl_item(root, "meters");
		tpl_set(it, "name", name);
		set_int(it, "value", jint(m->v[i], "value", 0));
		tpl_set(it, "unit", jstr(m->v[i], "unit"));
		tpl_setf(it, "readings", "%zu", n);
		tpl_set(root, "meters_any", "1");
	}
}

/* Days to empty of the cartridge instance inst, from its level history
 * (report_days_to_empty(), as the report does). */
static void
supply_days(const struct devrec *d, int64_t inst, struct tpl_node *it)
{
	const struct rows	*p = &d->k[K_SUPPLIES];
	struct report_level	*l;
	struct report_dte	 t;
	size_t			 i, n = 0, j, k;
	int64_t			 a, b, pc;

	if (inst < 0)
		return;
	l = fa_calloc(2 * p->n + 1, sizeof(*l));
	for (i = 0; i < p->n; i++) {
		if (jint(p->v[i], "instance_id", -1) != inst ||
		    (pc = jint(p->v[i], "percent", -1)) < 0)
			continue;
		a = scan_time(d, jint(p->v[i], "scan_id", -1));
		b = scan_time(d, jint(p->v[i], "last_scan_id", -1));
		if (a >= 0)
			l[n++] = (struct report_level){ a, (int)pc };
		if (b > a)
			l[n++] = (struct report_level){ b, (int)pc };
	}
	for (j = 1; j < n; j++)		/* by time */
		for (k = j; k > 0 && l[k - 1].t > l[k].t; k--) {
			struct report_level x = l[k];

			l[k] = l[k - 1];
			l[k - 1] = x;
		}
	report_days_to_empty(l, n, scan_time(d, d->newest[P_SUPPLIES]), &t);
	if (t.status == REPORT_DTE_OK)
		tpl_setf(it, "days", "%.0f", t.days);
	free(l);
}

static void
supplies_part(const struct devrec *d, struct tpl_node *root)
{
	const struct rows	*p = &d->k[K_SUPPLIES];
	struct tpl_node		*it;
	int64_t			 pc;
	size_t			 i;

	for (i = 0; i < p->n; i++) {
		if (jint(p->v[i], "last_scan_id", -1) !=
		    d->newest[P_SUPPLIES])
			continue;
		it = tpl_item(root, "supplies");
		tpl_set(it, "description", jstr(p->v[i], "description"));
		tpl_set(it, "colorant", jstr(p->v[i], "colorant"));
		tpl_set(it, "state", jstr(p->v[i], "state"));
		tpl_set(it, "part_number", jstr(p->v[i], "part_number"));
		if ((pc = jint(p->v[i], "percent", -1)) >= 0) {
			set_int(it, "percent", pc);
			if (pc <= REPORT_LOW_PERCENT)
				tpl_set(it, "low", "1");
		}
		supply_days(d, jint(p->v[i], "instance_id", -1), it);
		tpl_set(root, "supplies_any", "1");
	}
}

static void
alerts_part(const struct devrec *d, struct tpl_node *root)
{
	const struct rows	*p = &d->k[K_ALERTS];
	struct tpl_node		*it;
	size_t			 i;
	int			 rank;

	/* critical first: one pass per rank keeps the device's order */
	for (rank = 0; rank < 3; rank++)
		for (i = 0; i < p->n; i++) {
			if (jint(p->v[i], "last_scan_id", -1) !=
			    d->newest[P_ERRORS] ||
			    sev_rank(jstr(p->v[i], "severity")) != rank)
				continue;
			it = tpl_item(root, "alerts");
			tpl_set(it, "severity", jstr(p->v[i], "severity"));
			tpl_set(it, "sevclass",
			    sev_class(jstr(p->v[i], "severity")));
			tpl_set(it, "description",
			    jstr(p->v[i], "description"));
			tpl_set(it, "group", jstr(p->v[i], "grp"));
			tpl_set(it, "code", jstr(p->v[i], "code_name"));
			tpl_set(root, "alerts_any", "1");
		}
}

static enum MHD_Result
device_page(struct wreq *r, const char *idstr)
{
	struct tpl_node	*root;
	struct hubdb_st	*st;
	struct fa_err	 e;
	struct devrec	 d;
	long long	 id;
	int64_t		 site = 0, src = 0, aid = 0;
	int		 rc, may = 0;
	char		*title = NULL;
	enum MHD_Result	 res;

	if (fa_strtonum(idstr, 1, INT64_MAX, &id, "device", &e) != 0)
		return not_found(r);
	root = tpl_obj();
	if (hubdb_begin_read(r->db, &e) != 0 ||
	    hubdb_prepare(r->db, "SELECT d.site_id, d.src_id, d.account_id, "
	    "a.name, d.address, d.vendor, d.model, d.serial, d.mac, "
	    "d.first_seen, d.last_seen, s.fingerprint FROM devices d JOIN "
	    "accounts a ON a.id = d.account_id JOIN sites s ON s.id = "
	    "d.site_id WHERE d.id = ?1", &st, &e) != 0)
		goto fail;
	hubdb_bind_int(st, 1, id);
	if ((rc = hubdb_step(st, &e)) == 1) {
		site = hubdb_col_int(st, 0);
		src = hubdb_col_int(st, 1);
		aid = hubdb_col_int(st, 2);
		tpl_set(root, "account", hubdb_col_text(st, 3));
		tpl_set(root, "address", hubdb_col_text(st, 4));
		tpl_set(root, "vendor", hubdb_col_text(st, 5));
		tpl_set(root, "model", hubdb_col_text(st, 6));
		tpl_set(root, "serial", hubdb_col_text(st, 7));
		tpl_set(root, "mac", hubdb_col_text(st, 8));
		set_date(root, "first_seen", hubdb_col_int(st, 9));
		set_date(root, "last_seen", hubdb_col_int(st, 10));
		tpl_set(root, "collector", hubdb_col_text(st, 11));
		title = fa_asprintf("%s %s", hubdb_col_text(st, 7) ?
		    hubdb_col_text(st, 7) : "device", hubdb_col_text(st, 4) ?
		    hubdb_col_text(st, 4) : "");
	}
	hubdb_finalize(st);
	if (rc < 0)
		goto fail;
	if (rc == 1 && hubusers_may(r->db, &r->s, aid, &may, &e) != 0)
		goto fail;
	if (rc == 0 || !may) {
		hubdb_rollback(r->db);
		tpl_free(root);
		free(title);
		return not_found(r);
	}
	if (dr_read(r, site, src, &d, &e) != 0) {
		dr_release(&d);
		goto fail;
	}
	hubdb_rollback(r->db);
	{
		char	*what = fa_asprintf("device %lld", id);

		audit(r, aid, "view", what);
		free(what);
	}
	if (rdlstore_may(r->db, r->s.user_id, aid, &may, &e) == 0 && may) {
		struct tpl_node *x = tpl_child(root, "rdl");	/* rdl.h */

		tpl_set(x, "device", idstr);
		tpl_set(x, "csrf", r->s.csrf);
	}
	tpl_set(root, "location", scan_attr(&d, "sys_location"));
	tpl_set(root, "firmware", scan_attr(&d, "firmware"));
	meters_part(&d, root);
	supplies_part(&d, root);
	alerts_part(&d, root);
	dr_release(&d);
	res = page(r, MHD_HTTP_OK, "web-device.html", title, root);
	free(title);
	return res;
fail:
	hubdb_rollback(r->db);
	tpl_free(root);
	free(title);
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
