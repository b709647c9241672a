#ifndef VOX_AUDIO_H
#define VOX_AUDIO_H

/*
 * Voice stories: a photo's spoken story, scrubbed losslessly (vox/scrub.h) and stored under
 * its own SHA-256 beside the photos (vox_catalog_set_audio()), its transcript kept in the
 * caption.
 */

#include <stdint.h>

#include "vox/catalog.h"

/*
 * Reads the audio file at path (at most 64 MB), scrubs it and gives it to photo p as its
 * voice story, replacing the one it had. A file that is not audio photovox accepts (M4A,
 * MP3, Ogg Vorbis or Opus, WAV, AAC, AMR) is refused naming it. Sets *duration_ms when not
 * NULL. Returns 0 or -1 with an error.
 */
int vox_audio_add_file(vox_catalog *cat, const struct vox_photo *p, const char *path,
    const char *tool, int64_t *duration_ms);

/* How long a story lasts, as people say it: "1 min 32 s", "45 s". Newly allocated. */
char *vox_audio_length(int64_t duration_ms);

/* The media type of a stored story by its extension: "audio/mp4" for "m4a", "audio/ogg" for
 * "opus" (an Ogg file), ...; "application/octet-stream" for one it does not know. */
const char *vox_audio_media_type(const char *ext);

#endif
