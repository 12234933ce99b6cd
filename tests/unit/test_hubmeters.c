/*
 * test_hubmeters.c: unit tests for export/hub/hubmeters.c without a store:
 * the value at a cut-off from a counter's reads (the nearest read within
 * the tolerance, its tie, the linear estimate rounded down, nothing past
 * the last read or before the first, nothing across a counter that went
 * down, a product too large for 64 bits), the period's cut-off, and the
 * meter map's parser and its errors.  Every expected value by hand.
 */
#include <string.h>

#include "../../export/hub/hubmeters.h"
#include "unit.h"

#define DAY	86400
#define C	1796083200	/* 2026-12-01T00:00:00Z */

static void
nearest(void)
{
	struct hubmeters_read	r[] = {
		{ C - 20 * DAY, 100 }, { C - 12 * 3600, 150 },
		{ C + 6 * 3600, 160 }, { C + 10 * DAY, 200 },
	};
	struct hubmeters_pick	p;

	/* 6 h after is nearer than 12 h before */
	hubmeters_pick(r, 4, C, 3 * DAY, &p);
	CHECK(p.kind == HUBMETERS_ACTUAL && p.value == 160 &&
	    p.time == C + 6 * 3600);
	/* a tie goes to the read before the cut-off */
	r[2].time = C + 12 * 3600;
	hubmeters_pick(r, 4, C, 3 * DAY, &p);
	CHECK(p.kind == HUBMETERS_ACTUAL && p.value == 150);
	/* the order of the reads does not matter */
	hubmeters_pick(r + 1, 3, C, 3 * DAY, &p);
	CHECK(p.value == 150);
	/* exactly at the tolerance is within it */
	hubmeters_pick(r + 1, 1, C, 12 * 3600, &p);
	CHECK(p.kind == HUBMETERS_ACTUAL && p.value == 150);
	/* a read at the cut-off itself */
	r[0].time = C;
	hubmeters_pick(r, 1, C, 0, &p);
	CHECK(p.kind == HUBMETERS_ACTUAL && p.value == 100 && p.time == C);
}

static void
linear(void)
{
	struct hubmeters_read	r[] = { { C - 10 * DAY, 4000 },
		{ C + 10 * DAY + 12 * 3600, 6000 } };
	struct hubmeters_pick	p;

	/* 4000 + 2000 * 864000 / 1771200 = 4975.6 -> 4975 */
	hubmeters_pick(r, 2, C, 3 * DAY, &p);
	CHECK(p.kind == HUBMETERS_ESTIMATED && p.value == 4975 &&
	    p.time == C && p.before == r[0].time && p.after == r[1].time);
	/* tolerance 0: the same */
	hubmeters_pick(r, 2, C, 0, &p);
	CHECK(p.kind == HUBMETERS_ESTIMATED && p.value == 4975);
	/* an unchanged counter stays as it is */
	r[1].value = 4000;
	hubmeters_pick(r, 2, C, 0, &p);
	CHECK(p.kind == HUBMETERS_ESTIMATED && p.value == 4000);
	/* a product past 64 bits: 4e18 * 1/2 */
	r[0].time = C - DAY;
	r[0].value = 0;
	r[1].time = C + DAY;
	r[1].value = 4000000000000000000LL;
	hubmeters_pick(r, 2, C, 0, &p);
	CHECK(p.kind == HUBMETERS_ESTIMATED &&
	    p.value == 2000000000000000000LL);
}

static void
missing(void)
{
	struct hubmeters_read	r[] = { { C - 10 * DAY, 4000 },
		{ C - 5 * DAY, 4500 }, { C + 7 * DAY, 100 } };
	struct hubmeters_pick	p;

	hubmeters_pick(r, 0, C, 3 * DAY, &p);
	CHECK(p.kind == HUBMETERS_MISSING && strcmp(p.why, "no read") == 0);
	/* past the last read: no extrapolation */
	hubmeters_pick(r, 2, C, 3 * DAY, &p);
	CHECK(p.kind == HUBMETERS_MISSING &&
	    strcmp(p.why, "no read after the cut-off") == 0);
	/* before the first */
	hubmeters_pick(r + 2, 1, C, 3 * DAY, &p);
	CHECK(p.kind == HUBMETERS_MISSING &&
	    strcmp(p.why, "no read before the cut-off") == 0);
	/* 4500 then 100: went down */
	hubmeters_pick(r, 3, C, 3 * DAY, &p);
	CHECK(p.kind == HUBMETERS_MISSING &&
	    strcmp(p.why, "the counter went down") == 0);
	/* but a read within the tolerance is still actual */
	hubmeters_pick(r, 3, C, 5 * DAY, &p);
	CHECK(p.kind == HUBMETERS_ACTUAL && p.value == 4500);
}

static void
period(void)
{
	struct fa_err	e;
	int64_t		c = 0;

	CHECK(hubmeters_period("2026-11", &c, &e) == 0 && c == C);
	CHECK(hubmeters_period("2026-12", &c, &e) == 0 &&
	    c == 1798761600);	/* 2027-01-01 */
	CHECK(hubmeters_period("2024-02", &c, &e) == 0 &&
	    c == 1709251200);	/* 2024-03-01 */
	CHECK(hubmeters_period("2026-13", &c, &e) == -1 &&
	    strstr(e.msg, "not a month") != NULL);
	CHECK(hubmeters_period("2026-00", &c, &e) == -1);
	CHECK(hubmeters_period("2026-1", &c, &e) == -1 &&
	    strstr(e.msg, "not YYYY-MM") != NULL);
	CHECK(hubmeters_period("2026-111", &c, &e) == -1);
	CHECK(hubmeters_period("2026/11", &c, &e) == -1);
	CHECK(hubmeters_period("", &c, &e) == -1);
	CHECK(hubmeters_period("1969-12", &c, &e) == -1);
}

static int
parse(const char *s, struct hubmeters_map *m, struct fa_err *e)
{
	return hubmeters_map_parse(s, strlen(s), "m.map", m, e);
}

static void
map(void)
{
	struct hubmeters_map	m;
	struct fa_err		e;

	CHECK(parse("# contract\n\nmono = mono, total unless colour # x\r\n"
	    "  colour=colour\nlarge = a3,ledger\n", &m, &e) == 0);
	CHECK(m.ncode == 3);
	CHECK(strcmp(m.code[0].code, "mono") == 0 && m.code[0].nalt == 2);
	CHECK(strcmp(m.code[0].alt[1].meter, "total") == 0 &&
	    strcmp(m.code[0].alt[1].unless, "colour") == 0);
	CHECK(m.code[0].alt[0].unless[0] == '\0');
	CHECK(strcmp(m.code[1].code, "colour") == 0 && m.code[1].nalt == 1);
	CHECK(strcmp(m.code[2].alt[1].meter, "ledger") == 0);
	/* no line end at the end */
	CHECK(parse("scans = scan.adf", &m, &e) == 0 && m.ncode == 1 &&
	    strcmp(m.code[0].alt[0].meter, "scan.adf") == 0);
	CHECK(parse("mono = mono\nMono = x\n", &m, &e) == -1 &&
	    strstr(e.msg, "m.map:2: 'Mono = x' is not a billing code") !=
	    NULL);
	CHECK(parse("mono mono\n", &m, &e) == -1 &&
	    strstr(e.msg, "m.map:1: '=' expected") != NULL);
	CHECK(parse("mono =\n", &m, &e) == -1 &&
	    strstr(e.msg, "is not a meter name") != NULL);
	CHECK(parse("mono = a b\n", &m, &e) == -1 &&
	    strstr(e.msg, "',' or the line's end expected") != NULL);
	CHECK(parse("mono = total unless\n", &m, &e) == -1 &&
	    strstr(e.msg, "after 'unless'") != NULL);
	CHECK(parse("a = x\na = y\n", &m, &e) == -1 &&
	    strstr(e.msg, "m.map:2: billing code 'a' given twice") != NULL);
	CHECK(parse("a = 1,2,3,4,5,6,7,8,9\n", &m, &e) == -1 &&
	    strstr(e.msg, "more than 8 meters") != NULL);
	CHECK(parse("# nothing\n\n", &m, &e) == -1 &&
	    strstr(e.msg, "no billing code") != NULL);
	CHECK(hubmeters_map_parse("a = x\0", 6, "m.map", &m, &e) == -1 &&
	    strstr(e.msg, "not a text file") != NULL);
	CHECK(parse("a = xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n",
	    &m, &e) == -1);	/* 49 characters */
	hubmeters_map_default(&m);
	CHECK(m.ncode == 4 && strcmp(m.code[0].alt[1].unless, "colour") == 0);
}

int
main(void)
{
	RUN(nearest);
	RUN(linear);
	RUN(missing);
	RUN(period);
	RUN(map);
	return unit_any_failed;
}
