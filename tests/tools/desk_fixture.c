/*
 * desk_fixture.c: writes a collector store with a known history for the
 * service desk's hub tests (tests/cli/t5120-hub-meters.sh,
 * t5130-hub-supplies.sh), through
 * store_put_device() as the collector does, then moves each scan to its
 * chosen time (the store stamps fa_wall(); the tests need fixed dates).
 *
 *   desk_fixture STORE          the history below
 *   desk_fixture STORE swap     then: MTRA1's black cartridge swapped
 *
 * The history (UTC), and the values the tests expect from it, worked out
 * by hand in the test scripts:
 *
 *   MTRA1 (mono, asset ASSET-A1): total 10000 on Nov 20, 10500 on Nov 30
 *     12:00, 10600 on Dec 1 06:00, 11000 on Dec 10; scan 300 throughout
 *     (one run: read again unchanged by every read).
 *   MTRB2 (colour): total/mono/colour 5000/4000/1000 on Nov 21,
 *     7500/6000/1500 on Dec 11 12:00, jammed then (an alert and the
 *     error "jammed").
 *   MTRC3 (mono): total 2000 on Nov 10, 2600 on Nov 25.
 *   MTRD4 (mono): total 9000 on Nov 20, 100 on Dec 8 (a new board).
 *
 * Supplies: MTRA1's black toner (CF289A) at 9, 9, 8 and 8% on its four
 * reads (two levels: too few for a date); SUPE5 (no meters) read every 5
 * days from Nov 1 to Nov 21, its cyan toner (CF411A) at 90, 80, 70, 60, 50% (2 points a day: empty on
 * Dec 16), its black (CF410A) at 95, 95, 94, 94, 93% (0.1 a day: 2029),
 * its waste box at 3% ("filled": never ordered).  "swap": MTRA1 read on
 * Dec 15 with a new black cartridge at 100% (total 11500), on Dec 20 at
 * 6% (total 12000).
 *
 *   desk_fixture STORE curve [D]  CURV6 alone, read in the last 24 days
 *                                 (D days earlier still)
 *
 * "curve" (t5230-hub-days-one-method.sh): its cyan toner (CF411A) falls
 * unevenly, fast then slowly, some levels read on several days: 40
 * (days -24 and -22), 30, 20, 18 (days -12 and -10), 15, 13 (days -4 and
 * -3), 11, 9 (now): the report's line says 9 days to empty, a straight
 * line from the first level to the last 7; its black toner stays at 80
 * (no date).  Times are from now, so the days to empty stay
 * in the future whenever the test runs.  A paper jam since day -3.
 */
#define FIXTURE_NAME	"desk_fixture"
#include "fixture.h"

static void
ident(struct device *d, const char *addr, const char *model,
    const char *serial, const char *asset)
{
	fix_ident(d, addr, "HP", model, serial, NULL, asset,
	    "Floor 2, copy room");
}

static void	meter(struct device *, const char *, int64_t);

/* MTRA1's identity, meters and black toner. */
static void
dev_a(struct device *d, int64_t total, int level)
{
	dev_init(d);
	ident(d, "127.77.21.1", "LaserJet M507", "MTRA1", "ASSET-A1");
	meter(d, "total", total);
	meter(d, "scan", 300);
	fix_supply(d, 1, "Black Cartridge HP 89A", "toner", "consumed", "black",
	    "CF289A", level);
}

static void
meter(struct device *d, const char *name, int64_t v)
{
	dev_add_meter(d, name, v, "impressions", "1.3.6.1.2.1.43.10.2.1.4.1.1");
}

int
main(int argc, char *argv[])
{
	struct store	*st;
	struct fa_err	 e;
	struct device	 d;
	int64_t		 asmt;
	size_t		 i;
	static const struct { int m, d, h; int64_t total; } a[] = {
		{ 11, 20, 0, 10000 }, { 11, 30, 12, 10500 },
		{ 12, 1, 6, 10600 }, { 12, 10, 0, 11000 },
	};
	static const struct { int m, d, h; int64_t mono, colour; } b[] = {
		{ 11, 21, 0, 4000, 1000 }, { 12, 11, 12, 6000, 1500 },
	};
	static const struct { int m, d; int64_t c; } cd[] = {
		{ 11, 10, 2000 }, { 11, 25, 2600 },
	};

	static const int a_level[] = { 9, 9, 8, 8 };
	static const int e_cyan[] = { 90, 80, 70, 60, 50 };
	static const int e_black[] = { 95, 95, 94, 94, 93 };

	if (argc == 3 && strcmp(argv[2], "swap") == 0) {
		if (store_open(argv[1], &st, &e) != 0)
			fix_die(argv[1], e.msg);
		if (store_assessment_begin(st, "fixture", "{}", &asmt,
		    &e) != 0)
			fix_die("assessment", e.msg);
		dev_a(&d, 11500, 100);
		fix_put(st, asmt, &d, fix_at(2026, 12, 15, 0));
		dev_release(&d);
		dev_a(&d, 12000, 6);
		fix_put(st, asmt, &d, fix_at(2026, 12, 20, 0));
		dev_release(&d);
		if (store_assessment_end(st, asmt, "complete", 2, 2, 0,
		    &e) != 0)
			fix_die("assessment", e.msg);
		fix_times(st);
		store_close(st);
		return 0;
	}
	if ((argc == 3 || argc == 4) && strcmp(argv[2], "curve") == 0) {
		static const struct { int day, cyan; } c[] = {
			{ 24, 40 }, { 22, 40 }, { 20, 30 }, { 16, 20 },
			{ 12, 18 }, { 10, 18 }, { 6, 15 }, { 4, 13 },
			{ 3, 13 }, { 2, 11 }, { 0, 9 },
		};
		int64_t now = (int64_t)time(NULL) -
		    (argc == 4 ? (int64_t)strtol(argv[3], NULL, 10) : 0) *
		    86400;

		if (store_open(argv[1], &st, &e) != 0)
			fix_die(argv[1], e.msg);
		if (store_assessment_begin(st, "fixture", "{}", &asmt,
		    &e) != 0)
			fix_die("assessment", e.msg);
		for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
			dev_init(&d);
			ident(&d, "127.77.21.6", "Color LaserJet M479",
			    "CURV6", NULL);
			dev_set(&d.sys_location, "Print room, floor 3");
			fix_supply(&d, 1, "Black Cartridge HP 415A", "toner",
			    "consumed", "black", "W2030A", 80);
			fix_supply(&d, 2, "Cyan Cartridge HP 415A", "toner",
			    "consumed", "cyan", "W2031A", c[i].cyan);
			if (c[i].day <= 3) {
				struct dev_alert *al = dev_add_alert(&d);

				al->index = 1;
				dev_set(&al->severity, "critical");
				dev_set(&al->group, "mediaPath");
				al->group_index = DEV_NONE;
				al->location = DEV_NONE;
				al->code = 8;
				dev_set(&al->code_name, "jam");
				dev_set(&al->description,
				    "Paper jam in tray 3");
				al->time = DEV_NONE;
				dev_add_error(&d, "jammed");
			}
			fix_put(st, asmt, &d, now - (int64_t)c[i].day * 86400);
			dev_release(&d);
		}
		if (store_assessment_end(st, asmt, "complete", 1, 1, 0,
		    &e) != 0)
			fix_die("assessment", e.msg);
		fix_times(st);
		store_close(st);
		return 0;
	}
	if (argc != 2) {
		fprintf(stderr, "usage: desk_fixture STORE [swap|curve "
		    "[DAYS]]\n");
		return 2;
	}
	if (store_open(argv[1], &st, &e) != 0)
		fix_die(argv[1], e.msg);
	if (store_assessment_begin(st, "fixture", "{}", &asmt, &e) != 0)
		fix_die("assessment", e.msg);
	for (i = 0; i < 4; i++) {
		dev_a(&d, a[i].total, a_level[i]);
		fix_put(st, asmt, &d, fix_at(2026, a[i].m, a[i].d, a[i].h));
		dev_release(&d);
	}
	for (i = 0; i < 5; i++) {
		dev_init(&d);
		ident(&d, "127.77.21.5", "Color LaserJet M452", "SUPE5", NULL);
		dev_set(&d.sys_location, "Reception, desk 1");
		fix_supply(&d, 1, "Black Cartridge HP 410A", "toner",
		    "consumed", "black", "CF410A", e_black[i]);
		fix_supply(&d, 2, "Cyan Cartridge HP 410A", "toner",
		    "consumed", "cyan", "CF411A", e_cyan[i]);
		fix_supply(&d, 3, "Toner Collection Unit", "wasteToner",
		    "filled", NULL, "B5L37A", 3);
		fix_put(st, asmt, &d, fix_at(2026, 11, 1 + 5 * (int)i, 0));
		dev_release(&d);
	}
	for (i = 0; i < 2; i++) {
		dev_init(&d);
		ident(&d, "127.77.21.2", "Color LaserJet M554", "MTRB2", NULL);
		meter(&d, "total", b[i].mono + b[i].colour);
		meter(&d, "mono", b[i].mono);
		meter(&d, "colour", b[i].colour);
		if (i == 1) {
			fix_alert(&d, "critical", "mediaPath", 8, "jam",
			    "Paper jam in tray 2");
			dev_add_error(&d, "jammed");
		}
		fix_put(st, asmt, &d, fix_at(2026, b[i].m, b[i].d, b[i].h));
		dev_release(&d);
	}
	for (i = 0; i < 2; i++) {
		dev_init(&d);
		ident(&d, "127.77.21.3", "LaserJet M404", "MTRC3", NULL);
		meter(&d, "total", cd[i].c);
		fix_put(st, asmt, &d, fix_at(2026, cd[i].m, cd[i].d, 0));
		dev_release(&d);
	}
	for (i = 0; i < 2; i++) {
		dev_init(&d);
		ident(&d, "127.77.21.4", "LaserJet M404", "MTRD4", NULL);
		meter(&d, "total", i == 0 ? 9000 : 100);
		fix_put(st, asmt, &d, i == 0 ? fix_at(2026, 11, 20, 0) :
		    fix_at(2026, 12, 8, 0));
		dev_release(&d);
	}
	if (store_assessment_end(st, asmt, "complete", 15, 15, 0, &e) != 0)
		fix_die("assessment", e.msg);
	fix_times(st);
	store_close(st);
	return 0;
}
