/*
 * rdlweb.c: Remote Device Link's pages on the hub's own origin
 * (docs/rdl.md), under /rdl/:
 *   POST /rdl/open          the device page's button (device, csrf)
 *   GET  /rdl/sessions/ID   the session: waiting, its start link, ended
 *   POST /rdl/end           ends a session (id, csrf): its user, or a
 *                           dealer admin for any
 *   GET  /rdl               dealer admins: open sessions and the audit
 * The user is the web view's (its session cookie, hubusers.h); a form
 * needs the session's CSRF token and a same-origin Sec-Fetch-Site, as
 * the web view's do.  Whatever a user may not do is the same 404 as a
 * page that does not exist: the feature off, the account not enabled,
 * no right on it, another account's device.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hubdb.h"
#include "hubusers.h"
#include "rdl.h"
#include "rdlstore.h"

#define SESSION_COOKIE	"__Host-fa_session"
#define CSP		"default-src 'none'; style-src 'unsafe-inline'; " \
			"form-action 'self' https:; frame-ancestors 'none'"
#define LIST_MAX	200	/* audit rows shown */

struct page {
	struct MHD_Connection	*c;
	struct hubusers_session	 s;
	const char		*body;
	size_t			 len;
	struct fa_buf		 out;
};

static void
esc(struct fa_buf *b, const char *s)
{
	if (s == NULL)
		return;
	for (; *s != '\0'; s++)
		switch (*s) {
		case '<': fa_buf_puts(b, "&lt;"); break;
		case '>': fa_buf_puts(b, "&gt;"); break;
		case '&': fa_buf_puts(b, "&amp;"); break;
		case '"': fa_buf_puts(b, "&quot;"); break;
		case '\'': fa_buf_puts(b, "&#39;"); break;
		default: fa_buf_add(b, s, 1);
		}
}

static void
head(struct page *p, const char *title, int refresh)
{
	fa_buf_puts(&p->out, "<!DOCTYPE html>\n<html lang=\"en\"><head>"
	    "<meta charset=\"utf-8\"><meta name=\"viewport\" content=\""
	    "width=device-width, initial-scale=1\">");
	if (refresh)
		fa_buf_puts(&p->out, "<meta http-equiv=\"refresh\" "
		    "content=\"1\">");
	fa_buf_puts(&p->out, "<title>");
	esc(&p->out, title);
	fa_buf_puts(&p->out, " - fleetaudit hub</title><style>body{font-family:"
	    "sans-serif;margin:1em auto;max-width:60em;padding:0 1em}"
	    "table{border-collapse:collapse}td,th{padding:.2em .6em;"
	    "border-bottom:1px solid #ccc;text-align:left}</style></head>"
	    "<body><header><a href=\"/accounts\">fleetaudit hub</a></header>"
	    "<main><h1>");
	esc(&p->out, title);
	fa_buf_puts(&p->out, "</h1>\n");
}

static enum MHD_Result
finish(struct page *p, unsigned status, const char *location)
{
	struct MHD_Response	*resp;
	enum MHD_Result		 rc;
	size_t			 len;

	if (location == NULL)
		fa_buf_puts(&p->out, "</main></body></html>\n");
	len = p->out.len;
	resp = MHD_create_response_from_buffer(len, len > 0 ?
	    fa_buf_steal(&p->out) : fa_strdup(""), MHD_RESPMEM_MUST_FREE);
	fa_buf_release(&p->out);
	if (resp == NULL)
		return MHD_NO;
	(void)MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE,
	    "text/html; charset=utf-8");
	(void)MHD_add_response_header(resp, "Content-Security-Policy", CSP);
	(void)MHD_add_response_header(resp, "X-Content-Type-Options",
	    "nosniff");
	(void)MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
	(void)MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	(void)MHD_add_response_header(resp, "Cache-Control", "no-store");
	(void)MHD_add_response_header(resp, "Strict-Transport-Security",
	    "max-age=31536000");
	if (location != NULL)
		(void)MHD_add_response_header(resp, "Location", location);
	rc = MHD_queue_response(p->c, status, resp);
	MHD_destroy_response(resp);
	return rc;
}

static enum MHD_Result
msg(struct page *p, unsigned status, const char *title, const char *text)
{
	fa_buf_release(&p->out);
	head(p, title, 0);
	fa_buf_puts(&p->out, "<p>");
	esc(&p->out, text);
	fa_buf_puts(&p->out, "</p>\n");
	return finish(p, status, NULL);
}

static enum MHD_Result
not_found(struct page *p)
{
	return msg(p, MHD_HTTP_NOT_FOUND, "Not found", "There is no such "
	    "page.");
}

static enum MHD_Result
see_other(struct page *p, const char *where)
{
	fa_buf_release(&p->out);
	return finish(p, MHD_HTTP_SEE_OTHER, where);
}

static int
hexval(int c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ?
	    c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* Form field key, decoded (caller frees), or NULL. */
static char *
field(const struct page *p, const char *key)
{
	const char	*s = p->body, *end = p->body + p->len, *amp, *eq;
	size_t		 kn = strlen(key), i;
	char		*v, *o;

	while (s != NULL && s < end) {
		amp = memchr(s, '&', (size_t)(end - s));
		if (amp == NULL)
			amp = end;
		eq = memchr(s, '=', (size_t)(amp - s));
		if (eq != NULL && (size_t)(eq - s) == kn &&
		    memcmp(s, key, kn) == 0) {
			o = v = fa_malloc((size_t)(amp - eq));
			for (i = 1; eq + i < amp; i++) {
				if (eq[i] == '+')
					*o++ = ' ';
				else if (eq[i] == '%' && eq + i + 2 < amp &&
				    hexval(eq[i + 1]) >= 0 &&
				    hexval(eq[i + 2]) >= 0) {
					*o++ = (char)(hexval(eq[i + 1]) * 16 +
					    hexval(eq[i + 2]));
					i += 2;
				} else
					*o++ = eq[i];
			}
			*o = '\0';
			return v;
		}
		s = amp + 1;
	}
	return NULL;
}

/* A form of this user's session, from this origin. */
static int
form_ok(struct page *p)
{
	const char	*site = MHD_lookup_connection_value(p->c,
			    MHD_HEADER_KIND, "Sec-Fetch-Site");
	char		*csrf = field(p, "csrf");
	int		 ok;

	ok = csrf != NULL && hubusers_same(csrf, p->s.csrf) &&
	    (site == NULL || strcmp(site, "same-origin") == 0);
	free(csrf);
	return ok;
}

static enum MHD_Result
open_post(struct rdl *r, struct hubdb *db, struct page *p)
{
	struct hubdb_st	*st;
	struct fa_err	 e;
	char		*dev = field(p, "device"), *scheme = field(p, "scheme");
	char		*account = NULL, *address = NULL, *fp = NULL, where[64];
	long long	 id;
	int64_t		 aid = 0, sid;
	int		 rc, may = 0, right = 0;
	enum MHD_Result	 res;

	if (!form_ok(p)) {
		res = msg(p, MHD_HTTP_FORBIDDEN, "Refused", "This form is "
		    "not from this page: open the device page again.");
		goto out;
	}
	if (!rdl_enabled(r) || dev == NULL || fa_strtonum(dev, 1, INT64_MAX,
	    &id, "device", &e) != 0) {
		res = not_found(p);
		goto out;
	}
	if (hubdb_prepare(db, "SELECT d.account_id, a.name, d.address,"
	    " s.fingerprint FROM devices d JOIN accounts a ON a.id ="
	    " d.account_id JOIN sites s ON s.id = d.site_id WHERE d.id = ?1",
	    &st, &e) != 0)
		goto fail;
	hubdb_bind_int(st, 1, id);
	if ((rc = hubdb_step(st, &e)) == 1) {
		aid = hubdb_col_int(st, 0);
		account = hubdb_col_strdup(st, 1);
		address = hubdb_col_strdup(st, 2);
		fp = hubdb_col_strdup(st, 3);
	}
	hubdb_finalize(st);
	if (rc < 0)
		goto fail;
	if (rc == 1 && (hubusers_may(db, &p->s, aid, &may, &e) != 0 ||
	    rdlstore_may(db, p->s.user_id, aid, &right, &e) != 0))
		goto fail;
	if (rc == 0 || !may || !right) {
		rdl_log(r, "rdl: %s may not open device %lld: 404", p->s.name,
		    id);
		res = not_found(p);
		goto out;
	}
	if (address == NULL || strncmp(address, "ip:", 3) == 0 ||
	    strlen(address) >= 64) {
		res = msg(p, MHD_HTTP_CONFLICT, "Cannot open", "This device's "
		    "address is masked at its site: the collector cannot be "
		    "told which device to reach.");
		goto out;
	}
	if (rdl_open(r, db, p->s.user_id, p->s.name, account, id, address, fp,
	    scheme != NULL && strcmp(scheme, "https") == 0 ? "https" : "http",
	    &sid, &e) != 0) {
		res = msg(p, MHD_HTTP_SERVICE_UNAVAILABLE, "Cannot open", e.msg);
		goto out;
	}
	snprintf(where, sizeof(where), "/rdl/sessions/%" PRId64, sid);
	res = see_other(p, where);
	goto out;
fail:
	rdl_log(r, "rdl: %s", e.msg);
	res = msg(p, MHD_HTTP_INTERNAL_SERVER_ERROR, "The hub cannot answer",
	    "The hub's store could not be read: try again.");
out:
	free(dev);
	free(scheme);
	free(account);
	free(address);
	free(fp);
	return res;
}

static void
end_button(struct page *p, int64_t id)
{
	fa_buf_printf(&p->out, "<form method=\"post\" action=\"/rdl/end\">"
	    "<input type=\"hidden\" name=\"id\" value=\"%" PRId64 "\">"
	    "<input type=\"hidden\" name=\"csrf\" value=\"%s\">"
	    "<button type=\"submit\">End the session</button></form>\n", id,
	    p->s.csrf);
}

static enum MHD_Result
session_page(struct rdl *r, struct page *p, const char *idstr)
{
	struct rdl_info	 i;
	struct fa_err	 e;
	long long	 id;
	char		 url[512];
	int		 waiting;

	if (fa_strtonum(idstr, 1, INT64_MAX, &id, "session", &e) != 0 ||
	    rdl_info(r, id, &i) != 0 || (strcmp(i.who, p->s.name) != 0 &&
	    !p->s.admin))
		return not_found(p);
	waiting = strcmp(i.state, "waiting") == 0;
	head(p, "Device web page", waiting);
	fa_buf_puts(&p->out, "<p>Device ");
	esc(&p->out, i.address);
	fa_buf_puts(&p->out, " of account ");
	esc(&p->out, i.account);
	fa_buf_printf(&p->out, ", session %" PRId64 " of ", i.id);
	esc(&p->out, i.who);
	fa_buf_puts(&p->out, ".</p>\n");
	if (waiting)
		fa_buf_puts(&p->out, "<p id=\"state\">Waiting for the "
		    "collector on site to take the session...</p>\n");
	else if (strcmp(i.state, "open") == 0) {
		if (strcmp(i.who, p->s.name) == 0 && rdl_start_link(r, id,
		    p->s.user_id, MHD_lookup_connection_value(p->c,
		    MHD_HEADER_KIND, MHD_HTTP_HEADER_HOST), url,
		    sizeof(url)) == 0) {
			fa_buf_puts(&p->out, "<p id=\"state\">Open.  <a "
			    "id=\"start\" target=\"_blank\" rel=\"noopener "
			    "noreferrer\" href=\"");
			esc(&p->out, url);
			fa_buf_puts(&p->out, "\">Open the device's web page"
			    "</a> (this link works once, within a minute; "
			    "reload this page for another).</p>\n");
		} else
			fa_buf_puts(&p->out, "<p id=\"state\">Open.</p>\n");
		fa_buf_printf(&p->out, "<p>%" PRId64 " requests so far.</p>\n",
		    i.requests);
		fa_buf_puts(&p->out, "<p id=\"tls\">The collector reaches the "
		    "device over HTTP, or over HTTPS when the device asks for "
		    "it: then the device's certificate is not checked (devices "
		    "carry self-signed ones), for this device only. Between "
		    "your browser, the hub and the collector: TLS 1.2 or newer, "
		    "certificates checked.</p>\n");
	} else {
		fa_buf_puts(&p->out, "<p id=\"state\">Ended: ");
		esc(&p->out, i.reason);
		fa_buf_puts(&p->out, ".</p>\n");
	}
	if (strcmp(i.state, "ended") != 0)
		end_button(p, id);
	return finish(p, MHD_HTTP_OK, NULL);
}

static enum MHD_Result
end_post(struct rdl *r, struct page *p)
{
	struct rdl_info	 i;
	struct fa_err	 e;
	char		*idstr = field(p, "id"), where[64];
	long long	 id;
	enum MHD_Result	 res;

	if (!form_ok(p))
		res = msg(p, MHD_HTTP_FORBIDDEN, "Refused", "This form is not "
		    "from this page.");
	else if (idstr == NULL || fa_strtonum(idstr, 1, INT64_MAX, &id,
	    "session", &e) != 0 || rdl_info(r, id, &i) != 0 ||
	    (strcmp(i.who, p->s.name) != 0 && !p->s.admin))
		res = not_found(p);
	else {
		(void)rdl_end(r, id, p->s.name);
		snprintf(where, sizeof(where), p->s.admin &&
		    strcmp(i.who, p->s.name) != 0 ? "/rdl" :
		    "/rdl/sessions/%lld", id);
		res = see_other(p, where);
	}
	free(idstr);
	return res;
}

static void
cell_time(struct page *p, int64_t t)
{
	char	ts[32];

	if (t > 0)
		fa_iso8601(t, ts, sizeof(ts));
	else
		fa_strlcpy(ts, "-", sizeof(ts));
	fa_buf_printf(&p->out, "<td>%s</td>", ts);
}

static enum MHD_Result
admin_page(struct rdl *r, struct hubdb *db, struct page *p)
{
	struct rdl_info		 live[RDL_SESSIONS];
	struct rdlstore_row	*rows = NULL;
	struct fa_err		 e;
	size_t			 n, i;

	if (!p->s.admin)
		return not_found(p);
	head(p, "Device sessions", 0);
	n = rdl_list(r, live, nitems(live));
	fa_buf_printf(&p->out, "<p>Remote Device Link is %s on this hub.</p>\n"
	    "<h2>Open now (%zu)</h2>\n<table id=\"open\"><thead><tr><th>"
	    "Session</th><th>User</th><th>Account</th><th>Device</th><th>"
	    "State</th><th>Started</th><th>Requests</th><th></th></tr>"
	    "</thead><tbody>\n", rdl_enabled(r) ? "on" : "off", n);
	for (i = 0; i < n; i++) {
		fa_buf_printf(&p->out, "<tr><td><a href=\"/rdl/sessions/%"
		    PRId64 "\">%" PRId64 "</a></td><td>", live[i].id,
		    live[i].id);
		esc(&p->out, live[i].who);
		fa_buf_puts(&p->out, "</td><td>");
		esc(&p->out, live[i].account);
		fa_buf_puts(&p->out, "</td><td>");
		esc(&p->out, live[i].address);
		fa_buf_printf(&p->out, "</td><td>%s</td>", live[i].state);
		cell_time(p, live[i].created);
		fa_buf_printf(&p->out, "<td>%" PRId64 "</td><td>",
		    live[i].requests);
		end_button(p, live[i].id);
		fa_buf_puts(&p->out, "</td></tr>\n");
	}
	fa_buf_puts(&p->out, "</tbody></table>\n<h2>Audit</h2>\n");
	if (rdlstore_log(db, 0, LIST_MAX, &rows, &n, &e) != 0) {
		rdl_log(r, "rdl: %s", e.msg);
		fa_buf_puts(&p->out, "<p>The audit could not be read.</p>\n");
		return finish(p, MHD_HTTP_INTERNAL_SERVER_ERROR, NULL);
	}
	fa_buf_puts(&p->out, "<table id=\"audit\"><thead><tr><th>Session</th>"
	    "<th>User</th><th>Account</th><th>Device</th><th>Started</th><th>"
	    "Ended</th><th>Seconds</th><th>Requests</th><th>Bytes up</th><th>"
	    "Bytes down</th><th>Why it ended</th></tr></thead><tbody>\n");
	for (i = 0; i < n; i++) {
		fa_buf_printf(&p->out, "<tr><td>%" PRId64 "</td><td>",
		    rows[i].id);
		esc(&p->out, rows[i].who);
		fa_buf_puts(&p->out, "</td><td>");
		esc(&p->out, rows[i].account);
		fa_buf_puts(&p->out, "</td><td>");
		esc(&p->out, rows[i].address);
		fa_buf_puts(&p->out, "</td>");
		cell_time(p, rows[i].started);
		cell_time(p, rows[i].ended);
		fa_buf_printf(&p->out, "<td>%" PRId64 "</td><td>%" PRId64
		    "</td><td>%" PRId64 "</td><td>%" PRId64 "</td><td>",
		    rows[i].ended > 0 ? rows[i].ended - rows[i].started : 0,
		    rows[i].requests, rows[i].up, rows[i].down);
		esc(&p->out, rows[i].reason);
		fa_buf_puts(&p->out, "</td></tr>\n");
		rdlstore_row_release(&rows[i]);
	}
	free(rows);
	fa_buf_puts(&p->out, "</tbody></table>\n");
	return finish(p, MHD_HTTP_OK, NULL);
}

enum MHD_Result
rdlweb_handle(struct rdl *r, struct hubdb *db, struct MHD_Connection *c,
    const char *url, const char *method, const char *body, size_t len)
{
	struct page	 p;
	struct fa_err	 e;
	int		 x, post = strcmp(method, "POST") == 0;

	memset(&p, 0, sizeof(p));
	p.c = c;
	p.body = body != NULL ? body : "";
	p.len = body != NULL ? len : 0;
	x = hubusers_session_get(db, MHD_lookup_connection_value(c,
	    MHD_COOKIE_KIND, SESSION_COOKIE), fa_wall(), &p.s, &e);
	if (x == -1) {
		rdl_log(r, "rdl: %s", e.msg);
		hubdb_rollback(db);
		return msg(&p, MHD_HTTP_INTERNAL_SERVER_ERROR, "The hub cannot "
		    "answer", "The hub's store could not be read: try again.");
	}
	if (x == 1)
		return see_other(&p, "/login");
	if (post && strcmp(url, "/rdl/open") == 0)
		return open_post(r, db, &p);
	if (post && strcmp(url, "/rdl/end") == 0)
		return end_post(r, &p);
	if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0)
		return msg(&p, MHD_HTTP_METHOD_NOT_ALLOWED, "Not allowed",
		    "Not this method here.");
	if (strcmp(url, "/rdl") == 0)
		return admin_page(r, db, &p);
	if (strncmp(url, "/rdl/sessions/", 14) == 0)
		return session_page(r, &p, url + 14);
	return not_found(&p);
}
