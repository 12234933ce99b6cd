/*
 * test_opts.c: the option table and the config file.
 */
#include <stdlib.h>
#include <string.h>

#include "../../cli/opts.h"
#include "../../cli/util.h"
#include "unit.h"

static int
conf(const char *text, struct settings *s, struct fa_err *e)
{
	settings_init(s);
	return opts_parse_config(text, strlen(text), "site.conf", s, e);
}

static void
test_config_good(void)
{
	struct settings	s;
	struct fa_err	e;

	CHECK(conf("# site\n"
	    "store = /tmp/x.db\n"
	    "range = 127.0.0.0/24\n"
	    "range=127.1.0.1-5\n"
	    "exclude = 127.0.0.1\n"
	    "timeout = 800ms\n"
	    "retries = 2\n"
	    "rate = 500\n"
	    "max-inflight = 64\n"
	    "; another comment\n"
	    "[credential office]\n"
	    "version = 2c\n"
	    "community = public\n"
	    "[credential secure]\n"
	    "version = 3\n"
	    "user = monitor\n"
	    "auth = SHA-256:longenough1\n"
	    "priv = AES-256:longenough2\n"
	    "context = ctx\n", &s, &e) == 0);
	CHECK(s.db && strcmp(s.db, "/tmp/x.db") == 0);
	CHECK(s.ranges.n == 2 && s.excludes.n == 1);
	CHECK(s.net.timeout_ms == 800 && s.net.retries == 2);
	CHECK(s.net.pps == 500 && s.net.max_inflight == 64);
	CHECK(s.ncreds == 2);
	CHECK(s.ncreds == 2 && strcmp(s.creds[0].label, "office") == 0 &&
	    s.creds[0].version == 2);
	CHECK(s.ncreds == 2 && s.creds[1].version == 3 &&
	    s.creds[1].auth == SESS_AUTH_SHA256 &&
	    s.creds[1].priv == SESS_PRIV_AES256 &&
	    strcmp(s.creds[1].auth_pass, "longenough1") == 0 &&
	    strcmp(s.creds[1].context, "ctx") == 0);
	settings_release(&s);
}

static void
test_config_errors(void)
{
	static const struct { const char *in, *msg; } bad[] = {
		{ "timeout = 1s\nbogus = 1\n", "site.conf:2: unknown key 'bogus'" },
		{ "retries = 11\n", "site.conf:1: retries: '11' must be between" },
		{ "timeout = 5x\n", "site.conf:1: timeout: '5x' has an unknown unit" },
		{ "just words\n", "site.conf:1: expected key = value" },
		{ "[credential]\n", "site.conf:1: credential needs a name" },
		{ "[cred x]\n", "site.conf:1: expected [credential NAME]" },
		{ "[credential a]\nversion = 4\n", "site.conf:2: version: '4'" },
		{ "[credential a]\nversion = 3\nuser = u\nauth = SHA:short\n",
		    "site.conf:1: credential 'a': auth passphrase must be at "
		    "least 8" },
		{ "[credential a]\nversion = 3\nuser = u\nauth = FOO:12345678\n",
		    "site.conf:4: v3-auth: unknown protocol 'FOO'" },
		{ "[credential a]\nversion = 3\n", "SNMPv3 needs a user" },
		{ "[credential a]\ncommunity =\n", "empty community" },
		{ "force = 1\n", "site.conf:1: unknown key 'force'" },
		{ "rate = -5\n", "rate: '-5' must be between" },
	};
	size_t	i;

	for (i = 0; i < nitems(bad); i++) {
		struct settings	s;
		struct fa_err	e = { "" };

		CHECK(conf(bad[i].in, &s, &e) == -1);
		if (strstr(e.msg, bad[i].msg) == NULL)
			printf("# case %zu: got '%s'\n", i, e.msg);
		CHECK(strstr(e.msg, bad[i].msg) != NULL);
		settings_release(&s);
	}
}

/* A writable argv from literals (opts_parse takes char *[]). */
static char **
args(const char *const *v, int *argc)
{
	char	**a;
	int	  n;

	for (n = 0; v[n] != NULL; n++)
		;
	a = fa_calloc((size_t)n + 1, sizeof(*a));
	for (n = 0; v[n] != NULL; n++)
		a[n] = fa_strdup(v[n]);
	*argc = n;
	return a;
}

static void
args_free(char **a)
{
	size_t	i;

	for (i = 0; a[i] != NULL; i++)
		free(a[i]);
	free(a);
}

static void
test_argv(void)
{
	static const char *const v[] = { "assess", "--home",
	    "/nonexistent/h", "-c", "one", "--community=two", "--timeout",
	    "2s", "--json", "127.0.0.1", "--", "--not-an-option", NULL };
	char		**argv;
	int		  argc;
	struct settings	s;
	struct strv	pos;
	struct fa_err	e;

	argv = args(v, &argc);
	settings_init(&s);
	CHECK(opts_parse(argc, argv, C_ASSESS, &s, &pos, &e) == 0);
	CHECK(pos.n == 2 && strcmp(pos.v[0], "127.0.0.1") == 0 &&
	    strcmp(pos.v[1], "--not-an-option") == 0);
	CHECK(s.ncreds == 2 && strcmp(s.creds[0].community, "one") == 0 &&
	    strcmp(s.creds[1].community, "two") == 0);
	CHECK(s.net.timeout_ms == 2000 && s.json);
	CHECK(strcmp(s.db, "/nonexistent/h/store.db") == 0);
	free(pos.v);
	settings_release(&s);
	args_free(argv);
}

static void
test_argv_errors(void)
{
	static const char *const a1[] = { "assess", "--bogus", NULL };
	static const char *const a2[] = { "assess", "--timeout", NULL };
	static const char *const a3[] = { "devices", "--community", "x",
	    NULL };
	static const char *const a4[] = { "assess", "--json=yes", NULL };
	static const char *const a5[] = { "assess", "--v3-auth",
	    "SHA:12345678", NULL };
	static const char *const a6[] = { "assess", "--v3-user", "u",
	    "--v3-priv", "AES:12345678", NULL };
	static const struct {
		const char *const	*argv;
		unsigned		 cmd;
		const char		*msg;
	} t[] = {
		{ a1, C_ASSESS, "unknown option '--bogus'" },
		{ a2, C_ASSESS, "option '--timeout' needs DURATION" },
		{ a3, C_DEVICES, "unknown option '--community'" },
		{ a4, C_ASSESS, "takes no value" },
		{ a5, C_ASSESS, "need --v3-user" },
		{ a6, C_ASSESS, "privacy needs authentication" },
	};
	size_t	i;

	for (i = 0; i < nitems(t); i++) {
		struct settings	s;
		struct strv	pos = { NULL, 0 };
		struct fa_err	e = { "" };

		int		 argc;
		char		**argv = args(t[i].argv, &argc);

		settings_init(&s);
		setenv("FLEETAUDIT_HOME", "/nonexistent/h", 1);
		CHECK(opts_parse(argc, argv, t[i].cmd, &s, &pos, &e) == -1);
		if (strstr(e.msg, t[i].msg) == NULL)
			printf("# case %zu: got '%s'\n", i, e.msg);
		CHECK(strstr(e.msg, t[i].msg) != NULL);
		free(pos.v);
		settings_release(&s);
		args_free(argv);
	}
}

static void
test_settings_json_has_no_secret(void)
{
	struct settings	 s;
	struct fa_err	 e;
	char		*j;

	CHECK(conf("[credential x]\ncommunity = s3cret-community\n", &s,
	    &e) == 0);
	j = opts_settings_json(&s);
	CHECK(strstr(j, "s3cret") == NULL);
	CHECK(strstr(j, "\"x\"") != NULL);
	free(j);
	settings_release(&s);
}

int
main(void)
{
	RUN(test_config_good);
	RUN(test_config_errors);
	RUN(test_argv);
	RUN(test_argv_errors);
	RUN(test_settings_json_has_no_secret);
	return unit_any_failed;
}
