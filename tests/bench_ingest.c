/*
 * bench_ingest.c — reading alone, against what the libraries allow.
 *
 *   bench_ingest libcsv FILE     bare libcsv parse, empty callbacks
 *   bench_ingest msgpack FILE    bare msgpack-c streaming unpack
 *   bench_ingest ingest FILE [THREADS]
 *                                ttftstat's reader into the trace table
 *                                (THREADS 1: parse and map on one thread)
 *
 * Prints the seconds taken (reading in the same 256 KiB chunks).
 */
#include <csv.h>
#include <msgpack.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../ingest/ingest.h"

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static void on_field(void *s, size_t n, void *d) { (void)s; (void)n; (void)d; }
static void on_row(int c, void *d) { (void)c; (void)d; }

int
main(int argc, char **argv)
{
	double t0 = now();
	size_t chunk = INGEST_CHUNK;
	char *buf = malloc(chunk);
	FILE *fp;
	unsigned long long items = 0;

	if (argc < 3 || argc > 4 || buf == NULL ||
	    (fp = fopen(argv[2], "rb")) == NULL)
		return 2;
	if (strcmp(argv[1], "libcsv") == 0) {
		struct csv_parser p;
		size_t n;
		csv_init(&p, CSV_APPEND_NULL);
		while ((n = fread(buf, 1, chunk, fp)) > 0)
			csv_parse(&p, buf, n, on_field, on_row, NULL);
		csv_fini(&p, on_field, on_row, NULL);
		csv_free(&p);
	} else if (strcmp(argv[1], "msgpack") == 0) {
		msgpack_unpacker u;
		msgpack_unpacked res;
		size_t n;
		msgpack_unpacker_init(&u, chunk);
		msgpack_unpacked_init(&res);
		for (;;) {
			msgpack_unpacker_reserve_buffer(&u, chunk);
			n = fread(msgpack_unpacker_buffer(&u), 1, chunk, fp);
			if (n == 0)
				break;
			msgpack_unpacker_buffer_consumed(&u, n);
			while (msgpack_unpacker_next(&u, &res) == MSGPACK_UNPACK_SUCCESS)
				items++;
		}
		msgpack_unpacked_destroy(&res);
		msgpack_unpacker_destroy(&u);
	} else {
		struct trace *t = trace_new();
		struct ingest_opts o;
		struct err e = {0, ""};
		memset(&o, 0, sizeof o);
		o.threads = argc == 4 ? (unsigned)atoi(argv[3]) : 0;
		fclose(fp);
		fp = NULL;
		if (ingest_file(t, argv[2], &o, &e) != 0) {
			fprintf(stderr, "%s\n", e.msg);
			return 1;
		}
		items = t->n;
		trace_free(t);
	}
	if (fp != NULL)
		fclose(fp);
	free(buf);
	printf("%.4f %llu\n", now() - t0, items);
	return 0;
}
