/*
 * common.c: set-up shared by the commands: options, home directory, store,
 * ranges, signals, progress and the collector's log.
 */
#include <errno.h>
#include <getopt.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../collector/disc.h"
#include "../collector/ipp.h"
#include "../collector/mdf.h"
#include "../collector/mdns.h"
#include "../collector/walk.h"
#include "cmd.h"
#include "plat.h"
#include "util.h"

int
cmd_fail(int code, const char *fmt, ...)
{
	va_list	ap;

	fputs("fleetaudit: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return code;
}

void
cmd_mdns_note(const struct settings *s, const struct mdns_list *l)
{
	if (l->link_local > 0 && !s->quiet)
		fprintf(stderr, "fleetaudit: DNS-SD: %zu printer%s announced at "
		    "an IPv6 link-local address only, left out (read with "
		    "--ipp ipp://[ADDRESS]/...)\n", l->link_local,
		    l->link_local == 1 ? "" : "s");
}

int
cmd_ipp_open(const struct settings *s, const struct addr_list *addrs,
    const struct disc_list *found, struct fa_addr **out, size_t *n,
    struct fa_err *e)
{
	struct fa_addr	*left;
	unsigned char	*open;
	size_t		 i, k, nl = 0;
	int		 port = s->ipp_port ? s->ipp_port : FA_IPP_PORT, rc = 0;

	left = fa_calloc(addrs->n ? addrs->n : 1, sizeof(*left));
	for (i = 0; i < addrs->n; i++) {
		for (k = 0; k < found->n; k++)
			if (fa_addr_cmp(&found->v[k].addr, &addrs->v[i]) == 0)
				break;
		if (k == found->n)
			left[nl++] = addrs->v[i];
	}
	open = fa_calloc(nl ? nl : 1, 1);
	if (nl > 0 && ipp_probe(left, nl, port, s->net.timeout_ms,
	    s->net.pps, open, e) < 0)
		rc = -1;
	for (i = k = 0; i < nl; i++)
		if (open[i])
			left[k++] = left[i];
	free(open);
	*out = left;
	*n = k;
	return rc;
}

int
cmd_opt_int(const char *s, long long min, long long max, const char *what,
    int *out)
{
	struct fa_err	e;
	long long	v;

	if (s == NULL)
		return 0;
	if (fa_strtonum(s, min, max, &v, what, &e) != 0)
		return cmd_fail(EXIT_USAGE, "%s", e.msg);
	*out = (int)v;
	return 0;
}

int
cmd_setup(const char *name, int argc, char *argv[], struct settings *s,
    struct strv *pos)
{
	const struct cmd	*c = cmd_find(name);
	struct fa_err		 e;
	char			*hv[2];
	int			 rc;

	settings_init(s);
	rc = opts_parse(argc, argv, c->opts, s, pos, &e);
	if (rc == 1) {
		hv[0] = (char *)(uintptr_t)"help";
		hv[1] = (char *)(uintptr_t)name;
		(void)cmd_help(2, hv);
		return CMD_HELPED;
	}
	if (rc != 0)
		return cmd_fail(EXIT_USAGE, "%s", e.msg);
	return 0;
}

int
cmd_mkdirs(const char *path, struct fa_err *e)
{
	char	*p = fa_strdup(path), *s;
	int	 rc = 0;

	for (s = p + 1; ; s++) {
		if (*s == '/' || *s == '\0') {
			char c = *s;

			*s = '\0';
			if (mkdir(p, 0700) != 0 && errno != EEXIST) {
				rc = fa_errf(e, "cannot create '%s': %s", p,
				    strerror(errno));
				break;
			}
			*s = c;
			if (c == '\0')
				break;
		}
	}
	free(p);
	return rc;
}

int
cmd_open_store(struct settings *s, int create, struct store **st)
{
	struct fa_err	 e;
	char		*dir, *slash;
	struct stat	 sb;

	if (!create && stat(s->db, &sb) != 0)
		return cmd_fail(EXIT_FAIL, "no store at '%s' (nothing assessed "
		    "with this home yet; see --home, --db)", s->db);
	if (cmd_mkdirs(s->home, &e) != 0)
		return cmd_fail(EXIT_FAIL, "%s", e.msg);
	dir = fa_strdup(s->db);
	if ((slash = strrchr(dir, '/')) != NULL && slash != dir) {
		*slash = '\0';
		if (cmd_mkdirs(dir, &e) != 0) {
			free(dir);
			return cmd_fail(EXIT_FAIL, "%s", e.msg);
		}
	}
	free(dir);
	if (store_open(s->db, st, &e) != 0)
		return cmd_fail(EXIT_FAIL, "%s", e.msg);
	return 0;
}

int
cmd_ranges(struct settings *s, const struct strv *pos, struct addr_list *out,
    char **joined)
{
	const struct strv	*r = pos->n > 0 ? pos : &s->ranges;
	struct fa_err		 e;
	struct fa_buf		 b = FA_BUF_INIT;
	size_t			 i;

	if (r->n == 0)
		return cmd_fail(EXIT_USAGE, "no range given (as arguments or "
		    "'range =' in the config)");
	if (range_expand(r->v, r->n, s->excludes.v, s->excludes.n, s->force,
	    out, &e) != 0)
		return cmd_fail(EXIT_USAGE, "%s", e.msg);
	for (i = 0; i < r->n; i++) {
		if (i > 0)
			fa_buf_puts(&b, " ");
		fa_buf_puts(&b, r->v[i]);
	}
	for (i = 0; i < s->excludes.n; i++)
		fa_buf_printf(&b, " -%s", s->excludes.v[i]);
	*joined = fa_buf_steal(&b);
	return 0;
}

int
cmd_load_models(const struct settings *s, struct mdf_set *set)
{
	struct fa_err	 e;
	struct stat	 sb;
	char		*dir;

	if (s->no_models)
		return 0;
	if (mdf_load_builtin(set, &e) != 0)
		return cmd_fail(EXIT_FAIL, "built-in models: %s", e.msg);
	dir = fa_asprintf("%s/%s", s->home, HOME_MODELS);
	if (stat(dir, &sb) == 0 && S_ISDIR(sb.st_mode) &&
	    mdf_load_dir(dir, set, &e) != 0) {
		free(dir);
		return cmd_fail(EXIT_USAGE, "%s", e.msg);
	}
	free(dir);
	if (s->models != NULL && mdf_load_dir(s->models, set, &e) != 0)
		return cmd_fail(EXIT_USAGE, "%s", e.msg);
	return 0;
}

static void
on_signal(int sig)
{
	(void)sig;
	fa_interrupted = 1;
}

void
cmd_signals(void)
{
	fa_on_stop(on_signal);
}

void
cmd_disc_progress(size_t done, size_t total, size_t found, void *arg)
{
	(void)arg;
	fprintf(stderr, "\rdiscover: %zu/%zu addresses, %zu answering",
	    done, total, found);
	if (done == total)
		fputc('\n', stderr);
}

int
cmd_progress_on(const struct settings *s)
{
	return !s->quiet && fa_isatty(2);
}

void
cmd_log(const struct settings *s, const char *fmt, ...)
{
	char	*path, ts[32];
	FILE	*f = NULL;
	va_list	 ap;
	int	 fd;

	if (cmd_mkdirs(s->home, NULL) != 0)
		return;
	path = fa_asprintf("%s/%s", s->home, HOME_LOG);
	fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
	if (fd >= 0 && (f = fdopen(fd, "a")) == NULL)
		close(fd);
	if (fd >= 0 && f != NULL) {
		fa_iso8601(fa_wall(), ts, sizeof(ts));
		fprintf(f, "%s ", ts);
		va_start(ap, fmt);
		vfprintf(f, fmt, ap);
		va_end(ap);
		fputc('\n', f);
		fclose(f);
	}
	free(path);
}

int
cmd_exact_longopts(int argc, char *argv[], const struct option *lo,
    const char *what, const char *word)
{
	size_t	n, k;
	int	i;

	for (i = 1; i < argc && strcmp(argv[i], "--") != 0; i++) {
		if (strncmp(argv[i], "--", 2) != 0)
			continue;
		n = strcspn(argv[i] + 2, "=");
		for (k = 0; lo[k].name != NULL; k++)
			if (strlen(lo[k].name) == n &&
			    strncmp(lo[k].name, argv[i] + 2, n) == 0)
				break;
		if (lo[k].name == NULL)
			return cmd_fail(EXIT_USAGE, "%s: %s option '%s' (see "
			    "'fleetaudit %s --help')", what, word, argv[i],
			    what);
		if (lo[k].has_arg == required_argument &&
		    argv[i][2 + n] == '\0')
			i++;
	}
	return 0;
}

struct walk_width *
cmd_disc_widths(struct store *st, const struct addr_list *addrs)
{
	struct store_devrow	*rows = NULL;
	struct walk_width	*w;
	struct fa_err		 e;
	struct fa_addr		 fa;
	size_t			 n = 0, i, k;
	int			 cols, reps;

	w = fa_calloc(addrs->n ? addrs->n : 1, sizeof(*w));
	if (st == NULL || store_list_devices(st, &rows, &n, &e) != 0)
		return w;
	for (k = 0; k < n; k++) {
		if (fa_addr_parse(rows[k].address, &fa) != 0)
			continue;
		store_width_for(st, rows[k].address, &cols, &reps);
		if (cols <= 0 || reps <= 0)
			continue;
		/* addrs is in range order; a linear pass per known device
		 * is fine for the few hundred a site has (as the
		 * credential each starts with). */
		for (i = 0; i < addrs->n; i++)
			if (fa_addr_cmp(&addrs->v[i], &fa) == 0) {
				w[i].cols = cols;
				w[i].reps = reps;
				break;
			}
	}
	for (k = 0; k < n; k++)
		store_devrow_release(&rows[k]);
	free(rows);
	return w;
}

size_t
cmd_disc_keep(struct store *st, const struct disc_list *found)
{
	struct walk_width	 nw;
	struct fa_err		 e;
	char			 a[64];
	size_t			 i, kept = 0;
	int			 cols, reps;

	for (i = 0; st != NULL && i < found->n; i++) {
		if (!found->v[i].narrowed)
			continue;
		fa_addr_str(&found->v[i].addr, a, sizeof(a));
		nw = disc_width_of(&found->v[i]);
		store_width_for(st, a, &cols, &reps);
		if (cols > 0 && reps > 0 && cols * reps <= nw.cols * nw.reps)
			continue;
		if (store_width_keep(st, a, nw.cols, nw.reps, &e) == 1)
			kept++;
	}
	return kept;
}
