/*
 * cmd_ctl.c: "fleetaudit ctl": asks the running collector over its
 * control socket (ctl.h has the protocol).  Everything the client can
 * check (subcommand, kind, level, date) is checked here, before
 * connecting, so a typo is a usage error whether a collector runs or not.
 * The answer's body goes to stdout as it arrives; its note to stderr.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../collector/sched.h"
#include "cmd.h"
#include "ctl.h"
#include "runlog.h"
#include "plat.h"
#include "util.h"

/* How long an answer may take: the collector may be in the middle of a
 * long read.  A --wait scan is not bounded: the scan takes what it takes. */
#define CTL_ANSWER_S	300
#define CTL_MAX_LINE	(1024 * 1024)	/* a walk's hex value is far less */

/* Exactly n digits at p into *v. */
static int
digits(const char *p, int n, int *v)
{
	int	i;

	*v = 0;
	for (i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return -1;
		*v = *v * 10 + (p[i] - '0');
	}
	return 0;
}

/*
 * --since: "2026-11-25", "2026-11-25T08:00[:00]" (or a space for the T),
 * UTC as the log shows it unless it ends with "Z" or "+HH:MM"/"-HH:MM";
 * or a duration back from now: "90s", "30m", "2h", "7d", "1w".
 */
int
cmd_parse_since(const char *s, int64_t now, int64_t *out, struct fa_err *e)
{
	struct tm	 tm, chk;
	const char	*p = s;
	long long	 ms;
	time_t		 t;
	int		 y, mo, d, h = 0, mi = 0, sec = 0, oh, om, sign;
	size_t		 n = strlen(s);

	if (n > 0 && s[n - 1] >= 'a' && s[n - 1] <= 'z' &&
	    strchr(s, '-') == NULL) {
		if (fa_parse_duration_ms(s, 1000, 3660LL * 86400 * 1000, &ms,
		    "since", NULL) != 0)
			goto bad;
		*out = now - ms / 1000;
		return 0;
	}
	if (digits(p, 4, &y) != 0 || p[4] != '-' ||
	    digits(p + 5, 2, &mo) != 0 || p[7] != '-' ||
	    digits(p + 8, 2, &d) != 0)
		goto bad;
	p += 10;
	if (*p == 'T' || *p == ' ') {
		if (digits(p + 1, 2, &h) != 0 || p[3] != ':' ||
		    digits(p + 4, 2, &mi) != 0)
			goto bad;
		p += 6;
		if (*p == ':') {
			if (digits(p + 1, 2, &sec) != 0)
				goto bad;
			p += 3;
		}
	}
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	chk = tm;
	if (y < 1970 || mo < 1 || mo > 12 || h > 23 || mi > 59 || sec > 59 ||
	    (t = (time_t)fa_timegm(&tm)) < 0 || tm.tm_mday != chk.tm_mday ||
	    tm.tm_mon != chk.tm_mon)
		goto bad;	/* fa_timegm() moved Feb 30 to March */
	if (*p == 'Z')
		p++;
	else if (*p == '+' || *p == '-') {
		sign = *p == '+' ? 1 : -1;
		if (digits(p + 1, 2, &oh) != 0 || oh > 14)
			goto bad;
		p += 3;
		if (*p == ':')
			p++;
		if (digits(p, 2, &om) != 0 || om > 59)
			goto bad;
		p += 2;
		t -= sign * (oh * 3600 + om * 60);
	}
	if (*p != '\0')
		goto bad;
	*out = (int64_t)t;
	return 0;
bad:
	return fa_errf(e, "since: '%s' is not a date (2026-11-25, "
	    "2026-11-25T08:00Z) or a while ago (30m, 2h, 7d)", s);
}

/* What a DEVICE or HOST may be on the request line. */
static int
arg_ok(const char *what, const char *s, struct fa_err *e)
{
	size_t	i, n = strlen(s);

	if (n == 0 || n > 255)
		return fa_errf(e, "%s: '%.64s' is empty or too long", what, s);
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] <= ' ' || s[i] == 0x7f)
			return fa_errf(e, "%s: '%s' has a space or a control "
			    "character", what, s);
	return 0;
}

/* Options that belong to another subcommand are refused, not ignored. */
static int
misplaced(const struct settings *s, const char *sub)
{
	if (s->json && strcmp(sub, "status") != 0)
		return cmd_fail(EXIT_USAGE, "--json is for 'ctl status'");
	if (s->wait && strcmp(sub, "scan") != 0)
		return cmd_fail(EXIT_USAGE, "--wait is for 'ctl scan'");
	if ((s->level >= 0 || s->since != NULL) && strcmp(sub, "logs") != 0)
		return cmd_fail(EXIT_USAGE, "--level and --since are for 'ctl "
		    "logs'");
	return 0;
}

/* The request line for pos (subcommand and arguments); prints. */
static int
request(const struct settings *s, const struct strv *pos, struct fa_buf *b)
{
	struct fa_err	 e;
	const char	*sub = pos->v[0];
	int64_t		 since = 0;
	int		 k;

	if (misplaced(s, sub) != 0)
		return EXIT_USAGE;
	if (strcmp(sub, "status") == 0) {
		if (pos->n != 1)
			return cmd_fail(EXIT_USAGE, "ctl status takes no "
			    "argument");
		fa_buf_printf(b, "status %s\n", s->json ? "json" : "text");
	} else if (strcmp(sub, "scan") == 0) {
		if (pos->n < 2 || pos->n > 3)
			return cmd_fail(EXIT_USAGE, "ctl scan needs KIND and "
			    "at most one DEVICE");
		for (k = 0; k < SCHED_NKINDS; k++)
			if (strcmp(pos->v[1], sched_limits[k].name) == 0)
				break;
		if (k == SCHED_NKINDS)
			return cmd_fail(EXIT_USAGE, "unknown scan kind '%s' "
			    "(discovery, meters, supplies, errors, "
			    "attributes)", pos->v[1]);
		if (pos->n == 3 && arg_ok("device", pos->v[2], &e) != 0)
			return cmd_fail(EXIT_USAGE, "%s", e.msg);
		fa_buf_printf(b, "scan %s %s%s%s\n", pos->v[1], s->wait ?
		    "wait" : "queue", pos->n == 3 ? " " : "",
		    pos->n == 3 ? pos->v[2] : "");
	} else if (strcmp(sub, "walk") == 0) {
		if (pos->n != 2)
			return cmd_fail(EXIT_USAGE, "ctl walk needs one HOST");
		if (arg_ok("host", pos->v[1], &e) != 0)
			return cmd_fail(EXIT_USAGE, "%s", e.msg);
		fa_buf_printf(b, "walk %s\n", pos->v[1]);
	} else if (strcmp(sub, "logs") == 0) {
		if (pos->n != 1)
			return cmd_fail(EXIT_USAGE, "ctl logs takes no "
			    "argument (see --level, --since)");
		if (s->since != NULL &&
		    cmd_parse_since(s->since, fa_wall(), &since, &e) != 0)
			return cmd_fail(EXIT_USAGE, "%s", e.msg);
		fa_buf_printf(b, "logs %s %lld\n", runlog_level_name(
		    s->level >= 0 ? (enum runlog_level)s->level :
		    RUNLOG_DEBUG), (long long)(since > 0 ? since : 0));
	} else
		return cmd_fail(EXIT_USAGE, "unknown ctl command '%s' "
		    "(status, scan, walk, logs)", sub);
	if (b->len > CTL_MAX_REQUEST)
		return cmd_fail(EXIT_USAGE, "request too long");
	return 0;
}

/*
 * Reads the answer (ctl.h): body to stdout, note to stderr; the exit
 * status the collector chose, or 1 for an answer cut short.  send_err:
 * the request could not be sent whole, which is no failure when the
 * collector answered anyway (a refusal comes before the request is read).
 */
static int
answer(int fd, const struct settings *s, const char *path, int send_err)
{
	FILE	*f;
	char	*line = NULL, *note;
	size_t	 cap = 0;
	ssize_t	 n;
	int	 code = -1, done = 0, rc;

	if ((f = fdopen(fd, "r")) == NULL) {
		close(fd);
		return cmd_fail(EXIT_FAIL, "cannot read the answer: %s",
		    strerror(errno));
	}
	errno = 0;
	while (!done && (n = getline(&line, &cap, f)) > 0) {
		if (line[n - 1] != '\n' || n > CTL_MAX_LINE)
			break;
		line[--n] = '\0';
		if (code < 0) {
			if (line[0] < '0' || line[0] > '2' || (line[1] != ' ' &&
			    line[1] != '\0'))
				break;
			code = line[0] - '0';
			note = line[1] != '\0' ? line + 2 : line + 1;
			if (code != 0 && *note != '\0')
				fprintf(stderr, "fleetaudit: %s\n", note);
			else if (*note != '\0' && !s->quiet)
				fprintf(stderr, "%s\n", note);
			continue;
		}
		if (strcmp(line, ".") == 0)
			done = 1;
		else if (fputs(line + (line[0] == '.'), stdout) == EOF ||
		    putchar('\n') == EOF)
			break;
	}
	if (code < 0 && send_err != 0)
		rc = cmd_fail(EXIT_FAIL, "cannot send to '%s': %s", path,
		    strerror(send_err));
	else if (!done && errno == EAGAIN)
		rc = cmd_fail(EXIT_FAIL, "no answer from the collector at "
		    "'%s' in %d s", path, CTL_ANSWER_S);
	else if (!done)
		rc = cmd_fail(EXIT_FAIL, "the collector's answer was cut "
		    "short");
	else
		rc = code;
	free(line);
	fclose(f);
	if (fflush(stdout) != 0 && rc == EXIT_OK)
		rc = cmd_fail(EXIT_FAIL, "cannot write the answer");
	return rc;
}

int
cmd_ctl(int argc, char *argv[])
{
	struct settings	 s;
	struct strv	 pos = { NULL, 0 };
	struct fa_buf	 req = FA_BUF_INIT;
	struct fa_err	 e;
	char		*path = NULL;
	size_t		 off;
	ssize_t		 n;
	int		 rc, fd = -1, none, send_err = 0;

	if ((rc = cmd_setup("ctl", argc, argv, &s, &pos)) != 0) {
		rc = rc == CMD_HELPED ? EXIT_OK : rc;
		goto out;
	}
	if (pos.n == 0) {
		rc = cmd_fail(EXIT_USAGE, "ctl needs a command: status, scan, "
		    "walk or logs (see --help)");
		goto out;
	}
	if ((rc = request(&s, &pos, &req)) != 0)
		goto out;
	path = ctl_path(s.home);
	if (ctl_connect(path, &fd, &none, &e) != 0) {
		rc = cmd_fail(EXIT_FAIL, "%s", e.msg);
		goto out;
	}
	if (!s.wait)
		fa_chan_timeout(fd, CTL_ANSWER_S);
	for (off = 0; off < req.len && send_err == 0; off += (size_t)n)
		if ((n = fa_chan_write(fd, req.s + off, req.len - off)) <= 0)
			send_err = n < 0 ? errno : EPIPE;
	rc = answer(fd, &s, path, send_err);
	fd = -1;
out:
	if (fd >= 0)
		close(fd);
	free(path);
	fa_buf_release(&req);
	free(pos.v);
	settings_release(&s);
	return rc;
}
