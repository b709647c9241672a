/*
 * Caption manifests (CONTRIBUTING.md "Inputs"): a sheet of captions saved from a spreadsheet as
 * CSV (RFC 4180) or TSV, one row per photo, a header row naming the columns.
 *
 * Quoted fields may hold the delimiter, doubled quotes and line breaks; rows end in LF or
 * CRLF. Column names are case-insensitive with '-' and '_' alike ("Our-lives", "our_lives");
 * besides the fixed ones, the columns a sheet may have are the collection's prompts.
 * Values are trimmed and their line breaks written as LF.
 */
#include <string.h>

#include <glib.h>

#include "vox/caption.h"
#include "vox/error.h"
#include "vox/sheet.h"
#include "vox/suggest.h"

#include "caption_fields.h"

/* A sheet of captions for thousands of photos is a few megabytes. */
#define MANIFEST_MAX (64 * 1024 * 1024)
/* What the parsed rows may hold, whatever the sheet's shape, so that parsing stays far
 * under 200 MB: rows (each costs some hundreds of bytes besides its text), fields in one
 * row (the header names a few dozen columns at most), and text of all cells kept (as much
 * as the caption files of one ingest run). A cell is at most a caption's size
 * (VOX_CAPTION_MAX), and the sheet reader never holds more of one. */
#define MANIFEST_MAX_ROWS 20000
#define MANIFEST_MAX_FIELDS 10000
#define MANIFEST_MAX_TEXT ((size_t)32 * 1024 * 1024)

enum column {
	COL_FILE, COL_PARTICIPANT, COL_SITE, COL_SESSION,
	COL_CAPTION,            /* title, story, alt … and the prompts: stored by key */
	COL_TRANSLATION_LANG, COL_TRANSLATION,
	COL_AUDIO,              /* the voice story's file, beside the sheet */
};

static void
row_free(struct vox_manifest_row *r)
{
	if (!r)
		return;
	g_free(r->file);
	g_free(r->participant);
	g_free(r->audio);
	g_free(r->site);
	g_free(r->session);
	g_free(r->error);
	vox_caption_free(r->caption);
	g_free(r);
}

/* The value as stored: CRLF written as LF, trimmed. Newly allocated, NULL when empty. */
static char *
clean_value(const char *v)
{
	GString *s = g_string_new(NULL);

	for (const char *p = v; *p; p++)
		if (!(*p == '\r' && p[1] == '\n'))
			g_string_append_c(s, *p);
	g_strstrip(s->str);
	if (!*s->str) {
		g_string_free(s, TRUE);
		return NULL;
	}
	return g_string_free(s, FALSE);
}

static int
column_kind(const char *key, const char *const *prompts)
{
	static const struct { const char *key; enum column col; } fixed[] = {
		{ "file", COL_FILE }, { "participant", COL_PARTICIPANT }, { "site", COL_SITE },
		{ "session", COL_SESSION }, { "translation-lang", COL_TRANSLATION_LANG },
		{ "translation", COL_TRANSLATION }, { "audio", COL_AUDIO },
	};

	for (size_t i = 0; i < G_N_ELEMENTS(fixed); i++)
		if (strcmp(key, fixed[i].key) == 0)
			return (int)fixed[i].col;
	if (strcmp(key, "story") == 0 || vox_caption_key_known(key, prompts))
		return COL_CAPTION;
	return -1;
}

/*
 * Headers as people write them over a spreadsheet's columns, each with the column's
 * canonical key. They are compared in header_form(), so case, spaces and punctuation do
 * not count: "Alt text", "ALT-TEXT" and "alt_text" are one. The first of each key is the
 * one a message suggests.
 */
static const struct { const char *header, *key; } headers[] = {
	{ "file", "file" }, { "file name", "file" }, { "photo", "file" },
	{ "photo file", "file" }, { "photo file name", "file" }, { "image", "file" },
	{ "image file", "file" }, { "picture", "file" }, { "path", "file" },
	{ "participant", "participant" }, { "participant code", "participant" },
	{ "participant id", "participant" }, { "code", "participant" },
	{ "pseudonym", "participant" }, { "photographer", "participant" },
	{ "site", "site" }, { "place", "site" }, { "site name", "site" },
	{ "session", "session" }, { "workshop", "session" }, { "session name", "session" },
	{ "title", "title" }, { "photo title", "title" },
	{ "story", "story" }, { "caption", "story" }, { "story / caption", "story" },
	{ "caption / story", "story" }, { "story text", "story" }, { "their story", "story" },
	{ "alt", "alt" }, { "alt text", "alt" }, { "alternative text", "alt" },
	{ "image description", "alt" }, { "photo description", "alt" },
	{ "lang", "lang" }, { "language", "lang" }, { "caption language", "lang" },
	{ "themes", "themes" }, { "theme", "themes" }, { "topics", "themes" },
	{ "consent", "consent" }, { "consent level", "consent" }, { "audience", "consent" },
	{ "people", "people" }, { "people in photo", "people" },
	{ "people in the photo", "people" },
	{ "sensitive", "sensitive" }, { "minor", "minor" }, { "under 18", "minor" },
	{ "translation language", "translation-lang" }, { "translation lang", "translation-lang" },
	{ "translation", "translation" }, { "translated story", "translation" },
	{ "translated caption", "translation" },
	{ "audio", "audio" }, { "audio file", "audio" }, { "voice story", "audio" },
	{ "recording", "audio" }, { "voice memo", "audio" },
	{ "transcript", "transcript" }, { "story transcript", "transcript" },
};

/* A header compared as people mean it: lowercase letters and digits only. */
static char *
header_form(const char *h)
{
	char *fold = g_utf8_casefold(h, -1);
	GString *s = g_string_new(NULL);

	for (const char *p = fold; *p; p = g_utf8_next_char(p)) {
		gunichar u = g_utf8_get_char(p);

		if (g_unichar_isalnum(u))
			g_string_append_unichar(s, u);
	}
	g_free(fold);
	return g_string_free(s, FALSE);
}

/* Whether an ASCII name (a known header, a prompt key) has header form form, without
 * allocating: a sheet may have thousands of columns. */
static int
same_form(const char *form, const char *name)
{
	for (const char *p = name;; p++) {
		if (*p && !g_ascii_isalnum(*p))
			continue;
		if (g_ascii_tolower(*p) != *form)
			return 0;
		if (!*p)
			return 1;
		form++;
	}
}

/*
 * The canonical key of a header as written ("Alt text" -> "alt", "Our lives" ->
 * "our-lives"), or NULL when it names no column. Newly allocated.
 */
static char *
header_key(const char *header, const char *const *prompts)
{
	g_autofree char *want = header_form(header);

	if (!*want)
		return NULL;
	for (size_t i = 0; i < G_N_ELEMENTS(headers); i++)
		if (same_form(want, headers[i].header))
			return g_strdup(headers[i].key);
	for (size_t i = 0; prompts && prompts[i]; i++)
		if (same_form(want, prompts[i]))
			return g_strdup(prompts[i]);
	return NULL;
}

/* The known header closest to one that names no column, or NULL. Compared in
 * header_form(), so that "Alt-txet" is two edits from "alt text". */
static const char *
header_suggest(const char *header, const char *const *prompts)
{
	GPtrArray *names = g_ptr_array_new(), *forms = g_ptr_array_new_with_free_func(g_free);
	g_autofree char *want = header_form(header);
	const char *f, *best = NULL;

	/* Nothing that long is a misspelt header; and the distance costs its length squared. */
	if (strlen(want) > VOX_SUGGEST_MAX)
		goto out;
	for (size_t i = 0; i < G_N_ELEMENTS(headers); i++)
		g_ptr_array_add(names, (char *)headers[i].header);
	for (size_t i = 0; prompts && prompts[i]; i++)
		g_ptr_array_add(names, (char *)prompts[i]);
	for (guint i = 0; i < names->len; i++)
		g_ptr_array_add(forms, header_form(names->pdata[i]));
	g_ptr_array_add(forms, NULL);
	f = *want ? vox_suggest(want, (const char *const *)forms->pdata) : NULL;
	for (guint i = 0; f && i < names->len; i++)
		if (forms->pdata[i] == f)
			best = names->pdata[i];
out:
	g_ptr_array_unref(names);
	g_ptr_array_unref(forms);
	return best;
}

GPtrArray *
vox_manifest_parse(const char *name, const char *data, size_t len,
    const char *const *prompts)
{
	GPtrArray *rows = NULL, *fields = g_ptr_array_new_with_free_func(g_free);
	GPtrArray *ret = NULL, *keys = g_ptr_array_new_with_free_func(g_free);
	struct vox_sheet cur;
	int start, r, has_file = 0;
	guint file_col = 0, n_rows = 0;
	size_t text = 0;

	if (len > MANIFEST_MAX) {
		vox_error("caption", "'%s': too large for a manifest (%zu bytes)", name, len);
		goto out;
	}
	if (vox_sheet_init(&cur, name, data, len) != 0)
		goto out;
	cur.field_max = VOX_CAPTION_MAX;
	cur.fields_max = MANIFEST_MAX_FIELDS;

	/* The header row: the first record that is not empty. */
	do {
		r = vox_sheet_next(&cur, fields, &start);
	} while (r == 1 && vox_sheet_blank(fields));
	if (r < 0)
		goto out;
	if (r == 0) {
		vox_error("caption", "'%s': empty manifest (no header row)", name);
		goto out;
	}
	for (guint i = 0; i < fields->len; i++) {
		/* The column's canonical key, from the header as people write it. */
		const char *h = g_ptr_array_index(fields, i);
		char *k = header_key(h, prompts);

		if (!k && i + 1 == fields->len && i > 0 && !*g_strstrip((char *)h))
			break;  /* a trailing delimiter after the last name */
		if (!k || column_kind(k, prompts) < 0) {
			g_autofree char *known = prompts ? g_strjoinv(", ", (char **)prompts) : NULL;
			const char *near = header_suggest(h, prompts);
			g_autofree char *hint = near ? g_strdup_printf("did you mean '%s'? ", near) :
			    g_strdup("");

			vox_error("caption", "'%s': line %d: unknown column '%s' (%sknown: "
			    "file, participant, site, session, title, story, alt, lang, themes, "
			    "consent, people, sensitive, minor, transcript, audio, %s%s"
			    "translation_lang, translation)",
			    name, start, g_strstrip((char *)h), hint, known ? known : "",
			    known && *known ? ", " : "");
			g_free(k);
			goto out;
		}
		for (guint j = 0; j < keys->len; j++) {
			if (strcmp(g_ptr_array_index(keys, j), k) == 0) {
				vox_error("caption", "'%s': line %d: column '%s' given twice", name,
				    start, k);
				g_free(k);
				goto out;
			}
		}
		if (column_kind(k, prompts) == COL_FILE) {
			has_file = 1;
			file_col = keys->len;
		}
		g_ptr_array_add(keys, k);
	}
	if (!has_file) {
		vox_error("caption", "'%s': line %d: no 'file' column naming each photo", name,
		    start);
		goto out;
	}

	rows = g_ptr_array_new_with_free_func((GDestroyNotify)row_free);
	while ((r = vox_sheet_next(&cur, fields, &start)) == 1) {
		struct vox_manifest_row *row;
		char *tr_lang = NULL, *tr = NULL;
		int bad = 0;

		if (vox_sheet_blank(fields))
			continue;
		if (++n_rows > MANIFEST_MAX_ROWS) {
			vox_error("caption", "'%s': line %d: more than %d rows; split the sheet", name,
			    start, MANIFEST_MAX_ROWS);
			goto out;
		}
		row = g_new0(struct vox_manifest_row, 1);
		row->line = start;
		row->caption = vox_caption_new();
		g_ptr_array_add(rows, row);
		/* The file first: a row refused for any other cell still names the photo it
		 * refuses, which is never taken without its caption. */
		if (file_col < fields->len &&
		    strlen(g_ptr_array_index(fields, file_col)) <= VOX_CAPTION_MAX)
			row->file = clean_value(g_ptr_array_index(fields, file_col));
		for (guint i = 0; i < fields->len && !bad; i++) {
			const char *raw = g_ptr_array_index(fields, i);
			size_t n = strlen(raw);
			char *v;
			const char *k;

			if (i == file_col)
				continue;
			if (n > VOX_CAPTION_MAX && i < keys->len) {
				vox_error("caption", "'%s': line %d: '%s' too large for a caption "
				    "(over %d MB)", name, start, (char *)g_ptr_array_index(keys, i),
				    VOX_CAPTION_MAX >> 20);
				bad = 1;
				continue;
			}
			text += n;
			if (text > MANIFEST_MAX_TEXT) {
				vox_error("caption", "'%s': line %d: the sheet's captions hold more than "
				    "%zu MB by this row; give the rest in another sheet", name, start,
				    MANIFEST_MAX_TEXT >> 20);
				bad = 1;
				continue;
			}
			v = clean_value(raw);

			if (i >= keys->len) {
				if (v) {
					vox_error("caption", "'%s': line %d: %u fields, but the header "
					    "names %u columns", name, start, fields->len, keys->len);
					bad = 1;
				}
				g_free(v);
				continue;
			}
			if (!v)
				continue;
			k = g_ptr_array_index(keys, i);
			switch (column_kind(k, prompts)) {
			case COL_PARTICIPANT: row->participant = v; v = NULL; break;
			case COL_AUDIO: row->audio = v; v = NULL; break;
			case COL_SITE: row->site = v; v = NULL; break;
			case COL_SESSION: row->session = v; v = NULL; break;
			case COL_TRANSLATION_LANG: tr_lang = v; v = NULL; break;
			case COL_TRANSLATION: tr = v; v = NULL; break;
			default:
				if (strcmp(k, "story") == 0) {
					row->caption->story = v;
					v = NULL;
				} else if (vox_caption_field_set(row->caption, name, start, k, v,
				    NULL) != 0) {
					bad = 1;
				}
			}
			g_free(v);
		}
		if (!bad && !row->file) {
			vox_error("caption", "'%s': line %d: no file named in this row", name, start);
			bad = 1;
		}
		if (!bad && tr) {
			if (!tr_lang) {
				vox_error("caption", "'%s': line %d: a translation needs its language "
				    "in translation_lang", name, start);
				bad = 1;
			} else if (!vox_caption_lang_valid(tr_lang)) {
				vox_error("caption", "'%s': line %d: '%s' is not a language tag "
				    "(write e.g. en, cy, en-GB)", name, start, tr_lang);
				bad = 1;
			} else {
				row->caption->translation = vox_caption_new();
				row->caption->translation->lang = tr_lang;
				row->caption->translation->story = tr;
				tr_lang = tr = NULL;
			}
		}
		g_free(tr_lang);
		g_free(tr);
		if (bad)
			row->error = g_strdup(vox_error_message());
	}
	if (r < 0)
		goto out;
	ret = rows;
	rows = NULL;
out:
	if (rows)
		g_ptr_array_unref(rows);
	g_ptr_array_unref(fields);
	g_ptr_array_unref(keys);
	return ret;
}

GPtrArray *
vox_manifest_read(const char *path, const char *const *prompts)
{
	GMappedFile *m = vox_caption_map(path);
	GPtrArray *rows;
	const char *data;

	if (!m)
		return NULL;
	data = g_mapped_file_get_contents(m);
	rows = vox_manifest_parse(path, data ? data : "", g_mapped_file_get_length(m), prompts);
	g_mapped_file_unref(m);
	return rows;
}
