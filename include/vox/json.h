#ifndef VOX_JSON_H
#define VOX_JSON_H

/* JSON text for every --json listing, catalog.json and the audit report. */

#include <stdint.h>

#include <glib.h>

/*
 * Appends v to s as a JSON string ("null" for NULL): quotes, backslashes and control
 * characters escaped (\n, \t, … or \u00XX), and <, > and & as \u003c, \u003e, \u0026 so
 * the text is safe inside an HTML script block too. DEL, the C1 controls (U+0080-U+009F),
 * U+2028, U+2029 and the bidi embeddings, overrides and isolates (U+202A-U+202E,
 * U+2066-U+2069) are written as \uXXXX too, so that JSON on a terminal cannot rewrite the
 * screen or reverse a name. Bytes that are not valid UTF-8 (a file name from a card, say)
 * become U+FFFD, so the output is always valid JSON.
 */
void vox_json_string(GString *s, const char *v);

/*
 * The one way JSON objects and arrays are written, so that no caller puts braces, commas
 * and colons together by hand. Compact ({"a":1,"b":[1,2]}, one JSON Lines record) or
 * indented two spaces a level, each member on a line of its own ({"a": 1, …} as in a bag's
 * catalog.json). Nested at most VOX_JSON_DEPTH deep.
 *
 *	struct vox_json j;
 *
 *	vox_json_init(&j, s, VOX_JSON_COMPACT);
 *	vox_json_object_begin(&j);
 *	vox_json_key_string(&j, "ref", p->ref);
 *	vox_json_key(&j, "themes");
 *	vox_json_array_begin(&j, VOX_JSON_INLINE);
 *	vox_json_item_string(&j, "food-and-growing");
 *	vox_json_array_end(&j);
 *	vox_json_object_end(&j);
 */
#define VOX_JSON_DEPTH 16

enum vox_json_style {
	VOX_JSON_COMPACT = 0, /* {"a":1,"b":[1,2]}: one JSON Lines record */
	VOX_JSON_INDENTED,    /* two spaces a level, each member on a line of its own */
};

/* How an indented array is laid out (compact output has no layout). */
enum vox_json_layout {
	VOX_JSON_LINES,      /* each item on a line of its own; "[]" when empty */
	VOX_JSON_LINES_OPEN, /* likewise, but "]" on a line of its own even when empty */
	VOX_JSON_INLINE,     /* items on one line: ["a", "b"] */
};

struct vox_json {
	GString *s;           /* appended to; not owned */
	enum vox_json_style style;
	int depth;
	int after_key;        /* a key was written; its value comes next */
	unsigned char items[VOX_JSON_DEPTH];  /* something written at this level */
	unsigned char layout[VOX_JSON_DEPTH]; /* enum vox_json_layout of this level */
};

/* Starts writing JSON at the end of s in style. */
void vox_json_init(struct vox_json *j, GString *s, enum vox_json_style style);

void vox_json_object_begin(struct vox_json *j);
void vox_json_object_end(struct vox_json *j);
void vox_json_array_begin(struct vox_json *j, enum vox_json_layout layout);
void vox_json_array_end(struct vox_json *j);

/* A member's key; its value (a scalar, an object or an array) is written next. */
void vox_json_key(struct vox_json *j, const char *key);

/* Members with their values: a string (null for NULL), a number, true or false, null. */
void vox_json_key_string(struct vox_json *j, const char *key, const char *v);
void vox_json_key_int(struct vox_json *j, const char *key, int64_t v);
void vox_json_key_bool(struct vox_json *j, const char *key, int v);
void vox_json_key_null(struct vox_json *j, const char *key);

/* A member whose value is an array of the strings in a (char *), on one line. */
void vox_json_key_strings(struct vox_json *j, const char *key, GPtrArray *a);

/* A member whose value is an object of string members: names[i] is values[i] (char *). */
void vox_json_key_object(struct vox_json *j, const char *key, GPtrArray *names,
    GPtrArray *values);

/* An item of an array, or a value after vox_json_key(): a string (null for NULL), null. */
void vox_json_item_string(struct vox_json *j, const char *v);
void vox_json_item_null(struct vox_json *j);

#endif
