/*
 * test_util.c: unit tests for cli/util.c's fa_esc_line(), the escape
 * every hub log line and every hub-given text the collector prints goes
 * through: control characters (newline, carriage return, escape, DEL),
 * the backslash itself, bytes that are not valid UTF-8 (overlong, cut
 * short, surrogates), C1 controls and the characters that reorder or
 * break a line on display become \xNN; printable UTF-8 stays.  And
 * fa_put_file(), the whole-file writer: the content whole, an existing
 * file refused unless forced, no temporary file left either way.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../cli/plat.h"
#include "../../cli/util.h"
#include "unit.h"

static int
esc_is(const char *in, const char *want)
{
	char	*got = fa_esc_line(in);
	int	 ok = strcmp(got, want) == 0;

	if (!ok)
		printf("# '%s' gave '%s', expected '%s'\n", in, got, want);
	free(got);
	return ok;
}

static void
test_esc_controls(void)
{
	CHECK(esc_is("", ""));
	CHECK(esc_is("hello: collector t8w3, 1 commands",
	    "hello: collector t8w3, 1 commands"));
	CHECK(esc_is("a\nb", "a\\x0ab"));
	CHECK(esc_is("a\r\nforged line", "a\\x0d\\x0aforged line"));
	CHECK(esc_is("\t\x1b[31mred\x7f", "\\x09\\x1b[31mred\\x7f"));
	CHECK(esc_is("C:\\x0a", "C:\\\\x0a"));
}

static void
test_esc_utf8(void)
{
	/* Printable UTF-8 kept: é, €, 𝄞. */
	CHECK(esc_is("caf\xc3\xa9 \xe2\x82\xac \xf0\x9d\x84\x9e",
	    "caf\xc3\xa9 \xe2\x82\xac \xf0\x9d\x84\x9e"));
	/* C1 control U+009B (CSI), U+2028, RLO U+202E, U+2066, U+061C. */
	CHECK(esc_is("\xc2\x9b", "\\xc2\\x9b"));
	CHECK(esc_is("\xe2\x80\xa8", "\\xe2\\x80\\xa8"));
	CHECK(esc_is("x\xe2\x80\xaey", "x\\xe2\\x80\\xaey"));
	CHECK(esc_is("\xe2\x81\xa6", "\\xe2\\x81\\xa6"));
	CHECK(esc_is("\xd8\x9c", "\\xd8\\x9c"));
	/* Not UTF-8: a lone byte, overlong '/', a surrogate, cut short,
	 * above U+10FFFF. */
	CHECK(esc_is("\xff", "\\xff"));
	CHECK(esc_is("\xc0\xaf", "\\xc0\\xaf"));
	CHECK(esc_is("\xed\xa0\x80", "\\xed\\xa0\\x80"));
	CHECK(esc_is("\xe2\x82", "\\xe2\\x82"));
	CHECK(esc_is("\xf4\x90\x80\x80", "\\xf4\\x90\\x80\\x80"));
}

/* The file's content (at most 63 bytes), "" when it cannot be read. */
static const char *
slurp(const char *path)
{
	static char	 buf[64];
	FILE		*f = fopen(path, "rb");
	size_t		 n = 0;

	if (f != NULL) {
		n = fread(buf, 1, sizeof(buf) - 1, f);
		fclose(f);
	}
	buf[n] = '\0';
	return buf;
}

/* How many entries of dir, "." and ".." left out. */
static int
entries(const char *dir)
{
	DIR		*d = opendir(dir);
	struct dirent	*de;
	int		 n = 0;

	while (d != NULL && (de = readdir(d)) != NULL)
		if (strcmp(de->d_name, ".") != 0 &&
		    strcmp(de->d_name, "..") != 0)
			n++;
	if (d != NULL)
		closedir(d);
	return n;
}

static void
test_put_file(void)
{
	struct fa_err	 e;
	char		*dir = fa_mkdtemp("fa-test-util"), *p, *q;

	CHECK(dir != NULL);
	if (dir == NULL)
		return;
	p = fa_asprintf("%s/one", dir);
	q = fa_asprintf("%s/nodir/two", dir);
	CHECK(fa_put_file(p, "test file", "first\n", 6, 0600, 0, &e) == 0);
	CHECK(strcmp(slurp(p), "first\n") == 0);
	e.msg[0] = '\0';
	CHECK(fa_put_file(p, "test file", "second\n", 7, 0600, 0, &e) == -1);
	CHECK(strstr(e.msg, "test file '") != NULL &&
	    strstr(e.msg, "already exists") != NULL);
	CHECK(strcmp(slurp(p), "first\n") == 0);
	CHECK(fa_put_file(p, NULL, "second\n", 7, 0644, 1, &e) == 0);
	CHECK(strcmp(slurp(p), "second\n") == 0);
	CHECK(fa_put_file(q, NULL, "x", 1, 0644, 1, &e) == -1);
	CHECK(strncmp(e.msg, "cannot write '", 14) == 0);
	CHECK(entries(dir) == 1);	/* no temporary file left */
	(void)unlink(p);
	(void)rmdir(dir);
	free(p);
	free(q);
	free(dir);
}

int
main(void)
{
	RUN(test_esc_controls);
	RUN(test_esc_utf8);
	RUN(test_put_file);
	return unit_any_failed;
}
