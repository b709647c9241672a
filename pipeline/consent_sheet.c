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
#include "vox/sheet.h"

/* Bounds on a sheet, which is untrusted and read whole: a field (a ref, an audience, a
 * people value) is at most MAX_FIELD bytes, and the reader holds no more of one; a row is
 * at most MAX_FIELDS fields (the three columns, with room for the empty ones a spreadsheet
 * leaves after them); a sheet at most MAX_ROWS rows, as a caption manifest, and
 * MAX_SHEET_BYTES, what MAX_ROWS rows of three full fields take. */
#define MAX_FIELD 256
#define MAX_FIELDS 1000
#define MAX_ROWS 20000
#define MAX_SHEET_BYTES ((size_t)16 * 1024 * 1024)

enum col { COL_REF, COL_AUDIENCE, COL_PEOPLE, N_COLS };

static void
row_free(gpointer data)
{
	struct vox_consent_row *r = data;

	g_free(r->ref);
	g_free(r);
}

/* The column a header word names, or -1: case, spaces and punctuation do not count
 * ("Photo ref", "Consent level", "People in the photo"). */
static int
column_of(const char *word)
{
	static const struct { const char *word; enum col col; } words[] = {
		{ "ref", COL_REF }, { "photo", COL_REF }, { "id", COL_REF },
		{ "photoref", COL_REF }, { "photoid", COL_REF },
		{ "audience", COL_AUDIENCE }, { "consent", COL_AUDIENCE },
		{ "consentlevel", COL_AUDIENCE },
		{ "people", COL_PEOPLE }, { "peopleinthephoto", COL_PEOPLE },
		{ "peopleinphoto", COL_PEOPLE },
	};
	GString *k = g_string_new(NULL);
	int c = -1;

	for (const char *p = word; *p; p++)
		if (g_ascii_isalnum(*p))
			g_string_append_c(k, g_ascii_tolower(*p));
	for (size_t i = 0; i < G_N_ELEMENTS(words); i++)
		if (strcmp(k->str, words[i].word) == 0)
			c = (int)words[i].col;
	g_string_free(k, TRUE);
	return c;
}

/* Trims the fields of a record; trailing empty ones (a spreadsheet's extra tabs or
 * commas) carry nothing. */
static void
trim_fields(GPtrArray *f)
{
	for (guint i = 0; i < f->len; i++)
		g_strstrip(g_ptr_array_index(f, i));
	while (f->len > 1 && *(char *)g_ptr_array_index(f, f->len - 1) == '\0')
		g_ptr_array_remove_index(f, f->len - 1);
	if (f->len == 0)
		g_ptr_array_add(f, g_strdup(""));
}

/*
 * The delimiter of a sheet not named .csv or .tsv (typed by hand, or "-"): that of its
 * first line that is neither empty nor a comment, so that a comment with a comma above
 * a tab-separated sheet does not decide.
 */
static char
sniff_delimiter(const char *p, const char *end)
{
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *stop = nl ? nl : end;
		const char *q = p;

		while (q < stop && g_ascii_isspace(*q))
			q++;
		if (q < stop && *q != '#') {
			if (memchr(p, '\t', (size_t)(stop - p)))
				return '\t';
			if (memchr(p, ',', (size_t)(stop - p)))
				return ',';
			if (memchr(p, ';', (size_t)(stop - p)))
				return ';';
			return '\t';
		}
		p = nl ? nl + 1 : end;
	}
	return '\t';
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
	GPtrArray *f = g_ptr_array_new_with_free_func(g_free);
	int map[N_COLS] = { COL_REF, COL_AUDIENCE, COL_PEOPLE };
	struct vox_sheet sheet;
	int line = 0, seen_first = 0, r;
	guint n_rows = 0;

	if (len > MAX_SHEET_BYTES) {
		vox_error("consent", "'%s': larger than a consent sheet may be (%zu MB); split it",
		    name, MAX_SHEET_BYTES >> 20);
		goto fail;
	}
	if (vox_sheet_init(&sheet, name, data, len) != 0)
		goto fail;
	sheet.field_max = MAX_FIELD;
	sheet.fields_max = MAX_FIELDS;
	if (!g_str_has_suffix(name, ".csv") && !g_str_has_suffix(name, ".CSV") &&
	    !g_str_has_suffix(name, ".tsv") && !g_str_has_suffix(name, ".TSV"))
		sheet.delim = sniff_delimiter(sheet.p, sheet.end);
	while ((r = vox_sheet_next(&sheet, f, &line)) == 1) {
		const char *first;
		int rc = 0;

		trim_fields(f);
		first = g_ptr_array_index(f, 0);
		if ((f->len == 1 && !*first) || first[0] == '#')
			continue;
		if (!seen_first && column_of(first) >= 0) {
			rc = parse_header(name, line, f, map);
		} else if (++n_rows > MAX_ROWS) {
			vox_error("consent", "'%s': line %d: more than %d rows; a consent sheet "
			    "holds at most %d (split it)", name, line, MAX_ROWS, MAX_ROWS);
			goto fail;
		} else {
			struct vox_consent_row *row = g_new0(struct vox_consent_row, 1);

			rc = parse_row(name, line, f, map, row);
			if (rc == 0)
				g_ptr_array_add(rows, row);
			else
				row_free(row);
		}
		seen_first = 1;
		if (rc < 0)
			goto fail;
	}
	if (r < 0)
		goto fail;
	g_ptr_array_unref(f);
	return rows;
fail:
	g_ptr_array_unref(f);
	g_ptr_array_unref(rows);
	return NULL;
}

GPtrArray *
vox_consent_sheet_read(const char *path)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	GString *s;
	GPtrArray *rows;
	char buf[8192];
	size_t n;
	int failed;

	if (!f) {
		vox_error_system("consent", "'%s': cannot open", path);
		return NULL;
	}
	/* Read one chunk past the bound at most, whatever the file (a pipe too): the parser
	 * refuses it by its size, and a file far larger is never read whole. */
	s = g_string_new(NULL);
	while (s->len <= MAX_SHEET_BYTES && (n = fread(buf, 1, sizeof(buf), f)) > 0)
		g_string_append_len(s, buf, (gssize)n);
	failed = ferror(f);
	if (f != stdin)
		fclose(f);
	if (failed) {
		g_string_free(s, TRUE);
		vox_error_system("consent", "'%s': cannot read", path);
		return NULL;
	}
	rows = vox_consent_sheet_parse(path, s->str, s->len);
	g_string_free(s, TRUE);
	return rows;
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
