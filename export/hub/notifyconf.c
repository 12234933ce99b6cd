/*
 * notifyconf.c: what the hub's notifications read from people
 * (notifyconf.h, docs/notify.md): a rule's conditions, its target (an
 * e-mail address or an https:// URL, checked before it is stored, since
 * a target becomes an SMTP envelope and a header), its name, and the
 * hub's mail settings (HUB/notify.conf).  Parsers only: no store, no
 * network, so that tests/fuzz/fuzz_notifyconf.c covers them alone.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "hubattention.h"
#include "notifyconf.h"

static const char *const cond_names[] = {
	[HUBATTENTION_ERROR] = "error",
	[HUBATTENTION_EMPTY] = "empty",
	[HUBATTENTION_SILENT] = "silent",
	[HUBATTENTION_LOW] = "low",
	[HUBATTENTION_ANOMALY] = "anomaly",
};

int
notify_conditions_parse(const char *s, unsigned *out, struct fa_err *e)
{
	const char	*p = s, *end;
	size_t		 len, k;
	unsigned	 v = 0;

	if (s == NULL || *s == '\0')
		return fa_errf(e, "no condition given (error, empty, low, "
		    "silent, anomaly or all)");
	while (*p != '\0') {
		end = strchr(p, ',');
		len = end != NULL ? (size_t)(end - p) : strlen(p);
		for (k = 1; k < nitems(cond_names); k++)
			if (strlen(cond_names[k]) == len &&
			    strncmp(p, cond_names[k], len) == 0)
				break;
		if (k < nitems(cond_names))
			v |= 1u << k;
		else if (len == 3 && strncmp(p, "all", 3) == 0)
			v |= NOTIFY_COND_ALL;
		else
			return fa_errf(e, "unknown condition '%.*s' (error, "
			    "empty, low, silent, anomaly or all)",
			    (int)(len > 40 ? 40 : len), p);
		p += len;
		if (*p == ',')
			p++;
	}
	*out = v;
	return 0;
}

char *
notify_conditions_format(unsigned v)
{
	struct fa_buf	b = FA_BUF_INIT;
	size_t		k;

	for (k = 1; k < nitems(cond_names); k++)
		if (v & (1u << k))
			fa_buf_printf(&b, "%s%s", b.len ? "," : "",
			    cond_names[k]);
	if (b.len == 0)
		fa_buf_puts(&b, "");
	return fa_buf_steal(&b);
}

static int
atext(int c)
{
	return isalnum(c) || (c != '\0' && strchr("!#$%&'*+/=?^_`{|}~.-",
	    c) != NULL);
}

/* local@domain, RFC 5321's dot-atom forms only (no quoted locals, no
 * address literals), at most 254 bytes. */
static int
mail_ok(const char *a)
{
	const char	*at = strchr(a, '@'), *p;
	int		 label = 0;

	if (at == NULL || at == a || strlen(a) > 254 || strchr(at + 1, '@'))
		return 0;
	for (p = a; p < at; p++)
		if (!atext((unsigned char)*p) || (*p == '.' && (p == a ||
		    p[1] == '.' || p + 1 == at)))
			return 0;
	if (at[1] == '\0')
		return 0;
	for (p = at + 1; *p != '\0'; p++) {
		if (*p == '.') {
			if (label == 0)
				return 0;
			label = 0;
		} else if (isalnum((unsigned char)*p) || *p == '-')
			label++;
		else
			return 0;
	}
	return label > 0;
}

int
notify_target_check(const char *t, char **norm, struct fa_err *e)
{
	CURLU		*u;
	char		*host = NULL, *scheme = NULL;
	const char	*p;
	int		 ok;

	*norm = NULL;
	if (t == NULL || *t == '\0')
		return fa_errf(e, "no target (an e-mail address or an "
		    "https:// URL)");
	if (strlen(t) > NOTIFY_TARGET_MAX)
		return fa_errf(e, "target '%.60s...' is longer than %d bytes",
		    t, NOTIFY_TARGET_MAX);
	for (p = t; *p != '\0'; p++)
		if ((unsigned char)*p <= ' ' || *p == 0x7f)
			return fa_errf(e, "target '%.80s' has a space or a "
			    "control character", t);
	if (strncmp(t, "mailto:", 7) == 0 || strstr(t, "://") == NULL) {
		p = strncmp(t, "mailto:", 7) == 0 ? t + 7 : t;
		if (!mail_ok(p))
			return fa_errf(e, "'%.80s' is not an e-mail address "
			    "(name@example.com)", p);
		*norm = fa_asprintf("mailto:%s", p);
		return 1;
	}
	if (strncmp(t, "https://", 8) != 0)
		return fa_errf(e, "webhook URL '%.80s' is not https://", t);
	if ((u = curl_url()) == NULL)
		fa_bug("curl_url");
	ok = curl_url_set(u, CURLUPART_URL, t, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
	    strcmp(scheme, "https") == 0 &&
	    curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK &&
	    *host != '\0';
	curl_free(host);
	curl_free(scheme);
	curl_url_cleanup(u);
	if (!ok)
		return fa_errf(e, "'%.80s' is not a valid https:// URL", t);
	*norm = fa_strdup(t);
	return 2;
}

int
notify_name_check(const char *s, struct fa_err *e)
{
	const char	*p;

	if (s == NULL || *s == '\0' || strlen(s) > NOTIFY_NAME_MAX)
		return fa_errf(e, "rule name '%.80s' must be 1 to %d "
		    "characters", s != NULL ? s : "", NOTIFY_NAME_MAX);
	for (p = s; *p != '\0'; p++)
		if (!isalnum((unsigned char)*p) && strchr("._-", *p) == NULL)
			return fa_errf(e, "rule name '%.80s' may hold only "
			    "letters, digits, '.', '_' and '-'", s);
	return 0;
}

/* ---- the mail settings ---- */

void
notify_conf_release(struct notify_conf *c)
{
	free(c->smtp);
	free(c->from);
	free(c->cacert);
	free(c->user);
	free(c->password_file);
	if (c->password != NULL)
		memset(c->password, 0, strlen(c->password));
	free(c->password);
	memset(c, 0, sizeof(*c));
}

/* One "key = value" line (NUL-terminated, trimmed). */
static int
conf_line(char *k, const char *name, int no, struct notify_conf *c,
    struct fa_err *e)
{
	char	*v, *eq, **slot, *norm = NULL;

	if ((eq = strchr(k, '=')) == NULL)
		return fa_errf(e, "%s:%d: expected 'key = value'", name, no);
	*eq = '\0';
	v = fa_trim(eq + 1);
	k = fa_trim(k);
	slot = strcmp(k, "smtp") == 0 ? &c->smtp :
	    strcmp(k, "from") == 0 ? &c->from :
	    strcmp(k, "cacert") == 0 ? &c->cacert :
	    strcmp(k, "smtp-user") == 0 ? &c->user :
	    strcmp(k, "smtp-password-file") == 0 ? &c->password_file : NULL;
	if (slot == NULL)
		return fa_errf(e, "%s:%d: unknown key '%.40s' (smtp, from, "
		    "cacert, smtp-user, smtp-password-file)", name, no, k);
	if (*v == '\0')
		return fa_errf(e, "%s:%d: %s has no value", name, no, k);
	if (slot == &c->smtp && strncmp(v, "smtp://", 7) != 0 &&
	    strncmp(v, "smtps://", 8) != 0)
		return fa_errf(e, "%s:%d: smtp '%.80s' is not smtp:// or "
		    "smtps://", name, no, v);
	if (slot == &c->from) {
		if (notify_target_check(v, &norm, e) != 1 ||
		    strncmp(v, "mailto:", 7) == 0) {
			free(norm);
			return fa_errf(e, "%s:%d: from '%.80s' is not an "
			    "e-mail address", name, no, v);
		}
		free(norm);
	}
	free(*slot);
	*slot = fa_strdup(v);
	return 0;
}

int
notify_conf_parse(const char *text, size_t len, const char *name,
    struct notify_conf *c, struct fa_err *e)
{
	char		 line[NOTIFY_CONF_LINE], *k;
	const char	*p = text, *end = text + len, *nl;
	size_t		 n;
	int		 no = 0;

	memset(c, 0, sizeof(*c));
	while (p < end) {
		no++;
		nl = memchr(p, '\n', (size_t)(end - p));
		n = (size_t)((nl != NULL ? nl : end) - p);
		if (n >= sizeof(line)) {
			notify_conf_release(c);
			return fa_errf(e, "%s:%d: line too long", name, no);
		}
		if (memchr(p, '\0', n) != NULL) {
			notify_conf_release(c);
			return fa_errf(e, "%s:%d: a NUL byte", name, no);
		}
		memcpy(line, p, n);
		line[n] = '\0';
		p += n + (nl != NULL);
		k = fa_trim(line);
		if (*k == '\0' || *k == '#')
			continue;
		if (conf_line(k, name, no, c, e) != 0) {
			notify_conf_release(c);
			return -1;
		}
	}
	return 0;
}

/* The first line of path, trimmed. */
static int
read_password(const char *path, char **out, struct fa_err *e)
{
	FILE	*f;
	char	 line[512];

	if ((f = fopen(path, "r")) == NULL)
		return fa_errf(e, "cannot open password file '%s': %s", path,
		    strerror(errno));
	if (fgets(line, sizeof(line), f) == NULL)
		line[0] = '\0';
	fclose(f);
	*out = fa_strdup(fa_trim(line));
	memset(line, 0, sizeof(line));
	return 0;
}

int
notify_conf_read(const char *path, struct notify_conf *c, struct fa_err *e)
{
	FILE	*f;
	char	*buf;
	size_t	 n;
	int	 rc;

	memset(c, 0, sizeof(*c));
	if ((f = fopen(path, "r")) == NULL) {
		if (errno == ENOENT)
			return 0;
		return fa_errf(e, "cannot open '%s': %s", path,
		    strerror(errno));
	}
	buf = fa_malloc(NOTIFY_CONF_MAX + 1);
	n = fread(buf, 1, NOTIFY_CONF_MAX + 1, f);
	rc = ferror(f);
	fclose(f);
	if (rc) {
		free(buf);
		return fa_errf(e, "cannot read '%s'", path);
	}
	if (n > NOTIFY_CONF_MAX) {
		free(buf);
		return fa_errf(e, "'%s' is larger than %d bytes", path,
		    NOTIFY_CONF_MAX);
	}
	rc = notify_conf_parse(buf, n, path, c, e);
	free(buf);
	if (rc == 0 && c->password_file != NULL &&
	    read_password(c->password_file, &c->password, e) != 0) {
		notify_conf_release(c);
		rc = -1;
	}
	return rc;
}
