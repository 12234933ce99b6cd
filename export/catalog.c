/*
 * catalog.c: the model catalog (catalog.h).  A file is a list of
 * entries, each a "[vendor / model]" line and "key = value" lines:
 *
 *   [HP / LaserJet Pro M404dn]
 *   launched    = 2019
 *   speed       = 38
 *   recommended = 4000
 *   duty        = 80000
 *   colour      = no
 *   a3          = no
 *   duplex      = yes
 *   tec         = 0.61
 *   source      = HP LaserJet Pro M404 series data sheet
 *
 * Any field may have its own source, "FIELD_source = ..." (colour_source,
 * a3_source, ...): the entry's "source" then covers the fields without
 * one, and the entry's source as the report shows it becomes "SOURCE;
 * FIELD: ITS SOURCE; ...".  "label = yes" marks a label printer.
 *
 * '#' starts a comment line.  Every entry needs a source.  The built-in
 * files travel in the binary's table of embedded files (tpl_builtins,
 * export/tplembed.sh), named "*.catalog".
 */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "catalog.h"
#include "template.h"

static char *
span(const char *s, size_t n)
{
	while (n > 0 && isspace((unsigned char)*s)) {
		s++;
		n--;
	}
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		n--;
	return fa_strndup(s, n);
}

static const char *const field_names[CAT_NFIELDS] = {
	"launched", "end_of_life", "speed", "recommended", "duty", "tec",
	"colour", "a3", "duplex", "label"
};

const char *
catalog_field_name(enum catalog_field f)
{
	return f < CAT_NFIELDS ? field_names[f] : "";
}

const char *
catalog_field_source(const struct catalog_entry *c, enum catalog_field f)
{
	return f < CAT_NFIELDS && c->field_source[f] != NULL ?
	    c->field_source[f] : c->entry_source;
}

static void
entry_free(struct catalog_entry *c)
{
	size_t	i;

	free(c->vendor);
	free(c->model);
	free(c->source);
	free(c->entry_source);
	for (i = 0; i < CAT_NFIELDS; i++)
		free(c->field_source[i]);
}

/* The "FIELD_source" key k names: its field, or -1. */
static int
source_key(const char *k)
{
	size_t	i, n = strlen(k);

	if (n <= 7 || strcmp(k + n - 7, "_source") != 0)
		return -1;
	for (i = 0; i < CAT_NFIELDS; i++)
		if (strlen(field_names[i]) == n - 7 &&
		    strncmp(k, field_names[i], n - 7) == 0)
			return (int)i;
	return -1;
}

static void
entry_init(struct catalog_entry *c)
{
	memset(c, 0, sizeof(*c));
	c->speed = c->recommended = c->duty = c->tec = NAN;
	c->colour = c->a3 = c->duplex = c->label = -1;
}

/* Keeps c: replaces an entry of the same vendor and model. */
static void
keep(struct catalog *cat, struct catalog_entry *c)
{
	size_t	i;

	for (i = 0; i < cat->n; i++)
		if (strcasecmp(cat->v[i].vendor, c->vendor) == 0 &&
		    strcasecmp(cat->v[i].model, c->model) == 0) {
			entry_free(&cat->v[i]);
			cat->v[i] = *c;
			return;
		}
	cat->v = fa_reallocarray(cat->v, cat->n + 1, sizeof(*cat->v));
	cat->v[cat->n++] = *c;
}

static int
yesno(const char *v, int *out)
{
	if (strcmp(v, "yes") == 0)
		*out = 1;
	else if (strcmp(v, "no") == 0)
		*out = 0;
	else
		return -1;
	return 0;
}

static int
num(const char *v, double *out)
{
	char	*end;

	*out = strtod(v, &end);
	return *end != '\0' || end == v || !isfinite(*out) || *out <= 0 ?
	    -1 : 0;
}

static int
year(const char *v, int *out)
{
	double	d;

	if (num(v, &d) != 0 || d != floor(d) || d < 1970 || d > 2100)
		return -1;
	*out = (int)d;
	return 0;
}

/* Checks and keeps the entry being read. */
static int
finish(struct catalog *cat, struct catalog_entry *c, int *open,
    const char *name, int line, struct fa_err *e)
{
	struct fa_buf	 b = FA_BUF_INIT;
	size_t		 i;

	if (!*open)
		return 0;
	*open = 0;
	if (c->source == NULL) {
		fa_errf(e, "%s line %d: the entry %s / %s has no source", name,
		    line, c->vendor, c->model);
		entry_free(c);
		return -1;
	}
	/* the one text the report shows: the entry's, then each field's */
	fa_buf_puts(&b, c->source);
	for (i = 0; i < CAT_NFIELDS; i++)
		if (c->field_source[i] != NULL) {
			fa_buf_puts(&b, "; ");
			fa_buf_puts(&b, field_names[i]);
			fa_buf_puts(&b, ": ");
			fa_buf_puts(&b, c->field_source[i]);
		}
	c->entry_source = c->source;
	c->source = fa_buf_steal(&b);
	keep(cat, c);
	return 0;
}

int
catalog_parse(struct catalog *cat, const char *text, size_t len,
    const char *name, struct fa_err *e)
{
	struct catalog_entry c;
	size_t	 i = 0, end, j;
	int	 line = 0, open = 0, head = 0;
	char	*l, *k, *v, *p;

	entry_init(&c);
	while (i < len) {
		for (end = i; end < len && text[end] != '\n'; end++)
			;
		line++;
		l = span(text + i, end - i);
		i = end + 1;
		if (l[0] == '\0' || l[0] == '#') {
			free(l);
			continue;
		}
		if (l[0] == '[') {
			j = strlen(l);
			if (finish(cat, &c, &open, name, head, e) != 0)
				goto bad_l;
			head = line;
			entry_init(&c);
			if (l[j - 1] != ']' || (p = strstr(l, " / ")) == NULL) {
				fa_errf(e, "%s line %d: an entry starts with "
				    "[VENDOR / MODEL]", name, line);
				goto bad_l;
			}
			c.vendor = span(l + 1, (size_t)(p - l - 1));
			c.model = span(p + 3, j - 1 - (size_t)(p + 3 - l));
			if (c.vendor[0] == '\0' || c.model[0] == '\0') {
				fa_errf(e, "%s line %d: an entry starts with "
				    "[VENDOR / MODEL]", name, line);
				entry_free(&c);
				goto bad_l;
			}
			open = 1;
			free(l);
			continue;
		}
		if ((p = strchr(l, '=')) == NULL || !open) {
			fa_errf(e, "%s line %d: %s", name, line, !open ?
			    "a key before any [VENDOR / MODEL]" :
			    "not KEY = VALUE");
			goto bad;
		}
		k = span(l, (size_t)(p - l));
		v = span(p + 1, strlen(p + 1));
		{
			int bad = 0, f;

			if (strcmp(k, "launched") == 0)
				bad = year(v, &c.launched);
			else if (strcmp(k, "end_of_life") == 0)
				bad = year(v, &c.end_of_life);
			else if (strcmp(k, "speed") == 0)
				bad = num(v, &c.speed);
			else if (strcmp(k, "recommended") == 0)
				bad = num(v, &c.recommended);
			else if (strcmp(k, "duty") == 0)
				bad = num(v, &c.duty);
			else if (strcmp(k, "tec") == 0)
				bad = num(v, &c.tec);
			else if (strcmp(k, "colour") == 0)
				bad = yesno(v, &c.colour);
			else if (strcmp(k, "a3") == 0)
				bad = yesno(v, &c.a3);
			else if (strcmp(k, "duplex") == 0)
				bad = yesno(v, &c.duplex);
			else if (strcmp(k, "label") == 0)
				bad = yesno(v, &c.label);
			else if ((f = source_key(k)) >= 0 && v[0] != '\0') {
				free(c.field_source[f]);
				c.field_source[f] = fa_strdup(v);
			}
			else if (strcmp(k, "source") == 0 && v[0] != '\0') {
				free(c.source);
				c.source = fa_strdup(v);
			} else
				bad = 2;
			if (bad != 0)
				fa_errf(e, bad == 2 ? "%s line %d: unknown key "
				    "'%s'" : "%s line %d: %s: '%s' is not a "
				    "valid value", name, line, k, v);
			free(k);
			free(v);
			if (bad != 0)
				goto bad;
		}
		free(l);
	}
	return finish(cat, &c, &open, name, head, e);
bad:
	if (open)
		entry_free(&c);
bad_l:
	free(l);
	return -1;
}

int
catalog_builtin(struct catalog *cat, struct fa_err *e)
{
	const struct tpl_file	*f;
	size_t			 n;

	for (f = tpl_builtins; f->name != NULL; f++) {
		n = strlen(f->name);
		if (n > 8 && strcmp(f->name + n - 8, ".catalog") == 0 &&
		    catalog_parse(cat, f->text, f->len, f->name, e) != 0)
			return -1;
	}
	return 0;
}

const struct catalog_entry *
catalog_find(const struct catalog *cat, const char *vendor,
    const char *model)
{
	size_t	i;

	if (cat == NULL || model == NULL)
		return NULL;
	for (i = 0; i < cat->n; i++)
		if (strcasecmp(cat->v[i].model, model) == 0 &&
		    (vendor == NULL ||
		    strcasecmp(cat->v[i].vendor, vendor) == 0))
			return &cat->v[i];
	return NULL;
}

void
catalog_release(struct catalog *cat)
{
	size_t	i;

	for (i = 0; i < cat->n; i++)
		entry_free(&cat->v[i]);
	free(cat->v);
	memset(cat, 0, sizeof(*cat));
}
