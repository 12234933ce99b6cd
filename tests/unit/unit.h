/*
 * unit.h: the whole unit-test harness.  main() calls RUN(case) for each
 * case and returns unit_any_failed; each case prints "ok - name" or
 * "not ok - name" (TAP-like), and every failed CHECK says where.
 */
#ifndef FA_UNIT_H
#define FA_UNIT_H

#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int unit_case_failed, unit_any_failed;

#define CHECK(c) do { if (!(c)) { unit_case_failed = 1;			\
	printf("# %s:%d: CHECK(%s)\n", __FILE__, __LINE__, #c); } } while (0)
#define RUN(fn) do { unit_case_failed = 0; fn();				\
	printf("%sok - %s\n", unit_case_failed ? "not " : "", #fn);		\
	unit_any_failed |= unit_case_failed; } while (0)

/* Whether an error message holds needle; says what it holds when not. */
static inline int
unit_has(const char *msg, const char *needle)
{
	if (strstr(msg, needle) != NULL)
		return 1;
	printf("# expected '%s' in '%s'\n", needle, msg);
	return 0;
}

/* Removes a case's scratch directory: its files, then itself. */
static inline void
unit_rmtree(const char *dir)
{
	DIR		*d = opendir(dir);
	struct dirent	*de;
	char		 p[1024];

	while (d != NULL && (de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(p, sizeof(p), "%s/%s", dir, de->d_name);
		unlink(p);
	}
	if (d != NULL)
		closedir(d);
	rmdir(dir);
}

#endif
