#include <string.h>

#include "vox/json.h"

/*
 * Characters written as \uXXXX though JSON allows them raw: the C1 controls, which a
 * terminal may obey (U+009B is ESC [), the line and paragraph separators, which end a line
 * in JavaScript, and the bidirectional embeddings, overrides and isolates, which would
 * reverse a name on the screen of whoever reads the JSON. The escape is lossless, so every
 * consumer gets the same text, and --json is safe on a terminal as it is in a pipe.
 */
static int
escaped(gunichar u)
{
	return (u >= 0x80 && u <= 0x9f) || u == 0x2028 || u == 0x2029 ||
	    (u >= 0x202a && u <= 0x202e) || (u >= 0x2066 && u <= 0x2069);
}

void
vox_json_string(GString *s, const char *v)
{
	g_autofree char *repaired = NULL;

	if (!v) {
		g_string_append(s, "null");
		return;
	}
	if (!g_utf8_validate(v, -1, NULL))
		v = repaired = g_utf8_make_valid(v, -1);
	g_string_append_c(s, '"');
	for (const unsigned char *p = (const unsigned char *)v; *p; p++) {
		switch (*p) {
		case '"': g_string_append(s, "\\\""); break;
		case '\\': g_string_append(s, "\\\\"); break;
		case '\n': g_string_append(s, "\\n"); break;
		case '\r': g_string_append(s, "\\r"); break;
		case '\t': g_string_append(s, "\\t"); break;
		case '<': g_string_append(s, "\\u003c"); break;
		case '>': g_string_append(s, "\\u003e"); break;
		case '&': g_string_append(s, "\\u0026"); break;
		default:
			if (*p < 0x20 || *p == 0x7f) {
				g_string_append_printf(s, "\\u%04x", *p);
			} else if (*p >= 0x80) {
				/* v is valid UTF-8 here: one character, written as it is unless
				 * it is one to escape. */
				const char *c = (const char *)p;
				gunichar u = g_utf8_get_char(c);
				const char *next = g_utf8_next_char(c);

				if (escaped(u))
					g_string_append_printf(s, "\\u%04x", (unsigned)u);
				else
					g_string_append_len(s, c, next - c);
				p = (const unsigned char *)next - 1;
			} else {
				g_string_append_c(s, (char)*p);
			}
		}
	}
	g_string_append_c(s, '"');
}

void
vox_json_init(struct vox_json *j, GString *s, enum vox_json_style style)
{
	memset(j, 0, sizeof(*j));
	j->s = s;
	j->style = style;
}

static void
newline(struct vox_json *j, int depth)
{
	g_string_append_c(j->s, '\n');
	for (int i = 0; i < depth; i++)
		g_string_append(j->s, "  ");
}

/* Whether the items of level go on lines of their own. */
static int
on_lines(const struct vox_json *j, int level)
{
	return j->style == VOX_JSON_INDENTED && j->layout[level] != VOX_JSON_INLINE;
}

/* What goes before a value or a key: nothing after a key or at the top, else a comma after
 * an earlier item and, when indented, a new line (or a space, on one line). */
static void
next(struct vox_json *j)
{
	int level = j->depth - 1;

	if (j->after_key) {
		j->after_key = 0;
		return;
	}
	if (level < 0)
		return;
	if (j->items[level])
		g_string_append(j->s, j->style == VOX_JSON_INDENTED && !on_lines(j, level) ?
		    ", " : ",");
	if (on_lines(j, level))
		newline(j, j->depth);
	j->items[level] = 1;
}

static void
open_level(struct vox_json *j, char c, enum vox_json_layout layout)
{
	next(j);
	g_string_append_c(j->s, c);
	g_return_if_fail(j->depth < VOX_JSON_DEPTH);
	j->items[j->depth] = 0;
	j->layout[j->depth] = (unsigned char)layout;
	j->depth++;
}

static void
close_level(struct vox_json *j, char c)
{
	int level;

	g_return_if_fail(j->depth > 0);
	level = --j->depth;
	if (on_lines(j, level) && (j->items[level] || j->layout[level] == VOX_JSON_LINES_OPEN))
		newline(j, j->depth);
	g_string_append_c(j->s, c);
}

void
vox_json_object_begin(struct vox_json *j)
{
	open_level(j, '{', VOX_JSON_LINES);
}

void
vox_json_object_end(struct vox_json *j)
{
	close_level(j, '}');
}

void
vox_json_array_begin(struct vox_json *j, enum vox_json_layout layout)
{
	open_level(j, '[', layout);
}

void
vox_json_array_end(struct vox_json *j)
{
	close_level(j, ']');
}

void
vox_json_key(struct vox_json *j, const char *key)
{
	next(j);
	vox_json_string(j->s, key);
	g_string_append(j->s, j->style == VOX_JSON_INDENTED ? ": " : ":");
	j->after_key = 1;
}

void
vox_json_item_string(struct vox_json *j, const char *v)
{
	next(j);
	vox_json_string(j->s, v);
}

void
vox_json_item_null(struct vox_json *j)
{
	next(j);
	g_string_append(j->s, "null");
}

void
vox_json_key_string(struct vox_json *j, const char *key, const char *v)
{
	vox_json_key(j, key);
	vox_json_item_string(j, v);
}

void
vox_json_key_int(struct vox_json *j, const char *key, int64_t v)
{
	vox_json_key(j, key);
	next(j);
	g_string_append_printf(j->s, "%" G_GINT64_FORMAT, (gint64)v);
}

void
vox_json_key_bool(struct vox_json *j, const char *key, int v)
{
	vox_json_key(j, key);
	next(j);
	g_string_append(j->s, v ? "true" : "false");
}

void
vox_json_key_strings(struct vox_json *j, const char *key, GPtrArray *a)
{
	vox_json_key(j, key);
	vox_json_array_begin(j, VOX_JSON_INLINE);
	for (guint i = 0; a && i < a->len; i++)
		vox_json_item_string(j, g_ptr_array_index(a, i));
	vox_json_array_end(j);
}

void
vox_json_key_object(struct vox_json *j, const char *key, GPtrArray *names, GPtrArray *values)
{
	vox_json_key(j, key);
	vox_json_object_begin(j);
	for (guint i = 0; names && i < names->len; i++)
		vox_json_key_string(j, g_ptr_array_index(names, i), g_ptr_array_index(values, i));
	vox_json_object_end(j);
}

void
vox_json_key_null(struct vox_json *j, const char *key)
{
	vox_json_key(j, key);
	vox_json_item_null(j);
}
