/*
 * fuzz_template.c: libFuzzer target for the template engine and the
 * escaping of what devices say.  The input is a template text, then (after
 * a NUL byte) values separated by NUL bytes, set as keys a, b, c and as
 * items of a list l.  Rendering may fail (a bad template) but never
 * crash; and whatever the values, a template that only prints them never
 * lets one of them become markup: no raw '<', '>', '"' or '\'' comes out.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../cli/util.h"
#include "../../export/template.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const char	plain[] =
	"<p title=\"{{a}}\">{{b}}</p>{{#l}}<i>{{v}}</i>{{/l}}{{^c}}-{{/c}}";

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tpl_node	*root;
	struct fa_buf	 out = FA_BUF_INIT;
	struct fa_err	 e;
	const char	*keys[] = { "a", "b", "c" };
	char		*buf, *p, *end, *tpl;
	size_t		 i, k = 0, items;

	buf = malloc(size + 1);
	if (buf == NULL)
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';
	end = buf + size;
	tpl = buf;
	root = tpl_obj();
	for (p = buf + strlen(buf) + 1; p < end; p += strlen(p) + 1, k++) {
		if (k < 3)
			tpl_set(root, keys[k], p);
		else
			tpl_set(tpl_item(root, "l"), "v", p);
	}
	items = k > 3 ? k - 3 : 0;
	(void)tpl_render_text(tpl, strlen(tpl), root, &out, &e);
	out.len = 0;
	if (tpl_render_text(plain, sizeof(plain) - 1, root, &out, &e) != 0)
		abort();
	/* Only the template's own markup may appear raw: 6 characters of
	 * the paragraph, 4 of each item. */
	for (i = 0, k = 0; i < out.len; i++)
		if (out.s[i] != '\0' && strchr("<>\"'", out.s[i]) != NULL)
			k++;
	if (k != 6 + 4 * items)
		abort();
	fa_buf_release(&out);
	tpl_free(root);
	free(buf);
	return 0;
}
