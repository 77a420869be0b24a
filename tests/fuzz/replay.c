/*
 * replay.c — run a fuzz target on files, without libFuzzer.
 *
 * Linked with one tests/fuzz/fuzz_*.c, it replays the committed corpus and
 * every past crash input in `make check` (and under ASan/UBSan in `make
 * sanitize`) with the ordinary compiler, so the regression inputs guard
 * every build, not only those made with clang.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
main(int argc, char **argv)
{
	int n = 0;

	for (int i = 1; i < argc; i++) {
		FILE *fp = fopen(argv[i], "rb");
		uint8_t *buf = NULL;
		size_t len = 0, cap = 0, got;

		if (fp == NULL) {
			perror(argv[i]);
			return 1;
		}
		do {
			if (cap - len < 4096) {
				cap = cap ? cap * 2 : 65536;
				buf = realloc(buf, cap);
				if (buf == NULL)
					return 1;
			}
			got = fread(buf + len, 1, cap - len, fp);
			len += got;
		} while (got > 0);
		fclose(fp);
		LLVMFuzzerTestOneInput(buf, len);
		free(buf);
		n++;
	}
	printf("replayed %d inputs\n", n);
	return 0;
}
