/*
 * Sheets saved from a spreadsheet as CSV or TSV (include/vox/sheet.h): RFC 4180 records,
 * read within [p, end) and never past it.
 */
#include <string.h>

#include <glib.h>

#include "vox/error.h"
#include "vox/sheet.h"

/* Checks every line is UTF-8, so that errors name the line the bad bytes are on. */
static int
check_utf8(const char *name, const char *data, size_t len)
{
	const char *p = data, *end = data + len;
	int line = 0;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		const char *bad;

		line++;
		if (!g_utf8_validate(p, (gssize)n, &bad))
			return vox_error("sheet", "'%s': line %d: %s", name, line,
			    *bad == '\0' ? "holds a NUL byte, not text" :
			    "not UTF-8 text (save the sheet as \"CSV UTF-8\")");
		p = nl ? nl + 1 : end;
	}
	return 0;
}

static int
has_suffix(const char *name, const char *suffix)
{
	size_t n = strlen(name), k = strlen(suffix);

	return n >= k && g_ascii_strcasecmp(name + n - k, suffix) == 0;
}

static char
pick_delimiter(const char *name, const char *data, size_t len)
{
	const char *nl = memchr(data, '\n', len);
	size_t n = nl ? (size_t)(nl - data) : len;
	int comma = memchr(data, ',', n) != NULL;

	if (has_suffix(name, ".tsv") || has_suffix(name, ".tab"))
		return '\t';
	if (has_suffix(name, ".csv"))
		return !comma && memchr(data, ';', n) ? ';' : ',';
	if (memchr(data, '\t', n) && !comma)
		return '\t';
	return ',';
}

int
vox_sheet_init(struct vox_sheet *s, const char *name, const char *data, size_t len)
{
	if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0) {
		data += 3;
		len -= 3;
	}
	if (check_utf8(name, data, len) != 0)
		return -1;
	*s = (struct vox_sheet){ name, data, data + len, 1, pick_delimiter(name, data, len), 0,
		0 };
	return 0;
}

int
vox_sheet_next(struct vox_sheet *c, GPtrArray *fields, int *start)
{
	const char *name = c->name;
	char delim = c->delim;

	g_ptr_array_set_size(fields, 0);
	if (c->p >= c->end)
		return 0;
	*start = c->line;
	for (;;) {
		GString *f = g_string_new(NULL);
		/* What a field keeps: all, or one byte past the bound, which says it is too long. */
		size_t keep = c->field_max ? c->field_max + 1 : G_MAXSIZE;

		if (c->fields_max && fields->len >= c->fields_max) {
			g_string_free(f, TRUE);
			return vox_error("sheet", "'%s': line %d: more than %u fields in one row", name,
			    *start, c->fields_max);
		}
		if (c->p < c->end && *c->p == '"') {
			int open_line = c->line;

			c->p++;
			for (;;) {
				if (c->p >= c->end) {
					g_string_free(f, TRUE);
					return vox_error("sheet", "'%s': line %d: a quoted field is "
					    "never closed", name, open_line);
				}
				if (*c->p == '"') {
					if (c->p + 1 < c->end && c->p[1] == '"') {
						if (f->len < keep)
							g_string_append_c(f, '"');
						c->p += 2;
						continue;
					}
					c->p++;
					break;
				}
				if (*c->p == '\n')
					c->line++;
				if (f->len < keep)
					g_string_append_c(f, *c->p);
				c->p++;
			}
			if (c->p < c->end && *c->p == '\r' && c->p + 1 < c->end && c->p[1] == '\n')
				c->p++;
			if (c->p < c->end && *c->p != delim && *c->p != '\n') {
				g_string_free(f, TRUE);
				return vox_error("sheet", "'%s': line %d: text after the closing quote "
				    "of a field (write a quote inside a quoted field as \"\")", name,
				    c->line);
			}
		} else {
			/* An unquoted field runs to the delimiter or the end of the line; a stray
			 * quote inside it is kept as written, as spreadsheets do. */
			const char *from = c->p;
			size_t n;

			while (c->p < c->end && *c->p != delim && *c->p != '\n')
				c->p++;
			n = (size_t)(c->p - from);
			g_string_append_len(f, from, (gssize)MIN(n, keep));
			if (n > 0 && n <= keep && from[n - 1] == '\r' &&
			    (c->p >= c->end || *c->p == '\n'))
				g_string_truncate(f, f->len - 1);
		}
		g_ptr_array_add(fields, g_string_free(f, FALSE));
		if (c->p >= c->end)
			return 1;
		if (*c->p == '\n') {
			c->p++;
			c->line++;
			return 1;
		}
		c->p++;         /* the delimiter */
	}
}

int
vox_sheet_blank(const GPtrArray *fields)
{
	for (guint i = 0; i < fields->len; i++) {
		const char *f = g_ptr_array_index(fields, i);

		for (; *f; f++)
			if (!g_ascii_isspace(*f))
				return 0;
	}
	return 1;
}
