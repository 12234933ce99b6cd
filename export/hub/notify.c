/*
 * notify.c: the hub's notifications (notify.h, docs/notify.md).
 *
 * A run reads each rule's account through the needs-attention gatherer
 * (hubattention_scan(), with the rule's thresholds), so a notice says
 * what the /attention page says.  A condition is keyed by its kind, its
 * device (collector and id) and the supply or meter it names: while the
 * key stays open it is not noticed again, whatever its detail becomes
 * (a cartridge going from 8% to 6%); once the key is gone from a run it
 * is closed, and it is noticed anew if it comes back.
 *
 * Notices become messages in the same transaction (all of a run's in one
 * message, or the day's in one digest), and each message keeps its own
 * body: a retry sends the same bytes, so a webhook's signature and a
 * receiver's de-duplication by message id hold.  Deliveries run outside
 * any transaction; a message is leased (next_try moved on) before it is
 * sent, so two runs at once do not send it twice.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>
#include <json-c/json.h>

#include "../../crypto/mac.h"
#include "hubattention.h"
#include "hubdb.h"
#include "notify.h"

#define DAY	86400
#define STR_(x)	#x
#define STR(x)	STR_(x)

/* After the 1st .. 5th failed try: 1 min, 5 min, 30 min, 2 h, 6 h. */
static const int64_t backoff[NOTIFY_TRIES - 1] = {
	60, 300, 1800, 7200, 21600
};

int64_t
notify_backoff(int n)
{
	if (n < 1)
		n = 1;
	if (n > (int)nitems(backoff))
		n = (int)nitems(backoff);
	return backoff[n - 1];
}

void
notify_rule_release(struct notify_rule *r)
{
	free(r->account);
	free(r->name);
	free(r->target);
	free(r->secret);
	memset(r, 0, sizeof(*r));
}

void
notify_logrow_release(struct notify_logrow *r)
{
	free(r->account);
	free(r->rule);
	free(r->target);
	free(r->outcome);
	free(r->detail);
	memset(r, 0, sizeof(*r));
}

/* ---- rules ---- */

int
notify_rule_add(struct hubstore *hs, struct notify_rule *r, int64_t now,
    struct fa_err *e)
{
	struct hubdb	*db = hubstore_db(hs);
	struct hubdb_st	*st = NULL;
	char		*conds = notify_conditions_format(r->conditions);
	int64_t		 acc;
	int		 rc, ret = -1;

	if (hubdb_begin(db, e) != 0)
		goto out;
	if (hubstore_account_id(hs, r->account, &acc, e) != 0)
		goto out;
	if (hubdb_prepare(db, "INSERT INTO notify_rules (account_id, name,"
	    " conditions, target, secret, threshold, days, silent_days,"
	    " digest_hour, created) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8,"
	    " ?9, ?10)", &st, e) != 0)
		goto out;
	hubdb_bind_int(st, 1, acc);
	hubdb_bind_text(st, 2, r->name);
	hubdb_bind_text(st, 3, conds);
	hubdb_bind_text(st, 4, r->target);
	hubdb_bind_text(st, 5, r->secret);
	hubdb_bind_int(st, 6, r->threshold);
	hubdb_bind_int(st, 7, r->days);
	hubdb_bind_int(st, 8, r->silent_days);
	if (r->digest_hour >= 0)
		hubdb_bind_int(st, 9, r->digest_hour);
	else
		hubdb_bind_null(st, 9);
	hubdb_bind_int(st, 10, now);
	if ((rc = hubdb_step(st, e)) == HUBDB_UNIQUE) {
		fa_errf(e, "account '%s' already has a rule '%s'", r->account,
		    r->name);
		goto out;
	}
	if (rc < 0)
		goto out;
	hubdb_finalize(st);
	st = NULL;
	if (hubdb_int(db, "SELECT id FROM notify_rules WHERE name = ?1 AND"
	    " account_id = ?2", r->name, acc, &r->id, e) != 0 ||
	    hubdb_commit(db, e) != 0)
		goto out;
	r->created = now;
	ret = 0;
out:
	hubdb_finalize(st);
	if (ret != 0)
		hubdb_rollback(db);
	free(conds);
	return ret;
}

int
notify_rule_remove(struct hubstore *hs, const char *account,
    const char *name, struct fa_err *e)
{
	static const char *const del[] = {
		"DELETE FROM notify_notices WHERE rule_id = ?1",
		"DELETE FROM notify_messages WHERE rule_id = ?1",
		"DELETE FROM notify_open WHERE rule_id = ?1",
		"DELETE FROM notify_rules WHERE id = ?1",
	};
	struct hubdb	*db = hubstore_db(hs);
	int64_t		 acc, id;
	size_t		 i;
	int		 ret = -1;

	if (hubdb_begin(db, e) != 0)
		return -1;
	if (hubstore_account_id(hs, account, &acc, e) != 0 ||
	    hubdb_int(db, "SELECT id FROM notify_rules WHERE name = ?1 AND"
	    " account_id = ?2", name, acc, &id, e) != 0)
		goto out;
	if (id < 0) {
		ret = 1;
		goto out;
	}
	for (i = 0; i < nitems(del); i++)
		if (hubdb_run(db, del[i], NULL, id, NULL, e) != 0)
			goto out;
	ret = 0;
out:
	return hubdb_end(db, ret, e);
}

#define RULE_COLS "r.id, a.name, r.name, r.conditions, r.target, r.secret," \
	" r.threshold, r.days, r.silent_days, r.digest_hour, r.created," \
	" r.last_digest FROM notify_rules r JOIN accounts a" \
	" ON a.id = r.account_id"

static void
rule_row(struct hubdb_st *st, struct notify_rule *r)
{
	struct fa_err	e;

	memset(r, 0, sizeof(*r));
	r->id = hubdb_col_int(st, 0);
	r->account = hubdb_col_strdup(st, 1);
	r->name = hubdb_col_strdup(st, 2);
	if (notify_conditions_parse(hubdb_col_text(st, 3), &r->conditions,
	    &e) != 0)
		r->conditions = 0;	/* written by us: never */
	r->target = hubdb_col_strdup(st, 4);
	r->secret = hubdb_col_strdup(st, 5);
	r->threshold = (int)hubdb_col_int(st, 6);
	r->days = (int)hubdb_col_int(st, 7);
	r->silent_days = (int)hubdb_col_int(st, 8);
	r->digest_hour = hubdb_col_null(st, 9) ? -1 :
	    (int)hubdb_col_int(st, 9);
	r->created = hubdb_col_int(st, 10);
	r->last_digest = hubdb_col_int(st, 11);
}

int
notify_rule_list(struct hubstore *hs, const char *account,
    struct notify_rule **v, size_t *n, struct fa_err *e)
{
	struct hubdb_st	*st;
	int		 rc;

	*v = NULL;
	*n = 0;
	if (hubdb_prepare(hubstore_db(hs), account != NULL ?
	    "SELECT " RULE_COLS " WHERE a.name = ?1 ORDER BY a.name, r.name" :
	    "SELECT " RULE_COLS " ORDER BY a.name, r.name", &st, e) != 0)
		return -1;
	if (account != NULL)
		hubdb_bind_text(st, 1, account);
	while ((rc = hubdb_step(st, e)) == 1 && *n < NOTIFY_RULES_MAX) {
		*v = fa_reallocarray(*v, *n + 1, sizeof(**v));
		rule_row(st, &(*v)[(*n)++]);
	}
	hubdb_finalize(st);
	if (rc < 0) {
		while (*n > 0)
			notify_rule_release(&(*v)[--*n]);
		FA_FREE(*v);
		return -1;
	}
	return 0;
}

/* ---- a run: conditions into notices ---- */

static int
str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *
cond_key(const struct hubattention_row *r)
{
	return fa_asprintf("%s|%s|%lld|%s", hubattention_kind_name(r->kind),
	    r->collector != NULL ? r->collector : "", (long long)r->device,
	    r->what != NULL ? r->what : "");
}

/* The rule's open keys, sorted. */
static int
open_keys(struct hubdb *db, int64_t rule, char ***v, size_t *n,
    struct fa_err *e)
{
	struct hubdb_st	*st;
	int		 rc;

	if (hubdb_prepare(db, "SELECT key FROM notify_open WHERE"
	    " rule_id = ?1", &st, e) != 0)
		return -1;
	hubdb_bind_int(st, 1, rule);
	while ((rc = hubdb_step(st, e)) == 1) {
		*v = fa_reallocarray(*v, *n + 1, sizeof(**v));
		(*v)[(*n)++] = hubdb_col_strdup(st, 0);
	}
	hubdb_finalize(st);
	if (*n > 0)
		qsort(*v, *n, sizeof(**v), str_cmp);
	return rc < 0 ? -1 : 0;
}

static int
exec_rk(struct hubdb *db, const char *sql, int64_t rule, const char *key,
    int64_t t, struct fa_err *e)	/* t < 0: no ?3 */
{
	struct hubdb_st	*st;
	int		 rc;

	if (hubdb_prepare(db, sql, &st, e) != 0)
		return -1;
	hubdb_bind_int(st, 1, rule);
	hubdb_bind_text(st, 2, key);
	if (t >= 0)
		hubdb_bind_int(st, 3, t);
	rc = hubdb_step(st, e);
	hubdb_finalize(st);
	return rc < 0 ? -1 : 0;
}

/* A new condition: 1 noticed, 0 already open (two rows of one key, or
 * another run's), -1 error. */
static int
add_notice(struct hubdb *db, int64_t rule, const char *key,
    const struct hubattention_row *r, int64_t now, struct fa_err *e)
{
	struct hubdb_st	*st;
	int		 rc;

	if (hubdb_prepare(db, "INSERT INTO notify_open (rule_id, key, opened)"
	    " VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING", &st, e) != 0)
		return -1;
	hubdb_bind_int(st, 1, rule);
	hubdb_bind_text(st, 2, key);
	hubdb_bind_int(st, 3, now);
	if ((rc = hubdb_step(st, e)) >= 0)
		rc = hubdb_changes(st) == 1;
	hubdb_finalize(st);
	if (rc <= 0)
		return rc;
	if (hubdb_prepare(db, "INSERT INTO notify_notices (rule_id, time,"
	    " kind, key, site, collector, device_src, serial, model, address,"
	    " location, detail, since) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7,"
	    " ?8, ?9, ?10, ?11, ?12, ?13)", &st, e) != 0)
		return -1;
	hubdb_bind_int(st, 1, rule);
	hubdb_bind_int(st, 2, now);
	hubdb_bind_text(st, 3, hubattention_kind_name(r->kind));
	hubdb_bind_text(st, 4, key);
	hubdb_bind_text(st, 5, r->site);
	hubdb_bind_text(st, 6, r->collector);
	hubdb_bind_int(st, 7, r->device);
	hubdb_bind_text(st, 8, r->serial);
	hubdb_bind_text(st, 9, r->model);
	hubdb_bind_text(st, 10, r->address);
	hubdb_bind_text(st, 11, r->location);
	hubdb_bind_text(st, 12, r->detail);
	if (r->since != 0)
		hubdb_bind_int(st, 13, r->since);
	else
		hubdb_bind_null(st, 13);
	rc = hubdb_step(st, e);
	hubdb_finalize(st);
	return rc < 0 ? -1 : 1;
}

/* Opens the new conditions of rows as notices, closes those gone. */
static int
track(struct hubdb *db, const struct notify_rule *rule,
    const struct hubattention_row *rows, size_t nrows, int64_t now,
    struct notify_result *res, struct fa_err *e)
{
	char		**open = NULL, *key, **hit;
	unsigned char	 *seen = NULL;
	size_t		  nopen = 0, i;
	int		  ret = -1, x;

	if (open_keys(db, rule->id, &open, &nopen, e) != 0)
		goto out;
	seen = fa_calloc(nopen ? nopen : 1, 1);
	for (i = 0; i < nrows; i++) {
		if (!(rule->conditions & (1u << rows[i].kind)))
			continue;
		key = cond_key(&rows[i]);
		hit = nopen > 0 ? bsearch(&key, open, nopen, sizeof(*open),
		    str_cmp) : NULL;
		if (hit != NULL)
			seen[hit - open] = 1;
		else if ((x = add_notice(db, rule->id, key, &rows[i], now,
		    e)) < 0) {
			free(key);
			goto out;
		} else
			res->notices += x;
		free(key);
	}
	for (i = 0; i < nopen; i++)
		if (!seen[i]) {
			if (exec_rk(db, "DELETE FROM notify_open WHERE"
			    " rule_id = ?1 AND key = ?2", rule->id, open[i],
			    -1, e) != 0)
				goto out;
			res->cleared++;
		}
	ret = 0;
out:
	for (i = 0; i < nopen; i++)
		free(open[i]);
	free(open);
	free(seen);
	return ret;
}

/* ---- notices into messages ---- */

/* Header-safe: printable ASCII only. */
static void
header_clean(char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < ' ' || (unsigned char)*s > '~')
			*s = '?';
}

#define S(x)	((x) != NULL ? (x) : "-")

/* One message of the rule's unsent notices (at most NOTIFY_PER_MESSAGE,
 * oldest first): *made 0 when there were none. */
static int
make_message(struct hubdb *db, const struct notify_rule *rule, int digest,
    int64_t now, int *made, struct fa_err *e)
{
	struct hubdb_st	*st = NULL;
	struct fa_buf	 text = FA_BUF_INIT;
	json_object	*root = NULL, *arr, *o;
	int64_t		*ids = NULL, msg = -1;
	char		 ts[32], since[32], *subject = NULL;
	const char	*js;
	char		*first = NULL;
	size_t		 n = 0, i;
	int		 rc, ret = -1;

	*made = 0;
	if (hubdb_prepare(db, "SELECT id, time, kind, site, collector,"
	    " device_src, serial, model, address, location, detail, since"
	    " FROM notify_notices WHERE rule_id = ?1 AND message_id IS NULL"
	    " ORDER BY id LIMIT " STR(NOTIFY_PER_MESSAGE), &st, e) != 0)
		goto out;
	hubdb_bind_int(st, 1, rule->id);
	root = json_object_new_object();
	arr = json_object_new_array();
	fa_iso8601(now, ts, sizeof(ts));
	while ((rc = hubdb_step(st, e)) == 1) {
		ids = fa_reallocarray(ids, n + 1, sizeof(*ids));
		ids[n++] = hubdb_col_int(st, 0);
		o = json_object_new_object();
#define JS(i)	(hubdb_col_null(st, i) ? NULL : \
		    json_object_new_string(hubdb_col_text(st, i)))
		json_object_object_add(o, "kind", JS(2));
		json_object_object_add(o, "site", JS(3));
		json_object_object_add(o, "collector", JS(4));
		json_object_object_add(o, "device_id",
		    json_object_new_int64(hubdb_col_int(st, 5)));
		json_object_object_add(o, "serial", JS(6));
		json_object_object_add(o, "model", JS(7));
		json_object_object_add(o, "address", JS(8));
		json_object_object_add(o, "location", JS(9));
		json_object_object_add(o, "detail", JS(10));
#undef JS
		if (!hubdb_col_null(st, 11)) {
			fa_iso8601(hubdb_col_int(st, 11), since,
			    sizeof(since));
			json_object_object_add(o, "since",
			    json_object_new_string(since));
		} else {
			fa_strlcpy(since, "-", sizeof(since));
			json_object_object_add(o, "since", NULL);
		}
		fa_iso8601(hubdb_col_int(st, 1), ts, sizeof(ts));
		json_object_object_add(o, "noticed",
		    json_object_new_string(ts));
		json_object_array_add(arr, o);
		fa_buf_printf(&text, "%-8s %s  %s  %s  (%s)\n         %s\n"
		    "         since %s; site %s\n",
		    hubdb_col_text(st, 2), S(hubdb_col_text(st, 6)),
		    S(hubdb_col_text(st, 7)), S(hubdb_col_text(st, 9)),
		    S(hubdb_col_text(st, 8)), S(hubdb_col_text(st, 10)),
		    since, hubdb_col_text(st, 3) != NULL ?
		    hubdb_col_text(st, 3) : S(hubdb_col_text(st, 4)));
		if (n == 1)
			first = fa_asprintf("%s %s: %s", hubdb_col_text(st, 2),
			    S(hubdb_col_text(st, 6)),
			    S(hubdb_col_text(st, 10)));
	}
	hubdb_finalize(st);
	st = NULL;
	if (rc < 0 || n == 0) {
		json_object_put(arr);	/* not in root yet */
		ret = rc < 0 ? -1 : 0;
		goto out;
	}
	fa_iso8601(now, ts, sizeof(ts));
	if (digest)
		subject = fa_asprintf("[fleetaudit] %s: daily digest %.10s, "
		    "%zu notices", rule->account, ts, n);
	else if (n == 1)
		subject = fa_asprintf("[fleetaudit] %s: %s", rule->account,
		    first);
	else
		subject = fa_asprintf("[fleetaudit] %s: %zu new notices",
		    rule->account, n);
	if (strlen(subject) > 200)
		subject[200] = '\0';
	header_clean(subject);
	json_object_object_add(root, "fleetaudit",
	    json_object_new_string("notify"));
	json_object_object_add(root, "version", json_object_new_int(1));
	json_object_object_add(root, "account",
	    json_object_new_string(rule->account));
	json_object_object_add(root, "rule",
	    json_object_new_string(rule->name));
	json_object_object_add(root, "digest",
	    json_object_new_boolean(digest));
	json_object_object_add(root, "created", json_object_new_string(ts));
	json_object_object_add(root, "notices", arr);
	if (hubdb_prepare(db, "INSERT INTO notify_messages (rule_id, created,"
	    " digest, notices, subject, text, json, attempts, next_try,"
	    " status) VALUES (?1, ?2, ?3, ?4, ?5, ?6, '', 0, ?2, 'pending')"
	    " RETURNING id", &st, e) != 0)
		goto out;
	hubdb_bind_int(st, 1, rule->id);
	hubdb_bind_int(st, 2, now);
	hubdb_bind_int(st, 3, digest);
	hubdb_bind_int(st, 4, (int64_t)n);
	hubdb_bind_text(st, 5, subject);
	hubdb_bind_text(st, 6, text.s);
	if ((rc = hubdb_step(st, e)) != 1) {
		if (rc == 0)
			fa_errf(e, "no id for the new message");
		goto out;
	}
	msg = hubdb_col_int(st, 0);
	hubdb_finalize(st);
	st = NULL;
	/* the message's id is part of what is signed */
	json_object_object_add(root, "message", json_object_new_int64(msg));
	js = json_object_to_json_string_ext(root, JSON_C_TO_STRING_PLAIN);
	if (hubdb_prepare(db, "UPDATE notify_messages SET json = ?1 WHERE"
	    " id = ?2", &st, e) != 0)
		goto out;
	hubdb_bind_text(st, 1, js);
	hubdb_bind_int(st, 2, msg);
	if (hubdb_step(st, e) < 0)
		goto out;
	hubdb_finalize(st);
	if (hubdb_prepare(db, "UPDATE notify_notices SET message_id = ?1"
	    " WHERE id = ?2", &st, e) != 0)
		goto out;
	for (i = 0; i < n; i++) {
		hubdb_reset(st);
		hubdb_bind_int(st, 1, msg);
		hubdb_bind_int(st, 2, ids[i]);
		if (hubdb_step(st, e) < 0)
			goto out;
	}
	*made = 1;
	ret = 0;
out:
	hubdb_finalize(st);
	if (root != NULL)
		json_object_put(root);
	fa_buf_release(&text);
	free(subject);
	free(first);
	free(ids);
	return ret;
}

/* Messages of the rule's new notices: at once, or the daily digest when
 * its hour has come and it was not made yet today. */
static int
make_messages(struct hubdb *db, const struct notify_rule *rule, int64_t now,
    struct notify_result *res, struct fa_err *e)
{
	struct hubdb_st	*st;
	int64_t		 due;
	int		 made = 1, k, rc;

	if (rule->digest_hour >= 0) {
		due = now - now % DAY + (int64_t)rule->digest_hour * 3600;
		if (now < due || rule->last_digest >= due)
			return 0;
		if (make_message(db, rule, 1, now, &made, e) != 0)
			return -1;
		res->messages += made;
		if (hubdb_prepare(db, "UPDATE notify_rules SET last_digest ="
		    " ?1 WHERE id = ?2", &st, e) != 0)
			return -1;
		hubdb_bind_int(st, 1, now);
		hubdb_bind_int(st, 2, rule->id);
		rc = hubdb_step(st, e);
		hubdb_finalize(st);
		return rc < 0 ? -1 : 0;
	}
	for (k = 0; made && k < NOTIFY_MESSAGES_MAX; k++) {
		if (make_message(db, rule, 0, now, &made, e) != 0)
			return -1;
		res->messages += made;
	}
	return 0;
}

/* ---- delivery ---- */

struct upbuf {
	const char	*p;
	size_t		 left;
};

static size_t
on_read(char *buf, size_t size, size_t n, void *arg)
{
	struct upbuf	*u = arg;
	size_t		 k = size * n < u->left ? size * n : u->left;

	memcpy(buf, u->p, k);
	u->p += k;
	u->left -= k;
	return k;
}

static size_t
on_write(char *buf, size_t size, size_t n, void *arg)
{
	(void)buf;
	(void)arg;
	return size * n;	/* the receiver's answer is not kept */
}

static void
common_opts(CURL *h, const struct notify_conf *c, char *errbuf)
{
	curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
	curl_easy_setopt(h, CURLOPT_SSLVERSION, (long)CURL_SSLVERSION_TLSv1_2);
	if (c->cacert != NULL)
		curl_easy_setopt(h, CURLOPT_CAINFO, c->cacert);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, (long)NOTIFY_CONNECT_S);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, (long)NOTIFY_TIMEOUT_S);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_write);
}

/* The RFC 5322 message: headers, then the text with CRLF line ends. */
static char *
mail_text(const struct notify_conf *c, const char *to, int64_t id,
    int64_t created, const char *subject, const char *account,
    const char *rule, const char *text)
{
	struct fa_buf	 b = FA_BUF_INIT;
	struct tm	 tm;
	char		 date[64];
	const char	*p;

	fa_gmtime(created, &tm);
	strftime(date, sizeof(date), "%a, %d %b %Y %H:%M:%S +0000", &tm);
	fa_buf_printf(&b, "From: %s\r\nTo: %s\r\nSubject: %s\r\nDate: %s\r\n"
	    "Message-ID: <notify-%lld-%lld@fleetaudit>\r\n"
	    "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
	    "Content-Transfer-Encoding: 8bit\r\n"
	    "X-Fleetaudit-Delivery: %lld\r\n\r\n", c->from, to, subject, date,
	    (long long)id, (long long)created, (long long)id);
	fa_buf_printf(&b, "Account %s, rule %s.\r\n\r\n", account, rule);
	for (p = text; *p != '\0'; p++) {
		if (*p == '\n')
			fa_buf_puts(&b, "\r\n");
		else if (*p != '\r')
			fa_buf_add(&b, p, 1);
	}
	fa_buf_puts(&b, "\r\nEach condition is told once; again only after "
	    "it has cleared and come back.\r\n");
	return fa_buf_steal(&b);
}

static int
send_mail(const struct notify_conf *c, const char *to, const char *msg,
    struct fa_err *e)
{
	CURL			*h;
	struct curl_slist	*rcpt = NULL;
	struct upbuf		 u = { msg, strlen(msg) };
	char			 errbuf[CURL_ERROR_SIZE] = "", *a;
	CURLcode		 rc;

	if (c->smtp == NULL || c->from == NULL)
		return fa_errf(e, "no mail server: set smtp and from in the "
		    "hub's notify.conf");
	if ((h = curl_easy_init()) == NULL)
		return fa_errf(e, "cannot start libcurl");
	a = fa_asprintf("<%s>", to);
	rcpt = curl_slist_append(rcpt, a);
	free(a);
	a = fa_asprintf("<%s>", c->from);
	curl_easy_setopt(h, CURLOPT_URL, c->smtp);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	curl_easy_setopt(h, CURLOPT_USE_SSL, (long)CURLUSESSL_ALL);
	curl_easy_setopt(h, CURLOPT_MAIL_FROM, a);
	curl_easy_setopt(h, CURLOPT_MAIL_RCPT, rcpt);
	if (c->user != NULL) {
		curl_easy_setopt(h, CURLOPT_USERNAME, c->user);
		curl_easy_setopt(h, CURLOPT_PASSWORD,
		    c->password != NULL ? c->password : "");
	}
	curl_easy_setopt(h, CURLOPT_READFUNCTION, on_read);
	curl_easy_setopt(h, CURLOPT_READDATA, &u);
	curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
	common_opts(h, c, errbuf);
	rc = curl_easy_perform(h);
	curl_slist_free_all(rcpt);
	curl_easy_cleanup(h);
	free(a);
	if (rc != CURLE_OK)
		return fa_errf(e, "%s", *errbuf ? errbuf :
		    curl_easy_strerror(rc));
	return 0;
}

static int
send_hook(const struct notify_conf *c, const char *url, const char *secret,
    int64_t id, int digest, const char *body, struct fa_err *e)
{
	CURL			*h;
	struct curl_slist	*hd = NULL;
	char			 errbuf[CURL_ERROR_SIZE] = "", *line;
	char			 mac[MAC_SHA256_HEX + 1];
	long			 code = 0;
	size_t			 len = strlen(body);
	CURLcode		 rc;

	if ((h = curl_easy_init()) == NULL)
		return fa_errf(e, "cannot start libcurl");
	mac_hmac_sha256_hex(secret != NULL ? secret : "", secret != NULL ?
	    strlen(secret) : 0, body, len, mac);
	hd = curl_slist_append(hd, "Content-Type: application/json");
	line = fa_asprintf("X-Fleetaudit-Signature: sha256=%s", mac);
	hd = curl_slist_append(hd, line);
	free(line);
	line = fa_asprintf("X-Fleetaudit-Delivery: %lld", (long long)id);
	hd = curl_slist_append(hd, line);
	free(line);
	hd = curl_slist_append(hd, digest ? "X-Fleetaudit-Event: digest" :
	    "X-Fleetaudit-Event: notice");
	hd = curl_slist_append(hd, "Expect:");
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "https");
	curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(h, CURLOPT_USERAGENT, "fleetaudit/" FA_VERSION);
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, hd);
	curl_easy_setopt(h, CURLOPT_POST, 1L);
	curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
	common_opts(h, c, errbuf);
	rc = curl_easy_perform(h);
	if (rc == CURLE_OK)
		curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
	curl_slist_free_all(hd);
	curl_easy_cleanup(h);
	if (rc != CURLE_OK)
		return fa_errf(e, "%s", *errbuf ? errbuf :
		    curl_easy_strerror(rc));
	if (code < 200 || code > 299)
		return fa_errf(e, "HTTP %ld", code);
	return 0;
}

struct due {
	int64_t	 id, created, next_try;
	int	 attempts, digest;
	char	*account, *rule, *target, *secret, *subject, *text, *json;
};

static void
due_release(struct due *d)
{
	free(d->account);
	free(d->rule);
	free(d->target);
	free(d->secret);
	free(d->subject);
	free(d->text);
	free(d->json);
}

static int
due_list(struct hubdb *db, int64_t now, struct due **v, size_t *n,
    struct fa_err *e)
{
	struct hubdb_st	*st;
	struct due	*d;
	int		 rc;

	if (hubdb_prepare(db, "SELECT m.id, m.created, m.next_try,"
	    " m.attempts, m.digest, a.name, r.name, r.target, r.secret,"
	    " m.subject, m.text, m.json FROM notify_messages m"
	    " JOIN notify_rules r ON r.id = m.rule_id JOIN accounts a"
	    " ON a.id = r.account_id WHERE m.status = 'pending' AND"
	    " m.next_try <= ?1 ORDER BY m.next_try, m.id LIMIT "
	    STR(NOTIFY_SENDS_MAX), &st, e) != 0)
		return -1;
	hubdb_bind_int(st, 1, now);
	while ((rc = hubdb_step(st, e)) == 1) {
		*v = fa_reallocarray(*v, *n + 1, sizeof(**v));
		d = &(*v)[(*n)++];
		d->id = hubdb_col_int(st, 0);
		d->created = hubdb_col_int(st, 1);
		d->next_try = hubdb_col_int(st, 2);
		d->attempts = (int)hubdb_col_int(st, 3);
		d->digest = (int)hubdb_col_int(st, 4);
		d->account = hubdb_col_strdup(st, 5);
		d->rule = hubdb_col_strdup(st, 6);
		d->target = hubdb_col_strdup(st, 7);
		d->secret = hubdb_col_strdup(st, 8);
		d->subject = hubdb_col_strdup(st, 9);
		d->text = hubdb_col_strdup(st, 10);
		d->json = hubdb_col_strdup(st, 11);
	}
	hubdb_finalize(st);
	return rc < 0 ? -1 : 0;
}

/* Leases d for this run: 1 ours, 0 another run's, -1 error. */
static int
lease(struct hubdb *db, const struct due *d, int64_t now, struct fa_err *e)
{
	struct hubdb_st	*st;
	int		 rc;

	if (hubdb_prepare(db, "UPDATE notify_messages SET next_try = ?1"
	    " WHERE id = ?2 AND status = 'pending' AND next_try = ?3", &st,
	    e) != 0)
		return -1;
	hubdb_bind_int(st, 1, now + NOTIFY_LEASE_S);
	hubdb_bind_int(st, 2, d->id);
	hubdb_bind_int(st, 3, d->next_try);
	rc = hubdb_step(st, e);
	if (rc >= 0)
		rc = hubdb_changes(st) == 1;
	hubdb_finalize(st);
	return rc;
}

/* The try's outcome: the message's state and a log row, together. */
static int
settle(struct hubdb *db, const struct due *d, int64_t now,
    const char *outcome, const char *detail, struct fa_err *e)
{
	struct hubdb_st	*st = NULL;
	int		 attempt = d->attempts + 1, ret = -1;
	const char	*status = strcmp(outcome, "sent") == 0 ? "sent" :
	    strcmp(outcome, "gave up") == 0 ? "failed" : "pending";

	if (hubdb_begin(db, e) != 0)
		return -1;
	if (hubdb_prepare(db, "UPDATE notify_messages SET attempts = ?1,"
	    " status = ?2, next_try = ?3 WHERE id = ?4", &st, e) != 0)
		goto out;
	hubdb_bind_int(st, 1, attempt);
	hubdb_bind_text(st, 2, status);
	if (strcmp(status, "pending") == 0)
		hubdb_bind_int(st, 3, now + notify_backoff(attempt));
	else
		hubdb_bind_null(st, 3);
	hubdb_bind_int(st, 4, d->id);
	if (hubdb_step(st, e) < 0)
		goto out;
	hubdb_finalize(st);
	if (hubdb_prepare(db, "INSERT INTO notify_log (time, account, rule,"
	    " message_id, target, attempt, outcome, detail) VALUES (?1, ?2,"
	    " ?3, ?4, ?5, ?6, ?7, ?8)", &st, e) != 0)
		goto out;
	hubdb_bind_int(st, 1, now);
	hubdb_bind_text(st, 2, d->account);
	hubdb_bind_text(st, 3, d->rule);
	hubdb_bind_int(st, 4, d->id);
	hubdb_bind_text(st, 5, d->target);
	hubdb_bind_int(st, 6, attempt);
	hubdb_bind_text(st, 7, outcome);
	hubdb_bind_text(st, 8, detail);
	if (hubdb_step(st, e) < 0)
		goto out;
	ret = 0;
out:
	hubdb_finalize(st);
	return hubdb_end(db, ret, e);
}

static int
in_names(const char *const *names, size_t n, const char *s)
{
	size_t	i;

	if (names == NULL)
		return 1;
	for (i = 0; i < n; i++)
		if (strcmp(names[i], s) == 0)
			return 1;
	return 0;
}

static int
deliver(struct hubdb *db, const struct notify_conf *c,
    const char *const *names, size_t nnames, int64_t now,
    notify_say_fn *say, void *arg, struct notify_result *res,
    struct fa_err *e)
{
	struct due	*v = NULL;
	struct fa_err	 why;
	const char	*outcome;
	char		*msg, *line, next[32];
	size_t		 n = 0, i;
	int		 rc, ret = -1, x;

	if (due_list(db, now, &v, &n, e) != 0)
		goto out;
	for (i = 0; i < n; i++) {
		if (!in_names(names, nnames, v[i].account))
			continue;
		if ((x = lease(db, &v[i], now, e)) < 0)
			goto out;
		if (x == 0)
			continue;
		if (strncmp(v[i].target, "mailto:", 7) == 0) {
			msg = mail_text(c, v[i].target + 7, v[i].id,
			    v[i].created, v[i].subject, v[i].account,
			    v[i].rule, v[i].text);
			rc = send_mail(c, v[i].target + 7, msg, &why);
			free(msg);
		} else
			rc = send_hook(c, v[i].target, v[i].secret, v[i].id,
			    v[i].digest, v[i].json, &why);
		outcome = rc == 0 ? "sent" : v[i].attempts + 1 >=
		    NOTIFY_TRIES ? "gave up" : "failed";
		if (settle(db, &v[i], now, outcome, rc == 0 ? NULL : why.msg,
		    e) != 0)
			goto out;
		if (rc == 0)
			res->sent++;
		else if (strcmp(outcome, "failed") == 0)
			res->failed++;
		else
			res->gave_up++;
		if (strcmp(outcome, "failed") == 0)
			fa_iso8601(now + notify_backoff(v[i].attempts + 1),
			    next, sizeof(next));
		line = rc == 0 ? fa_asprintf("sent: message %lld (rule '%s' "
		    "of '%s', %s) to %s", (long long)v[i].id, v[i].rule,
		    v[i].account, v[i].digest ? "digest" : "notices",
		    v[i].target) : fa_asprintf("%s: message %lld (rule '%s' of "
		    "'%s') to %s, try %d: %s%s%s", outcome, (long long)v[i].id,
		    v[i].rule, v[i].account, v[i].target, v[i].attempts + 1,
		    why.msg, strcmp(outcome, "failed") == 0 ?
		    "; next try at " : "", strcmp(outcome, "failed") == 0 ?
		    next : "");
		if (say != NULL)
			say(arg, line);
		free(line);
	}
	ret = 0;
out:
	for (i = 0; i < n; i++)
		due_release(&v[i]);
	free(v);
	return ret;
}

int
notify_run(struct hubstore *hs, const struct notify_conf *c,
    const char *const *names, size_t nnames, int64_t now,
    notify_say_fn *say, void *arg, struct notify_result *res,
    struct fa_err *e)
{
	struct hubdb		*db = hubstore_db(hs);
	struct notify_rule	*rules = NULL;
	struct hubattention_opts o;
	struct hubattention_row	*rows;
	struct fa_err		 why;
	const char		*acc;
	char			*line;
	size_t			 nrules = 0, nrows, i, j;
	int			 ret = -1;

	memset(res, 0, sizeof(*res));
	if (notify_rule_list(hs, NULL, &rules, &nrules, e) != 0)
		return -1;
	for (i = 0; i < nrules; i++) {
		if (!in_names(names, nnames, rules[i].account))
			continue;
		memset(&o, 0, sizeof(o));
		o.now = now;
		o.silent_days = rules[i].silent_days;
		o.threshold = rules[i].threshold;
		o.days = rules[i].days;
		o.anomaly_days = HUBATTENTION_ANOMALY_DAYS;
		acc = rules[i].account;
		rows = NULL;
		nrows = 0;
		if (hubattention_scan(hs, &acc, 1, &o, &rows, &nrows,
		    &why) != 0) {
			hubdb_rollback(db);
			line = fa_asprintf("rule '%s' of '%s': %s",
			    rules[i].name, acc, why.msg);
			if (say != NULL)
				say(arg, line);
			free(line);
			continue;
		}
		res->rules++;
		if (hubdb_begin(db, e) != 0 ||
		    track(db, &rules[i], rows, nrows, now, res, e) != 0 ||
		    make_messages(db, &rules[i], now, res, e) != 0 ||
		    hubdb_commit(db, e) != 0) {
			hubdb_rollback(db);
			for (j = 0; j < nrows; j++)
				hubattention_row_release(&rows[j]);
			free(rows);
			goto out;
		}
		for (j = 0; j < nrows; j++)
			hubattention_row_release(&rows[j]);
		free(rows);
	}
	if (deliver(db, c, names, nnames, now, say, arg, res, e) != 0)
		goto out;
	ret = 0;
out:
	for (i = 0; i < nrules; i++)
		notify_rule_release(&rules[i]);
	free(rules);
	return ret;
}

int
notify_log_list(struct hubstore *hs, const char *account, size_t max,
    struct notify_logrow **v, size_t *n, struct fa_err *e)
{
	struct hubdb_st		*st;
	struct notify_logrow	*r;
	int			 rc = 0;

	*v = NULL;
	*n = 0;
#define LOG_SQL "SELECT time, message_id, attempt, account, rule, target," \
	" outcome, detail FROM notify_log"
	if (hubdb_prepare(hubstore_db(hs), account != NULL ? LOG_SQL
	    " WHERE account = ?1 ORDER BY id DESC" : LOG_SQL
	    " ORDER BY id DESC", &st, e) != 0)
		return -1;
#undef LOG_SQL
	if (account != NULL)
		hubdb_bind_text(st, 1, account);
	while (*n < max && (rc = hubdb_step(st, e)) == 1) {
		*v = fa_reallocarray(*v, *n + 1, sizeof(**v));
		r = &(*v)[(*n)++];
		r->time = hubdb_col_int(st, 0);
		r->message = hubdb_col_int(st, 1);
		r->attempt = (int)hubdb_col_int(st, 2);
		r->account = hubdb_col_strdup(st, 3);
		r->rule = hubdb_col_strdup(st, 4);
		r->target = hubdb_col_strdup(st, 5);
		r->outcome = hubdb_col_strdup(st, 6);
		r->detail = hubdb_col_strdup(st, 7);
	}
	if (*n == max)
		rc = 0;
	hubdb_finalize(st);
	if (rc < 0) {
		while (*n > 0)
			notify_logrow_release(&(*v)[--*n]);
		FA_FREE(*v);
		return -1;
	}
	return 0;
}
