/*
 * template.c: the logic-less template engine (template.h).  Templates are
 * rendered straight from their text: a section's body is found by
 * counting nested sections of the same name, then rendered once per item.
 * Objects keep their keys in a small array (a report's objects have a few
 * dozen keys at most), so lookups are linear, which is plenty.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "template.h"

enum { N_STR, N_OBJ, N_LIST, N_GEN };

struct tpl_node {
	int		 kind;
	char		*s;		/* N_STR */
	char		**keys;		/* N_OBJ: keys[i] -> vals[i] */
	struct tpl_node	**vals;		/* N_OBJ values, N_LIST items */
	size_t		 n, cap;
	tpl_gen_fn	*gen;		/* N_GEN: items made on demand */
	void		*gen_arg;
	size_t		 gen_n;
};

static struct tpl_node *
node(int kind)
{
	struct tpl_node *n = fa_calloc(1, sizeof(*n));

	n->kind = kind;
	return n;
}

struct tpl_node *
tpl_obj(void)
{
	return node(N_OBJ);
}

void
tpl_free(struct tpl_node *n)
{
	size_t	i;

	if (n == NULL)
		return;
	for (i = 0; i < n->n; i++) {
		if (n->keys != NULL)
			free(n->keys[i]);
		tpl_free(n->vals[i]);
	}
	free(n->keys);
	free(n->vals);
	free(n->s);
	free(n);
}

static void
push(struct tpl_node *n, const char *key, struct tpl_node *v)
{
	if (n->n == n->cap) {
		n->cap = n->cap ? n->cap * 2 : 8;
		n->vals = fa_reallocarray(n->vals, n->cap, sizeof(*n->vals));
		if (n->kind == N_OBJ)
			n->keys = fa_reallocarray(n->keys, n->cap,
			    sizeof(*n->keys));
	}
	if (n->kind == N_OBJ)
		n->keys[n->n] = fa_strdup(key);
	n->vals[n->n++] = v;
}

static struct tpl_node *
get(const struct tpl_node *obj, const char *key, size_t len)
{
	size_t	i;

	for (i = 0; i < obj->n; i++)
		if (strlen(obj->keys[i]) == len &&
		    memcmp(obj->keys[i], key, len) == 0)
			return obj->vals[i];
	return NULL;
}

void
tpl_set(struct tpl_node *obj, const char *key, const char *value)
{
	struct tpl_node *v;

	if (value == NULL)
		return;
	if ((v = get(obj, key, strlen(key))) != NULL && v->kind == N_STR) {
		free(v->s);
		v->s = fa_strdup(value);
		return;
	}
	v = node(N_STR);
	v->s = fa_strdup(value);
	push(obj, key, v);
}

void
tpl_setf(struct tpl_node *obj, const char *key, const char *fmt, ...)
{
	va_list	 ap;
	char	*s;

	va_start(ap, fmt);
	s = fa_vasprintf(fmt, ap);
	va_end(ap);
	tpl_set(obj, key, s);
	free(s);
}

struct tpl_node *
tpl_item(struct tpl_node *obj, const char *key)
{
	struct tpl_node *l = get(obj, key, strlen(key)), *it;

	if (l == NULL) {
		l = node(N_LIST);
		push(obj, key, l);
	}
	it = node(N_OBJ);
	push(l, NULL, it);
	return it;
}

void
tpl_gen(struct tpl_node *obj, const char *key, size_t n, tpl_gen_fn *fn,
    void *arg)
{
	struct tpl_node *g = node(N_GEN);

	g->gen = fn;
	g->gen_arg = arg;
	g->gen_n = n;
	push(obj, key, g);
}

struct tpl_node *
tpl_child(struct tpl_node *obj, const char *key)
{
	struct tpl_node *c = get(obj, key, strlen(key));

	if (c == NULL) {
		c = node(N_OBJ);
		push(obj, key, c);
	}
	return c;
}

const struct tpl_file *
tpl_find(const char *name)
{
	const struct tpl_file *f;

	for (f = tpl_builtins; f->name != NULL; f++)
		if (strcmp(f->name, name) == 0)
			return f;
	return NULL;
}

void
tpl_escape(struct fa_buf *out, const char *s)
{
	const char	*p, *run = s;

	for (p = s; *p != '\0'; p++) {
		const char *r;

		switch (*p) {
		case '&': r = "&amp;"; break;
		case '<': r = "&lt;"; break;
		case '>': r = "&gt;"; break;
		case '"': r = "&quot;"; break;
		case '\'': r = "&#39;"; break;
		default: continue;
		}
		fa_buf_add(out, run, (size_t)(p - run));
		fa_buf_puts(out, r);
		run = p + 1;
	}
	fa_buf_add(out, run, (size_t)(p - run));
}

/* The context stack: innermost last. */
struct ctx {
	const struct tpl_node	*v[64];
	size_t			 n;
	int			 depth;		/* partials */
};

static const struct tpl_node *
lookup(const struct ctx *c, const char *k, size_t len)
{
	size_t	i;
	const struct tpl_node *v;

	for (i = c->n; i > 0; i--)
		if (c->v[i - 1]->kind == N_OBJ &&
		    (v = get(c->v[i - 1], k, len)) != NULL)
			return v;
	return NULL;
}

static int	render(const char *, size_t, struct ctx *, struct fa_buf *,
		    struct fa_err *);

/* Trims spaces around a tag's name. */
static void
tag_name(const char **k, size_t *len)
{
	while (*len > 0 && (**k == ' ' || **k == '\t'))
		(*k)++, (*len)--;
	while (*len > 0 && ((*k)[*len - 1] == ' ' || (*k)[*len - 1] == '\t'))
		(*len)--;
}

/*
 * Finds the {{/name}} closing the section whose body starts at t[pos]:
 * *body_end is where the closing tag starts, *after just past it.
 */
static int
find_close(const char *t, size_t len, size_t pos, const char *k, size_t kl,
    size_t *body_end, size_t *after)
{
	int	depth = 1;
	const char *p;

	while (pos < len) {
		const char *open = fa_memmem(t + pos, len - pos, "{{", 2), *nm;
		size_t nl;

		if (open == NULL)
			return -1;
		p = fa_memmem(open + 2, len - (size_t)(open + 2 - t), "}}", 2);
		if (p == NULL)
			return -1;
		nm = open + 3;
		nl = (size_t)(p - nm);
		if (open[2] == '#' || open[2] == '^' || open[2] == '/') {
			tag_name(&nm, &nl);
			if (nl == kl && memcmp(nm, k, kl) == 0) {
				if (open[2] == '/')
					depth--;
				else
					depth++;
				if (depth == 0) {
					*body_end = (size_t)(open - t);
					*after = (size_t)(p + 2 - t);
					return 0;
				}
			}
		}
		pos = (size_t)(p + 2 - t);
	}
	return -1;
}

static int
truthy(const struct tpl_node *v)
{
	if (v == NULL)
		return 0;
	if (v->kind == N_STR)
		return v->s[0] != '\0';
	if (v->kind == N_LIST)
		return v->n > 0;
	if (v->kind == N_GEN)
		return v->gen_n > 0;
	return 1;
}

static int
render(const char *t, size_t len, struct ctx *c, struct fa_buf *out,
    struct fa_err *e)
{
	size_t	pos = 0;

	while (pos < len) {
		const char *open = fa_memmem(t + pos, len - pos, "{{", 2);
		const char *close, *k;
		size_t	 kl, body, body_end, after, i;
		const struct tpl_node *v;
		char	 kind;

		if (open == NULL) {
			fa_buf_add(out, t + pos, len - pos);
			break;
		}
		fa_buf_add(out, t + pos, (size_t)(open - (t + pos)));
		close = fa_memmem(open + 2, len - (size_t)(open + 2 - t), "}}", 2);
		if (close == NULL)
			return fa_errf(e, "template: '{{' without '}}'");
		kind = open[2];
		k = open + 2;
		if (kind == '#' || kind == '^' || kind == '/' || kind == '>' ||
		    kind == '!')
			k++;
		kl = (size_t)(close - k);
		tag_name(&k, &kl);
		pos = (size_t)(close + 2 - t);
		switch (kind) {
		case '!':
			break;
		case '/':
			return fa_errf(e, "template: '{{/%.*s}}' without its "
			    "section", (int)kl, k);
		case '>': {
			char		 nm[128];
			const struct tpl_file *f;

			if (kl >= sizeof(nm))
				return fa_errf(e, "template: partial name too "
				    "long");
			memcpy(nm, k, kl);
			nm[kl] = '\0';
			if ((f = tpl_find(nm)) == NULL)
				return fa_errf(e, "template: no partial '%s'",
				    nm);
			if (c->depth >= TPL_MAX_DEPTH)
				return fa_errf(e, "template: partials nested "
				    "deeper than %d", TPL_MAX_DEPTH);
			c->depth++;
			if (render(f->text, f->len, c, out, e) != 0)
				return -1;
			c->depth--;
			break;
		}
		case '#':
		case '^':
			body = pos;
			if (find_close(t, len, body, k, kl, &body_end,
			    &after) != 0)
				return fa_errf(e, "template: section '%.*s' "
				    "not closed", (int)kl, k);
			v = lookup(c, k, kl);
			if (kind == '^') {
				if (!truthy(v) && render(t + body,
				    body_end - body, c, out, e) != 0)
					return -1;
			} else if (truthy(v) && v->kind == N_GEN) {
				if (c->n == nitems(c->v))
					return fa_errf(e, "template: sections "
					    "nested too deep");
				for (i = 0; i < v->gen_n; i++) {
					struct tpl_node *it = v->gen(v->gen_arg,
					    i);
					int rc;

					c->v[c->n++] = it;
					rc = render(t + body, body_end - body, c,
					    out, e);
					c->n--;
					tpl_free(it);
					if (rc != 0)
						return -1;
				}
			} else if (truthy(v)) {
				size_t nitem = v->kind == N_LIST ? v->n : 1;

				if (c->n == nitems(c->v))
					return fa_errf(e, "template: sections "
					    "nested too deep");
				for (i = 0; i < nitem; i++) {
					c->v[c->n++] = v->kind == N_LIST ?
					    v->vals[i] : v;
					if (render(t + body, body_end - body,
					    c, out, e) != 0)
						return -1;
					c->n--;
				}
			}
			pos = after;
			break;
		default:
			v = lookup(c, k, kl);
			if (v != NULL && v->kind == N_STR)
				tpl_escape(out, v->s);
			break;
		}
	}
	return 0;
}

int
tpl_render_text(const char *text, size_t len, const struct tpl_node *root,
    struct fa_buf *out, struct fa_err *e)
{
	struct ctx	c;

	memset(&c, 0, sizeof(c));
	c.v[c.n++] = root;
	return render(text, len, &c, out, e);
}

int
tpl_render(const char *name, const struct tpl_node *root, struct fa_buf *out,
    struct fa_err *e)
{
	const struct tpl_file *f = tpl_find(name);

	if (f == NULL)
		return fa_errf(e, "no template '%s'", name);
	return tpl_render_text(f->text, f->len, root, out, e);
}
