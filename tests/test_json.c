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
