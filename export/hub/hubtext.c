/*
 * hubtext.c: the import's texts by id (see hubtext.h): an open-addressing
 * hash table of the texts seen, and the statements that read and insert
 * the ones it does not know.
 */
#include <stdlib.h>
#include <string.h>

#include <json.h>

#include "hubdb.h"
#include "hubtext.h"

struct ent {
	char	*s;
	int64_t	 id;		/* -1: wanted, not resolved yet */
};

struct hubtext {
	struct hubdb	*db;
	struct hubdb_st	*sel, *ins;
	struct ent	*tab;
	size_t		 cap, n;	/* cap a power of two */
	size_t		*want;		/* indexes into tab */
	size_t		 nwant, maxwant;
};

struct hubtext *
hubtext_new(struct hubdb *db)
{
	struct hubtext	*x = fa_calloc(1, sizeof(*x));

	x->db = db;
	return x;
}

void
hubtext_forget(struct hubtext *x)
{
	size_t	i;

	if (x == NULL)
		return;
	for (i = 0; i < x->cap; i++)
		free(x->tab[i].s);
	free(x->tab);
	x->tab = NULL;
	x->cap = x->n = x->nwant = 0;
}

void
hubtext_free(struct hubtext *x)
{
	if (x == NULL)
		return;
	hubtext_forget(x);
	hubdb_finalize(x->sel);
	hubdb_finalize(x->ins);
	free(x->want);
	free(x);
}

static uint64_t
hash(const char *s)
{
	uint64_t	h = 1469598103934665603ULL;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

/* The slot of s: its entry, else the empty one it would take. */
static size_t
slot(const struct hubtext *x, const char *s)
{
	size_t	i = (size_t)hash(s) & (x->cap - 1);

	while (x->tab[i].s != NULL && strcmp(x->tab[i].s, s) != 0)
		i = (i + 1) & (x->cap - 1);
	return i;
}

/* Table slot i into the wanted ones. */
static void
want_push(struct hubtext *x, size_t i)
{
	if (x->nwant == x->maxwant) {
		x->maxwant = x->maxwant ? x->maxwant * 2 : 64;
		x->want = fa_reallocarray(x->want, x->maxwant,
		    sizeof(*x->want));
	}
	x->want[x->nwant++] = i;
}

static void
grow(struct hubtext *x)
{
	struct ent	*old = x->tab;
	size_t		 i, j, ocap = x->cap;

	x->cap = ocap ? ocap * 2 : 1024;
	x->tab = fa_calloc(x->cap, sizeof(*x->tab));
	for (i = 0; i < ocap; i++)
		if (old[i].s != NULL) {
			j = slot(x, old[i].s);
			x->tab[j] = old[i];
		}
	free(old);
	/* the wanted ones moved: found again by text at resolve time */
	x->nwant = 0;
	for (i = 0; i < x->cap; i++)
		if (x->tab[i].s != NULL && x->tab[i].id == -1)
			want_push(x, i);
}

void
hubtext_want(struct hubtext *x, const char *s)
{
	size_t	i;

	if ((x->n + 1) * 2 > x->cap)
		grow(x);
	i = slot(x, s);
	if (x->tab[i].s != NULL)
		return;
	x->tab[i].s = fa_strdup(s);
	x->tab[i].id = -1;
	x->n++;
	want_push(x, i);
}

int64_t
hubtext_id(struct hubtext *x, const char *s)
{
	size_t	i;

	if (x->cap == 0)
		return -1;
	i = slot(x, s);
	return x->tab[i].s != NULL ? x->tab[i].id : -1;
}

/* The wanted texts not resolved yet as a JSON array (caller frees), NULL
 * when there are none. */
static char *
pending(struct hubtext *x)
{
	json_object	*a = NULL;
	char		*out;
	size_t		 i;

	for (i = 0; i < x->nwant; i++) {
		if (x->tab[x->want[i]].id != -1)
			continue;
		if (a == NULL)
			a = json_object_new_array();
		json_object_array_add(a,
		    json_object_new_string(x->tab[x->want[i]].s));
	}
	if (a == NULL)
		return NULL;
	out = fa_strdup(json_object_to_json_string_ext(a,
	    JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(a);
	return out;
}

/* The ids rec_text has of the texts of the JSON array j. */
static int
lookup(struct hubtext *x, const char *j, struct fa_err *e)
{
	const char	*t;
	size_t		 i;
	int		 rc;

	hubdb_reset(x->sel);
	hubdb_bind_text(x->sel, 1, j);
	while ((rc = hubdb_step(x->sel, e)) == 1) {
		if ((t = hubdb_col_text(x->sel, 1)) == NULL)
			continue;
		i = slot(x, t);
		if (x->tab[i].s != NULL)
			x->tab[i].id = hubdb_col_int(x->sel, 0);
	}
	hubdb_reset(x->sel);
	return rc < 0 ? -1 : 0;
}

int
hubtext_resolve(struct hubtext *x, struct fa_err *e)
{
	int	 pg = hubdb_kind(x->db) == HUBDB_PG, rc;
	char	*j;

	if (x->nwant == 0)
		return 0;
	if (x->sel == NULL && (hubdb_prepare(x->db, pg ?
	    "SELECT id, t FROM rec_text WHERE t IN"
	    " (SELECT json_array_elements_text(CAST(?1 AS json)))" :
	    "SELECT id, t FROM rec_text WHERE t IN"
	    " (SELECT value FROM json_each(?1))", &x->sel, e) != 0 ||
	    hubdb_prepare(x->db, pg ?
	    "INSERT INTO rec_text (t) SELECT v.t FROM"
	    " json_array_elements_text(CAST(?1 AS json)) AS v(t)"
	    " ORDER BY v.t ON CONFLICT (t) DO NOTHING" :
	    "INSERT INTO rec_text (t) SELECT value FROM json_each(?1)"
	    " WHERE true ORDER BY value ON CONFLICT (t) DO NOTHING",
	    &x->ins, e) != 0))
		return -1;
	rc = 0;
	if ((j = pending(x)) != NULL)
		rc = lookup(x, j, e);
	free(j);
	if (rc == 0 && (j = pending(x)) != NULL) {
		hubdb_reset(x->ins);
		hubdb_bind_text(x->ins, 1, j);
		rc = hubdb_step(x->ins, e) < 0 ? -1 : 0;
		hubdb_reset(x->ins);
		if (rc == 0)
			rc = lookup(x, j, e);
		free(j);
		if (rc == 0 && (j = pending(x)) != NULL) {
			free(j);
			rc = fa_errf(e, "a text of the records has no id in "
			    "the hub store");
		}
	}
	x->nwant = 0;
	if (rc != 0)
		hubtext_forget(x);
	return rc;
}
