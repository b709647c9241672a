/*
 * Parsing a bag's tag files: manifests ("checksum path" lines) and bagit.txt / bag-info.txt
 * ("Label: value" lines), as text from a bag that came from elsewhere.
 */
#include <string.h>

#include <glib.h>

#include "vox/bag.h"
#include "vox/error.h"
#include "bag_int.h"

/* Splits text into lines at LF, CRLF or CR. */
static GPtrArray *
split_lines(const char *text, size_t len)
{
	GPtrArray *lines = g_ptr_array_new_with_free_func(g_free);
	size_t start = 0;

	for (size_t i = 0; i < len; i++) {
		if (text[i] == '\n' || text[i] == '\r') {
			g_ptr_array_add(lines, g_strndup(text + start, i - start));
			if (text[i] == '\r' && i + 1 < len && text[i + 1] == '\n')
				i++;
			start = i + 1;
		}
	}
	if (start < len)
		g_ptr_array_add(lines, g_strndup(text + start, len - start));
	return lines;
}

static char *
percent_decode(const char *s)
{
	GString *o = g_string_new(NULL);

	for (const char *c = s; *c; c++) {
		if (c[0] == '%' && c[1] && c[2]) {
			if (g_ascii_strncasecmp(c + 1, "0A", 2) == 0) {
				g_string_append_c(o, '\n');
				c += 2;
				continue;
			}
			if (g_ascii_strncasecmp(c + 1, "0D", 2) == 0) {
				g_string_append_c(o, '\r');
				c += 2;
				continue;
			}
			if (strncmp(c + 1, "25", 2) == 0) {
				g_string_append_c(o, '%');
				c += 2;
				continue;
			}
		}
		g_string_append_c(o, *c);
	}
	return g_string_free(o, FALSE);
}

GHashTable *
vox_bag_parse_manifest(const char *name, const char *text, size_t len,
    enum vox_manifest_kind kind)
{
	GHashTable *t = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	GPtrArray *lines = NULL;

	if (memchr(text, '\0', len) || !g_utf8_validate(text, (gssize)len, NULL)) {
		vox_error("bag", "'%s': not UTF-8 text", name);
		goto fail;
	}
	lines = split_lines(text, len);
	for (guint i = 0; i < lines->len; i++) {
		char *line = g_ptr_array_index(lines, i);
		char *sp, *path, *sum;

		if (!*line)
			continue;
		sp = line + strcspn(line, " \t");
		if (!*sp || sp == line) {
			vox_error("bag", "'%s': line %u: not \"checksum path\"", name, i + 1);
			goto fail;
		}
		sum = g_ascii_strdown(line, sp - line);
		while (*sp == ' ' || *sp == '\t')
			sp++;
		for (const char *c = sum; *c; c++) {
			if (!g_ascii_isxdigit(*c)) {
				vox_error("bag", "'%s': line %u: checksum is not hexadecimal", name,
				    i + 1);
				g_free(sum);
				goto fail;
			}
		}
		path = percent_decode(sp);
		/* Some writers prefix "./"; it names the same file. */
		if (g_str_has_prefix(path, "./"))
			memmove(path, path + 2, strlen(path + 2) + 1);
		if (*path == '/' || !g_utf8_validate(path, -1, NULL) ||
		    (!bag_path_shape_ok(path) && !strpbrk(path, "\r\n")) ||
		    (kind == VOX_PAYLOAD_MANIFEST && !g_str_has_prefix(path, "data/"))) {
			vox_error("bag", "'%s': line %u: unusable path", name, i + 1);
			g_free(sum);
			g_free(path);
			goto fail;
		}
		if (g_hash_table_contains(t, path)) {
			vox_error("bag", "'%s': line %u: '%s' listed twice", name, i + 1, path);
			g_free(sum);
			g_free(path);
			goto fail;
		}
		g_hash_table_insert(t, path, sum);
	}
	g_ptr_array_unref(lines);
	return t;
fail:
	if (lines)
		g_ptr_array_unref(lines);
	g_hash_table_destroy(t);
	return NULL;
}

GPtrArray *
vox_bag_parse_info(const char *name, const char *text, size_t len)
{
	GPtrArray *out = g_ptr_array_new_with_free_func(g_free);
	GPtrArray *lines = NULL;

	if (memchr(text, '\0', len) || !g_utf8_validate(text, (gssize)len, NULL)) {
		vox_error("bag", "'%s': not UTF-8 text", name);
		goto fail;
	}
	lines = split_lines(text, len);
	for (guint i = 0; i < lines->len; i++) {
		const char *line = g_ptr_array_index(lines, i);
		const char *colon;

		if (!*line)
			continue;
		if (*line == ' ' || *line == '\t') {
			char *prev, *joined, *part;

			if (out->len == 0) {
				vox_error("bag", "'%s': line %u: continuation without a label", name,
				    i + 1);
				goto fail;
			}
			prev = g_ptr_array_index(out, out->len - 1);
			part = g_strstrip(g_strdup(line));
			joined = g_strconcat(prev, " ", part, NULL);
			g_free(part);
			g_free(prev);
			out->pdata[out->len - 1] = joined;
			continue;
		}
		colon = strchr(line, ':');
		if (!colon || colon == line) {
			vox_error("bag", "'%s': line %u: not \"Label: value\"", name, i + 1);
			goto fail;
		}
		g_ptr_array_add(out, g_strstrip(g_strndup(line, (gsize)(colon - line))));
		g_ptr_array_add(out, g_strstrip(g_strdup(colon + 1)));
	}
	g_ptr_array_unref(lines);
	return out;
fail:
	if (lines)
		g_ptr_array_unref(lines);
	g_ptr_array_unref(out);
	return NULL;
}
