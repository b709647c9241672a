/*
 * The typed consent sheet (vox consent --from). The bytes are untrusted: read line by line
 * within [p, end), never past it, and refuse anything that is not UTF-8 text.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "vox/consent.h"
#include "vox/consent_sheet.h"
#include "vox/error.h"

#define MAX_FIELD 256

enum col { COL_REF, COL_AUDIENCE, COL_PEOPLE, N_COLS };

static void
row_free(gpointer data)
{
	struct vox_consent_row *r = data;

	g_free(r->ref);
	g_free(r);
}

/* The column a header word names, or -1. */
static int
column_of(const char *word)
{
	if (g_ascii_strcasecmp(word, "ref") == 0 || g_ascii_strcasecmp(word, "photo") == 0 ||
	    g_ascii_strcasecmp(word, "id") == 0)
		return COL_REF;
	if (g_ascii_strcasecmp(word, "audience") == 0 || g_ascii_strcasecmp(word, "consent") == 0)
		return COL_AUDIENCE;
	if (g_ascii_strcasecmp(word, "people") == 0)
		return COL_PEOPLE;
	return -1;
}

/* Splits one line (without its end) into newly allocated, trimmed fields. */
static GPtrArray *
split_fields(const char *p, const char *end)
{
	GPtrArray *f = g_ptr_array_new_with_free_func(g_free);

	for (;;) {
		const char *tab = memchr(p, '\t', (size_t)(end - p));
		const char *stop = tab ? tab : end;

		g_ptr_array_add(f, g_strstrip(g_strndup(p, (size_t)(stop - p))));
		if (!tab)
			break;
		p = tab + 1;
	}
	/* Trailing empty fields (a spreadsheet's extra tabs) carry nothing. */
	while (f->len > 1 && *(char *)g_ptr_array_index(f, f->len - 1) == '\0')
		g_ptr_array_remove_index(f, f->len - 1);
	return f;
}

static int
valid_ref(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!g_ascii_isalnum(*s) && *s != '-' && *s != '_')
			return 0;
	return 1;
}

static int
parse_row(const char *name, int line, GPtrArray *f, const int map[N_COLS],
    struct vox_consent_row *r)
{
	const char *fields[N_COLS] = { NULL, NULL, NULL };
	int ncols = 0;

	for (int c = 0; c < N_COLS; c++)
		if (map[c] >= 0)
			ncols++;
	if ((int)f->len > ncols)
		return vox_error("consent", "'%s': line %d: %u fields, at most %d expected "
		    "(ref, audience, people)", name, line, f->len, ncols);
	for (int c = 0; c < N_COLS; c++)
		if (map[c] >= 0 && (guint)map[c] < f->len)
			fields[c] = g_ptr_array_index(f, (guint)map[c]);
	for (int c = 0; c < N_COLS; c++)
		if (fields[c] && strlen(fields[c]) > MAX_FIELD)
			return vox_error("consent", "'%s': line %d: field too long", name, line);
	if (!fields[COL_REF] || !*fields[COL_REF])
		return vox_error("consent", "'%s': line %d: no photo ref", name, line);
	if (!valid_ref(fields[COL_REF]))
		return vox_error("consent", "'%s': line %d: '%s': not a photo ref or id",
		    name, line, fields[COL_REF]);
	r->audience = -1;
	r->people = -1;
	if (fields[COL_AUDIENCE] && *fields[COL_AUDIENCE]) {
		r->audience = vox_audience_parse(fields[COL_AUDIENCE]);
		if (r->audience == VOX_AUDIENCE_WITHDRAWN)
			return vox_error("consent", "'%s': line %d: '%s': withdraw a photo with "
			    "vox withdraw %s", name, line, fields[COL_AUDIENCE], fields[COL_REF]);
		if (r->audience < 0)
			return vox_error("consent", "'%s': line %d: '%s': not an audience "
			    "(private, group, report, public)", name, line, fields[COL_AUDIENCE]);
	}
	if (fields[COL_PEOPLE] && *fields[COL_PEOPLE]) {
		r->people = vox_people_parse(fields[COL_PEOPLE]);
		if (r->people < 0)
			return vox_error("consent", "'%s': line %d: '%s': not a people value "
			    "(none, consented, unconsented, unknown)", name, line,
			    fields[COL_PEOPLE]);
	}
	if (r->audience < 0 && r->people < 0)
		return vox_error("consent", "'%s': line %d: '%s': neither audience nor people "
		    "given", name, line, fields[COL_REF]);
	r->line = line;
	r->ref = g_strdup(fields[COL_REF]);
	return 0;
}

/* Reads a header line into map; returns 0, or -1 with an error. */
static int
parse_header(const char *name, int line, GPtrArray *f, int map[N_COLS])
{
	for (int c = 0; c < N_COLS; c++)
		map[c] = -1;
	for (guint i = 0; i < f->len; i++) {
		const char *w = g_ptr_array_index(f, i);
		int c = column_of(w);

		if (c < 0)
			return vox_error("consent", "'%s': line %d: '%s': unknown column "
			    "(ref, audience, people)", name, line, w);
		if (map[c] >= 0)
			return vox_error("consent", "'%s': line %d: '%s': column given twice",
			    name, line, w);
		map[c] = (int)i;
	}
	if (map[COL_REF] < 0)
		return vox_error("consent", "'%s': line %d: no ref column", name, line);
	return 0;
}

GPtrArray *
vox_consent_sheet_parse(const char *name, const char *data, size_t len)
{
	GPtrArray *rows = g_ptr_array_new_with_free_func(row_free);
	int map[N_COLS] = { COL_REF, COL_AUDIENCE, COL_PEOPLE };
	const char *p = data, *end = data + len;
	int line = 0, seen_first = 0;

	if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3;
	if (memchr(p, '\0', (size_t)(end - p))) {
		vox_error("consent", "'%s': not a text file (holds NUL bytes)", name);
		goto fail;
	}
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *stop = nl ? nl : end;
		const char *first;
		GPtrArray *f;
		int rc = 0;

		line++;
		if (stop > p && stop[-1] == '\r')
			stop--;
		if (!g_utf8_validate(p, stop - p, NULL)) {
			vox_error("consent", "'%s': line %d: not UTF-8 text (save the sheet as "
			    "UTF-8)", name, line);
			goto fail;
		}
		f = split_fields(p, stop);
		p = nl ? nl + 1 : end;
		first = g_ptr_array_index(f, 0);
		if ((f->len == 1 && !*first) || first[0] == '#') {
			g_ptr_array_unref(f);
			continue;
		}
		if (!seen_first && column_of(first) >= 0) {
			rc = parse_header(name, line, f, map);
		} else {
			struct vox_consent_row *r = g_new0(struct vox_consent_row, 1);

			rc = parse_row(name, line, f, map, r);
			if (rc == 0)
				g_ptr_array_add(rows, r);
			else
				row_free(r);
		}
		seen_first = 1;
		g_ptr_array_unref(f);
		if (rc < 0)
			goto fail;
	}
	return rows;
fail:
	g_ptr_array_unref(rows);
	return NULL;
}

GPtrArray *
vox_consent_sheet_read(const char *path)
{
	g_autofree char *data = NULL;
	gsize len = 0;
	GError *err = NULL;

	if (strcmp(path, "-") == 0) {
		GString *s = g_string_new(NULL);
		char buf[8192];
		size_t n;

		while ((n = fread(buf, 1, sizeof(buf), stdin)) > 0)
			g_string_append_len(s, buf, (gssize)n);
		if (ferror(stdin)) {
			g_string_free(s, TRUE);
			vox_error_system("consent", "'-': cannot read stdin");
			return NULL;
		}
		len = s->len;
		data = g_string_free(s, FALSE);
		return vox_consent_sheet_parse("-", data, len);
	}
	if (!g_file_get_contents(path, &data, &len, &err)) {
		vox_error("consent", "'%s': %s", path, err->message);
		g_error_free(err);
		return NULL;
	}
	return vox_consent_sheet_parse(path, data, len);
}

int
vox_consent_sheet_apply(vox_catalog *cat, const char *name, GPtrArray *rows,
    GPtrArray *problems)
{
	GPtrArray *photos = g_ptr_array_new_with_free_func((GDestroyNotify)vox_photo_free);
	GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
	guint first = problems->len;
	int n = -1;

	for (guint i = 0; i < rows->len; i++) {
		const struct vox_consent_row *r = g_ptr_array_index(rows, i);
		struct vox_photo *p = vox_catalog_photo(cat, r->ref);
		gpointer line;

		g_ptr_array_add(photos, p);
		if (!p) {
			/* The catalog's message names the ref already. */
			g_ptr_array_add(problems, g_strdup_printf("'%s': line %d: %s", name, r->line,
			    vox_error_message()));
		} else if (p->audience == VOX_AUDIENCE_WITHDRAWN) {
			g_ptr_array_add(problems, g_strdup_printf("'%s': line %d: '%s': withdrawn; "
			    "its consent cannot change", name, r->line, r->ref));
		} else if (g_hash_table_lookup_extended(seen, p->sha256, NULL, &line)) {
			g_ptr_array_add(problems, g_strdup_printf("'%s': line %d: '%s': the same "
			    "photo as line %d", name, r->line, r->ref, GPOINTER_TO_INT(line)));
		} else {
			g_hash_table_insert(seen, p->sha256, GINT_TO_POINTER(r->line));
		}
	}
	if (problems->len > first)
		goto out;
	n = 0;
	for (guint i = 0; i < rows->len; i++) {
		const struct vox_consent_row *r = g_ptr_array_index(rows, i);
		const struct vox_photo *p = g_ptr_array_index(photos, i);

		if (vox_catalog_set_consent(cat, p->sha256, r->audience, r->people, -1, -1) != 0) {
			g_ptr_array_add(problems, g_strdup_printf("'%s': line %d: %s", name, r->line,
			    vox_error_message()));
			n = -1;
		} else if (n >= 0) {
			n++;
		}
	}
out:
	g_hash_table_unref(seen);
	g_ptr_array_unref(photos);
	return n;
}

int
vox_consent_sheet_apply_file(vox_catalog *cat, const char *path, GPtrArray *problems)
{
	GPtrArray *rows = vox_consent_sheet_read(path);
	int n;

	if (!rows) {
		g_ptr_array_add(problems, g_strdup(vox_error_message()));
		return -1;
	}
	n = vox_consent_sheet_apply(cat, path, rows, problems);
	g_ptr_array_unref(rows);
	return n;
}
