/*
 * Sidecar captions (CONTRIBUTING.md "Inputs"): IMG_1234.txt beside IMG_1234.jpg.
 *
 *	Title: The gate to the farm
 *	Lang: en
 *	Themes: feeling-welcome, new-places
 *	See: A wooden gate,
 *	 and a muddy lane behind it
 *
 *	The story, as many lines and paragraphs as it needs.
 *
 * The file is in header form when its first line is "Key: value" with a key we know (a
 * caption field or one of the collection's prompts, which the caller gives from the
 * catalog); the header then runs to the first empty line, and every line of it is either
 * "Key: value" with a key we know or a continuation of the value above, starting with a
 * space or a tab. Anything else is all story. Header values are trimmed; the story is kept exactly, less the file's final newline.
 * vox_sidecar_format() writes the same form, so parse(format(c)) gives c back.
 */
#include <string.h>

#include <glib.h>

#include "vox/caption.h"
#include "vox/consent.h"
#include "vox/error.h"

#include "caption_fields.h"

/* A caption is a few kilobytes of text; anything much larger is not a sidecar. */
#define SIDECAR_MAX VOX_CAPTION_MAX

/* Length of a "Key:" token at the start of line (not counting the colon), or 0. */
static size_t
key_length(const char *line, size_t len)
{
	size_t i = 0;

	if (len == 0 || !g_ascii_isalpha(line[0]))
		return 0;
	while (i < len && (g_ascii_isalnum(line[i]) || line[i] == '-' || line[i] == '_'))
		i++;
	if (i >= len || line[i] != ':' || i > 64)
		return 0;
	return i;
}

char *
vox_caption_key(const char *name, gssize len)
{
	char *k = g_ascii_strdown(name, len);

	for (char *p = k; *p; p++)
		if (*p == '_')
			*p = '-';
	return k;
}

int
vox_caption_key_known(const char *key, const char *const *prompts)
{
	static const char *const fields[] = {
		"title", "alt", "lang", "themes", "consent", "people", "sensitive", "minor",
		"transcript",
	};

	for (size_t i = 0; i < G_N_ELEMENTS(fields); i++)
		if (strcmp(key, fields[i]) == 0)
			return 1;
	return prompts && g_strv_contains(prompts, key);
}

static int
starts_header(const char *line, size_t len, const char *const *prompts)
{
	size_t k = key_length(line, len);
	g_autofree char *key = NULL;

	if (k == 0)
		return 0;
	key = vox_caption_key(line, (gssize)k);
	return vox_caption_key_known(key, prompts);
}

/* Parses a yes/no word: 1, 0, or -1 when it is neither. */
int
vox_caption_flag_parse(const char *v)
{
	static const char *const yes[] = { "yes", "y", "true", "on", "1" };
	static const char *const no[] = { "no", "n", "false", "off", "0" };

	for (size_t i = 0; i < G_N_ELEMENTS(yes); i++)
		if (g_ascii_strcasecmp(v, yes[i]) == 0)
			return 1;
	for (size_t i = 0; i < G_N_ELEMENTS(no); i++)
		if (g_ascii_strcasecmp(v, no[i]) == 0)
			return 0;
	return -1;
}

/* A BCP 47 language tag, loosely: "cy", "en-GB", "zh-Hant-TW". */
int
vox_caption_lang_valid(const char *v)
{
	size_t part = 0, parts = 0;

	for (const char *p = v;; p++) {
		if (*p == '-' || *p == '\0') {
			if (part == 0 || part > 8 || (parts == 0 && part > 3 && part < 5))
				return 0;
			parts++;
			part = 0;
			if (*p == '\0')
				break;
		} else if (g_ascii_isalnum(*p) && (parts > 0 || g_ascii_isalpha(*p))) {
			part++;
		} else {
			return 0;
		}
	}
	return parts <= 8;
}

int
vox_caption_field_set(struct vox_caption *c, const char *name, int line, const char *key,
    const char *value, GHashTable *seen)
{
	if (seen && g_hash_table_contains(seen, key))
		return vox_error("caption", "'%s': line %d: '%s' given twice", name, line, key);
	if (seen)
		g_hash_table_add(seen, g_strdup(key));

	if (strcmp(key, "title") == 0) {
		c->title = g_strdup(value);
	} else if (strcmp(key, "alt") == 0) {
		c->alt = g_strdup(value);
	} else if (strcmp(key, "transcript") == 0) {
		c->transcript = g_strdup(value);
	} else if (strcmp(key, "lang") == 0) {
		if (!vox_caption_lang_valid(value))
			return vox_error("caption", "'%s': line %d: '%s' is not a language tag "
			    "(write e.g. en, cy, en-GB)", name, line, value);
		c->lang = g_strdup(value);
	} else if (strcmp(key, "themes") == 0) {
		/* Themes are written as people read them ("Home and belonging"), so only
		 * commas, semicolons and line breaks separate them. */
		char **v = g_strsplit_set(value, ",;\n", -1);

		for (char **t = v; *t; t++)
			if (*g_strstrip(*t))
				g_ptr_array_add(c->themes, g_strdup(*t));
		g_strfreev(v);
		g_free(c->themes_at);
		c->themes_at = g_strdup_printf("'%s': line %d", name, line);
	} else if (strcmp(key, "consent") == 0) {
		int a = vox_audience_parse(value);

		if (a < VOX_AUDIENCE_PRIVATE)
			return vox_error("caption", "'%s': line %d: consent '%s' is not one of "
			    "private, group, report, public", name, line, value);
		c->consent = g_strdup(vox_audience_name((enum vox_audience)a));
	} else if (strcmp(key, "people") == 0) {
		int p = vox_people_parse(value);

		if (p < 0)
			return vox_error("caption", "'%s': line %d: people '%s' is not one of "
			    "none, consented, unconsented, unknown", name, line, value);
		c->people = g_strdup(vox_people_name((enum vox_people)p));
	} else if (strcmp(key, "sensitive") == 0 || strcmp(key, "minor") == 0) {
		int f = vox_caption_flag_parse(value);

		if (f < 0)
			return vox_error("caption", "'%s': line %d: %s '%s' is not yes or no",
			    name, line, key, value);
		if (key[0] == 's')
			c->sensitive = f;
		else
			c->minor = f;
	} else {
		vox_caption_set_prompt(c, key, value);
	}
	return 0;
}

/* One line of the text: start, length without the line ending. */
struct line {
	const char *p;
	size_t len;
};

/* Splits text into lines (LF or CRLF), checking each is UTF-8. */
static GArray *
split_lines(const char *name, const char *data, size_t len)
{
	GArray *lines = g_array_new(FALSE, FALSE, sizeof(struct line));
	const char *p = data, *end = data + len;
	int n = 0;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		struct line l = { p, nl ? (size_t)(nl - p) : (size_t)(end - p) };
		const char *bad;

		n++;
		/* CRLF, and stray CRs before it, end the line: no line of text ends in a CR. */
		while (l.len > 0 && l.p[l.len - 1] == '\r')
			l.len--;
		if (!g_utf8_validate(l.p, (gssize)l.len, &bad)) {
			vox_error("caption", "'%s': line %d: %s", name, n,
			    *bad == '\0' && bad < l.p + l.len ? "holds a NUL byte, not text" :
			    "not UTF-8 text (save the file as UTF-8)");
			g_array_free(lines, TRUE);
			return NULL;
		}
		g_array_append_val(lines, l);
		p = nl ? nl + 1 : end;
	}
	return lines;
}

/* The part after "translation-" of a key of the edit form's translation lines, or NULL. */
static const char *
translation_key(const char *key, const char *const *prompts)
{
	const char *sub;

	if (!g_str_has_prefix(key, "translation-"))
		return NULL;
	sub = key + strlen("translation-");
	if (strcmp(sub, "lang") == 0 || strcmp(sub, "title") == 0 || strcmp(sub, "alt") == 0 ||
	    strcmp(sub, "story") == 0 || (prompts && g_strv_contains(prompts, sub)))
		return sub;
	return NULL;
}

/* Stores one header field; in the edit form, a translation line goes to c->translation. */
static int
header_field(struct vox_caption *c, const char *name, int line, const char *key,
    const char *value, GHashTable *seen, int form, const char *const *prompts)
{
	const char *sub = form ? translation_key(key, prompts) : NULL;

	if (!sub)
		return vox_caption_field_set(c, name, line, key, value, seen);
	if (g_hash_table_contains(seen, key))
		return vox_error("caption", "'%s': line %d: '%s' given twice", name, line, key);
	g_hash_table_add(seen, g_strdup(key));
	if (!c->translation)
		c->translation = vox_caption_new();
	if (strcmp(sub, "story") == 0) {
		c->translation->story = g_strdup(value);
		return 0;
	}
	return vox_caption_field_set(c->translation, name, line, sub, value, NULL);
}

static struct vox_caption *
parse(const char *name, const char *data, size_t len, const char *const *prompts, int form)
{
	struct vox_caption *c = vox_caption_new(), *ret = NULL;
	GHashTable *seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	GString *value = NULL;
	GArray *lines = NULL;
	char *key = NULL;
	int key_line = 0;
	guint i = 0, story_from;

	if (len > SIDECAR_MAX) {
		vox_error("caption", "'%s': too large for a caption (%zu bytes)", name, len);
		goto out;
	}
	if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0) {
		data += 3;
		len -= 3;
	}
	lines = split_lines(name, data, len);
	if (!lines)
		goto out;

	story_from = 0;
	if (lines->len > 0) {
		struct line *first = &g_array_index(lines, struct line, 0);

		if (form)
			story_from = G_MAXUINT; /* the edit form always has its fields */
		else if (first->len == 0)
			story_from = 1;       /* an empty first line: no header, story follows */
		else if (starts_header(first->p, first->len, prompts))
			story_from = G_MAXUINT;
	}
	if (story_from == G_MAXUINT) {
		value = g_string_new(NULL);
		for (i = 0; i < lines->len; i++) {
			struct line *l = &g_array_index(lines, struct line, i);
			size_t k;

			if (l->len == 0)
				break;
			if (form && l->p[0] == '#')
				continue;       /* the form's comment lines */
			if (l->p[0] == ' ' || l->p[0] == '\t') {
				g_string_append_c(value, '\n');
				g_string_append_len(value, l->p + 1, (gssize)l->len - 1);
				continue;
			}
			k = key_length(l->p, l->len);
			if (k == 0) {
				vox_error("caption", "'%s': line %u: not a 'Key: value' line; leave an "
				    "empty line between the header and the story", name, i + 1);
				goto out;
			}
			if (key) {
				g_strstrip(value->str);
				if (*value->str && header_field(c, name, key_line, key, value->str,
				    seen, form, prompts) != 0)
					goto out;
				g_free(key);
			}
			key = vox_caption_key(l->p, (gssize)k);
			key_line = (int)i + 1;
			if (!vox_caption_key_known(key, prompts) &&
			    !(form && translation_key(key, prompts))) {
				/* Of the kind the catalog gives a prompt it does not have. */
				vox_error_k(VOX_ERR_NOT_FOUND, "caption", "'%s': line %d: '%s' is "
				    "neither a caption field nor a prompt of this collection (vox "
				    "prompts lists them)", name, key_line, key);
				goto out;
			}
			g_string_assign(value, "");
			g_string_append_len(value, l->p + k + 1, (gssize)(l->len - k - 1));
		}
		if (key) {
			g_strstrip(value->str);
			if (*value->str && header_field(c, name, key_line, key, value->str, seen,
			    form, prompts) != 0)
				goto out;
		}
		story_from = i + 1;
	}
	if (story_from < lines->len) {
		const char *s = g_array_index(lines, struct line, story_from).p;
		size_t n = (size_t)(data + len - s);
		GString *story = g_string_sized_new(n);

		/* Lines rejoined with LF: CRLF files give the same story as LF ones. */
		for (i = story_from; i < lines->len; i++) {
			struct line *l = &g_array_index(lines, struct line, i);

			if (i > story_from)
				g_string_append_c(story, '\n');
			g_string_append_len(story, l->p, (gssize)l->len);
		}
		/* A file ending in a newline: that newline ends the last line, it is not story. */
		if (story->len > 0)
			c->story = g_string_free(story, FALSE);
		else
			g_string_free(story, TRUE);
	}
	if (form && c->translation && !c->translation->lang) {
		vox_error("caption", "'%s': a translation needs its language in "
		    "Translation-lang", name);
		goto out;
	}
	ret = c;
	c = NULL;
out:
	vox_caption_free(c);
	g_free(key);
	if (value)
		g_string_free(value, TRUE);
	if (lines)
		g_array_free(lines, TRUE);
	g_hash_table_destroy(seen);
	return ret;
}

struct vox_caption *
vox_sidecar_parse(const char *name, const char *data, size_t len,
    const char *const *prompts)
{
	return parse(name, data, len, prompts, 0);
}

struct vox_caption *
vox_caption_form_parse(const char *name, const char *data, size_t len,
    const char *const *prompts)
{
	return parse(name, data, len, prompts, 1);
}

GMappedFile *
vox_caption_map(const char *path)
{
	GError *err = NULL;
	GMappedFile *m = g_mapped_file_new(path, FALSE, &err);

	if (!m) {
		vox_error("caption", "'%s': %s", path, err->message);
		g_error_free(err);
	}
	return m;
}

struct vox_caption *
vox_sidecar_read(const char *path, const char *const *prompts)
{
	GMappedFile *m = vox_caption_map(path);
	struct vox_caption *c;
	const char *data;

	if (!m)
		return NULL;
	data = g_mapped_file_get_contents(m);
	c = vox_sidecar_parse(path, data ? data : "", g_mapped_file_get_length(m), prompts);
	g_mapped_file_unref(m);
	return c;
}

/* Appends "Key: value\n", continuation lines starting with a tab. */
static void
put(GString *s, const char *key, const char *value)
{
	if (!value || !*value)
		return;
	g_string_append_printf(s, "%s: ", key);
	for (const char *p = value; *p; p++) {
		if (*p == '\r' && p[1] == '\n')
			continue;
		g_string_append_c(s, *p);
		if (*p == '\n')
			g_string_append_c(s, '\t');
	}
	g_string_append_c(s, '\n');
}

char *
vox_sidecar_format(const struct vox_caption *c, const char *const *prompts)
{
	GString *s = g_string_new(NULL);
	const char *story = c->story ? c->story : "";

	put(s, "Title", c->title);
	put(s, "Alt", c->alt);
	put(s, "Transcript", c->transcript);
	put(s, "Lang", c->lang);
	if (c->themes && c->themes->len > 0) {
		GString *t = g_string_new(NULL);

		for (guint i = 0; i < c->themes->len; i++)
			g_string_append_printf(t, "%s%s", i ? ", " : "",
			    (char *)g_ptr_array_index(c->themes, i));
		put(s, "Themes", t->str);
		g_string_free(t, TRUE);
	}
	put(s, "Consent", c->consent);
	put(s, "People", c->people);
	if (c->sensitive != VOX_FLAG_UNSET)
		put(s, "Sensitive", c->sensitive ? "yes" : "no");
	if (c->minor != VOX_FLAG_UNSET)
		put(s, "Minor", c->minor ? "yes" : "no");
	for (guint i = 0; c->prompt_keys && i < c->prompt_keys->len; i++) {
		char *key = g_strdup(g_ptr_array_index(c->prompt_keys, i));

		key[0] = g_ascii_toupper(key[0]);
		put(s, key, g_ptr_array_index(c->prompt_answers, i));
		g_free(key);
	}
	if (*story) {
		/* With no header, an empty line first keeps a story that starts with an empty
		 * line, a byte order mark or "Title: …" from being read back otherwise. */
		if (s->len > 0 || story[0] == '\n' || story[0] == '\r' ||
		    g_str_has_prefix(story, "\xef\xbb\xbf") ||
		    starts_header(story, strcspn(story, "\n"), prompts))
			g_string_append_c(s, '\n');
		g_string_append(s, story);
		g_string_append_c(s, '\n');
	}
	return g_string_free(s, FALSE);
}

/* "Key: value\n" as put() writes it, but also when the value is empty ("Key:\n"). */
static void
put_field(GString *s, const char *key, const char *value)
{
	if (value && *value)
		put(s, key, value);
	else
		g_string_append_printf(s, "%s:\n", key);
}

/* "# text\n", continued over lines of about 88 columns at list commas. */
static void
comment(GString *s, const char *text)
{
	size_t col = 0;

	g_string_append(s, "#");
	for (const char *p = text; *p; p++) {
		if (col == 0)
			g_string_append_c(s, ' ');
		g_string_append_c(s, *p);
		col++;
		if (*p == ',' && p[1] == ' ' && col > 80) {
			g_string_append(s, "\n#  ");
			p++;
			col = 1;
		}
	}
	g_string_append_c(s, '\n');
}

char *
vox_caption_form(const struct vox_caption *c, const char *const *prompts,
    const char *const *questions, const char *const *themes)
{
	GString *s = g_string_new(NULL);
	const struct vox_caption *t = c->translation;
	const char *story = c->story ? c->story : "";

	comment(s, "Write after each colon; a field left empty stays empty.");
	comment(s, "A value goes on over lines that start with a tab. Lines starting with # are "
	    "not read.");
	put_field(s, "Title", c->title);
	comment(s, "Alt: what is visible in the photo, for people who cannot see it (not the "
	    "story).");
	put_field(s, "Alt", c->alt);
	comment(s, "Lang: the caption's language, such as en, cy or en-GB.");
	put_field(s, "Lang", c->lang);
	if (themes && *themes) {
		GString *list = g_string_new("Themes, separated by commas: ");

		for (size_t i = 0; themes[i]; i++)
			g_string_append_printf(list, "%s%s", i ? ", " : "", themes[i]);
		g_string_append_c(list, '.');
		comment(s, list->str);
		g_string_free(list, TRUE);
	}
	{
		GString *v = g_string_new(NULL);

		for (guint i = 0; c->themes && i < c->themes->len; i++)
			g_string_append_printf(v, "%s%s", i ? ", " : "",
			    (char *)g_ptr_array_index(c->themes, i));
		put_field(s, "Themes", v->str);
		g_string_free(v, TRUE);
	}
	comment(s, "Consent: who may see the photo: private, group, report or public.");
	put_field(s, "Consent", c->consent);
	comment(s, "People in the photo: none, consented, unconsented or unknown.");
	put_field(s, "People", c->people);
	comment(s, "Sensitive, Minor: yes or no.");
	put_field(s, "Sensitive", c->sensitive == VOX_FLAG_UNSET ? NULL :
	    c->sensitive ? "yes" : "no");
	put_field(s, "Minor", c->minor == VOX_FLAG_UNSET ? NULL : c->minor ? "yes" : "no");
	for (size_t i = 0; prompts && prompts[i]; i++) {
		char *key = g_strdup(prompts[i]);

		key[0] = g_ascii_toupper(key[0]);
		if (questions && questions[i]) {
			char *q = g_strdup_printf("%s: %s", key, questions[i]);

			comment(s, q);
			g_free(q);
		}
		put_field(s, key, vox_caption_prompt(c, prompts[i]));
		g_free(key);
	}
	/* An answer to a prompt the collection no longer asks is shown too, never dropped
	 * unseen: reading it back then names it. */
	for (guint i = 0; i < c->prompt_keys->len; i++) {
		const char *k = g_ptr_array_index(c->prompt_keys, i);
		char *key;

		if (prompts && g_strv_contains(prompts, k))
			continue;
		key = g_strdup(k);
		key[0] = g_ascii_toupper(key[0]);
		put(s, key, g_ptr_array_index(c->prompt_answers, i));
		g_free(key);
	}
	comment(s, "Translation: the caption in a second language, shown beside it.");
	put_field(s, "Translation-lang", t ? t->lang : NULL);
	put_field(s, "Translation-title", t ? t->title : NULL);
	put_field(s, "Translation-alt", t ? t->alt : NULL);
	put_field(s, "Translation-story", t ? t->story : NULL);
	for (guint i = 0; t && i < t->prompt_keys->len; i++) {
		const char *a = g_ptr_array_index(t->prompt_answers, i);
		char *key;

		if (!a || !*a)
			continue;
		key = g_strdup_printf("Translation-%s",
		    (const char *)g_ptr_array_index(t->prompt_keys, i));
		put_field(s, key, a);
		g_free(key);
	}
	comment(s, "The story goes below the empty line.");
	g_string_append_c(s, '\n');
	if (*story) {
		g_string_append(s, story);
		g_string_append_c(s, '\n');
	}
	return g_string_free(s, FALSE);
}
