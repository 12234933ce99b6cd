/*
 * test_plat.c: the platform layer (cli/plat.h) and the helpers util.c
 * writes in plain C for what POSIX lacks (timegm, memmem, strcasestr,
 * qsort_r).  Built for Linux and, by make windows-units, for Windows (run
 * under Wine), so both implementations of plat.h answer the same cases.
 * Uses ISO C, open() and close() only: what it checks is the interface.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../../cli/plat.h"
#include "../../cli/util.h"
#include "unit.h"

static void
timegm_matches_calendar(void)
{
	struct tm	tm;
	char		buf[32];
	int64_t		t;

	/* known instants */
	CHECK(fa_parse_utc("1970-01-01T00:00:00Z", &t) == 0 && t == 0);
	CHECK(fa_parse_utc("2000-02-29T12:00:00Z", &t) == 0 &&
	    t == 951825600);
	CHECK(fa_parse_utc("2026-11-25T11:33:21Z", &t) == 0 &&
	    t == 1795606401);
	CHECK(fa_parse_utc("2100-03-01T00:00:00Z", &t) == 0 &&
	    t == 4107542400);
	/* not a time */
	CHECK(fa_parse_utc("2026-02-30T00:00:00Z", &t) == -1);
	CHECK(fa_parse_utc("2026-13-01T00:00:00Z", &t) == -1);
	CHECK(fa_parse_utc("2026-11-25 11:33:21Z", &t) == -1);
	CHECK(fa_parse_utc("2026-11-25T11:33:21", &t) == -1);
	CHECK(fa_parse_utc("2026-11-25T11:33:21Z ", &t) == -1);
	CHECK(fa_parse_utc("", &t) == -1);
	/* month arithmetic carries over years both ways, as timegm(3) */
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = 2026 - 1900;
	tm.tm_mon = -3;			/* October 2025 */
	tm.tm_mday = 1;
	t = fa_timegm(&tm);
	CHECK(tm.tm_year == 2025 - 1900 && tm.tm_mon == 9 && tm.tm_mday == 1);
	fa_iso8601(t, buf, sizeof(buf));
	CHECK(strcmp(buf, "2025-10-01T00:00:00Z") == 0);
	tm.tm_year = 2026 - 1900;
	tm.tm_mon = 14;			/* March 2027 */
	tm.tm_mday = 31;
	(void)fa_timegm(&tm);
	CHECK(tm.tm_year == 2027 - 1900 && tm.tm_mon == 2 &&
	    tm.tm_mday == 31);
	/* fa_gmtime: 2026-12-06T10:50:07Z was a Sunday, day 339 of the year */
	fa_gmtime(1796554207, &tm);
	CHECK(tm.tm_year == 126 && tm.tm_mon == 11 && tm.tm_mday == 6 &&
	    tm.tm_hour == 10 && tm.tm_min == 50 && tm.tm_sec == 7 &&
	    tm.tm_wday == 0 && tm.tm_yday == 339);
	fa_gmtime(-1, &tm);		/* before 1970 too */
	CHECK(tm.tm_year == 69 && tm.tm_mon == 11 && tm.tm_mday == 31 &&
	    tm.tm_hour == 23 && tm.tm_sec == 59 && tm.tm_wday == 3);
	/* every day of four centuries round-trips through fa_gmtime */
	for (t = -86400LL * 365 * 200; t < 86400LL * 365 * 200;
	    t += 86400 + 3661) {
		int64_t	back;

		fa_gmtime(t, &tm);
		back = fa_timegm(&tm);
		if (back != t) {
			CHECK(back == t);
			break;
		}
	}
}

static void
memmem_strcasestr(void)
{
	const char	*h = "ab{{x}}c{{";

	CHECK(fa_memmem(h, strlen(h), "{{", 2) == h + 2);
	CHECK(fa_memmem(h + 3, strlen(h) - 3, "{{", 2) == h + 8);
	CHECK(fa_memmem(h, strlen(h), "}}}", 3) == NULL);
	CHECK(fa_memmem(h, 1, "ab", 2) == NULL);
	CHECK(fa_memmem(h, 0, "", 0) == h);
	CHECK(fa_memmem("a\0b", 3, "\0b", 2) != NULL);
	CHECK(fa_strcasestr("HP LaserJet M404", "laserjet") != NULL);
	CHECK(strcmp(fa_strcasestr("Brother HL", "hl"), "HL") == 0);
	CHECK(fa_strcasestr("Canon", "canonx") == NULL);
	CHECK(fa_strcasestr("", "") != NULL);
	CHECK(fa_strcasestr("abc", "") != NULL);
}

struct rec {
	int	key, seq;
};

static int
by_key(const void *a, const void *b, void *arg)
{
	const struct rec	*x = a, *y = b;
	int			*calls = arg;

	(*calls)++;
	return (x->key > y->key) - (x->key < y->key);
}

static void
sort_r_stable(void)
{
	struct rec	r[257];
	size_t		i;
	int		calls = 0, ok = 1;

	for (i = 0; i < nitems(r); i++) {
		r[i].key = (int)((i * 7919) % 13);
		r[i].seq = (int)i;
	}
	fa_sort_r(r, nitems(r), sizeof(r[0]), by_key, &calls);
	for (i = 1; i < nitems(r); i++)
		if (r[i - 1].key > r[i].key || (r[i - 1].key == r[i].key &&
		    r[i - 1].seq > r[i].seq))
			ok = 0;
	CHECK(ok);
	CHECK(calls > 0);
	fa_sort_r(r, 1, sizeof(r[0]), by_key, &calls);
	fa_sort_r(NULL, 0, sizeof(r[0]), by_key, &calls);
}

static void
strings(void)
{
	char	*s;

	s = fa_strndup("abcdef", 3);
	CHECK(strcmp(s, "abc") == 0);
	free(s);
	s = fa_strndup("ab", 10);
	CHECK(strcmp(s, "ab") == 0);
	free(s);
	s = fa_asprintf("%s-%d-%.2f", "x", 42, 1.5);
	CHECK(strcmp(s, "x-42-1.50") == 0);
	free(s);
}

static void
clock_and_sleep(void)
{
	int64_t	t0 = fa_now_ms(), t1;
	char	k[8] = "secret";

	fa_sleep_ms(30);
	t1 = fa_now_ms();
	CHECK(t1 - t0 >= 25);		/* at least: never an upper bound */
	fa_wipe(k, sizeof(k));
	CHECK(k[0] == 0 && k[5] == 0);
}

static void
files(void)
{
	char	 tmpl[] = "plat-test-XXXXXX", *abs;
	FILE	*f;
	int	 fd;

	fd = fa_mkstemp(tmpl);
	CHECK(fd >= 0);
	CHECK(strcmp(tmpl, "plat-test-XXXXXX") != 0);
	abs = fa_realpath(tmpl);
	CHECK(abs != NULL && strlen(abs) > strlen(tmpl));
	CHECK(abs != NULL && strcmp(abs + strlen(abs) - strlen(tmpl),
	    tmpl) == 0);
	if ((f = fopen(tmpl, "rb")) != NULL)
		fclose(f);
	CHECK(f != NULL);
	free(abs);
	CHECK(fa_realpath("no-such-file-here") == NULL);
	if (fd >= 0)
		close(fd);
	CHECK(remove(tmpl) == 0);
}

/* A file made owner-only passes the check a secret key gets; a file
 * others may read is refused with a line naming it (POSIX: mode 0644;
 * Windows: the access list a new file inherits grants more than its
 * owner). */
static void
private_files(void)
{
	struct fa_err	 e;
	char		 tmpl[] = "plat-key", loose[] = "plat-pub-XXXXXX";
	int		 fd;

	(void)remove(tmpl);
	fd = fa_create(tmpl, 0600);
	CHECK(fd >= 0);
	if (fd < 0)
		return;
	CHECK(fa_create(tmpl, 0600) == -1 && errno == EEXIST);
	close(fd);
	/* checked as a reader meets it: opened again for reading */
	fd = open(tmpl, O_RDONLY);
	CHECK(fd >= 0);
	memset(&e, 0, sizeof(e));
	CHECK(fa_fd_private(fd, "secret key", tmpl, &e) == 0);
	if (e.msg[0] != '\0')
		printf("# %s\n", e.msg);
	close(fd);
	CHECK(remove(tmpl) == 0);

	fd = fa_mkstemp(loose);
	CHECK(fd >= 0);
	if (fd < 0)
		return;
	CHECK(fa_fchmod(fd, 0644) == 0);
	memset(&e, 0, sizeof(e));
	CHECK(fa_fd_private(fd, "secret key", loose, &e) == -1);
	CHECK(strstr(e.msg, "secret key") != NULL &&
	    strstr(e.msg, loose) != NULL && strstr(e.msg, "unsafe") != NULL);
	printf("# %s\n", e.msg);
	close(fd);
	CHECK(remove(loose) == 0);
}

static void
home(void)
{
	char	*h = fa_plat_home();

	CHECK(h != NULL && strstr(h, "fleetaudit") != NULL);
	free(h);
}

/* The ctl channel end to end, in one process: a request and its answer
 * through fa_chan_poll(), a second server refused, nobody after close. */
static void
chan(void)
{
	struct fa_chan		*l = NULL, *l2 = NULL, *c = NULL;
	struct fa_chan_poll	 p;
	struct fa_err		 e;
	char			*dir = fa_mkdtemp("fa-chan"), *path, *other;
	char			 buf[64];
	long			 uid = -1;
	ssize_t			 n;
	size_t			 got = 0;
	int			 fd = -1, none = 0, taken = 0, stale = 0, i;

	CHECK(dir != NULL);
	if (dir == NULL)
		return;
	path = fa_chan_path(dir, "ctl.sock");
	other = fa_chan_path(".", "ctl.sock");
	CHECK(strcmp(path, other) != 0);	/* one name per home */
	CHECK(fa_chan_connect(path, &fd, &none, &e) == -1 && none);
	CHECK(strstr(e.msg, "no collector running") != NULL);
	CHECK(fa_chan_listen(path, &l, &taken, &stale, &e) == 0 && !taken);
	if (l == NULL)
		goto out;
	CHECK(fa_chan_listen(path, &l2, &taken, &stale, &e) == -1 && taken);
	/* the second one's probe came and went */
	p.c = l;
	p.events = FA_POLLIN;
	CHECK(fa_chan_poll(&p, 1, 5000) == 1);
	CHECK(fa_chan_accept(l, &c, &uid) == 0);
	fa_chan_close(c);
	c = NULL;
	CHECK(fa_chan_accept(l, &c, &uid) == -1 && errno == EAGAIN);
	CHECK(fa_chan_connect(path, &fd, &none, &e) == 0);
	CHECK(fa_chan_write(fd, "status\n", 7) == 7);
	p.c = l;
	p.events = FA_POLLIN;
	CHECK(fa_chan_poll(&p, 1, 5000) == 1 && (p.revents & FA_POLLIN));
	CHECK(fa_chan_accept(l, &c, &uid) == 0 && fa_uid_trusted(uid));
	if (c == NULL)
		goto out;
	for (i = 0; i < 50 && got < 7; i++) {
		p.c = c;
		p.events = FA_POLLIN;
		(void)fa_chan_poll(&p, 1, 100);
		if ((n = fa_chan_recv(c, buf + got, sizeof(buf) - got)) > 0)
			got += (size_t)n;
	}
	CHECK(got == 7 && memcmp(buf, "status\n", 7) == 0);
	p.events = FA_POLLOUT;
	CHECK(fa_chan_poll(&p, 1, 5000) == 1 && (p.revents & FA_POLLOUT));
	CHECK(fa_chan_send(c, "0 ok\n.\n", 7) == 7);
	fa_chan_close(c);
	got = 0;
	while (got < sizeof(buf) && (n = read(fd, buf + got,
	    sizeof(buf) - got)) > 0)
		got += (size_t)n;
	CHECK(got == 7 && memcmp(buf, "0 ok\n.\n", 7) == 0);
	close(fd);
	fd = -1;
	fa_chan_close(l);
	l = NULL;
	CHECK(fa_chan_connect(path, &fd, &none, &e) == -1 && none);
out:
	if (fd >= 0)
		close(fd);
	fa_chan_close(l);
	fa_chan_close(l2);
	free(path);
	free(other);
	(void)remove(dir);
	free(dir);
}

int
main(void)
{
	fa_plat_init();
	RUN(timegm_matches_calendar);
	RUN(memmem_strcasestr);
	RUN(sort_r_stable);
	RUN(strings);
	RUN(clock_and_sleep);
	RUN(files);
	RUN(private_files);
	RUN(home);
	RUN(chan);
	return unit_any_failed;
}
