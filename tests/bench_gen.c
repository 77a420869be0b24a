/*
 * bench_gen.c — deterministic large captures for `make bench`.
 *
 *   bench_gen csv|msgpack ROWS > FILE
 *
 * 20 cells (4 models x 5 providers), warm log-normal TTFTs with a cold-
 * start tail on some providers, start times one second apart, 1 % failed
 * requests; the same seed always writes the same bytes.
 */
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../analyze/rng.h"

static void
put_str(FILE *fp, const char *s)
{
	size_t n = strlen(s);

	fputc(0xa0 | (int)n, fp);               /* fixstr: n < 32 */
	fwrite(s, 1, n, fp);
}

static void
put_f64(FILE *fp, double v)
{
	unsigned char b[9];
	uint64_t u;

	memcpy(&u, &v, 8);
	b[0] = 0xcb;
	for (int i = 0; i < 8; i++)
		b[1 + i] = (unsigned char)(u >> (56 - 8 * i));
	fwrite(b, 1, 9, fp);
}

int
main(int argc, char **argv)
{
	static const char *const models[] = {"llama-3.1-70b", "qwen-2.5-72b",
	                                     "mistral-large", "gemma-2-27b"};
	static const char *const provs[] = {"alpha", "bravo", "charlie", "delta",
	                                    "echo"};
	static const double cold[] = {0.0, 0.08, 0.02, 0.0, 0.15};
	struct rng r;
	long rows;
	bool mp;

	if (argc != 3 || (strcmp(argv[1], "csv") && strcmp(argv[1], "msgpack"))) {
		fputs("usage: bench_gen csv|msgpack ROWS\n", stderr);
		return 2;
	}
	mp = strcmp(argv[1], "msgpack") == 0;
	rows = atol(argv[2]);
	rng_seed(&r, 42, "bench", 5);
	if (!mp)
		fputs("model,provider,start,ttft_ms,status\n", stdout);
	for (long i = 0; i < rows; i++) {
		int m = (int)rng_below(&r, 4), p = (int)rng_below(&r, 5);
		double start = 1772438400.0 + (double)i;
		bool failed = rng_uniform(&r) < 0.01, c = rng_uniform(&r) < cold[p];
		double ttft = c ? 9000.0 * exp(0.4 * rng_normal(&r))
		                : (300.0 + 40.0 * m) * exp(0.25 * rng_normal(&r));
		int status = failed ? 503 : 200;
		if (mp) {
			fputc(0x85, stdout);    /* fixmap of 5 */
			put_str(stdout, "model");
			put_str(stdout, models[m]);
			put_str(stdout, "provider");
			put_str(stdout, provs[p]);
			put_str(stdout, "start");
			put_f64(stdout, start);
			put_str(stdout, "ttft_ms");
			put_f64(stdout, ttft);
			put_str(stdout, "status");
			fputc(0xcd, stdout);    /* uint16 */
			fputc(status >> 8, stdout);
			fputc(status & 0xff, stdout);
		} else {
			printf("%s,%s,%.3f,%.1f,%d\n", models[m], provs[p], start, ttft,
			       status);
		}
	}
	return ferror(stdout) ? 1 : 0;
}
