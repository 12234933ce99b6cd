/*
 * test_template.c: the logic-less template engine (export/template.h):
 * variables always HTML-escaped, sections over lists, objects and values,
 * inverted sections, lookups outwards, lists made on demand, partials,
 * comments, and the errors of a broken template.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../export/template.h"
#include "unit.h"

/* Renders text with root; the output (caller frees) or NULL on error. */
static char *
render(const char *text, const struct tpl_node *root, struct fa_err *e)
{
	struct fa_buf	b = FA_BUF_INIT;

	if (tpl_render_text(text, strlen(text), root, &b, e) != 0) {
		fa_buf_release(&b);
		return NULL;
	}
	fa_buf_add(&b, "", 1);
	return fa_buf_steal(&b);
}

static int
renders(const char *text, const struct tpl_node *root, const char *want)
{
	struct fa_err	 e;
	char		*s = render(text, root, &e);
	int		 ok = s != NULL && strcmp(s, want) == 0;

	if (!ok)
		printf("# got '%s'\n", s ? s : e.msg);
	free(s);
	return ok;
}

static void
test_escape(void)
{
	struct tpl_node *r = tpl_obj();

	tpl_set(r, "loc", "<script>alert('x')</script> & \"q\"");
	CHECK(renders("<td>{{loc}}</td>", r, "<td>&lt;script&gt;alert(&#39;"
	    "x&#39;)&lt;/script&gt; &amp; &quot;q&quot;</td>"));
	CHECK(renders("{{ loc }}", r, "&lt;script&gt;alert(&#39;x&#39;)&lt;"
	    "/script&gt; &amp; &quot;q&quot;"));
	/* no triple mustache: "{loc" is just a missing name */
	CHECK(renders("{{{loc}}}", r, "}"));
	CHECK(renders("a{{missing}}b", r, "ab"));
	tpl_free(r);
}

static void
test_sections(void)
{
	struct tpl_node *r = tpl_obj(), *it;

	tpl_set(r, "title", "T");
	it = tpl_item(r, "rows");
	tpl_set(it, "n", "1");
	it = tpl_item(r, "rows");
	tpl_set(it, "n", "2");
	tpl_set(it, "flag", "1");
	tpl_set(r, "empty", "");
	CHECK(renders("{{#rows}}[{{n}}{{title}}{{#flag}}!{{/flag}}]{{/rows}}",
	    r, "[1T][2T!]"));
	CHECK(renders("{{^rows}}none{{/rows}}{{^nolist}}none{{/nolist}}", r,
	    "none"));
	CHECK(renders("{{#empty}}x{{/empty}}{{^empty}}y{{/empty}}", r, "y"));
	CHECK(renders("{{#title}}<{{title}}>{{/title}}", r, "<T>"));
	CHECK(renders("{{! a comment }}ok", r, "ok"));
	/* nested sections of the same name */
	it = tpl_child(r, "o");
	tpl_set(it, "v", "in");
	CHECK(renders("{{#o}}{{#o}}{{v}}{{/o}}{{/o}}", r, "in"));
	tpl_free(r);
}

static int	gen_made;

static struct tpl_node *
gen_row(void *arg, size_t i)
{
	struct tpl_node *it = tpl_obj();

	tpl_setf(it, "v", "%s%zu", (const char *)arg, i);
	gen_made++;
	return it;
}

static void
test_generated(void)
{
	struct tpl_node *r = tpl_obj();

	tpl_gen(r, "rows", 3, gen_row, (void *)(uintptr_t)"<r>");
	tpl_gen(r, "none", 0, gen_row, (void *)(uintptr_t)"x");
	/* made on demand, each time the list is rendered, escaped */
	CHECK(renders("{{#rows}}[{{v}}]{{/rows}}{{#rows}}{{v}}{{/rows}}"
	    "{{^none}}empty{{/none}}{{#none}}x{{/none}}", r,
	    "[&lt;r&gt;0][&lt;r&gt;1][&lt;r&gt;2]&lt;r&gt;0&lt;r&gt;1&lt;r&gt;2"
	    "empty"));
	CHECK(gen_made == 6);
	tpl_free(r);
}

static void
test_errors(void)
{
	struct tpl_node *r = tpl_obj();
	struct fa_err	 e;
	char		*s;

	CHECK((s = render("{{#a}}x", r, &e)) == NULL);
	CHECK(strstr(e.msg, "not closed") != NULL);
	CHECK((s = render("x{{/a}}", r, &e)) == NULL);
	CHECK(strstr(e.msg, "without its section") != NULL);
	CHECK((s = render("{{a", r, &e)) == NULL);
	CHECK((s = render("{{> no-such-partial}}", r, &e)) == NULL);
	CHECK(strstr(e.msg, "no partial") != NULL);
	tpl_free(r);
}

static void
test_builtins(void)
{
	struct tpl_node	*r = tpl_obj();
	struct fa_buf	 b = FA_BUF_INIT;
	struct fa_err	 e;

	CHECK(tpl_find("report.html") != NULL);
	CHECK(tpl_find("report.css") != NULL);
	tpl_set(r, "source", "<i>src</i>");
	CHECK(tpl_render("report.html", r, &b, &e) == 0);
	fa_buf_add(&b, "", 1);
	CHECK(strstr(b.s, "&lt;i&gt;src&lt;/i&gt;") != NULL);
	CHECK(strstr(b.s, "<i>src") == NULL);
	CHECK(strstr(b.s, "@media print") != NULL);
	fa_buf_release(&b);
	tpl_free(r);
}

int
main(void)
{
	RUN(test_escape);
	RUN(test_sections);
	RUN(test_generated);
	RUN(test_errors);
	RUN(test_builtins);
	return unit_any_failed;
}
