/*
 * test_hubnotify.c: the notification rules' parsers (export/hub/notify.c)
 * and the webhook's HMAC-SHA-256 (crypto/mac.c) against RFC 4231.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../crypto/mac.h"
#include "../../export/hub/notify.h"
#include "unit.h"

static struct fa_err err;

/* RFC 4231, test cases 2 (a short key) and 6 (a key longer than a
 * block: hashed first). */
static void
test_hmac_rfc4231(void)
{
	unsigned char	key[131];
	char		out[MAC_SHA256_HEX + 1];
	const char	*m6 = "Test Using Larger Than Block-Size Key - Hash Key"
	    " First";

	mac_hmac_sha256_hex("Jefe", 4, "what do ya want for nothing?", 28,
	    out);
	CHECK(strcmp(out, "5bdcc146bf60754e6a042426089575c75a003f089d2739839d"
	    "ec58b964ec3843") == 0);
	memset(key, 0xaa, sizeof(key));
	mac_hmac_sha256_hex(key, sizeof(key), m6, strlen(m6), out);
	CHECK(strcmp(out, "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c51405"
	    "46040f0ee37f54") == 0);
}

static void
test_conditions(void)
{
	unsigned	v = 0;
	char		*s;

	CHECK(notify_conditions_parse("error,low", &v, &err) == 0);
	s = notify_conditions_format(v);
	CHECK(strcmp(s, "error,low") == 0);
	free(s);
	CHECK(notify_conditions_parse("all", &v, &err) == 0 &&
	    v == NOTIFY_COND_ALL);
	s = notify_conditions_format(v);
	CHECK(strcmp(s, "error,empty,silent,low,anomaly") == 0);
	free(s);
	CHECK(notify_conditions_parse("error,jam", &v, &err) == -1 &&
	    strstr(err.msg, "unknown condition 'jam'") != NULL);
	CHECK(notify_conditions_parse("", &v, &err) == -1);
	CHECK(notify_conditions_parse("errors", &v, &err) == -1);
}

static void
test_targets(void)
{
	char	*n = NULL;

	CHECK(notify_target_check("desk@example.com", &n, &err) == 1 &&
	    strcmp(n, "mailto:desk@example.com") == 0);
	free(n);
	CHECK(notify_target_check("mailto:a.b+c@x-y.example", &n, &err) == 1);
	free(n);
	CHECK(notify_target_check("https://hooks.example/a?b=c", &n,
	    &err) == 2 && strcmp(n, "https://hooks.example/a?b=c") == 0);
	free(n);
	CHECK(notify_target_check("a@b@c", &n, &err) == -1 && n == NULL);
	CHECK(notify_target_check("@example.com", &n, &err) == -1);
	CHECK(notify_target_check("a..b@example.com", &n, &err) == -1);
	CHECK(notify_target_check("a@example..com", &n, &err) == -1);
	CHECK(notify_target_check("a@exa_mple.com", &n, &err) == -1);
	CHECK(notify_target_check("a b@example.com", &n, &err) == -1);
	CHECK(notify_target_check("a@example.com\r\nBcc: x@y", &n,
	    &err) == -1);
	CHECK(notify_target_check("http://hooks.example/", &n, &err) == -1 &&
	    strstr(err.msg, "is not https://") != NULL);
	CHECK(notify_target_check("https://", &n, &err) == -1);
	CHECK(notify_target_check("ftp://x/", &n, &err) == -1);
	CHECK(notify_name_check("desk-1.a_b", &err) == 0);
	CHECK(notify_name_check("", &err) == -1);
	CHECK(notify_name_check("a/b", &err) == -1);
}

static void
test_backoff(void)
{
	CHECK(notify_backoff(1) == 60 && notify_backoff(2) == 300 &&
	    notify_backoff(3) == 1800 && notify_backoff(4) == 7200 &&
	    notify_backoff(5) == 21600 && notify_backoff(9) == 21600);
}

static void
test_conf(void)
{
	struct notify_conf	 c;
	char			 path[] = "/tmp/test_hubnotify.XXXXXX";
	FILE			*f;
	int			 fd;

	CHECK(notify_conf_read("/nonexistent/notify.conf", &c, &err) == 0 &&
	    c.smtp == NULL);
	if ((fd = mkstemp(path)) < 0 || (f = fdopen(fd, "w")) == NULL) {
		CHECK(!"mkstemp");
		return;
	}
	fputs("# mail\nsmtp = smtp://127.0.0.1:2525\n  from=hub@example.com\n"
	    "cacert = /etc/ssl/ca.pem\n", f);
	fclose(f);
	CHECK(notify_conf_read(path, &c, &err) == 0 &&
	    strcmp(c.smtp, "smtp://127.0.0.1:2525") == 0 &&
	    strcmp(c.from, "hub@example.com") == 0 &&
	    strcmp(c.cacert, "/etc/ssl/ca.pem") == 0 && c.user == NULL);
	notify_conf_release(&c);
	f = fopen(path, "w");
	fputs("smtp = http://x\n", f);
	fclose(f);
	CHECK(notify_conf_read(path, &c, &err) == -1 &&
	    strstr(err.msg, ":1: smtp 'http://x' is not smtp://") != NULL);
	f = fopen(path, "w");
	fputs("\nport = 25\n", f);
	fclose(f);
	CHECK(notify_conf_read(path, &c, &err) == -1 &&
	    strstr(err.msg, ":2: unknown key 'port'") != NULL);
	CHECK(notify_conf_parse("from = mailto:a@b.example\n", 26, "x",
	    &c, &err) == -1 && strstr(err.msg, "x:1: from") != NULL);
	CHECK(notify_conf_parse("smtp = smtp://h\0\n", 17, "x", &c,
	    &err) == -1 && strstr(err.msg, "x:1: a NUL byte") != NULL);
	CHECK(notify_conf_parse("cacert =\n", 9, "x", &c, &err) == -1 &&
	    strstr(err.msg, "x:1: cacert has no value") != NULL);
	/* the password file: its first line, read by notify_conf_read() */
	f = fopen(path, "w");
	fprintf(f, "smtp-user = hub\nsmtp-password-file = %s.pw\n", path);
	fclose(f);
	{
		char	*pw = fa_asprintf("%s.pw", path);

		f = fopen(pw, "w");
		fputs("s3cret  \nsecond line\n", f);
		fclose(f);
		CHECK(notify_conf_read(path, &c, &err) == 0 &&
		    strcmp(c.user, "hub") == 0 && c.password != NULL &&
		    strcmp(c.password, "s3cret") == 0);
		notify_conf_release(&c);
		unlink(pw);
		CHECK(notify_conf_read(path, &c, &err) == -1 &&
		    strstr(err.msg, "cannot open password file") != NULL);
		free(pw);
	}
	unlink(path);
}

int
main(void)
{
	RUN(test_hmac_rfc4231);
	RUN(test_conditions);
	RUN(test_targets);
	RUN(test_backoff);
	RUN(test_conf);
	return unit_any_failed;
}
