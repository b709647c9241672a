/*
 * gen-photos DIR FIRST LAST [WIDTH HEIGHT] — writes DIR/photo-NNNNN.jpg for NNNNN from
 * FIRST to LAST: baseline JPEGs (quality 88, 4:2:0) of WIDTH x HEIGHT (1000 x 750 by
 * default), each different from every other in its pixels (a gradient, blocks and noise
 * drawn from the photo's number), detailed enough to cost what a photo costs to decode and
 * encode. Fast (TurboJPEG), so that tests/bench/bench-scale.sh can make 10,000 of them.
 */
#include <stdio.h>
#include <stdlib.h>

#include <turbojpeg.h>

static unsigned long long state;

static unsigned
next(void)
{
	state ^= state << 13;
	state ^= state >> 7;
	state ^= state << 17;
	return (unsigned)(state >> 11);
}

static unsigned char
clamp(int v)
{
	return (unsigned char)(v < 0 ? 0 : v > 255 ? 255 : v);
}

int
main(int argc, char **argv)
{
	long first, last;
	int w = 1000, h = 750;
	unsigned char *px;
	tjhandle tj;

	if (argc != 4 && argc != 6) {
		fprintf(stderr, "usage: gen-photos DIR FIRST LAST [WIDTH HEIGHT]\n");
		return 2;
	}
	first = atol(argv[2]);
	last = atol(argv[3]);
	if (argc == 6) {
		w = atoi(argv[4]);
		h = atoi(argv[5]);
	}
	if (first < 1 || last < first || w < 16 || h < 16 || w > 8000 || h > 8000) {
		fprintf(stderr, "gen-photos: bad arguments\n");
		return 2;
	}
	px = malloc((size_t)w * h * 3);
	tj = tjInitCompress();
	if (!px || !tj)
		return 1;
	for (long n = first; n <= last; n++) {
		unsigned char *jpeg = NULL;
		unsigned long len = 0;
		char path[4096];
		FILE *f;
		int base[3], bx, by, bw, bh, bc[3];

		state = 0x9E3779B97F4A7C15ull ^ (unsigned long long)n * 0x100000001B3ull;
		for (int c = 0; c < 3; c++) {
			base[c] = 40 + (int)(next() % 140);
			bc[c] = (int)(next() % 256);
		}
		bw = w / 8 + (int)(next() % (unsigned)(w / 3));
		bh = h / 8 + (int)(next() % (unsigned)(h / 3));
		bx = (int)(next() % (unsigned)(w - bw));
		by = (int)(next() % (unsigned)(h - bh));
		for (int y = 0; y < h; y++) {
			unsigned char *row = px + (size_t)y * w * 3;

			for (int x = 0; x < w; x++) {
				int in = x >= bx && x < bx + bw && y >= by && y < by + bh;
				unsigned r = next();

				for (int c = 0; c < 3; c++) {
					int g = (x * (c + 1) + y * (3 - c)) * 60 / (w + h);
					int v = in ? bc[c] : base[c] + g;

					row[x * 3 + c] = clamp(v + (int)((r >> (c * 8)) & 31) - 16);
				}
			}
		}
		if (tjCompress2(tj, px, w, 0, h, TJPF_RGB, &jpeg, &len, TJSAMP_420, 88, 0) != 0) {
			fprintf(stderr, "gen-photos: %s\n", tjGetErrorStr2(tj));
			return 1;
		}
		snprintf(path, sizeof(path), "%s/photo-%05ld.jpg", argv[1], n);
		f = fopen(path, "wb");
		if (!f || fwrite(jpeg, 1, len, f) != len || fclose(f) != 0) {
			perror(path);
			return 1;
		}
		tjFree(jpeg);
	}
	tjDestroy(tj);
	free(px);
	return 0;
}
