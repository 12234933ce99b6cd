/*
 * report_inputs.c: the report's catalog, price book and proposal read
 * from files and applied to a finished report (report_inputs.h says
 * why they are here).
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../cli/plat.h"
#include "report_inputs.h"

int
report_input_read(const char *path, const char *what, struct fa_buf *b,
    struct fa_err *e)
{
	char	 chunk[8192];
	size_t	 n;
	FILE	*f;

	if ((f = fopen(path, "r")) == NULL)
		return fa_errf(e, "%s: cannot read '%s': %s", what, path,
		    strerror(errno));
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		fa_buf_add(b, chunk, n);
		if (b->len > REPORT_INPUT_MAX) {
			fclose(f);
			return fa_errf(e, "%s: '%s' is over 1 MiB", what,
			    path);
		}
	}
	if (ferror(f)) {
		fclose(f);
		return fa_errf(e, "%s: cannot read '%s'", what, path);
	}
	fclose(f);
	return 0;
}

/* Names in strcmp order, for fa_sort(). */
static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
report_catalog_dir(struct catalog *cat, const char *dir, struct fa_err *e)
{
	struct fa_buf	 b = FA_BUF_INIT;
	struct dirent	*de;
	DIR		*d;
	char		**v = NULL, *path;
	size_t		 i, n = 0, len;
	int		 rc = 0;

	if (dir == NULL || (d = opendir(dir)) == NULL)
		return 0;
	while ((de = readdir(d)) != NULL) {
		len = strlen(de->d_name);
		if (de->d_name[0] == '.' || len <= 8 ||
		    strcmp(de->d_name + len - 8, ".catalog") != 0)
			continue;
		v = fa_reallocarray(v, n + 1, sizeof(*v));
		v[n++] = fa_strdup(de->d_name);
	}
	closedir(d);
	if (n > 1)
		fa_sort(v, n, sizeof(*v), name_cmp);
	for (i = 0; i < n; i++) {
		if (rc == 0) {
			path = fa_asprintf("%s/%s", dir, v[i]);
			b.len = 0;
			rc = report_input_read(path, "catalog", &b, e);
			if (rc == 0)
				rc = catalog_parse(cat, b.s ? b.s : "", b.len,
				    path, e);
			free(path);
		}
		free(v[i]);
	}
	free(v);
	fa_buf_release(&b);
	return rc;
}

/* 1 when path names a file that exists (else 0: a missing one is none). */
static int
exists(const char *path)
{
	struct stat	sb;

	return stat(path, &sb) == 0;
}

int
report_inputs_hub(struct report_inputs *in, const char *hubdir,
    const char *account, struct fa_err *e)
{
	struct fa_buf	 b = FA_BUF_INIT;
	char		*path, *prop;
	int		 rc;

	memset(in, 0, sizeof(*in));
	if (catalog_builtin(&in->cat, e) != 0)
		return -1;
	path = fa_asprintf("%s/%s", hubdir, REPORT_HUB_CATALOG);
	rc = report_catalog_dir(&in->cat, path, e);
	free(path);
	if (rc != 0)
		return -1;
	path = fa_asprintf("%s/%s", hubdir, REPORT_HUB_PRICES);
	prop = fa_asprintf("%s/%s/%s.csv", hubdir, REPORT_HUB_PROPOSALS,
	    account);
	if (exists(path)) {
		rc = report_input_read(path, "prices", &b, e);
		if (rc == 0)
			rc = report_prices_parse(b.s ? b.s : "", b.len, path,
			    &in->prices, e);
		in->have_prices = rc == 0;
	}
	if (rc == 0 && exists(prop)) {
		if (!in->have_prices)
			rc = fa_errf(e, "proposal: '%s' needs the price book "
			    "'%s' (the current costs it is set against)",
			    prop, path);
		b.len = 0;
		if (rc == 0)
			rc = report_input_read(prop, "proposal", &b, e);
		if (rc == 0)
			rc = report_offers_parse(b.s ? b.s : "", b.len, prop,
			    &in->offers, e);
		in->have_offers = rc == 0;
	}
	free(path);
	free(prop);
	fa_buf_release(&b);
	return rc == 0 ? 0 : -1;
}

void
report_inputs_apply(struct report *r, struct report_inputs *in)
{
	report_uses(r, &in->cat, &in->uses);
	r->uses = &in->uses;
	if (in->have_prices) {
		report_costs(r, &in->prices, &in->costs);
		r->costs = &in->costs;
	}
	if (in->have_prices && in->have_offers) {
		report_props(r, &in->offers, &in->props);
		r->props = &in->props;
	}
}

void
report_inputs_release(struct report_inputs *in)
{
	report_props_release(&in->props);
	report_costs_release(&in->costs);
	report_uses_release(&in->uses);
	report_offers_release(&in->offers);
	report_prices_release(&in->prices);
	catalog_release(&in->cat);
	memset(in, 0, sizeof(*in));
}
