/*
 * mdf.c: model definitions: the parser, the matcher and how a definition
 * is applied to a device read (docs/models.md).
 *
 * Choices: the files are plain text so a field engineer can write one; a
 * bad file is refused whole with file:line; nothing in a definition is
 * trusted as code (OIDs are parsed, patterns are POSIX EREs compiled with
 * a size cap).  Applying a definition never removes what the standard
 * MIBs said: it adds readings with their provenance, fills identity gaps,
 * and replaces a level only where the standard table gave a state.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../cli/util.h"
#include "brother.h"
#include "mdf.h"
#include "prt.h"
#include "vendor.h"

#define MDF_LINE_MAX	1024
#define MDF_MAX_BRANDS	16

/* A pattern compiled once, when its definition is read: compiling it
 * for each device read was a fiftieth of a read's CPU time. */
static void
re_free(void *re)
{
	if (re != NULL) {
		regfree(re);
		free(re);
	}
}

static void
def_free(struct mdf_def *d)
{
	size_t	k, j;

	free(d->id); free(d->file); free(d->vendor);
		for (k = 0; k < d->nbrands; k++)
			free(d->brands[k]);
		free(d->brands);
		free(d->sysobjectid); free(d->descr);
		free(d->model_oid); free(d->model_field);
		free(d->serial_oid); free(d->firmware_oid);
		free(d->status_oid);
		for (k = 0; k < d->nmeters; k++) {
			free(d->meters[k].name);
			free(d->meters[k].unit);
			free(d->meters[k].label);
			for (j = 0; j < d->meters[k].noids; j++) {
				free(d->meters[k].oids[j]);
				free(d->meters[k].vals[j]);
			}
		}
		free(d->supply_level); free(d->supply_serial);
		free(d->supply_part); free(d->supply_blob);
		free(d->supply_match);
		free(d->supply_partpattern);
		free(d->supply_serialpattern);
		re_free(d->part_re);
		re_free(d->serial_re);
		for (k = 0; k < d->nipp; k++) {
			free(d->ipp[k].attr);
			free(d->ipp[k].member);
			free(d->ipp[k].name);
			free(d->ipp[k].unit);
			free(d->ipp[k].text);
		}
		for (k = 0; k < d->nuses; k++)
			free(d->uses[k]);
}

void
mdf_set_release(struct mdf_set *set)
{
	size_t	i;

	for (i = 0; i < set->n; i++)
		def_free(&set->v[i]);
	free(set->v);
	set->v = NULL;
	set->n = 0;
}

static char *
trim(char *s)
{
	char	*e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		*--e = '\0';
	return s;
}

/* A dotted OID, checked; returns a copy or NULL. */
static char *
oid_arg(const char *s)
{
	uint32_t	o[VB_MAX_OID];
	size_t		n;

	if (vb_oid_parse(s, o, &n) != 0)
		return NULL;
	return fa_strdup(*s == '.' ? s + 1 : s);
}

static int
valid_id(const char *s)
{
	if (*s == '\0' || strlen(s) > 64)
		return 0;
	for (; *s; s++)
		if (!(islower((unsigned char)*s) || isdigit((unsigned char)*s) ||
		    *s == '-'))
			return 0;
	return 1;
}

/* Splits s on blanks into at most max words (in place). */
static size_t
words(char *s, char **w, size_t max)
{
	size_t	n = 0;
	char	*p = s;

	while (*p != '\0' && n < max) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '\0')
			break;
		w[n++] = p;
		while (*p != '\0' && *p != ' ' && *p != '\t')
			p++;
		if (*p != '\0')
			*p++ = '\0';
	}
	return n;
}

static const char *
set_oid(char **dst, const char *v)
{
	free(*dst);
	if ((*dst = oid_arg(v)) == NULL)
		return "bad OID";
	return NULL;
}

static int
table_bit(const char *name)
{
	size_t	i;

	for (i = 0; i < prt_ntables; i++)
		if (strcmp(prt_tables[i].name, name) == 0)
			return (int)i;
	return -1;
}

/* "label VALUECOL NAMECOL TEXT...": TEXT is the rest of the line. */
static const char *
label_meter(struct mdf_def *d, struct mdf_meter *m, const char *name,
    char *v)
{
	char	*w[2], *rest = v;
	size_t	 i;

	for (i = 0; i < 2; i++) {
		rest += strspn(rest, " \t");
		w[i] = rest;
		rest += strcspn(rest, " \t");
		if (*rest == '\0')
			return "label meters: 'label VALUECOL NAMECOL TEXT'";
		*rest++ = '\0';
	}
	rest = trim(rest);
	if (*rest == '\0' || strlen(rest) > 128)
		return "label meters: 'label VALUECOL NAMECOL TEXT'";
	if ((m->oids[0] = oid_arg(w[0])) == NULL)
		return "bad OID";
	if ((m->oids[1] = oid_arg(w[1])) == NULL) {
		FA_FREE(m->oids[0]);
		return "bad OID";
	}
	m->noids = 2;
	m->kind = MDF_LABEL;
	m->label = fa_strdup(rest);
	m->name = fa_strdup(name);
	m->unit = fa_strdup("impressions");
	d->nmeters++;
	return NULL;
}

/* A list of numbers "1" or "1,3,6" (each 0..2^31-1). */
static int
num_list(const char *s)
{
	size_t	n;

	if (*s == '\0' || strlen(s) > 64)
		return 0;
	while (*s != '\0') {
		n = strspn(s, "0123456789");
		if (n == 0 || n > 10)
			return 0;
		s += n;
		if (*s == ',' && s[1] != '\0')
			s++;
		else if (*s != '\0')
			return 0;
	}
	return 1;
}

/* "rows VALUECOL COL=N[,N...] [COL=N...]": the sum of VALUECOL over the
 * rows whose columns hold those numbers. */
static const char *
rows_meter(struct mdf_def *d, struct mdf_meter *m, const char *name,
    char *v)
{
	static const char use[] = "rows meters: 'rows VALUECOL COL=N[,N] ...'";
	char		*w[MDF_MAX_SUM + 1], *eq;
	size_t		 n, i;
	const char	*err = NULL;

	n = words(v, w, nitems(w));
	if (n < 2 || n > MDF_MAX_SUM)
		return use;
	for (i = 0; i < n && err == NULL; i++) {
		eq = i > 0 ? strchr(w[i], '=') : NULL;
		if (i > 0 && (eq == NULL || !num_list(eq + 1))) {
			err = use;
			break;
		}
		if (eq != NULL)
			*eq = '\0';
		if ((m->oids[i] = oid_arg(w[i])) == NULL) {
			err = "bad OID";
			break;
		}
		m->noids = i + 1;
		if (eq != NULL)
			m->vals[i] = fa_strdup(eq + 1);
	}
	if (err != NULL) {
		for (i = 0; i < m->noids; i++) {
			FA_FREE(m->oids[i]);
			FA_FREE(m->vals[i]);
		}
		m->noids = 0;
		return err;
	}
	m->kind = MDF_ROWS;
	m->name = fa_strdup(name);
	m->unit = fa_strdup("impressions");
	d->nmeters++;
	return NULL;
}

static const char *
meter_key(struct mdf_def *d, const char *name, char *v)
{
	struct mdf_meter	*m;
	char			*w[MDF_MAX_SUM + 3];
	size_t			 n, i, first = 0;

	if (d->nmeters >= MDF_MAX_METERS)
		return "too many meters";
	if (*name == '\0' || strlen(name) > 48)
		return "meter needs a name";
	for (i = 0; name[i]; i++)
		if (!(islower((unsigned char)name[i]) ||
		    isdigit((unsigned char)name[i]) || name[i] == '.' ||
		    name[i] == '_'))
			return "meter names are lowercase words and dots";
	m = &d->meters[d->nmeters];
	memset(m, 0, sizeof(*m));
	if (strncmp(v, "label ", 6) == 0)
		return label_meter(d, m, name, v + 6);
	if (strncmp(v, "rows ", 5) == 0)
		return rows_meter(d, m, name, v + 5);
	n = words(v, w, nitems(w));
	if (n == 0)
		return "meter needs an OID";
	if (strcmp(w[0], "sum") == 0) {
		m->kind = MDF_SUM;
		first = 1;
	} else if (strcmp(w[0], "blob") == 0) {
		m->kind = MDF_BLOB;
		if (n != 3 || strcmp(w[2], "brother") != 0)
			return "blob meters: 'blob OID brother'";
		if ((m->oids[0] = oid_arg(w[1])) == NULL)
			return "bad OID";
		m->noids = 1;
		m->name = fa_strdup(name);
		m->unit = fa_strdup("impressions");
		d->nmeters++;
		return NULL;
	}
	for (i = first; i < n; i++) {
		if (isdigit((unsigned char)w[i][0]) || w[i][0] == '.') {
			if (m->noids == MDF_MAX_SUM)
				goto bad;
			if ((m->oids[m->noids] = oid_arg(w[i])) == NULL) {
				for (i = 0; i < m->noids; i++)
					free(m->oids[i]);
				return "bad OID";
			}
			m->noids++;
		} else if (i == n - 1 && m->unit == NULL) {
			m->unit = fa_strdup(w[i]);
		} else
			goto bad;
	}
	if (m->noids == 0 || (m->kind == MDF_SUM && m->noids < 2) ||
	    (m->kind == MDF_OID && m->noids != 1))
		goto bad;
	m->name = fa_strdup(name);
	if (m->unit == NULL)
		m->unit = fa_strdup("impressions");
	d->nmeters++;
	return NULL;
bad:
	for (i = 0; i < m->noids; i++)
		free(m->oids[i]);
	free(m->unit);
	memset(m, 0, sizeof(*m));
	return "expected 'OID [UNIT]' or 'sum OID OID... [UNIT]'";
}

/* The fields an "ipp ... = attribute FIELD" line may fill. */
static const char *const ipp_fields[] = {
	"model", "serial", "firmware", "asset", "location", "contact", NULL
};

/* "ipp ATTRIBUTE[/MEMBER] = meter NAME [UNIT] | supply TYPE [TEXT] |
 * attribute FIELD" */
static const char *
ipp_key(struct mdf_def *d, const char *attr, char *v)
{
	struct mdf_ipp	*r;
	char		*w[4], *slash, *rest;
	size_t		 n, i;

	if (d->nipp >= MDF_MAX_IPP)
		return "too many ipp lines";
	if (*attr == '\0' || strlen(attr) >= MDF_IPP_NAME)
		return "ipp needs an attribute name (at most 63 bytes)";
	for (i = 0; attr[i]; i++)
		if (!(islower((unsigned char)attr[i]) ||
		    isdigit((unsigned char)attr[i]) || attr[i] == '-' ||
		    attr[i] == '/'))
			return "IPP attribute names are lowercase letters, "
			    "digits and '-' (ATTRIBUTE/MEMBER for a member)";
	slash = strchr(attr, '/');
	if (slash != NULL && (slash == attr || slash[1] == '\0' ||
	    strchr(slash + 1, '/') != NULL))
		return "expected ATTRIBUTE or ATTRIBUTE/MEMBER";
	/* The supply's text is the rest of the line, spaces kept. */
	rest = v + strcspn(v, " \t");
	rest += strspn(rest, " \t");
	rest = rest + strcspn(rest, " \t");
	rest += strspn(rest, " \t");
	rest = fa_strdup(rest);		/* words() cuts v */
	n = words(v, w, nitems(w));
	r = &d->ipp[d->nipp];
	memset(r, 0, sizeof(*r));
	if (n >= 2 && strcmp(w[0], "meter") == 0) {
		for (i = 0; w[1][i]; i++)
			if (!(islower((unsigned char)w[1][i]) ||
			    isdigit((unsigned char)w[1][i]) ||
			    w[1][i] == '.' || w[1][i] == '_')) {
				free(rest);
				return "meter names are lowercase words and "
				    "dots";
			}
		if (n > 3) {
			free(rest);
			return "expected 'meter NAME [UNIT]'";
		}
		r->kind = MDF_IPP_METER;
		r->unit = fa_strdup(n == 3 ? w[2] : "impressions");
	} else if (n >= 2 && strcmp(w[0], "supply") == 0) {
		r->kind = MDF_IPP_SUPPLY;
		if (*rest != '\0')
			r->text = fa_strdup(rest);
	} else if (n == 2 && strcmp(w[0], "attribute") == 0) {
		for (i = 0; ipp_fields[i] != NULL; i++)
			if (strcmp(w[1], ipp_fields[i]) == 0)
				break;
		if (ipp_fields[i] == NULL) {
			free(rest);
			return "attribute fields: model, serial, firmware, "
			    "asset, location, contact";
		}
		r->kind = MDF_IPP_FIELD;
	} else {
		free(rest);
		return "expected 'meter NAME [UNIT]', 'supply TYPE [TEXT]' "
		    "or 'attribute FIELD'";
	}
	free(rest);
	r->name = fa_strdup(w[1]);
	if (slash != NULL) {
		r->attr = fa_strndup(attr, (size_t)(slash - attr));
		r->member = fa_strdup(slash + 1);
	} else
		r->attr = fa_strdup(attr);
	d->nipp++;
	return NULL;
}

/* One key of a [model] section; returns NULL or what is wrong. */

/*
 * A pattern's shape before regcomp(): glibc copies a subexpression for
 * each duplication symbol, so stacked ones ("a+++", undefined in POSIX
 * ERE) and nested or large bounds take memory exponential in the
 * pattern's length.  Each symbol multiplies a bound on that cost (x2 for
 * "*", "+", "?"; x(m+1) for "{n,m}"), which must stay within 2^16; never
 * two symbols in a row, bounds up to 64.  Part and serial patterns need
 * far less (the largest shipped costs 120).
 */
static int
pattern_tame(const char *p)
{
	unsigned long	cost = 1;
	int		last_dup = 0;

	for (; *p != '\0'; p++) {
		if (*p == '\\') {
			if (*++p == '\0')
				return 0;
			last_dup = 0;
			continue;
		}
		if (*p == '[') {
			/* a bracket expression: "[]...]" and "[^]...]" */
			p++;
			if (*p == '^')
				p++;
			if (*p == ']')
				p++;
			while (*p != '\0' && *p != ']')
				p++;
			if (*p == '\0')
				return 0;
			last_dup = 0;
			continue;
		}
		if (*p == '*' || *p == '+' || *p == '?' || *p == '{') {
			long	 n = 1, m;
			char	*end;

			if (last_dup)
				return 0;
			if (*p == '{') {
				n = strtol(p + 1, &end, 10);
				if (end == p + 1 || n < 0 || n > 64)
					return 0;
				p = end;
				m = n;
				if (*p == ',' && p[1] != '}') {
					m = strtol(p + 1, &end, 10);
					if (end == p + 1 || m < n || m > 64)
						return 0;
					p = end;
				} else if (*p == ',') {
					m = n + 1;
					p++;
				}
				if (*p != '}')
					return 0;
				n = m;
			}
			cost *= (unsigned long)n + 1;
			if (cost > 1ul << 16)
				return 0;
			last_dup = 1;
			continue;
		}
		last_dup = 0;
	}
	return 1;
}
static const char *
def_key(struct mdf_def *d, const char *k, char *v)
{
	char		*w[MDF_MAX_BRANDS + 1];
	size_t		 n, i;
	long long	 x;
	struct fa_err	 e;

	if (d->shared && strncmp(k, "meter ", 6) != 0 &&
	    strncmp(k, "supply.", 7) != 0)
		return "a [shared ID] block holds only meter and supply lines";
	if (strcmp(k, "use") == 0) {
		if (!valid_id(v))
			return "expected the ID of a [shared ID] block";
		for (i = 0; i < d->nuses; i++)
			if (strcmp(d->uses[i], v) == 0)
				return "block used twice";
		if (d->nuses == MDF_MAX_USES)
			return "too many use lines";
		d->uses[d->nuses++] = fa_strdup(v);
		return NULL;
	}
	if (strcmp(k, "vendor") == 0) {
		free(d->vendor);
		d->vendor = fa_strdup(v);
		return *v ? NULL : "vendor needs a name";
	}
	if (strcmp(k, "brands") == 0) {
		char *p, *save = NULL;

		for (p = strtok_r(v, ",", &save); p != NULL;
		    p = strtok_r(NULL, ",", &save)) {
			p = trim(p);
			if (*p == '\0')
				continue;
			if (d->nbrands == MDF_MAX_BRANDS)
				return "too many brands";
			d->brands = fa_reallocarray(d->brands, d->nbrands + 1,
			    sizeof(char *));
			d->brands[d->nbrands++] = fa_strdup(p);
		}
		return NULL;
	}
	if (strcmp(k, "match") == 0) {
		char *sp = strchr(v, ' ');

		if (sp == NULL)
			return "expected 'match enterprise N', 'match "
			    "sysobjectid OID' or 'match descr TEXT'";
		*sp = '\0';
		sp = trim(sp + 1);
		if (strcmp(v, "enterprise") == 0) {
			if (fa_strtonum(sp, 1, 4294967295LL, &x, "enterprise",
			    &e) != 0)
				return "enterprise: not a number";
			d->enterprise = (long)x;
			return NULL;
		}
		if (strcmp(v, "sysobjectid") == 0)
			return set_oid(&d->sysobjectid, sp);
		if (strcmp(v, "descr") == 0) {
			if (*sp == '"' && strlen(sp) >= 2 &&
			    sp[strlen(sp) - 1] == '"') {
				sp[strlen(sp) - 1] = '\0';
				sp++;
			}
			if (*sp == '\0')
				return "descr needs text";
			free(d->descr);
			d->descr = fa_strdup(sp);
			return NULL;
		}
		return "match kinds: enterprise, sysobjectid, descr";
	}
	if (strcmp(k, "priority") == 0) {
		if (fa_strtonum(v, -1000, 1000, &x, "priority", &e) != 0)
			return "priority: a number from -1000 to 1000";
		d->priority = (int)x;
		return NULL;
	}
	if (strcmp(k, "model") == 0 || strcmp(k, "serial") == 0 ||
	    strcmp(k, "firmware") == 0 || strcmp(k, "status") == 0) {
		char	**dst = k[0] == 'm' ? &d->model_oid : k[0] == 's' &&
		    k[1] == 'e' ? &d->serial_oid : k[0] == 'f' ?
		    &d->firmware_oid : &d->status_oid;

		n = words(v, w, 4);
		if (n == 3 && strcmp(w[1], "field") == 0 && k[0] == 'm') {
			free(d->model_field);
			d->model_field = fa_strdup(w[2]);
		} else if (n == 2 && strcmp(w[1], "first") == 0 &&
		    k[0] == 'm')
			d->model_first = 1;
		else if (n != 1)
			return "expected an OID (model: 'OID field NAME:' or "
			    "'OID first')";
		return set_oid(dst, w[0]);
	}
	if (strncmp(k, "meter ", 6) == 0)
		return meter_key(d, trim((char *)(uintptr_t)k + 6), v);
	if (strncmp(k, "ipp ", 4) == 0)
		return ipp_key(d, trim((char *)(uintptr_t)k + 4), v);
	if (strcmp(k, "supply.level") == 0)
		return set_oid(&d->supply_level, v);
	if (strcmp(k, "supply.serial") == 0)
		return set_oid(&d->supply_serial, v);
	if (strcmp(k, "supply.part") == 0)
		return set_oid(&d->supply_part, v);
	if (strcmp(k, "supply.match") == 0)
		return set_oid(&d->supply_match, v);
	if (strcmp(k, "supply.blob") == 0) {
		n = words(v, w, 3);
		if (n != 2 || strcmp(w[1], "brother") != 0)
			return "expected 'OID brother'";
		return set_oid(&d->supply_blob, w[0]);
	}
	if (strcmp(k, "supply.partpattern") == 0 ||
	    strcmp(k, "supply.serialpattern") == 0) {
		regex_t	*re = fa_calloc(1, sizeof(*re));
		char	**dst = k[7] == 'p' ? &d->supply_partpattern :
		    &d->supply_serialpattern;
		void	**rdst = k[7] == 'p' ? &d->part_re : &d->serial_re;

		if (strlen(v) > 200 || !pattern_tame(v)) {
			free(re);
			return "pattern too costly: over 200 characters, "
			    "repetitions stacked, nested or over 64";
		}
		if (regcomp(re, v, REG_EXTENDED) != 0) {
			free(re);
			return k[7] == 'p' ? "supply.partpattern: not a valid "
			    "extended regular expression" :
			    "supply.serialpattern: not a valid extended "
			    "regular expression";
		}
		re_free(*rdst);
		*rdst = re;
		free(*dst);
		*dst = fa_strdup(v);
		return NULL;
	}
	if (strcmp(k, "lacks") == 0) {
		n = words(v, w, nitems(w));
		for (i = 0; i < n; i++) {
			int b = table_bit(w[i]);

			if (b < 0)
				return "lacks: unknown table name";
			d->lacks |= 1u << b;
		}
		return NULL;
	}
	return "unknown key";
}

static char *
dup_or_null(const char *s)
{
	return s != NULL ? fa_strdup(s) : NULL;
}

/*
 * A [shared ID] block's lines copied into a definition that uses it: its
 * meters (those the definition does not name itself, as far as room
 * remains) and its supply columns where the definition has none.  The
 * definition's own lines win.
 */
static void
copy_block(struct mdf_def *d, const struct mdf_def *b)
{
	size_t	i, j, k;

	for (i = 0; i < b->nmeters && d->nmeters < MDF_MAX_METERS; i++) {
		const struct mdf_meter	*from = &b->meters[i];
		struct mdf_meter	*to;

		for (j = 0; j < d->nmeters; j++)
			if (strcmp(d->meters[j].name, from->name) == 0)
				break;
		if (j < d->nmeters)
			continue;
		to = &d->meters[d->nmeters++];
		memset(to, 0, sizeof(*to));
		to->name = fa_strdup(from->name);
		to->unit = dup_or_null(from->unit);
		to->kind = from->kind;
		to->label = dup_or_null(from->label);
		to->noids = from->noids;
		for (k = 0; k < from->noids; k++) {
			to->oids[k] = dup_or_null(from->oids[k]);
			to->vals[k] = dup_or_null(from->vals[k]);
		}
	}
	if (d->supply_level == NULL)
		d->supply_level = dup_or_null(b->supply_level);
	if (d->supply_serial == NULL)
		d->supply_serial = dup_or_null(b->supply_serial);
	if (d->supply_part == NULL)
		d->supply_part = dup_or_null(b->supply_part);
	if (d->supply_match == NULL)
		d->supply_match = dup_or_null(b->supply_match);
}

/* Every "use" whose block the set now holds, copied in once. */
static void
resolve_uses(struct mdf_set *set)
{
	size_t	i, j, k;

	for (i = 0; i < set->n; i++)
		for (k = 0; k < set->v[i].nuses; k++) {
			if (set->v[i].used & (1u << k))
				continue;
			for (j = 0; j < set->n; j++)
				if (set->v[j].shared && strcmp(set->v[j].id,
				    set->v[i].uses[k]) == 0)
					break;
			if (j == set->n)
				continue;
			copy_block(&set->v[i], &set->v[j]);
			set->v[i].used |= 1u << k;
		}
}

int
mdf_check_uses(const struct mdf_set *set, struct fa_err *e)
{
	size_t	i, k;

	for (i = 0; i < set->n; i++)
		for (k = 0; k < set->v[i].nuses; k++)
			if (!(set->v[i].used & (1u << k)))
				return fa_errf(e, "%s:%d: model '%s': use: no "
				    "[shared %s] block", set->v[i].file,
				    set->v[i].line, set->v[i].id,
				    set->v[i].uses[k]);
	return 0;
}

int
mdf_parse(const char *text, size_t len, const char *name,
    struct mdf_set *set, struct fa_err *e)
{
	struct mdf_set	 add = MDF_SET_INIT;
	struct mdf_def	*cur = NULL;
	size_t		 off = 0, lineno = 0, i, j;
	char		 line[MDF_LINE_MAX];
	int		 rc = -1;

	if (len > MDF_MAX_FILE)
		return fa_errf(e, "%s: larger than %d bytes", name,
		    MDF_MAX_FILE);
	while (off < len) {
		const char	*nl = memchr(text + off, '\n', len - off);
		size_t		 n = nl ? (size_t)(nl - text - off) : len - off;
		char		*p, *eq, *k, *v;
		const char	*why;

		lineno++;
		if (n >= sizeof(line)) {
			fa_errf(e, "%s:%zu: line too long", name, lineno);
			goto out;
		}
		memcpy(line, text + off, n);
		line[n] = '\0';
		off += n + (nl ? 1 : 0);
		if (strlen(line) != n) {
			fa_errf(e, "%s:%zu: NUL byte", name, lineno);
			goto out;
		}
		p = trim(line);
		if (*p == '\0' || *p == '#')
			continue;
		if ((strncmp(p, "[model ", 7) == 0 ||
		    strncmp(p, "[shared ", 8) == 0) &&
		    p[strlen(p) - 1] == ']') {
			int shared = p[1] == 's';

			p[strlen(p) - 1] = '\0';
			p = trim(p + (shared ? 8 : 7));
			if (!valid_id(p)) {
				fa_errf(e, "%s:%zu: model id must be lowercase "
				    "letters, digits and '-'", name, lineno);
				goto out;
			}
			if (set->n + add.n >= MDF_MAX_DEFS) {
				fa_errf(e, "%s:%zu: more than %d definitions",
				    name, lineno, MDF_MAX_DEFS);
				goto out;
			}
			add.v = fa_reallocarray(add.v, add.n + 1,
			    sizeof(*add.v));
			cur = &add.v[add.n++];
			memset(cur, 0, sizeof(*cur));
			cur->id = fa_strdup(p);
			cur->file = fa_strdup(name);
			cur->line = (int)lineno;
			cur->shared = shared;
			continue;
		}
		if (*p == '[') {
			fa_errf(e, "%s:%zu: expected [model ID] or [shared ID]",
			    name, lineno);
			goto out;
		}
		if (cur == NULL) {
			fa_errf(e, "%s:%zu: key outside a [model ID] section",
			    name, lineno);
			goto out;
		}
		if ((eq = strchr(p, '=')) == NULL) {
			fa_errf(e, "%s:%zu: expected key = value", name,
			    lineno);
			goto out;
		}
		*eq = '\0';
		k = trim(p);
		v = trim(eq + 1);
		if ((why = def_key(cur, k, v)) != NULL) {
			fa_errf(e, "%s:%zu: %s: %s", name, lineno, k, why);
			goto out;
		}
	}
	for (i = 0; i < add.n; i++) {
		struct mdf_def *d = &add.v[i];

		if (d->shared) {
			if (d->nmeters == 0 && d->supply_match == NULL &&
			    d->supply_serial == NULL && d->supply_part ==
			    NULL && d->supply_level == NULL) {
				fa_errf(e, "%s:%d: shared block '%s' is empty",
				    name, d->line, d->id);
				goto out;
			}
		} else if (d->vendor == NULL) {
			fa_errf(e, "%s:%d: model '%s' has no vendor", name,
			    d->line, d->id);
			goto out;
		}
		if (!d->shared && d->enterprise == 0 && d->sysobjectid ==
		    NULL && d->descr == NULL) {
			fa_errf(e, "%s:%d: model '%s' has no match", name,
			    d->line, d->id);
			goto out;
		}
		/* Ids are unique across every file read. */
		for (j = 0; j < i; j++)
			if (strcmp(add.v[j].id, d->id) == 0) {
				fa_errf(e, "%s:%d: model '%s' defined twice",
				    name, d->line, d->id);
				goto out;
			}
		for (j = 0; j < set->n; j++)
			if (strcmp(set->v[j].id, d->id) == 0) {
				fa_errf(e, "%s:%d: model '%s' defined twice "
				    "(first in %s:%d)", name, d->line, d->id,
				    set->v[j].file, set->v[j].line);
				goto out;
			}
	}
	/* All good: append, in read order. */
	set->v = fa_reallocarray(set->v, set->n + add.n + 1, sizeof(*set->v));
	for (i = 0; i < add.n; i++) {
		add.v[i].order = (int)(set->n + i);
		set->v[set->n + i] = add.v[i];
	}
	set->n += add.n;
	free(add.v);
	add.v = NULL;
	add.n = 0;
	resolve_uses(set);
	rc = 0;
out:
	for (i = 0; i < add.n; i++)
		def_free(&add.v[i]);
	free(add.v);
	return rc;
}

int
mdf_load_builtin(struct mdf_set *set, struct fa_err *e)
{
	size_t	i;

	for (i = 0; i < mdf_nbuiltins; i++)
		if (mdf_parse(mdf_builtins[i].text,
		    strlen(mdf_builtins[i].text), mdf_builtins[i].name, set,
		    e) != 0)
			return -1;
	return mdf_check_uses(set, e);
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
mdf_load_dir(const char *dir, struct mdf_set *set, struct fa_err *e)
{
	DIR		*dp;
	struct dirent	*de;
	char		**names = NULL, *path, *buf = NULL;
	size_t		 n = 0, i, len;
	FILE		*f;
	int		 rc = -1;

	if ((dp = opendir(dir)) == NULL)
		return fa_errf(e, "cannot read model directory '%s': %s", dir,
		    strerror(errno));
	while ((de = readdir(dp)) != NULL && n < 1024) {
		size_t l = strlen(de->d_name);

		if (l > 6 && strcmp(de->d_name + l - 6, ".model") == 0) {
			names = fa_reallocarray(names, n + 1, sizeof(*names));
			names[n++] = fa_strdup(de->d_name);
		}
	}
	closedir(dp);
	if (n > 0)
		fa_sort(names, n, sizeof(*names), name_cmp);
	buf = fa_malloc(MDF_MAX_FILE + 1);
	for (i = 0; i < n; i++) {
		path = fa_asprintf("%s/%s", dir, names[i]);
		if ((f = fopen(path, "r")) == NULL) {
			fa_errf(e, "cannot read '%s': %s", path,
			    strerror(errno));
			free(path);
			goto out;
		}
		len = fread(buf, 1, MDF_MAX_FILE + 1, f);
		fclose(f);
		if (mdf_parse(buf, len, path, set, e) != 0) {
			free(path);
			goto out;
		}
		free(path);
	}
	rc = mdf_check_uses(set, e);
out:
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	free(buf);
	return rc;
}

static size_t
oid_arcs(const char *s)
{
	size_t	n = 1;

	for (; *s; s++)
		n += *s == '.';
	return n;
}

/* Does oid start with prefix, on arc boundaries? */
static int
oid_prefix(const char *oid, const char *prefix)
{
	size_t	n;

	if (*oid == '.')
		oid++;
	n = strlen(prefix);
	return strncmp(oid, prefix, n) == 0 && (oid[n] == '\0' ||
	    oid[n] == '.');
}

const struct mdf_def *
mdf_match_ipp(const struct mdf_set *set, const char *vendor,
    const char *make_model)
{
	const struct mdf_def	*best = NULL;
	int			 best_score = -1, score;
	size_t			 i, k;

	for (i = 0; i < set->n; i++) {
		const struct mdf_def	*d = &set->v[i];

		if (d->nipp == 0 || d->shared)
			continue;
		if (d->descr != NULL) {
			if (make_model == NULL ||
			    fa_strcasestr(make_model, d->descr) == NULL)
				continue;
			score = 2;
		} else {
			if (vendor == NULL)
				continue;
			score = strcasecmp(vendor, d->vendor) == 0;
			for (k = 0; k < d->nbrands && !score; k++)
				score = strcasecmp(vendor, d->brands[k]) == 0;
			if (!score)
				continue;
		}
		score = score * 4096 + (d->priority + 1000) * 2;
		if (score >= best_score) {	/* later files win ties */
			best_score = score;
			best = d;
		}
	}
	return best;
}

const struct mdf_def *
mdf_match(const struct mdf_set *set, const char *objid, const char *descr,
    long ent)
{
	const struct mdf_def	*best = NULL;
	int			 best_score = -1;
	size_t			 i;

	for (i = 0; i < set->n; i++) {
		const struct mdf_def	*d = &set->v[i];
		int			 score = 0;

		if (d->shared)
			continue;
		if (d->enterprise != 0) {
			if (d->enterprise != ent)
				continue;
			score += 10;
		}
		if (d->sysobjectid != NULL) {
			if (objid == NULL || !oid_prefix(objid,
			    d->sysobjectid))
				continue;
			score += 100 + (int)oid_arcs(d->sysobjectid);
		}
		if (d->descr != NULL) {
			if (descr == NULL || fa_strcasestr(descr, d->descr) ==
			    NULL)
				continue;
			score += 50;
		}
		score = score * 4096 + (d->priority + 1000) * 2;
		if (score >= best_score) {	/* later files win ties */
			best_score = score;
			best = d;
		}
	}
	return best;
}

/*
 * brother_meters() takes the drum counters from the maintenance blob, so a
 * blob meter needs that blob as well as its own (a full read gets it as
 * the supply blob anyway).
 */
_Static_assert(BROTHER_MAINTENANCE == 8, "brother_mt names the blob");
static const char brother_mt[] = BROTHER_OID ".8.0";

/* Adds oid to o[0..*n) unless it is NULL, there already, or o is full. */
static void
add_once(const char **o, size_t *n, size_t max, const char *oid)
{
	size_t	i;

	if (oid == NULL || *n >= max)
		return;
	for (i = 0; i < *n; i++)
		if (strcmp(o[i], oid) == 0)
			return;
	o[(*n)++] = oid;
}

size_t
mdf_scalars(const struct mdf_def *d, unsigned parts, const char **o,
    size_t max)
{
	size_t	n = 0, i, k;

	add_once(o, &n, max, d->model_oid);
	add_once(o, &n, max, d->serial_oid);
	add_once(o, &n, max, d->firmware_oid);
	if (parts & DEV_P_ERRORS)
		add_once(o, &n, max, d->status_oid);
	for (i = 0; (parts & DEV_P_METERS) && i < d->nmeters; i++) {
		if (d->meters[i].kind == MDF_LABEL ||
		    d->meters[i].kind == MDF_ROWS)
			continue;
		for (k = 0; k < d->meters[i].noids; k++)
			add_once(o, &n, max, d->meters[i].oids[k]);
		if (d->meters[i].kind == MDF_BLOB)
			add_once(o, &n, max, brother_mt);
	}
	if (parts & DEV_P_SUPPLIES)
		add_once(o, &n, max, d->supply_blob);
	return n;
}

size_t
mdf_columns(const struct mdf_def *d, unsigned parts, const char **o,
    size_t max)
{
	size_t	n = 0, i;

	for (i = 0; (parts & DEV_P_METERS) && i < d->nmeters; i++)
		if (d->meters[i].kind == MDF_LABEL ||
		    d->meters[i].kind == MDF_ROWS) {
			size_t	k;

			for (k = 0; k < d->meters[i].noids; k++)
				add_once(o, &n, max, d->meters[i].oids[k]);
		}
	if (!(parts & DEV_P_SUPPLIES))
		return n;
	add_once(o, &n, max, d->supply_level);
	add_once(o, &n, max, d->supply_serial);
	add_once(o, &n, max, d->supply_part);
	add_once(o, &n, max, d->supply_match);
	return n;
}

static const struct vb *
get(const struct vb_list *l, const char *oid)
{
	uint32_t	o[VB_MAX_OID];
	size_t		n;

	if (oid == NULL || vb_oid_parse(oid, o, &n) != 0)
		return NULL;
	return vb_get(l, o, n);
}

/* A counter as a number: integer types, or a string of digits. */
static int
number(const struct vb *v, int64_t *out)
{
	char		 buf[32], *end;
	long long	 x;
	size_t		 n;

	if (v == NULL)
		return -1;
	if (vb_is_num(v)) {
		if (v->num < 0)
			return -1;
		*out = v->num;
		return 0;
	}
	if (v->tag != VB_OCTETS || v->len == 0)
		return -1;
	n = v->len < sizeof(buf) - 1 ? v->len : sizeof(buf) - 1;
	memcpy(buf, v->buf, n);
	buf[n] = '\0';
	/* "1920 INCHES, 4876 CENTIMETERS": the leading number, the first
	 * unit being the one the definition names. */
	if (!isdigit((unsigned char)buf[0]))
		return -1;
	errno = 0;
	x = strtoll(buf, &end, 10);
	if (end == buf || (*end != '\0' && *end != ' ') || errno == ERANGE ||
	    x < 0)
		return -1;
	*out = x;
	return 0;
}

static char *
text(const struct vb_list *l, const char *oid)
{
	const struct vb	*v = get(l, oid);
	char		*s;

	if (v == NULL || (s = vb_text(v, DEV_MAX_STR)) == NULL)
		return NULL;
	/* HP strings open with a 2-byte symbol set, shown as blanks. */
	if (*s == ' ')
		memmove(s, s + strspn(s, " "), strlen(s + strspn(s, " ")) + 1);
	if (*s == '\0') {
		free(s);
		return NULL;
	}
	return s;
}

static void
apply_identity(const struct mdf_def *def, const struct vb_list *l,
    struct device *d)
{
	size_t	 i;
	char	*s;

	/* "model = OID first": a model read off sysDescr alone is a guess
	 * that the family's model object beats, where it answers (a print
	 * server's sysDescr names the server: "ZebraNet Wired PS"). */
	if (d->model != NULL && def->model_first && def->model_oid != NULL &&
	    def->model_field == NULL && (s = vendor_model(d->vendor, NULL,
	    NULL, d->sys_descr)) != NULL) {
		char	*p = strcmp(s, d->model) == 0 ? text(l,
			    def->model_oid) : NULL;
		char	*m = p != NULL ? vendor_model(d->vendor, p, NULL,
			    NULL) : NULL;

		if (m != NULL && strcmp(m, s) != 0) {
			free(d->model);
			d->model = m;
		} else
			free(m);
		free(p);
		free(s);
	}
	if (d->model == NULL && (s = text(l, def->model_oid)) != NULL) {
		const char *p = def->model_field ? strstr(s, def->model_field) :
		    NULL;

		if (p != NULL) {
			char *f;

			p += strlen(def->model_field);
			f = fa_strndup(p, strcspn(p, ";"));
			d->model = vendor_model(d->vendor, f, NULL, NULL);
			free(f);
		} else if (def->model_field == NULL)
			d->model = vendor_model(d->vendor, s, NULL, NULL);
		free(s);
	}
	if (d->serial == NULL)
		d->serial = text(l, def->serial_oid);
	/* A private firmware object beats a version read off sysDescr. */
	if ((s = text(l, def->firmware_oid)) != NULL) {
		free(d->firmware);
		d->firmware = s;
	}
	if (def->status_oid != NULL && (d->parts & DEV_P_ERRORS) &&
	    (s = text(l, def->status_oid)) != NULL) {
		char *t = fa_asprintf("vendor:%s", s);

		dev_add_error(d, t);
		free(t);
		free(s);
	}
	/* The brand the device shows, else the family's maker. */
	for (i = 0; i < def->nbrands; i++) {
		size_t	n = strlen(def->brands[i]);
		const char *ds = d->sys_descr ? d->sys_descr : "";

		if (strncasecmp(ds, def->brands[i], n) == 0 ||
		    (strlen(ds) > 3 && fa_strcasestr(ds, def->brands[i]) != NULL &&
		    fa_strcasestr(ds, def->brands[i]) - ds < 8)) {
			dev_set(&d->vendor, def->brands[i]);
			return;
		}
	}
	if (d->vendor == NULL || (vendor_by_descr(d->sys_descr) == NULL &&
	    vendor_by_descr(d->model) == NULL))
		dev_set(&d->vendor, def->vendor);
}

/* The value of the row of m's table whose name reads m->label (case and
 * blanks around it ignored): 0 with *out and its OID in oid, or -1. */
static int
label_value(const struct mdf_meter *m, const struct vb_list *l,
    int64_t *out, char *oid, size_t oidsz)
{
	uint32_t	 root[VB_MAX_OID];
	size_t		 rlen, i, k, len;
	char		*t;
	int		 same;

	if (vb_oid_parse(m->oids[1], root, &rlen) != 0)
		return -1;
	for (i = vb_lower(l, root, rlen); i < l->n; i++) {
		const struct vb	*v = &l->v[i];

		if (!vb_oid_has_prefix(v->oid, v->oidlen, root, rlen))
			break;
		if (vb_is_num(v)) {
			/* a type column (LEXMARK-MPS-MIB's
			 * paperGeneralCountType): the label is its number */
			char	num[24];

			snprintf(num, sizeof(num), "%lld", (long long)v->num);
			if (strcmp(num, m->label) != 0)
				continue;
		} else {
			if (v->tag != VB_OCTETS ||
			    (t = vb_text(v, 256)) == NULL)
				continue;
			same = strcasecmp(trim(t), m->label) == 0;
			free(t);
			if (!same)
				continue;
		}
		len = (size_t)snprintf(oid, oidsz, "%s", m->oids[0]);
		for (k = rlen; k < v->oidlen && len < oidsz; k++)
			len += (size_t)snprintf(oid + len, oidsz - len, ".%u",
			    v->oid[k]);
		return len < oidsz ? number(get(l, oid), out) : -1;
	}
	return -1;
}

/* Whether the number v is in the list "1,3,6". */
static int
in_list(const char *list, int64_t v)
{
	const char	*p = list;
	char		*end;
	long long	 x;

	while (*p != '\0') {
		x = strtoll(p, &end, 10);
		if (end == p)
			return 0;
		if (x == v)
			return 1;
		p = *end == ',' ? end + 1 : end;
	}
	return 0;
}

/* MDF_ROWS: the sum over the matching rows, its rule in src; -1 when no
 * row matches. */
static int
rows_value(const struct mdf_meter *m, const struct vb_list *l,
    int64_t *out, struct fa_buf *src)
{
	uint32_t	 root[VB_MAX_OID];
	size_t		 rlen, i, k, j, len;
	char		 oid[VB_MAX_OID * 11 + 16];
	int64_t		 v, sum = 0;
	int		 found = 0;

	if (vb_oid_parse(m->oids[0], root, &rlen) != 0)
		return -1;
	for (i = vb_lower(l, root, rlen); i < l->n; i++) {
		const struct vb	*r = &l->v[i];

		if (!vb_oid_has_prefix(r->oid, r->oidlen, root, rlen))
			break;
		if (!vb_is_num(r) || r->num < 0)
			continue;
		for (k = 1; k < m->noids; k++) {
			len = (size_t)snprintf(oid, sizeof(oid), "%s",
			    m->oids[k]);
			for (j = rlen; j < r->oidlen && len < sizeof(oid); j++)
				len += (size_t)snprintf(oid + len,
				    sizeof(oid) - len, ".%u", r->oid[j]);
			if (len >= sizeof(oid) || number(get(l, oid), &v) !=
			    0 || !in_list(m->vals[k], v))
				break;
		}
		if (k < m->noids)
			continue;
		sum += r->num;
		found = 1;
	}
	if (!found)
		return -1;
	*out = sum;
	/* "rows(ENTRY.7;2=1,2,3,6;4=7)": a column of the same entry by its
	 * number. */
	len = strrchr(m->oids[0], '.') != NULL ? (size_t)(strrchr(m->oids[0],
	    '.') - m->oids[0]) : 0;
	fa_buf_printf(src, "rows(%s", m->oids[0]);
	for (k = 1; k < m->noids; k++)
		fa_buf_printf(src, ";%s=%s", len > 0 && strncmp(m->oids[k],
		    m->oids[0], len + 1) == 0 && strchr(m->oids[k] + len + 1,
		    '.') == NULL ? m->oids[k] + len + 1 : m->oids[k],
		    m->vals[k]);
	fa_buf_puts(src, ")");
	return 0;
}

static void
apply_meters(const struct mdf_def *def, const struct vb_list *l,
    struct device *d)
{
	size_t	i, k;
	int	blob = 0;

	for (i = 0; i < def->nmeters; i++) {
		const struct mdf_meter	*m = &def->meters[i];
		int64_t			 v, sum = 0;
		struct fa_buf		 src = FA_BUF_INIT;

		if (m->kind == MDF_BLOB) {
			if (!blob++)
				brother_meters(l, d);
			continue;
		}
		if (dev_meter(d, m->name) != NULL)
			continue;	/* the first definition line wins */
		if (m->kind == MDF_ROWS) {
			if (d->nmeters < DEV_MAX_ROWS &&
			    rows_value(m, l, &v, &src) == 0)
				dev_add_meter(d, m->name, v, m->unit, src.s);
			fa_buf_release(&src);
			continue;
		}
		if (m->kind == MDF_LABEL) {
			char	oid[VB_MAX_OID * 11 + 16];

			if (d->nmeters < DEV_MAX_ROWS &&
			    label_value(m, l, &v, oid, sizeof(oid)) == 0)
				dev_add_meter(d, m->name, v, m->unit, oid);
			continue;
		}
		for (k = 0; k < m->noids; k++) {
			if (number(get(l, m->oids[k]), &v) != 0)
				break;
			sum += v;
		}
		if (k < m->noids || d->nmeters >= DEV_MAX_ROWS)
			continue;
		if (m->kind == MDF_SUM) {
			fa_buf_puts(&src, "sum(");
			for (k = 0; k < m->noids; k++)
				fa_buf_printf(&src, "%s%s", k ? "," : "",
				    m->oids[k]);
			fa_buf_puts(&src, ")");
		} else
			fa_buf_puts(&src, m->oids[0]);
		dev_add_meter(d, m->name, sum, m->unit, src.s);
		fa_buf_release(&src);
	}
}

/*
 * What a supply.serialpattern takes from a description (its first group,
 * else the whole match), or NULL.
 */
static char *
serial_from(const void *re, const char *description)
{
	regmatch_t	m[2];
	char		*t = NULL;
	int		 g;

	if (re == NULL || description == NULL)
		return NULL;
	if (regexec(re, description, 2, m, 0) == 0) {
		g = m[1].rm_so >= 0 ? 1 : 0;
		if (m[g].rm_eo > m[g].rm_so)
			t = fa_strndup(description + m[g].rm_so,
			    (size_t)(m[g].rm_eo - m[g].rm_so));
	}
	return t;
}

/*
 * The index (".1.3") of the row of a vendor supply table whose description
 * column col reads desc (case and blanks around it ignored): 0, or -1 when
 * no row does.  LEXMARK-MPS-MIB's currentSuppliesTable is indexed by its
 * own deviceIndex.currentSupplyIndex, not by prtMarkerSuppliesIndex.
 */
static int
match_row(const struct vb_list *l, const char *col, const char *desc,
    char *idx, size_t idxsz)
{
	uint32_t	 root[VB_MAX_OID];
	size_t		 rlen, i, k, len = 0;
	char		*t, *d;
	int		 same;

	if (col == NULL || desc == NULL || vb_oid_parse(col, root, &rlen) != 0)
		return -1;
	d = fa_strdup(desc);
	for (i = vb_lower(l, root, rlen); i < l->n; i++) {
		const struct vb	*v = &l->v[i];

		if (!vb_oid_has_prefix(v->oid, v->oidlen, root, rlen))
			break;
		if (v->tag != VB_OCTETS || (t = vb_text(v, 256)) == NULL)
			continue;
		same = strcasecmp(trim(t), trim(d)) == 0;
		free(t);
		if (!same)
			continue;
		idx[0] = '\0';
		for (k = rlen; k < v->oidlen && len < idxsz; k++)
			len += (size_t)snprintf(idx + len, idxsz - len, ".%u",
			    v->oid[k]);
		free(d);
		return len < idxsz && len > 0 ? 0 : -1;
	}
	free(d);
	return -1;
}

static void
apply_supplies(const struct mdf_def *def, const struct vb_list *l,
    struct device *d)
{
	const regex_t	*re = def->part_re;
	size_t		 i;
	char		 oid[VB_MAX_OID * 11 + 16], idx[VB_MAX_OID * 11 + 4];

	for (i = 0; i < d->nsupplies; i++) {
		struct dev_supply	*s = &d->supplies[i];
		int64_t			 v;
		char			*t;

		if (def->supply_level != NULL && s->level == DEV_NONE &&
		    s->state != NULL && (strcmp(s->state, "some_remaining") ==
		    0 || strcmp(s->state, "unknown") == 0)) {
			snprintf(oid, sizeof(oid), "%s.%d", def->supply_level,
			    s->index);
			if (number(get(l, oid), &v) == 0 && v <= 100) {
				s->level = v;
				s->max = 100;
				s->percent = (int)v;
				dev_set(&s->state, v == 0 ? "empty" : "ok");
				dev_set(&s->level_source, oid);
			}
		}
		if (def->supply_match != NULL) {
			if (match_row(l, def->supply_match, s->description,
			    idx, sizeof(idx)) != 0)
				idx[0] = '\0';
		} else
			snprintf(idx, sizeof(idx), ".%d", s->index);
		if (def->supply_serial != NULL && s->serial == NULL &&
		    idx[0] != '\0') {
			snprintf(oid, sizeof(oid), "%s%s", def->supply_serial,
			    idx);
			s->serial = text(l, oid);
		}
		if (s->serial == NULL)
			s->serial = serial_from(def->serial_re,
			    s->description);
		if (def->supply_part != NULL && s->part_number == NULL &&
		    idx[0] != '\0') {
			snprintf(oid, sizeof(oid), "%s%s", def->supply_part,
			    idx);
			s->part_number = text(l, oid);
		}
		if (re != NULL && s->part_number == NULL &&
		    s->description != NULL) {
			regmatch_t	m[2];

			if (regexec(re, s->description, 2, m, 0) == 0) {
				int g = m[1].rm_so >= 0 ? 1 : 0;

				t = fa_strndup(s->description + m[g].rm_so,
				    (size_t)(m[g].rm_eo - m[g].rm_so));
				s->part_number = t;
			}
		}
	}
	if (def->supply_blob != NULL)
		brother_supplies(l, d);
}

/*
 * The colour splits of the services: "print.mono+print.colour=print" for
 * each service that has all three, and "print.mono+copy.mono+fax.mono=mono"
 * (and colour; "other" counts too) where at least two services are split.
 */
static void
split_checks(struct device *d)
{
	static const char *const funcs[] = { "print", "copy", "fax",
	    "other" };
	static const char *const cols[] = { "mono", "colour" };
	const struct dev_meter	*f, *m, *c;
	char			 a[32], b[32], name[96];
	size_t			 i, k, nf;
	int64_t			 sum;

	for (i = 0; i < nitems(funcs); i++) {
		snprintf(a, sizeof(a), "%s.mono", funcs[i]);
		snprintf(b, sizeof(b), "%s.colour", funcs[i]);
		if ((f = dev_meter(d, funcs[i])) != NULL &&
		    (m = dev_meter(d, a)) != NULL &&
		    (c = dev_meter(d, b)) != NULL) {
			int64_t	fv = f->value, mv = m->value, cv = c->value;

			snprintf(name, sizeof(name), "%s+%s=%s", a, b,
			    funcs[i]);
			dev_add_check(d, name, mv + cv, fv);
		}
	}
	for (k = 0; k < nitems(cols); k++) {
		struct fa_buf	nb = FA_BUF_INIT;

		if ((c = dev_meter(d, cols[k])) == NULL)
			continue;
		sum = c->value;
		for (i = 0, nf = 0, c = NULL; i < nitems(funcs); i++) {
			snprintf(a, sizeof(a), "%s.%s", funcs[i], cols[k]);
			if ((m = dev_meter(d, a)) == NULL)
				continue;
			fa_buf_printf(&nb, "%s%s", nf ? "+" : "", a);
			if (nf++ == 0)
				sum = 0;
			sum += m->value;
		}
		if (nf >= 2) {
			fa_buf_printf(&nb, "=%s", cols[k]);
			dev_add_check(d, nb.s, sum, dev_meter(d,
			    cols[k])->value);
		}
		fa_buf_release(&nb);
	}
}

/*
 * A counter of length is never a page count: one that a definition names
 * like pages ("total", "print"...) is kept as "length" (or
 * "length.NAME" when there is one), never shown, summed or charted as
 * pages.  Marker life counts keep their "marker.N" names.
 */
static void
lengths_apart(struct device *d)
{
	size_t	i;
	char	*n;

	for (i = 0; i < d->nmeters; i++) {
		struct dev_meter *m = &d->meters[i];

		if (!dev_unit_is_length(m->unit) ||
		    strncmp(m->name, "length", 6) == 0 ||
		    strncmp(m->name, "marker.", 7) == 0)
			continue;
		n = dev_meter(d, "length") == NULL ? fa_strdup("length") :
		    fa_asprintf("length.%s", m->name);
		free(m->name);
		m->name = n;
	}
}

/*
 * A device that splits its services by colour but keeps no mono and colour
 * totals: they are the sums of the services' splits, with the rule as
 * their source ("sum(print.mono,copy.mono)"), but only when the two sums
 * add up to the device's total exactly; otherwise a service is missing
 * from them (a fax or "other" count the device keeps apart) and no split
 * is made up.
 */
static void
derive_split(struct device *d, int64_t total)
{
	static const char *const funcs[] = { "print", "copy", "fax",
	    "other" };
	static const char *const cols[] = { "mono", "colour" };
	const struct dev_meter	*m;
	struct fa_buf		 src[2] = { FA_BUF_INIT, FA_BUF_INIT };
	int64_t			 sum[2] = { 0, 0 };
	size_t			 i, k, n[2] = { 0, 0 };
	char			 name[32];

	if (dev_meter(d, "mono") != NULL || dev_meter(d, "colour") != NULL)
		return;
	for (k = 0; k < 2; k++) {
		fa_buf_puts(&src[k], "sum(");
		for (i = 0; i < nitems(funcs); i++) {
			snprintf(name, sizeof(name), "%s.%s", funcs[i],
			    cols[k]);
			if ((m = dev_meter(d, name)) == NULL)
				continue;
			fa_buf_printf(&src[k], "%s%s", n[k] ? "," : "", name);
			sum[k] += m->value;
			n[k]++;
		}
		fa_buf_puts(&src[k], ")");
	}
	if (n[0] > 0 && n[1] > 0 && sum[0] + sum[1] == total &&
	    d->nmeters + 2 <= DEV_MAX_ROWS)
		for (k = 0; k < 2; k++)
			dev_add_meter(d, cols[k], sum[k], "impressions",
			    src[k].s);
	fa_buf_release(&src[0]);
	fa_buf_release(&src[1]);
}

void
mdf_checks(struct device *d)
{
	const struct dev_meter	*t, *m, *c, *mk;
	static const char *const funcs[] = { "print", "copy", "fax" };
	int64_t			 sum = 0, other = -1;
	size_t			 i, nf = 0;

	/* Without a meter read there is nothing to compare, and a total
	 * made up here would be a meter the read did not cover. */
	if (!(d->parts & DEV_P_METERS))
		return;
	lengths_apart(d);
	mk = dev_meter(d, "marker.1");
	/* No vendor total: the single marker's life count is the total,
	 * unless it counts length (a label printer's media in feet or
	 * meters: never pages). */
	if ((t = dev_meter(d, "total")) == NULL && mk != NULL &&
	    !dev_unit_is_length(mk->unit) &&
	    dev_meter(d, "marker.2") == NULL) {
		dev_add_meter(d, "total", mk->value, mk->unit, mk->source_oid);
		mk = dev_meter(d, "marker.1");	/* the array may have moved */
		t = dev_meter(d, "total");
	}
	if (t == NULL)
		return;
	derive_split(d, t->value);
	t = dev_meter(d, "total");	/* the array may have moved */
	if ((m = dev_meter(d, "mono")) != NULL &&
	    (c = dev_meter(d, "colour")) != NULL)
		dev_add_check(d, "mono+colour=total", m->value + c->value,
		    t->value);
	t = dev_meter(d, "total");
	for (i = 0; i < nitems(funcs); i++)
		if ((m = dev_meter(d, funcs[i])) != NULL) {
			sum += m->value;
			nf++;
		}
	/* The pages the device counts apart (reports, lists: "other", or
	 * its mono and colour splits where it keeps no sum of them) are
	 * pages of the total too: a device whose counters are right never
	 * fails the check for them. */
	if ((m = dev_meter(d, "other")) != NULL)
		other = m->value;
	else {
		if ((m = dev_meter(d, "other.mono")) != NULL)
			other = m->value;
		if ((c = dev_meter(d, "other.colour")) != NULL)
			other = (other < 0 ? 0 : other) + c->value;
	}
	if (other >= 0) {
		sum += other;
		nf++;
	}
	if (nf >= 2)
		dev_add_check(d, other >= 0 ? "print+copy+fax+other=total" :
		    "print+copy+fax=total", sum, t->value);
	t = dev_meter(d, "total");
	mk = dev_meter(d, "marker.1");
	if (mk != NULL && strcmp(t->source_oid, mk->source_oid) != 0)
		dev_add_check(d, "total=marker.1", t->value, mk->value);
	split_checks(d);
}

void
mdf_apply(const struct mdf_def *def, const struct vb_list *l,
    struct device *d)
{
	if (def->shared)	/* lines for "use" only, never a device's */
		return;
	dev_set(&d->model_def, def->id);
	apply_identity(def, l, d);
	if (d->parts & DEV_P_METERS)
		apply_meters(def, l, d);
	if (d->parts & DEV_P_SUPPLIES)
		apply_supplies(def, l, d);
}
