#ifndef VOX_CAPTION_H
#define VOX_CAPTION_H

/*
 * Captions as they arrive: sidecar files beside a photo and CSV/TSV manifests
 * (CONTRIBUTING.md "Inputs"). Parsing only; the catalog stores the result.
 *
 * Every string is valid UTF-8 (the parsers refuse anything else, naming file and line),
 * newly allocated, and NULL when absent. Free a caption with vox_caption_free().
 *
 * Which prompts a caption may answer is the collection's choice: every parser takes
 * prompts, the collection's prompt keys (NULL-terminated, lowercase, as
 * vox_catalog_prompt_keys() gives them), and knows no other. Keys are matched after
 * vox_caption_key-style folding: case-insensitive, '-' and '_' alike.
 */

#include <glib.h>

/* A tri-state for flags a sidecar may or may not set. */
enum vox_flag { VOX_FLAG_UNSET = -1, VOX_FLAG_OFF = 0, VOX_FLAG_ON = 1 };

struct vox_caption {
	char *title;
	char *story;          /* the body */
	char *alt;            /* a plain description of what is visible */
	char *lang;           /* BCP 47 tag, e.g. "cy", "en" */
	GPtrArray *prompt_keys;    /* prompt keys ("see", "happening" …), lowercase */
	GPtrArray *prompt_answers; /* answers, same order and length as prompt_keys */
	GPtrArray *themes;    /* themes as written (a slug or a name, any case), in the order
	                       * given; may be empty. vox_catalog_resolve_themes() makes them
	                       * slugs. */
	char *themes_at;      /* where they were written, for messages ("'a.txt': line 3"),
	                       * or NULL */
	char *consent;        /* audience word as given ("group"), validated by the catalog */
	char *people;         /* "none", "consented", "unconsented", "unknown" as given */
	int sensitive;        /* enum vox_flag */
	int minor;            /* enum vox_flag */
	struct vox_caption *translation; /* the side-by-side version in a second language */
	char *transcript;     /* what the photo's voice story says (Transcript: / transcript) */
};

/* A new, empty caption (every pointer NULL, arrays empty, flags unset). */
struct vox_caption *vox_caption_new(void);
void vox_caption_free(struct vox_caption *c);
typedef struct vox_caption vox_caption;
G_DEFINE_AUTOPTR_CLEANUP_FUNC(vox_caption, vox_caption_free)

/* The answer to prompt key, or NULL. */
const char *vox_caption_prompt(const struct vox_caption *c, const char *key);

/* Sets (replaces) the answer to prompt key. */
void vox_caption_set_prompt(struct vox_caption *c, const char *key, const char *answer);

/*
 * Parses a sidecar: optional "Key: value" header lines (Title, Alt, Lang, Themes, Consent,
 * People, Sensitive, Minor, and one key per prompt of prompts), a blank line, then the
 * story; a file with no header lines is all story. A header key that is neither a field nor
 * one of prompts is an error. A UTF-8 BOM is skipped; CRLF is accepted. name is used in
 * messages only. Returns a new caption, or NULL with an error naming name and the line.
 */
struct vox_caption *vox_sidecar_parse(const char *name, const char *data, size_t len,
    const char *const *prompts);

/* Reads and parses a sidecar file. NULL with an error recorded on failure. */
struct vox_caption *vox_sidecar_read(const char *path, const char *const *prompts);

/* Writes a caption in sidecar form (the form vox caption --edit opens), so that
 * vox_sidecar_parse() with the same prompts gives it back. Newly allocated. */
char *vox_sidecar_format(const struct vox_caption *c, const char *const *prompts);

/*
 * The form vox caption --edit opens: the sidecar form with every field, empty ones too
 * (Title, Alt, Lang, Themes, Consent, People, Sensitive, Minor, one per prompt, and the
 * translation as Translation-lang, -title, -alt, -story and Translation-<prompt>), then an
 * empty line and the story; before fields, comment lines starting with '#' say what each
 * holds and list the valid values. questions (the prompts' questions, same order; may be
 * NULL) and themes (the collection's themes as people read them, NULL-terminated; may be
 * NULL) go into the comments. vox_caption_form_parse() with the same prompts gives c back
 * (its consent words and flags as vox_catalog_photo() gives them). Newly allocated.
 */
char *vox_caption_form(const struct vox_caption *c, const char *const *prompts,
    const char *const *questions, const char *const *themes);

/*
 * Reads an edit form back: vox_sidecar_parse() where the header always comes first, its
 * lines starting with '#' are skipped, and the Translation-… lines fill c->translation
 * (which then needs Translation-lang). NULL with an error naming name and the line.
 */
struct vox_caption *vox_caption_form_parse(const char *name, const char *data, size_t len,
    const char *const *prompts);

/* One row of a manifest. */
struct vox_manifest_row {
	int line;             /* the line the row starts on, for messages */
	char *file;           /* as written in the manifest */
	char *participant, *site, *session;
	char *audio;          /* the voice story's file, relative to the sheet's folder */
	struct vox_caption *caption; /* translation set when translation columns are filled */
	char *error;          /* a value this row got wrong ("'c.csv': line 7: consent …"),
	                       * or NULL; the other rows are good to use */
};

/*
 * Parses a manifest: CSV (RFC 4180: quoted fields with commas, quotes and newlines) or,
 * when name ends in .tsv, tab-separated. A header row names the columns as people write
 * them (case, spaces and punctuation do not count; "Alt text", "Participant code", "Story /
 * caption" are read as alt, participant, story): the fixed ones and one per prompt of
 * prompts; an unknown column is an error naming the closest known header. Returns a new array of
 * struct vox_manifest_row * (freed by the array), or NULL with an error naming name and line
 * when the sheet as a whole cannot be read (encoding, quoting, columns). A row with a bad
 * value (an unknown consent word, no file) is returned with its error set, so that only the
 * photo it names is refused.
 */
GPtrArray *vox_manifest_parse(const char *name, const char *data, size_t len,
    const char *const *prompts);
GPtrArray *vox_manifest_read(const char *path, const char *const *prompts);

#endif
