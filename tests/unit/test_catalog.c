/*
 * test_catalog.c: the model catalog's format (export/catalog.h): the
 * per-field sources ("FIELD_source") and what the report shows of them,
 * the label key, an entry replaced with its sources, the errors; and
 * that every built-in entry parses with a source.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../../cli/util.h"
#include "../../export/catalog.h"
#include "unit.h"

static int
parse(struct catalog *cat, const char *text, struct fa_err *e)
{
	return catalog_parse(cat, text, strlen(text), "t.catalog", e);
}

static void
test_field_sources(void)
{
	struct catalog	 cat;
	struct fa_err	 e;
	const struct catalog_entry *c;

	memset(&cat, 0, sizeof(cat));
	CHECK(parse(&cat, "[Sharp / MX-3570N]\n"
	    "colour = yes\n"
	    "colour_source = the device: colorants 4\n"
	    "duplex = yes\n"
	    "duplex_source = the device: a Duplex counter\n"
	    "label = no\n"
	    "source = figures not published\n", &e) == 0);
	c = catalog_find(&cat, "sharp", "mx-3570n");
	CHECK(c != NULL);
	if (c == NULL)
		goto out;
	CHECK(c->colour == 1 && c->duplex == 1 && c->a3 == -1 &&
	    c->label == 0);
	CHECK(isnan(c->recommended) && c->launched == 0);
	/* the report's one text: the entry's, then each field's in order */
	CHECK(strcmp(c->source, "figures not published; colour: the device: "
	    "colorants 4; duplex: the device: a Duplex counter") == 0);
	CHECK(strcmp(catalog_field_source(c, CAT_COLOUR),
	    "the device: colorants 4") == 0);
	CHECK(strcmp(catalog_field_source(c, CAT_SPEED),
	    "figures not published") == 0);
	CHECK(strcmp(catalog_field_name(CAT_LABEL), "label") == 0);
	/* a later entry of the same model replaces it, sources and all */
	CHECK(parse(&cat, "[SHARP / MX-3570N]\nspeed = 35\n"
	    "speed_source = a data sheet\nsource = dealer\n", &e) == 0);
	c = catalog_find(&cat, "Sharp", "MX-3570N");
	CHECK(cat.n == 1 && c != NULL && c->colour == -1 && c->speed == 35);
	CHECK(c != NULL && strcmp(c->source, "dealer; speed: a data sheet") ==
	    0);
	CHECK(c != NULL && c->field_source[CAT_COLOUR] == NULL);
out:
	catalog_release(&cat);
}

static void
test_errors(void)
{
	struct catalog	 cat;
	struct fa_err	 e;

	memset(&cat, 0, sizeof(cat));
	CHECK(parse(&cat, "[A / B]\ncolr_source = x\nsource = y\n", &e) != 0);
	CHECK(unit_has(e.msg, "t.catalog line 2: unknown key 'colr_source'"));
	CHECK(parse(&cat, "[A / B]\n_source = x\nsource = y\n", &e) != 0);
	CHECK(unit_has(e.msg, "line 2: unknown key '_source'"));
	CHECK(parse(&cat, "[A / B]\nlabel = maybe\nsource = y\n", &e) != 0);
	CHECK(unit_has(e.msg, "line 2: label: 'maybe' is not a valid value"));
	/* a field's own source is not the entry's */
	CHECK(parse(&cat, "[A / B]\ncolour = no\ncolour_source = x\n", &e) !=
	    0);
	CHECK(unit_has(e.msg, "the entry A / B has no source"));
	CHECK(cat.n == 0);
	catalog_release(&cat);
}

static void
test_builtin(void)
{
	struct catalog	 cat;
	struct fa_err	 e;
	const struct catalog_entry *c;
	size_t		 i;
	int		 sourced = 1;

	memset(&cat, 0, sizeof(cat));
	CHECK(catalog_builtin(&cat, &e) == 0);
	/* the sample fleet's and the 31 recorded models */
	CHECK(cat.n >= 40);
	for (i = 0; i < cat.n; i++)
		if (cat.v[i].source == NULL || cat.v[i].source[0] == '\0')
			sourced = 0;
	CHECK(sourced);
	c = catalog_find(&cat, "HP", "LaserJet MFP M130nw");
	CHECK(c != NULL && c->colour == 0 && isnan(c->speed) &&
	    strstr(c->source, "not published in a source we hold") != NULL &&
	    strstr(catalog_field_source(c, CAT_COLOUR),
	    "prtMarkerProcessColorants") != NULL);
	c = catalog_find(&cat, "Zebra", "TLP 2824 Plus");
	CHECK(c != NULL && c->label == 1 && c->colour == -1);
	catalog_release(&cat);
}

int
main(void)
{
	RUN(test_field_sources);
	RUN(test_errors);
	RUN(test_builtin);
	return unit_any_failed;
}
