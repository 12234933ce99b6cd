/*
 * unit.h: the whole unit-test harness.  main() calls RUN(case) for each
 * case and returns unit_any_failed; each case prints "ok - name" or
 * "not ok - name" (TAP-like), and every failed CHECK says where.
 */
#ifndef FA_UNIT_H
#define FA_UNIT_H

#include <stdio.h>

static int unit_case_failed, unit_any_failed;

#define CHECK(c) do { if (!(c)) { unit_case_failed = 1;			\
	printf("# %s:%d: CHECK(%s)\n", __FILE__, __LINE__, #c); } } while (0)
#define RUN(fn) do { unit_case_failed = 0; fn();				\
	printf("%sok - %s\n", unit_case_failed ? "not " : "", #fn);		\
	unit_any_failed |= unit_case_failed; } while (0)

#endif
