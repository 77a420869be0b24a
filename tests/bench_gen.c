/*
 * bench_gen.c — deterministic large captures for `make bench`.
 *
 *   bench_gen csv|msgpack ROWS [BAD_PERCENT TRUTH] > FILE
 *
 * 20 cells (4 models x 5 providers), warm log-normal TTFTs with a cold-
 * start tail on some providers, start times one second apart, 1 % failed
 * requests; the same seed always writes the same bytes.
 *
 * With BAD_PERCENT, that share of the records (drawn from a generator of
 * their own, so the good records are the same bytes as without) is
 * corrupted in one of four ways every reader must reject record by record:
 * a TTFT that is not a number, a negative TTFT, a missing TTFT (an empty
 * field; a nil), and a record of the wrong shape (a field short; not a
 * map).  TRUTH receives the number of corrupted records and where the
 * first 20 are, as ttftstat names them ("FILE:LINE", "FILE:entry N"), for
 * tests/bad_scale.sh to compare with what ttftstat reports.
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

/* a corrupted record, always of a successful request, so that it cannot
 * pass for a failed one */
static void
put_bad_csv(FILE *fp, const char *model, const char *prov, double start,
            int how)
{
	static const char *const ttft[] = {"n/a", "-5.0", ""};

	if (how == 3)
		fprintf(fp, "%s,%s,%.3f,200\n", model, prov, start);
	else
		fprintf(fp, "%s,%s,%.3f,%s,200\n", model, prov, start, ttft[how]);
}

static void
put_bad(FILE *fp, const char *model, const char *prov, double start, int how)
{
	if (how == 3) {
		fputc(0x07, fp);                /* positive fixint, not a map */
		return;
	}
	fputc(0x85, fp);
	put_str(fp, "model");
	put_str(fp, model);
	put_str(fp, "provider");
	put_str(fp, prov);
	put_str(fp, "start");
	put_f64(fp, start);
	put_str(fp, "ttft_ms");
	if (how == 0)
		put_str(fp, "n/a");
	else if (how == 1)
		put_f64(fp, -5.0);
	else
		fputc(0xc0, fp);                /* nil */
	put_str(fp, "status");
	fputc(0xcd, fp);
	fputc(0, fp);
	fputc(200, fp);
}

int
main(int argc, char **argv)
{
	static const char *const models[] = {"llama-3.1-70b", "qwen-2.5-72b",
	                                     "mistral-large", "gemma-2-27b"};
	static const char *const provs[] = {"alpha", "bravo", "charlie", "delta",
	                                    "echo"};
	static const double cold[] = {0.0, 0.08, 0.02, 0.0, 0.15};
	struct rng r, rb;
	long rows, nbad = 0;
	double bad = 0.0;
	FILE *truth = NULL;
	bool mp;

	if ((argc != 3 && argc != 5) ||
	    (strcmp(argv[1], "csv") && strcmp(argv[1], "msgpack"))) {
		fputs("usage: bench_gen csv|msgpack ROWS [BAD_PERCENT TRUTH]\n",
		      stderr);
		return 2;
	}
	mp = strcmp(argv[1], "msgpack") == 0;
	rows = atol(argv[2]);
	if (argc == 5) {
		bad = atof(argv[3]) / 100.0;
		if ((truth = fopen(argv[4], "w")) == NULL) {
			perror(argv[4]);
			return 1;
		}
	}
	rng_seed(&r, 42, "bench", 5);
	rng_seed(&rb, 42, "corrupt", 7);
	if (!mp)
		fputs("model,provider,start,ttft_ms,status\n", stdout);
	for (long i = 0; i < rows; i++) {
		int m = (int)rng_below(&r, 4), p = (int)rng_below(&r, 5);
		double start = 1772438400.0 + (double)i;
		bool failed = rng_uniform(&r) < 0.01, c = rng_uniform(&r) < cold[p];
		double ttft = c ? 9000.0 * exp(0.4 * rng_normal(&r))
		                : (300.0 + 40.0 * m) * exp(0.25 * rng_normal(&r));
		int status = failed ? 503 : 200;
		if (bad > 0.0 && rng_uniform(&rb) < bad) {
			int how = (int)rng_below(&rb, 4);

			if (nbad++ < 20)
				fprintf(truth, mp ? "entry %ld\n" : "%ld\n",
				        mp ? i + 1 : i + 2);
			if (mp)
				put_bad(stdout, models[m], provs[p], start, how);
			else
				put_bad_csv(stdout, models[m], provs[p], start, how);
			continue;
		}
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
	if (truth != NULL) {
		fprintf(truth, "rejected %ld\n", nbad);
		if (fclose(truth) != 0)
			return 1;
	}
	return ferror(stdout) ? 1 : 0;
}
