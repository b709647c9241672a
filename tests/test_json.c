/*
 * The JSON writer every --json listing, the audit report and a bag's catalog.json use:
 * commas, colons and layout come from it, never from the callers.
 */
#include <criterion/criterion.h>
#include <glib.h>

#include "vox/json.h"

/* One document with every kind of member, nested objects and arrays, empty ones too. */
static void
write_sample(struct vox_json *j)
{
	vox_json_object_begin(j);
	vox_json_key_string(j, "ref", "P07-01");
	vox_json_key_int(j, "width", 800);
	vox_json_key_bool(j, "sensitive", 0);
	vox_json_key_null(j, "alt");
	vox_json_key(j, "themes");
	vox_json_array_begin(j, VOX_JSON_INLINE);
	vox_json_item_string(j, "a");
	vox_json_item_string(j, "b");
	vox_json_array_end(j);
	vox_json_key(j, "prompts");
	vox_json_object_begin(j);
	vox_json_object_end(j);
	vox_json_key(j, "list");
	vox_json_array_begin(j, VOX_JSON_LINES);
	vox_json_object_begin(j);
	vox_json_key_string(j, "k", "<v>");
	vox_json_object_end(j);
	vox_json_object_begin(j);
	vox_json_object_end(j);
	vox_json_array_end(j);
	vox_json_key(j, "none");
	vox_json_array_begin(j, VOX_JSON_LINES);
	vox_json_array_end(j);
	vox_json_key(j, "open");
	vox_json_array_begin(j, VOX_JSON_LINES_OPEN);
	vox_json_array_end(j);
	vox_json_object_end(j);
}

/* The sample document, compact or indented. Newly allocated. */
static char *
sample(enum vox_json_style style)
{
	GString *s = g_string_new(NULL);
	struct vox_json j;

	vox_json_init(&j, s, style);
	write_sample(&j);
	return g_string_free(s, FALSE);
}

Test(json, compact_output_is_one_line_without_spaces)
{
	g_autofree char *text = sample(VOX_JSON_COMPACT);

	cr_expect_str_eq(text, "{\"ref\":\"P07-01\",\"width\":800,\"sensitive\":false,"
	    "\"alt\":null,\"themes\":[\"a\",\"b\"],\"prompts\":{},"
	    "\"list\":[{\"k\":\"\\u003cv\\u003e\"},{}],\"none\":[],\"open\":[]}");
}

Test(json, indented_output_puts_each_member_on_a_line_two_spaces_a_level)
{
	g_autofree char *text = sample(VOX_JSON_INDENTED);

	cr_expect_str_eq(text, "{\n"
	    "  \"ref\": \"P07-01\",\n"
	    "  \"width\": 800,\n"
	    "  \"sensitive\": false,\n"
	    "  \"alt\": null,\n"
	    "  \"themes\": [\"a\", \"b\"],\n"
	    "  \"prompts\": {},\n"
	    "  \"list\": [\n"
	    "    {\n"
	    "      \"k\": \"\\u003cv\\u003e\"\n"
	    "    },\n"
	    "    {}\n"
	    "  ],\n"
	    "  \"none\": [],\n"
	    "  \"open\": [\n"
	    "  ]\n"
	    "}");
}

Test(json, strings_escape_c1_controls_separators_and_bidi_overrides_but_keep_other_text)
{
	GString *s = g_string_new(NULL);

	/* U+009B (a terminal's CSI), U+0085, U+2028, U+2029, RLO U+202E, LRE U+202A, LRI
	 * U+2066, PDI U+2069; then U+00A0, RLM U+200F, U+2030 and Welsh, which stay raw. */
	vox_json_string(s, "a\xc2\x9b" "2J\xc2\x85\xe2\x80\xa8\xe2\x80\xa9"
	    "\xe2\x80\xae\xe2\x80\xaa\xe2\x81\xa6\xe2\x81\xa9"
	    "\xc2\xa0\xe2\x80\x8f\xe2\x80\xb0" "ŵ");
	cr_expect_str_eq(s->str, "\"a\\u009b2J\\u0085\\u2028\\u2029"
	    "\\u202e\\u202a\\u2066\\u2069"
	    "\xc2\xa0\xe2\x80\x8f\xe2\x80\xb0" "ŵ\"");
	/* A raw 0x9B byte is not UTF-8: it becomes U+FFFD, never the byte itself. */
	g_string_truncate(s, 0);
	vox_json_string(s, "x\x9b" "y");
	cr_expect_str_eq(s->str, "\"x\xef\xbf\xbdy\"");
	g_string_free(s, TRUE);
}
