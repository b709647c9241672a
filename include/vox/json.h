#ifndef VOX_JSON_H
#define VOX_JSON_H

/* JSON text for every --json listing, catalog.json and the audit report. */

#include <glib.h>

/*
 * Appends v to s as a JSON string ("null" for NULL): quotes, backslashes and control
 * characters escaped (\n, \t, … or \u00XX), and <, > and & as \u003c, \u003e, \u0026 so
 * the text is safe inside an HTML script block too. Bytes that are not valid UTF-8 (a file
 * name from a card, say) become U+FFFD, so the output is always valid JSON.
 */
void vox_json_string(GString *s, const char *v);

#endif
