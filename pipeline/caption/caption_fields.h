#ifndef VOX_CAPTION_FIELDS_H
#define VOX_CAPTION_FIELDS_H

/* What the sidecar and manifest parsers share; private to libvox. */

#include <glib.h>

#include "vox/caption.h"

/* A caption is a few kilobytes of text; a sidecar, or a sheet's cell, larger than this is
 * not one, and is refused with its photo rather than read. */
#define VOX_CAPTION_MAX (1024 * 1024)

/*
 * Stores one field of a caption given by its canonical key ("title", "themes", "consent",
 * "sensitive", or a prompt key such as "our-lives"); value is trimmed and non-empty.
 * Checks consent, people, yes/no flags and language tags. seen (may be NULL) refuses a key
 * given twice. Returns 0, or -1 with an error "'name': line N: …".
 */
int vox_caption_field_set(struct vox_caption *c, const char *name, int line, const char *key,
    const char *value, GHashTable *seen);

/* A field name in canonical form: the first len bytes of name (-1: all) in lowercase,
 * '_' written as '-'. Newly allocated. */
char *vox_caption_key(const char *name, gssize len);

/*
 * Whether key, in canonical form, names a caption field a sidecar header and a manifest
 * both take (title, alt, lang, themes, consent, people, sensitive, minor) or one of
 * prompts, the collection's prompt keys (NULL-terminated, from the catalog; NULL: none).
 * The story is not among them: a manifest has a column for it, a sidecar its body.
 */
int vox_caption_key_known(const char *key, const char *const *prompts);

/*
 * Maps a caption file (a sidecar or a sheet) for reading; NULL with an error naming path
 * when it cannot be read. The caller unrefs it; its contents may be NULL for an empty file.
 */
GMappedFile *vox_caption_map(const char *path);

/* 1 for yes/y/true/on/1, 0 for no/n/false/off/0, -1 otherwise. */
int vox_caption_flag_parse(const char *v);

/* Whether v looks like a BCP 47 language tag ("cy", "en-GB"). */
int vox_caption_lang_valid(const char *v);

#endif
