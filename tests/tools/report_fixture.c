/*
 * report_fixture.c: writes a store with a known history for the report's
 * tests (tests/cli/t5000-report.sh), through store_put_device() as the
 * collector does, then moves each scan to its chosen time (the store
 * stamps fa_wall(); the test needs fixed dates), and the device and
 * cartridge first/last seen times with it.
 *
 *   report_fixture STORE
 *
 * The history (UTC), and what the report must make of it for --from
 * 2026-01-01 --to 2026-03-31, is worked out in t5000-report.sh.
 */
#define FIXTURE_NAME	"report_fixture"
#include "fixture.h"

static int64_t
ymd(int y, int m, int d)
{
	return fix_at(y, m, d, 0);
}

static void
ident(struct device *d, const char *addr, const char *vendor,
    const char *model, const char *serial, const char *mac,
    const char *location)
{
	fix_ident(d, addr, vendor, model, serial, mac, NULL, location);
}

static void
toner(struct device *d, int idx, const char *desc, const char *colorant,
    const char *part, int level)
{
	fix_supply(d, idx, desc, "toner", "consumed", colorant, part, level);
}

int
main(int argc, char *argv[])
{
	struct store	*st;
	struct fa_err	 e;
	struct device	 d;
	int64_t		 asmt, t0 = ymd(2025, 12, 27);
	int		 i;
	/* Device A: every 10 days from 2025-12-27; a decrease on Feb 15;
	 * its toner falls 0.5 point a day with a bump (82) on day 30. */
	static const int64_t a_total[] = { 10000, 11000, 13000, 14000,
	    15000, 500, 1500, 3500, 4500, 5500 };
	static const int a_level[] = { 90, 85, 80, 82, 70, 65, 60, 55, 50,
	    45 };
	/* Device B: Jan 1, Jan 11, then a 40-day gap to Feb 20, Mar 2. */
	static const struct { int m, d; int64_t total, mono, colour; } b[] = {
		{ 1, 1, 1000, 800, 200 }, { 1, 11, 2000, 1400, 600 },
		{ 2, 20, 6000, 4000, 2000 }, { 3, 2, 7000, 4600, 2400 },
	};

	if (argc != 2) {
		fprintf(stderr, "usage: report_fixture STORE\n");
		return 2;
	}
	if (store_open(argv[1], &st, &e) != 0)
		fix_die(argv[1], e.msg);
	if (store_assessment_begin(st, "fixture", "{}", &asmt, &e) != 0)
		fix_die("assessment", e.msg);

	for (i = 0; i < 10; i++) {
		dev_init(&d);
		ident(&d, "127.77.16.1", "HP", "LaserJet Pro M404dn", "FIXA1",
		    "02:fa:77:16:01:01", "Building A, floor 1");
		dev_add_meter(&d, "total", a_total[i], "impressions",
		    "1.3.6.1.2.1.43.10.2.1.4.1.1");
		toner(&d, 1, "Black Cartridge HP 59A", "black", "CF259A",
		    a_level[i]);
		fix_put(st, asmt, &d, t0 + (int64_t)i * 10 * 86400);
		dev_release(&d);
	}
	for (i = 0; i < 4; i++) {
		dev_init(&d);
		ident(&d, "127.77.16.2", "Ricoh", "IM C3000", "FIXB2",
		    "02:fa:77:16:02:01", "<script>alert(1)</script>");
		dev_add_meter(&d, "total", b[i].total, "impressions",
		    "1.3.6.1.4.1.367.3.2.1.2.19.1.0");
		dev_add_meter(&d, "mono", b[i].mono, "impressions",
		    "1.3.6.1.4.1.367.3.2.1.2.19.5.1.9.21");
		dev_add_meter(&d, "colour", b[i].colour, "impressions",
		    "1.3.6.1.4.1.367.3.2.1.2.19.5.1.9.22");
		toner(&d, 1, "Black Toner", "black", "842311", 60);
		toner(&d, 2, "Cyan Toner", "cyan", "842314", 5);
		toner(&d, 3, "Magenta Toner", "magenta", "842313", 40);
		toner(&d, 4, "Yellow Toner", "yellow", "842312", 40);
		if (i == 3) {
			fix_alert(&d, "critical", "mediaPath", 8, "jam",
			    "Paper jam <in tray 2>");
			dev_add_error(&d, "jammed");
		}
		fix_put(st, asmt, &d, ymd(2026, b[i].m, b[i].d));
		dev_release(&d);
	}
	/* Device C: serial OLDC at 127.77.16.3 in January, then another
	 * device (NEWC) at the same address in February: a swap. */
	for (i = 0; i < 4; i++) {
		dev_init(&d);
		ident(&d, "127.77.16.3", "HP", "LaserJet P3015",
		    i < 2 ? "OLDC" : "NEWC", NULL, "Store room");
		dev_add_meter(&d, "total", i < 2 ? 100 + 500 * i :
		    50 + 200 * (i - 2), "impressions",
		    "1.3.6.1.2.1.43.10.2.1.4.1.1");
		fix_put(st, asmt, &d, i < 2 ? ymd(2026, 1, 5 + 10 * i) :
		    ymd(2026, 2, 1 + 10 * (i - 2)));
		dev_release(&d);
	}
	/* Device D: a colour Kyocera without split counters, read Jan 1,
	 * Jan 11 and Jan 21 only; its black toner falls 10 points in 10
	 * days (empty Feb 15, before the report's end: overdue), its cyan
	 * reads 2 % with the state "ok", and a door is open now. */
	for (i = 0; i < 3; i++) {
		dev_init(&d);
		ident(&d, "127.77.16.4", "Kyocera", "ECOSYS P5026cdn",
		    "FIXD4", "02:fa:77:16:04:01", "Reception");
		dev_add_meter(&d, "total", 1000 + 1000 * i, "impressions",
		    "1.3.6.1.2.1.43.10.2.1.4.1.1");
		toner(&d, 1, "Black Toner TK-5240K", "black", "TK-5240K",
		    45 - 10 * i);
		toner(&d, 2, "Cyan Toner TK-5240C", "cyan", "TK-5240C", 2);
		if (i == 2) {
			fix_alert(&d, "warning", "marker", 1104,
			    "markerTonerAlmostEmpty", "Cyan toner low");
			dev_add_error(&d, "doorOpen");
			dev_add_error(&d, "lowToner");
		}
		fix_put(st, asmt, &d, ymd(2026, 1, 1 + 10 * i));
		dev_release(&d);
	}
	if (store_assessment_end(st, asmt, "complete", 21, 21, 0, &e) != 0)
		fix_die("assessment", e.msg);
	fix_times(st);
	store_close(st);
	return 0;
}
