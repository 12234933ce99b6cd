/*
 * template.h: a small logic-less template engine (mustache-like) for the
 * HTML report.  A template holds text and tags:
 *
 *   {{name}}            the value of name, HTML-escaped (always: there is
 *                       no unescaped form, so nothing read from a device
 *                       can become markup)
 *   {{#name}}...{{/name}}  a section: once per item when name is a list,
 *                       once when it is a non-empty value or an object,
 *                       never when it is missing, empty or an empty list
 *   {{^name}}...{{/name}}  inverted: once when the section would not be
 *   {{>file}}           another template (a partial), rendered in place
 *   {{! comment}}       nothing
 *
 * A name is looked up in the innermost section's item first, then
 * outwards.  The data is a tree of tpl nodes built by the caller.
 */
#ifndef FA_TEMPLATE_H
#define FA_TEMPLATE_H

#include <stddef.h>

#include "../cli/util.h"

/* Templates carried by the binary (templates/, export/tplembed.sh). */
struct tpl_file {
	const char	*name;
	const char	*text;
	size_t		 len;
};
extern const struct tpl_file tpl_builtins[];

/* Partials nest at most this deep (a partial including itself fails). */
#define TPL_MAX_DEPTH	16

struct tpl_node;

/* A new object (the root, or an item); tpl_free() frees it and all
 * below. */
struct tpl_node	*tpl_obj(void);
void		 tpl_free(struct tpl_node *);
/* Sets key to a copy of value (NULL: the key stays missing). */
void		 tpl_set(struct tpl_node *obj, const char *key,
		    const char *value);
void		 tpl_setf(struct tpl_node *obj, const char *key,
		    const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* A list under key (created on first use), and a new item at its end. */
struct tpl_node	*tpl_item(struct tpl_node *obj, const char *key);
/* An object under key (created on first use). */
struct tpl_node	*tpl_child(struct tpl_node *obj, const char *key);
/*
 * A list under key of n items made one at a time while it is rendered:
 * fn(arg, i) returns item i (a new tpl_obj(), i from 0 to n - 1, in
 * order, each time the list is rendered), which the engine frees once
 * rendered; so a long list (ten thousand devices) never exists whole.
 */
typedef struct tpl_node *tpl_gen_fn(void *arg, size_t i);
void		 tpl_gen(struct tpl_node *obj, const char *key, size_t n,
		    tpl_gen_fn *fn, void *arg);

/* Looks up a template by name in tpl_builtins. */
const struct tpl_file *tpl_find(const char *name);

/*
 * Renders the built-in template name with data root, appending to out.
 * Fails (e says where) on an unknown template, an unclosed or stray
 * section, or partials nested deeper than TPL_MAX_DEPTH.
 */
int	tpl_render(const char *name, const struct tpl_node *root,
	    struct fa_buf *out, struct fa_err *) FA_WUR;
/* The same on a template given as text (for tests). */
int	tpl_render_text(const char *text, size_t len,
	    const struct tpl_node *root, struct fa_buf *out,
	    struct fa_err *) FA_WUR;
/* Appends s HTML-escaped (& < > " '). */
void	tpl_escape(struct fa_buf *out, const char *s);

#endif
