/*
 * report_inputs.c: the report's catalog, price book and proposal read
 * from files and applied to a finished report (report_inputs.h says
 * why they are here).
 */
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
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

int
report_logo_check(const unsigned char *p, size_t len, const char *path,
    const char **mime, int *w, int *h, struct fa_err *e)
{
	size_t	i;

	*w = *h = 0;
	if (len >= 24 && memcmp(p, "\x89PNG\r\n\x1a\n", 8) == 0 &&
	    memcmp(p + 12, "IHDR", 4) == 0) {
		*mime = "image/png";
		*w = (int)((uint32_t)p[16] << 24 | (uint32_t)p[17] << 16 |
		    (uint32_t)p[18] << 8 | p[19]);
		*h = (int)((uint32_t)p[20] << 24 | (uint32_t)p[21] << 16 |
		    (uint32_t)p[22] << 8 | p[23]);
		return 0;
	}
	if (len >= 4 && p[0] == 0xFF && p[1] == 0xD8 && p[2] == 0xFF) {
		*mime = "image/jpeg";
		/* the frame header (SOF0..SOF3) holds the size */
		for (i = 2; i + 9 < len; ) {
			if (p[i] != 0xFF)
				break;
			if (p[i + 1] >= 0xC0 && p[i + 1] <= 0xC3) {
				*h = p[i + 5] << 8 | p[i + 6];
				*w = p[i + 7] << 8 | p[i + 8];
				break;
			}
			i += 2 + (size_t)(p[i + 2] << 8 | p[i + 3]);
		}
		return 0;
	}
	return fa_errf(e, "'%s' is not a PNG or JPEG image", path);
}

static char *
trimmed(const char *s, size_t n)
{
	while (n > 0 && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' ||
	    s[n - 1] == '\r'))
		n--;
	return fa_strndup(s, n);
}

int
report_branding_read(struct report_branding *br, const char *path,
    struct fa_err *e)
{
	struct fa_buf	 b = FA_BUF_INIT;
	const char	*t, *nl, *eq;
	char		*k = NULL, *v = NULL, *logo, *slash;
	size_t		 i = 0;
	int		 line = 0, rc = 0;

	if (report_input_read(path, "branding", &b, e) != 0) {
		fa_buf_release(&b);
		return -1;
	}
	t = b.s != NULL ? b.s : "";
	while (rc == 0 && i < b.len) {
		line++;
		nl = memchr(t + i, '\n', b.len - i);
		k = trimmed(t + i, (nl != NULL ? (size_t)(nl - t) : b.len) - i);
		i = nl != NULL ? (size_t)(nl - t) + 1 : b.len;
		if (k[0] == '\0' || k[0] == '#') {
			free(k);
			continue;
		}
		if ((eq = strchr(k, '=')) == NULL) {
			rc = fa_errf(e, "%s line %d: not KEY = VALUE", path,
			    line);
			free(k);
			break;
		}
		v = trimmed(eq + 1, strlen(eq + 1));
		k[eq - k] = '\0';
		slash = trimmed(k, strlen(k));
		free(k);
		k = slash;
		if (v[0] == '\0')
			rc = fa_errf(e, "%s line %d: %s has no value", path,
			    line, k);
		else if (strcmp(k, "dealer-name") == 0) {
			free(br->dealer);
			br->dealer = v;
			v = NULL;
		} else if (strcmp(k, "prepared-by") == 0) {
			free(br->prepared_by);
			br->prepared_by = v;
			v = NULL;
		} else if (strcmp(k, "dealer-logo") == 0) {
			/* relative to the branding file's directory */
			if (v[0] == '/' || (slash = strrchr(path, '/')) == NULL)
				logo = fa_strdup(v);
			else
				logo = fa_asprintf("%.*s/%s",
				    (int)(slash - path), path, v);
			br->logo.len = 0;
			if (report_input_read(logo, "branding", &br->logo,
			    e) != 0 || report_logo_check((const unsigned char *)
			    br->logo.s, br->logo.len, logo, &br->logo_mime,
			    &br->logo_w, &br->logo_h, e) != 0) {
				char *why = fa_strdup(e->msg);

				rc = fa_errf(e, "%s line %d: dealer-logo: %s",
				    path, line, why);
				free(why);
			}
			free(br->logo_path);
			br->logo_path = logo;
		} else
			rc = fa_errf(e, "%s line %d: unknown key '%s' (dealer-"
			    "name, dealer-logo, prepared-by)", path, line, k);
		free(k);
		free(v);
		v = NULL;
	}
	fa_buf_release(&b);
	return rc == 0 ? 0 : -1;
}

void
report_branding_release(struct report_branding *br)
{
	free(br->dealer);
	free(br->prepared_by);
	free(br->logo_path);
	fa_buf_release(&br->logo);
	memset(br, 0, sizeof(*br));
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
	path = fa_asprintf("%s/%s", hubdir, REPORT_HUB_BRANDING);
	if (rc == 0 && exists(path))
		rc = report_branding_read(&in->brand, path, e);
	free(path);
	fa_buf_release(&b);
	return rc == 0 ? 0 : -1;
}

void
report_inputs_apply(struct report *r, struct report_inputs *in)
{
	report_uses(r, &in->cat, &in->uses);
	r->uses = &in->uses;
	if (in->brand.dealer != NULL)
		r->dealer = in->brand.dealer;
	if (in->brand.prepared_by != NULL)
		r->prepared_by = in->brand.prepared_by;
	if (in->brand.logo.len > 0) {
		r->logo = (const unsigned char *)in->brand.logo.s;
		r->logo_len = in->brand.logo.len;
		r->logo_mime = in->brand.logo_mime;
		r->logo_w = in->brand.logo_w;
		r->logo_h = in->brand.logo_h;
	}
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
	report_branding_release(&in->brand);
	memset(in, 0, sizeof(*in));
}
